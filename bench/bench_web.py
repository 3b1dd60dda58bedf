"""The web desk at 100k articles: how fast a search page with results answers, beside the bare API.

Builds (once, kept in bench/work/) a 100k-article desk in bulk mode from `varied_corpus`, starts
`newsdesk serve` on it, and times over HTTP, in the same run and for the same queries:
  - GET /search?q=…        the whole results page (hits, facets, per-day chart), HTML;
  - GET /api/search?q=…    the bare API call (hits only), JSON;
  - GET /api/facets, /api/timeline, and the article page of a hit, for the breakdown;
  - the home page and the map, once a round.
Target: the search page under 200 ms at p95.

    python bench/bench_web.py [--articles 100000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import WORK, latency_summary, md_table, timer, varied_corpus, write_jsonl, write_results  # noqa: E402

QUERIES = [
    "government", "market", "film", "election", "music", "minister", "shares", "champion", "phone",
    "\"prime minister\"", "oil OR gas", "football -cup", "title:economy", "growth AND profits",
    "technology", "court", "injury", "award", "(labour OR tory) election", "broadband",
]
TARGET_P95_MS = 200.0
NEWSDESK = Path(sys.executable).parent / "newsdesk"


def desk_for(n: int) -> Path:
    """A bulk-loaded desk of `n` varied articles, built once (or one the search bench built)."""
    for name in (f"web-{n // 1000}k.db", f"search-{n // 1000}k.db"):
        db = WORK / name
        if db.exists() and (db.with_suffix(".done")).exists():
            return db
    corpus = WORK / f"varied-{n // 1000}k.jsonl"
    if not corpus.exists():
        print(f"writing {corpus}", file=sys.stderr)
        write_jsonl(varied_corpus(n), corpus)
    db = WORK / f"web-{n // 1000}k.db"
    for stale in WORK.glob(f"web-{n // 1000}k.db*"):
        subprocess.run(["rm", "-rf", str(stale)], check=True)
    print(f"building {db} (bulk ingest of {n:,} articles)", file=sys.stderr)
    with timer() as t:
        subprocess.run([str(NEWSDESK), "ingest", "--bulk", "--db", str(db), str(corpus)], check=True)
    db.with_suffix(".done").write_text(f"{t['seconds']:.1f}\n")
    return db


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "NEWSDESK_TOKEN": ""}
    proc = subprocess.Popen([str(NEWSDESK), "serve", "--db", str(db), "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300  # opening a big desk catches its index up first
    while True:
        try:
            httpx.get(base + "/api/stats", timeout=30)
            return proc, base
        except httpx.TransportError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start: {proc.stderr.read() if proc.stderr else ''}") from None
            time.sleep(0.5)


def timed_get(client: httpx.Client, url: str, params: dict) -> tuple[float, httpx.Response]:
    t0 = time.perf_counter()
    r = client.get(url, params=params)
    _ = r.content
    return (time.perf_counter() - t0) * 1000, r


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args(argv)
    db = desk_for(args.articles)
    proc, base = start_server(db)
    try:
        client = httpx.Client(base_url=base, timeout=60)
        stats = client.get("/api/stats").json()
        timings: dict[str, list[float]] = {k: [] for k in ("page", "api", "facets", "timeline", "article",
                                                           "home", "map")}
        totals: list[int] = []
        for q in QUERIES:  # warm up: the index and the page cache, once per query
            client.get("/search", params={"q": q})
        client.get("/")  # and the home page's counts (cached by the server for 30 s)
        for _ in range(args.rounds):
            for q in QUERIES:
                ms, r = timed_get(client, "/search", {"q": q})
                assert r.status_code == 200 and "/articles/" in r.text, (q, r.status_code)
                timings["page"].append(ms)
                ms, r = timed_get(client, "/api/search", {"q": q})
                assert r.status_code == 200
                timings["api"].append(ms)
                body = r.json()
                totals.append(body["total"])
                timings["facets"].append(timed_get(client, "/api/facets", {"q": q})[0])
                timings["timeline"].append(timed_get(client, "/api/timeline", {"q": q})[0])
                if body["hits"]:
                    timings["article"].append(timed_get(client, f"/articles/{body['hits'][0]['id']}", {})[0])
            timings["home"].append(timed_get(client, "/", {})[0])
            timings["map"].append(timed_get(client, "/map", {})[0])
        rows = [{"request": name, **latency_summary(ms)} for name, ms in timings.items()]
        page_p95 = rows[0]["p95_ms"]
        verdict = "PASS" if page_p95 < TARGET_P95_MS else "FAIL"
        md = (f"# bench web: search page at {stats['articles']:,} articles\n\n"
              f"{len(QUERIES)} queries x {args.rounds} rounds over HTTP (`newsdesk serve`), median "
              f"{sorted(totals)[len(totals) // 2]:,} matches per query.\n\n"
              + md_table(rows, ["request", "p50_ms", "p95_ms", "mean_ms", "n"])
              + f"\nSearch page p95 {page_p95:.1f} ms vs target {TARGET_P95_MS:.0f} ms: {verdict}; the bare "
              f"API call p95 {rows[1]['p95_ms']:.1f} ms.\n")
        write_results("web", {"articles": stats["articles"], "queries": QUERIES, "rounds": args.rounds,
                              "target_p95_ms": TARGET_P95_MS, "pass": verdict == "PASS",
                              "timings": {r["request"]: r for r in rows},
                              "median_matches": sorted(totals)[len(totals) // 2]}, md)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    main(sys.argv[1:])
