"""Search latency at 10k and 100k articles: `Desk.search` (parse, filters, duplicate folding, store
reads, snippets and highlights) beside the bare tantivy query (the same compiled query and filters,
top 20 with the count) on the same index, in the same run.

The query mix is fixed (QUERIES below, listed in bench/README.md): common and rare single words,
phrases, boolean queries, a fielded query, and queries with date, source and language filters.
Each query runs ROUNDS times, round-robin after one warm-up round; p50/p95 are over all calls.

    python bench/run.py search
    python bench/bench_search.py --sizes 10000
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_ingest import corpus, desk_path, remove_desk  # noqa: E402
from common import latency_summary, md_table, write_results  # noqa: E402

SIZES = [10_000, 100_000]
ROUNDS = 30
LIMIT = 20
QUERIES: list[tuple[str, str, dict[str, str]]] = [
    ("common word", "said", {}),
    ("common word", "government", {}),
    ("rare word", "quango", {}),
    ("rare word", "marathon", {}),
    ("phrase", '"interest rates"', {}),
    ("phrase", '"prime minister"', {}),
    ("boolean", "oil AND (price OR prices) -opec", {}),
    ("boolean", "(labour OR tory) election NOT blair", {}),
    ("fielded", "title:film award", {}),
    ("filtered", "economy", {"since": "2025-03-01", "until": "2025-05-31"}),
    ("filtered", "music", {"source": "outlet-3"}),
    ("filtered", "match -injury", {"lang": "en", "since": "2025-06-01"}),
]


def ensure_desk(n: int) -> Path:
    """The bulk-loaded desk of bench_ingest, or a new one when it is missing or incomplete."""
    from newsdesk.config import IngestOptions
    from newsdesk.desk import Desk

    db = desk_path(n)
    if db.exists():
        with Desk(str(db)) as d:
            if d.store.count_articles() == n:
                return db
    remove_desk(db)
    with Desk(str(db)) as d:
        d.ingest([str(corpus(n))], IngestOptions(pipeline="bulk"))
    return db


def measure(db: Path) -> dict[str, Any]:
    from newsdesk.desk import Desk
    from newsdesk.search.filters import Filters
    from newsdesk.search.query import parse

    desk = Desk(str(db))
    index = desk.search_index
    bare_queries = [index._query(parse(q), Filters.parse(**f)) for _, q, f in QUERIES]
    desk_ms: dict[int, list[float]] = {i: [] for i in range(len(QUERIES))}
    bare_ms: dict[int, list[float]] = {i: [] for i in range(len(QUERIES))}
    desk_cpu: list[float] = []  # CPU time of the calling thread: what the code costs whatever the load
    totals = {}
    for rnd in range(ROUNDS + 1):
        for i, (_, q, f) in enumerate(QUERIES):
            c0, t0 = time.thread_time(), time.perf_counter()
            result = desk.search(q, limit=LIMIT, **f)
            t1, c1 = time.perf_counter(), time.thread_time()
            searcher = index.index.searcher()
            searcher.search(bare_queries[i], LIMIT, count=True)
            t2 = time.perf_counter()
            if rnd:  # round 0 warms caches
                desk_ms[i].append((t1 - t0) * 1000)
                bare_ms[i].append((t2 - t1) * 1000)
                desk_cpu.append((c1 - c0) * 1000)
            totals[i] = result["total"]
    articles = desk.store.count_articles()
    desk.close()
    per_query = [
        {"kind": kind, "query": q + "".join(f" --{k} {v}" for k, v in f.items()), "matches": totals[i],
         "desk_p50_ms": latency_summary(desk_ms[i])["p50_ms"], "bare_p50_ms": latency_summary(bare_ms[i])["p50_ms"]}
        for i, (kind, q, f) in enumerate(QUERIES)
    ]
    all_desk = [x for v in desk_ms.values() for x in v]
    all_bare = [x for v in bare_ms.values() for x in v]
    d, b = latency_summary(all_desk), latency_summary(all_bare)
    return {
        "articles": articles, "desk": d, "bare": b, "desk_cpu": latency_summary(desk_cpu),
        "ratio_p50": round(d["p50_ms"] / b["p50_ms"], 1) if b["p50_ms"] else None,
        "ratio_p95": round(d["p95_ms"] / b["p95_ms"], 1) if b["p95_ms"] else None,
        "per_query": per_query,
    }


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    args = ap.parse_args(argv)
    runs = []
    for n in args.sizes:
        db = ensure_desk(n)
        print(f"search on {n:,} articles ({db}) …", file=sys.stderr, flush=True)
        runs.append({"size": n, **measure(db)})
    rows = [{"size": r["size"], "desk p50 ms": r["desk"]["p50_ms"], "desk p95 ms": r["desk"]["p95_ms"],
             "bare p50 ms": r["bare"]["p50_ms"], "bare p95 ms": r["bare"]["p95_ms"],
             "ratio p50": r["ratio_p50"], "ratio p95": r["ratio_p95"],
             "desk CPU p50 ms": r["desk_cpu"]["p50_ms"], "desk CPU p95 ms": r["desk_cpu"]["p95_ms"]} for r in runs]
    load = os.getloadavg()
    md = ("# Search latency (`Desk.search`, top 20 with snippets, vs the bare tantivy query)\n\n"
          + md_table(rows, list(rows[0]))
          + f"\n{len(QUERIES)} queries × {ROUNDS} rounds per size (query mix: bench/README.md). Latencies "
          "are wall clock; 'desk CPU' is the CPU time of the searching thread (not inflated when other "
          "work on the machine takes the cores). "
          f"Load average at the end: {load[0]:.1f} on {os.cpu_count()} cores; run at nice "
          f"{os.getpriority(os.PRIO_PROCESS, 0)}.\n")
    for r in runs:
        md += f"\n## {r['size']:,} articles, per query (p50)\n\n" + md_table(
            r["per_query"], ["kind", "query", "matches", "desk_p50_ms", "bare_p50_ms"])
    write_results("search", {"runs": runs, "rounds": ROUNDS, "limit": LIMIT, "loadavg_end": load}, md)


if __name__ == "__main__":
    main(sys.argv[1:])
