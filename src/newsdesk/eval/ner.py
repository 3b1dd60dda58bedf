"""`newsdesk eval ner FILE`: named entities scored on exact (start, end, label) spans.

The text of each gold item goes through the very steps a user's ingest runs (`nlp` then `entities`),
untouched: no title derivation, no cleaning, so every predicted offset is an offset into the gold text.
Metrics: micro precision / recall / F1 over every label, per-label F1, and `f1_per_org_loc` (persons,
organisations and locations only). CoNLL-style gold (labels PER/ORG/LOC/MISC) is scored after mapping
spaCy's labels onto CoNLL's: PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC, NORP/EVENT/WORK_OF_ART/LAW/
LANGUAGE/PRODUCT→MISC, the rest dropped. OntoNotes-style gold is scored on spaCy's own 18 labels, and
its `f1_per_org_loc` maps both sides the CoNLL way first.

Possessives and determiners: the pipeline keeps a possessive or a leading "the" where the model
(trained on OntoNotes) read one into a name ("Clinton 's", "the Bank of Canada", as OntoNotes
annotates them at times) and names the entity without it. CoNLL never puts either inside a name, so
under the CoNLL scheme a predicted span is scored without a leading "the" and without a possessive at
its end (`conll_bounds`), the way the labels are mapped: the annotation convention. CoNLL keeps a
hyphenated word whole, so a name run into one ("Ontario-based") is scored as that word, a MISC. (Scored as
predicted instead, CoNLL dev F1 is 0.815 rather than 0.839; OntoNotes-style gold is scored as predicted.)

The bare model (spaCy's own entities, every entity pass switched off) or the pipeline without some
passes: `python -m newsdesk.eval.ner FILE --without all` (or `--without sports,caps`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from newsdesk.entities import PASS_NAMES
from newsdesk.eval.base import EvalResult, prf, read_jsonl
from newsdesk.lexicon.names import without_possessive
from newsdesk.model import Article
from newsdesk.pipeline import build_pipeline

CONLL_LABELS = {"PER", "ORG", "LOC", "MISC"}
TO_CONLL = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC", "EVENT": "MISC",
    "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC", "PRODUCT": "MISC",
    # gold already in CoNLL labels maps to itself
    "PER": "PER", "MISC": "MISC",
}
PER_ORG_LOC = {"PER", "ORG", "LOC"}


def gold_articles(items: Iterable[dict[str, Any]]) -> Iterator[Article]:
    """One Article per gold item: the item's text exactly as given, in English."""
    for item in items:
        yield Article(id=str(item["id"]), text=item["text"], language="en")


def run_steps(articles: Iterable[Article], names: list[str],
              options: dict[str, dict[str, Any]] | None = None) -> Iterator[Article]:
    """Run the named pipeline steps as ingest builds them, but keep `scratch` (the eval reads it)."""
    stream: Iterable[Article] = articles
    for step in build_pipeline(names, options).steps:
        stream = step.run(stream)
    yield from stream


def predicted_spans(article: Article) -> list[tuple[int, int, str]]:
    """Every entity span the pipeline found: the named mentions, dates, numbers and the like, and the
    credits (outlets and reporters: recognised, though not entities of the story)."""
    spans = {(m.start, m.end, m.label) for m in article.mentions}
    spans.update((s, e, lab) for s, e, lab in article.scratch.get("values", ()))
    spans.update((s, e, lab) for s, e, lab in article.scratch.get("credits", ()))  # outlets, bylines
    return sorted(spans)


def conll_span(text: str, start: int, end: int) -> int:
    """The end of a predicted span under CoNLL's convention: without a possessive after the name."""
    return start + len(without_possessive(text[start:end]))


def conll_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """A predicted span under CoNLL's convention: no leading determiner ("the Bank of Canada" is
    "Bank of Canada"), no possessive after the name."""
    head = text[start:start + 4]
    # a capital "The" inside a sentence is the name's own ("The Hague"); at a sentence's start it
    # is only capitalised
    opening = not text[:start].rstrip(" \"'“‘(") or text[:start].rstrip(" \"'“‘(")[-1] in ".!?:\n"
    if end - start > 4 and (head == "the " or head == "The " and opening) and text[start + 4:start + 5].strip():
        start += 4
    return start, conll_span(text, start, end)


# a name run into a lower-case word by a hyphen ("Ontario-based", "Surinamese-born")
_COMPOUND_TAIL = re.compile(r"-[a-z]+(?:-[a-z]+)*(?![\w-])")


def conll_entity(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    """A predicted entity under CoNLL's convention (`conll_bounds`); CoNLL keeps a hyphenated word
    whole, so a name inside one ("Ontario-based") is the whole word, a MISC."""
    start, end = conll_bounds(text, start, end)
    m = _COMPOUND_TAIL.match(text, end)
    if m:
        return start, m.end(), "MISC"
    return start, end, label


def parsed(items: list[dict[str, Any]]) -> list[Article]:
    """The gold texts through the `nlp` step once (the ablation re-runs only `entities` over them)."""
    return list(run_steps(gold_articles(items), ["nlp"]))


def is_conll(items: list[dict[str, Any]]) -> bool:
    """Gold labelled in CoNLL's four labels (else OntoNotes' 18)."""
    labels_in_gold = {g["label"] for it in items for g in it.get("entities", [])}
    return bool(labels_in_gold) and labels_in_gold <= CONLL_LABELS


def score(items: list[dict[str, Any]], articles: Iterable[Article], conll: bool,
          out: IO[str] | None = None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The per-label table and the metrics of these annotated articles against their gold items."""
    tp: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    pol = [0, 0, 0]  # tp, predicted, gold over PER/ORG/LOC
    for item, article in zip(items, articles, strict=True):
        spans = predicted_spans(article)
        if out:
            out.write(json.dumps({"id": item["id"], "entities": [
                {"start": s, "end": e, "label": lab} for s, e, lab in spans]}) + "\n")
        if conll:
            pred = {conll_entity(item["text"], s, e, TO_CONLL[lab]) for s, e, lab in spans if lab in TO_CONLL}
        else:
            pred = set(spans)
        gold = {(g["start"], g["end"], g["label"]) for g in item.get("entities", [])}
        for p in pred:
            n_pred[p[2]] += 1
        for g in gold:
            n_gold[g[2]] += 1
        for hit in pred & gold:
            tp[hit[2]] += 1
        # persons, organisations, locations: both sides mapped to CoNLL labels
        p3 = {(s, e, TO_CONLL[lab]) for s, e, lab in pred if TO_CONLL.get(lab) in PER_ORG_LOC}
        g3 = {(s, e, TO_CONLL[lab]) for s, e, lab in gold if TO_CONLL.get(lab) in PER_ORG_LOC}
        pol[0] += len(p3 & g3)
        pol[1] += len(p3)
        pol[2] += len(g3)
    table = []
    for lab in sorted(set(n_gold) | set(n_pred)):
        p, r, f = prf(tp[lab], n_pred[lab], n_gold[lab])
        table.append({"label": lab, "gold": n_gold[lab], "predicted": n_pred[lab], "correct": tp[lab],
                      "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)})
    p, r, f = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    table.append({"label": "ALL", "gold": sum(n_gold.values()), "predicted": sum(n_pred.values()),
                  "correct": sum(tp.values()), "precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)})
    metrics: dict[str, Any] = {
        "task": "ner", "scheme": "conll" if conll else "ontonotes",
        "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
        "f1_per_org_loc": round(prf(*pol)[2], 4),
        "per_label": {row["label"]: row["f1"] for row in table if row["label"] != "ALL"},
        "n": len(items),
    }
    return table, metrics


def evaluate(path: str, predictions: str | None = None, limit: int | None = None,
             without: frozenset[str] = frozenset(), half: str | None = None) -> EvalResult:
    """Score the `nlp` + `entities` steps on a gold file; `without` names entity passes to switch off;
    `half` ("even" or "odd") keeps every other item (develop on one half, check on the other)."""
    items = list(read_jsonl(path, limit))
    if half:
        items = items[("even", "odd").index(half)::2]
    started = time.perf_counter()
    out = open(predictions, "w", encoding="utf-8") if predictions else None
    try:
        annotated = run_steps(gold_articles(items), ["nlp", "entities"], {"entities": {"disabled": without}})
        table, metrics = score(items, annotated, is_conll(items), out)
    finally:
        if out:
            out.close()
    metrics = {"task": "ner", "file": Path(path).name, **metrics, "seconds": round(time.perf_counter() - started, 2)}
    if without:
        metrics["without"] = sorted(without)
    if half:
        metrics["half"] = half
    return EvalResult(metrics=metrics, table=table,
                      columns=["label", "gold", "predicted", "correct", "precision", "recall", "f1"])


def main(argv: list[str]) -> None:
    """`python -m newsdesk.eval.ner FILE [--without all|PASS,...] [--limit N]`: the per-label table
    and the metrics line, as `newsdesk eval ner` prints them."""
    ap = argparse.ArgumentParser(prog="python -m newsdesk.eval.ner")
    ap.add_argument("file")
    ap.add_argument("--without", default="", help="entity passes to switch off: 'all' (the bare model) or names")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--half", choices=("even", "odd"), default=None, help="every other item only")
    args = ap.parse_args(argv)
    names = set(PASS_NAMES) if args.without == "all" else {n for n in args.without.split(",") if n}
    result = evaluate(args.file, limit=args.limit, without=frozenset(names), half=args.half)
    for row in result.table:
        sys.stdout.write("\t".join(str(row[c]) for c in result.columns or []) + "\n")
    sys.stdout.write(json.dumps(result.metrics) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
