"""English ingest speed with and without the multilingual step (issue 16: it must cost ~nothing on
English articles, at most 5%).

On the same real English articles (BBC news), in one process, models loaded before any timing:
  1. the full pipeline over the articles, with every step, and with the `multilingual` step left
     out (seconds, best of `--rounds`, the two interleaved so load on the shared machine hits both);
  2. the multilingual step alone over the articles the other steps have enriched;
  3. with `--ingest`, the same through `Desk.ingest_records` (pipeline and linking into a fresh SQLite
     desk, one worker).
Run it with PYTHONPATH pointing at an older tree (`--label before`) to compare against the code
before the multilingual work: a tree without the step times the full pipeline twice.

    python bench/bench_languages.py [--articles 200] [--rounds 3] [--ingest] [--label now]
"""

from __future__ import annotations

import argparse
import gc
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BBC, load_jsonl, md_table, write_results  # noqa: E402

TARGET_SLOWDOWN = 0.05


def articles(n: int) -> list[dict]:
    items = load_jsonl(BBC)
    step = max(1, len(items) // n)
    return [{"id": it["id"], "title": it.get("title", ""), "text": it["text"]} for it in items[::step][:n]]


def pipelines() -> dict[str, list[str]]:
    from newsdesk.pipeline import FULL

    return {"full": list(FULL), "without multilingual": [s for s in FULL if s != "multilingual"]}


def time_pipeline(steps: list[str], records: list[dict]) -> float:
    from newsdesk.model import Article
    from newsdesk.pipeline import build_pipeline

    pipeline = build_pipeline(steps)
    batch = [Article(id=r["id"], title=r["title"], text=r["text"]) for r in records]
    gc.collect()
    start = time.perf_counter()
    pipeline(batch)
    return time.perf_counter() - start


def time_ingest(steps: list[str], records: list[dict]) -> float:
    from newsdesk.config import IngestOptions
    from newsdesk.desk import Desk

    folder = Path(tempfile.mkdtemp(prefix="bench-lang-"))
    try:
        desk = Desk(str(folder / "d.db"))
        gc.collect()
        start = time.perf_counter()
        desk.ingest_records(records, IngestOptions(workers=1, pipeline=steps))
        took = time.perf_counter() - start
        desk.close()
        return took
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def multilingual_alone(records: list[dict]) -> float | None:
    """Seconds the multilingual step takes over the articles once the earlier steps have run."""
    from newsdesk.model import Article
    from newsdesk.pipeline import FULL, STEPS, build_pipeline

    if "multilingual" not in STEPS:
        return None
    before = build_pipeline([s for s in FULL if s != "multilingual"])
    batch = before([Article(id=r["id"], title=r["title"], text=r["text"]) for r in records])
    step = STEPS["multilingual"]()
    start = time.perf_counter()
    for a in batch:
        step.process(a)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--ingest", action="store_true")
    ap.add_argument("--label", default="now")
    args = ap.parse_args()
    records = articles(args.articles)
    variants = pipelines()
    time_pipeline(variants["full"], records[:10])  # warm-up: models loaded, caches filled
    measures = {"pipeline": time_pipeline, **({"ingest": time_ingest} if args.ingest else {})}
    best: dict[tuple[str, str], float] = {}
    for round_ in range(args.rounds):
        for measure, fn in measures.items():
            # every other round the other order: neither variant always runs on a warmer machine
            for name, steps in sorted(variants.items(), reverse=bool(round_ % 2)):
                took = fn(steps, records)
                key = (measure, name)
                best[key] = min(best.get(key, took), took)
    rows = []
    for measure in measures:
        full, without = best[(measure, "full")], best[(measure, "without multilingual")]
        rows.append({"tree": args.label, "measure": measure, "articles": len(records),
                     "full s": round(full, 2), "without multilingual s": round(without, 2),
                     "cost": f"{(full / without - 1) * 100:+.1f}%"})
    step = multilingual_alone(records)
    if step is not None:
        rows.append({"tree": args.label, "measure": "multilingual step alone", "articles": len(records),
                     "full s": round(step, 4), "without multilingual s": 0, "cost": ""})
    data = {"rows": rows, "rounds": args.rounds, "target_slowdown": TARGET_SLOWDOWN}
    write_results(f"languages-{args.label}", data, md_table(rows, list(rows[0])))


if __name__ == "__main__":
    main()
