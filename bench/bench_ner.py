"""NER ablation: what each entity pass adds, type by type, on every development NER set (issue 14:
a pass that hurts a type anywhere is gated or removed).

Each gold file in ../shared/eval/ner goes through the `nlp` step once; the `entities` step then runs
over those parses with every pass (full), with none (the bare model), and with each pass switched
off in turn. For each pass and type the table gives full minus full-without-the-pass: positive, the
pass helps that type; negative, it hurts it. A second table gives each type's F1, bare and full.
Scored by `newsdesk.eval.ner.score` (exact spans; CoNLL labels mapped as the eval maps them).

    python bench/bench_ner.py [--sets conll2003-dev,ontonotes5-bn] [--half even|odd]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import SHARED, load_jsonl, md_table, write_results  # noqa: E402

NER = SHARED / "eval" / "ner"


def scores(items: list[dict[str, Any]], articles: list[Any], disabled: frozenset[str], conll: bool) -> dict[str, float]:
    from newsdesk.eval.ner import score
    from newsdesk.pipeline.entities import Entities

    annotated = list(Entities(disabled=disabled).run(articles))
    table, metrics = score(items, annotated, conll)
    return {**{row["label"]: row["f1"] for row in table}, "ALL": metrics["f1"]}


def main(argv: list[str]) -> None:
    from newsdesk.entities import PASS_NAMES
    from newsdesk.eval.ner import is_conll, parsed

    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", default="", help="file stems (default: every file in shared/eval/ner)")
    ap.add_argument("--half", choices=("even", "odd"), default=None)
    args = ap.parse_args(argv)
    paths = sorted(NER.glob("*.jsonl"))
    if args.sets:
        paths = [p for p in paths if p.stem in args.sets.split(",")]
    result: dict[str, Any] = {"sets": {}, "half": args.half}
    md = ["# NER ablation per pass per type", "",
          "Cell = F1 with every pass minus F1 with every pass but this one (negative: the pass hurts "
          "that type on that set). `python bench/bench_ner.py`", ""]
    hurts: list[str] = []
    for path in paths:
        items = load_jsonl(path)
        if args.half:
            items = items[("even", "odd").index(args.half)::2]
        conll = is_conll(items)
        articles = parsed(items)
        full = scores(items, articles, frozenset(), conll)
        bare = scores(items, articles, frozenset(PASS_NAMES), conll)
        without = {name: scores(items, articles, frozenset({name}), conll) for name in PASS_NAMES}
        labels = [lab for lab in sorted(full) if lab != "ALL"] + ["ALL"]
        result["sets"][path.stem] = {"full": full, "bare": bare, "without": without}
        md += [f"## {path.stem}", "", "F1 per type, bare model and every pass:", ""]
        md.append(md_table([{"type": lab, "bare": bare.get(lab, 0.0), "full": full.get(lab, 0.0),
                             "full - bare": round(full.get(lab, 0.0) - bare.get(lab, 0.0), 3)} for lab in labels],
                           ["type", "bare", "full", "full - bare"]))
        md += ["", "Per pass (full - without the pass):", ""]
        rows = []
        for name in PASS_NAMES:
            row: dict[str, Any] = {"pass": name}
            for lab in labels:
                delta = round(full.get(lab, 0.0) - without[name].get(lab, 0.0), 3)
                row[lab] = delta if delta else ""
                if delta < 0 and lab != "ALL":
                    hurts.append(f"{path.stem}: {name} hurts {lab} by {-delta}")
            rows.append(row)
        md.append(md_table(rows, ["pass", *labels]))
        md.append("")
        below = [lab for lab in labels if full.get(lab, 0.0) < bare.get(lab, 0.0)]
        md.append(f"Types below the bare model: {', '.join(below) or 'none'}")
        md.append("")
    result["hurts"] = hurts
    md += ["## Passes that hurt a type", "", *(f"- {h}" for h in hurts or ["none"]), ""]
    name = "ner" if not args.half else f"ner-{args.half}"
    write_results(name, result, "\n".join(md))


if __name__ == "__main__":
    main(sys.argv[1:])
