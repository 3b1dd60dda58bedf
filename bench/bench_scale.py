"""Scaling out: the enrichment stage through the local engine and Ray (1 and 2 workers), and the
desk in SQLite against PostgreSQL (bulk ingest, search latency).

1. Enrichment (the full pipeline, no store): `ENRICH_N` varied articles (bench/common.varied_corpus)
   cut into the ingest's chunks and run through each engine; the engine is warmed first (Ray
   started, models loaded in every worker) and that start-up is reported apart. Throughput is
   articles per second of the warm run, and per CPU-second (CPU time of the driver and all its
   descendant processes: the per-core figure, which other load on a shared machine disturbs far
   less than wall time); memory is the peak resident set of that process tree (Ray's raylet and
   workers included), sampled every 0.2 s. The 1-minute load average before each run is kept: a
   speed-up from a second worker needs a second core that is free.
2. The writer: the articles enriched by the local engine, linked and stored (dedup, registry,
   quotes, stories, search index) into a fresh SQLite desk and a fresh PostgreSQL desk: the
   ceiling of one desk, whatever the number of enrichment workers. CPU time counts this process
   and the local PostgreSQL server's processes.
3. Reading: `READ_FILES` web archives of `READ_PAGES` news pages each (bench_warc's layouts), read
   and their pages extracted (trafilatura) by each engine's `read_inputs`: the local engine reads
   in the driver with a WARC extraction pool of its workers; Ray reads each file in a Ray task,
   files in parallel. Records per second of the second of two reads (the first starts Ray and
   imports the readers in every process).
4. Store: `STORE_N` articles ingested with the bulk pipeline (one worker) into a fresh SQLite desk
   and a fresh PostgreSQL desk (NEWSDESK_BENCH_PG or NEWSDESK_TEST_PG; skipped without one); then
   the same queries `SEARCH_REPEATS` times on each, latency per query.

    python bench/bench_scale.py [--enrich 640] [--store 3000] [--rounds 3] [--skip-ray] [--skip-read]
                                [--skip-store] [--writer-only]
"""

from __future__ import annotations

import argparse
import gc
import gzip
import os
import shutil
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import WORK, latency_summary, md_table, timer, varied_corpus, write_results  # noqa: E402

from newsdesk.config import IngestOptions  # noqa: E402
from newsdesk.desk import Desk  # noqa: E402
from newsdesk.desk.ingest import ENRICH_CHUNK, record_to_article  # noqa: E402
from newsdesk.model import RawRecord  # noqa: E402

ENRICH_N = 640
READ_FILES, READ_PAGES = 4, 300
STORE_N = 3000
SEARCH_REPEATS = 20
QUERIES = ["economy", '"interest rates"', "film OR music", "election AND NOT labour", "title:profit",
           "government minister said", "(growth OR sales) AND shares", "-sport"]


# --- memory ----------------------------------------------------------------------------------------
def _tree(root: int) -> dict[int, tuple[int, float]]:
    """{pid: (resident bytes, CPU seconds used)} for `root` and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    info: dict[int, tuple[int, float]] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as fh:
                rss = int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        info[int(entry)] = (rss, (int(fields[11]) + int(fields[12])) / tick)  # utime + stime
    out, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in info:
            out[pid] = info[pid]
        todo.extend(children.get(pid, []))
    return out


def _tree_rss_mb(root: int) -> float:
    return sum(rss for rss, _ in _tree(root).values()) / 1024**2


def tree_cpu_seconds() -> dict[int, float]:
    """CPU seconds used so far by this process and each of its descendants."""
    return {pid: cpu for pid, (_, cpu) in _tree(os.getpid()).items()}


def postgres_cpu_seconds() -> dict[int, float]:
    """CPU seconds so far of every local PostgreSQL server process (the writer's other half)."""
    tick = os.sysconf("SC_CLK_TCK")
    out = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                raw = fh.read()
        except OSError:
            continue
        if raw.split("(", 1)[1].split(")", 1)[0] == "postgres":
            fields = raw.rsplit(")", 1)[1].split()
            out[int(entry)] = (int(fields[11]) + int(fields[12])) / tick
    return out


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two samples by the processes alive at the second."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


class PeakMemory:
    """Samples the process tree's memory in a thread; `.peak_mb` once stopped."""

    def __init__(self, every: float = 0.2) -> None:
        self.every, self.peak_mb = every, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, _tree_rss_mb(os.getpid()))
            self._stop.wait(self.every)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, _tree_rss_mb(os.getpid()))


# --- 1. enrichment -----------------------------------------------------------------------------------
def chunks_of(records: list[dict[str, Any]]) -> list[list]:
    raws = [RawRecord(origin="bench", position=i, text=r["text"], title=r["title"], record_id=r["id"],
                      source=r["source"], published=r["published"]) for i, r in enumerate(records)]
    arts = [record_to_article(r) for r in raws]
    return [arts[i : i + ENRICH_CHUNK] for i in range(0, len(arts), ENRICH_CHUNK)]


def make_engine(kind: str, workers: int) -> Any:
    if kind == "ray":
        from newsdesk.engines.ray import RayEngine

        return RayEngine("full", workers)
    from newsdesk.engines.local import LocalEngine

    return LocalEngine("full", workers)


def bench_enrich(kind: str, workers: int, records: list[dict[str, Any]], warm: list[dict[str, Any]],
                 keep: list | None = None) -> dict:
    gc.collect()
    with PeakMemory() as mem:
        engine = make_engine(kind, workers)
        # Warm-up: starts Ray / the pool and loads the models in every worker (one chunk each).
        with timer() as startup:
            sum(len(c) for c in engine.enrich(chunks_of(warm)))
        chunks = chunks_of(records)
        cpu0, load0 = tree_cpu_seconds(), os.getloadavg()[0]
        with timer() as run:
            n = 0
            for chunk in engine.enrich(chunks):
                n += len(chunk)
                if keep is not None:
                    keep.extend(chunk)
        cpu = cpu_used(cpu0, tree_cpu_seconds())  # before close(): the workers are still alive
        engine.close()
    assert n == len(records)
    return {"engine": kind, "workers": workers, "articles": n, "startup_s": round(startup["seconds"], 2),
            "seconds": round(run["seconds"], 2), "articles_per_s": round(n / run["seconds"], 2),
            "cpu_s": round(cpu, 1), "articles_per_cpu_s": round(n / cpu, 2) if cpu else None,
            "load_before": round(load0, 1), "peak_rss_mb": round(mem.peak_mb)}


# --- 3. reading -----------------------------------------------------------------------------------
def build_archives(files: int, pages: int) -> list[Path]:
    """`files` gzip WARCs of `pages` news pages each (made once, kept in bench/work/)."""
    from bench_warc import page, warc_record

    folder = WORK / f"archives-{files}x{pages}"
    done = folder / ".done"
    if done.exists():
        return sorted(folder.glob("*.warc.gz"))
    folder.mkdir(parents=True, exist_ok=True)
    items = list(varied_corpus(files * pages, seed=31))
    for f in range(files):
        with open(folder / f"part-{f:02d}.warc.gz", "wb") as fh:
            for i in range(f * pages, (f + 1) * pages):
                item = items[i]
                others = [items[(i + k * 7 + 1) % len(items)] for k in range(5)]
                url = f"https://{item['source']}.example/{item['published'][:4]}/story-{i:06d}"
                html = page(i, item, others).encode()
                fh.write(gzip.compress(warc_record(url, f"{item['published']}T10:00:00Z", html), compresslevel=6))
    done.write_text("ok\n")
    return sorted(folder.glob("*.warc.gz"))


def bench_read(kind: str, workers: int, paths: list[Path]) -> dict:
    gc.collect()
    with PeakMemory() as mem:
        engine = make_engine(kind, workers)
        # An untimed first pass: starts Ray and imports the readers (trafilatura, dateparser: about
        # a second) in every process that will read, as a long ingest has long done.
        sum(1 for _ in engine.read_inputs([str(p) for p in paths], IngestOptions(workers=workers)))
        cpu0, load0 = tree_cpu_seconds(), os.getloadavg()[0]
        with timer() as run:
            records = sum(1 for item in engine.read_inputs([str(p) for p in paths], IngestOptions(workers=workers))
                          if isinstance(item, RawRecord))
        cpu = cpu_used(cpu0, tree_cpu_seconds())
        engine.close()
    return {"engine": kind, "workers": workers, "files": len(paths), "records": records,
            "seconds": round(run["seconds"], 2), "records_per_s": round(records / run["seconds"], 1),
            "cpu_s": round(cpu, 1), "load_before": round(load0, 1), "peak_rss_mb": round(mem.peak_mb)}


# --- 2. the writer -----------------------------------------------------------------------------------
def bench_link(name: str, address: str, articles: list) -> dict:
    """The one writer alone: link and store already enriched articles (full pipeline), search index
    kept up after each batch, as an ingest does."""
    desk = Desk(address)
    linker = desk._make_linker(True)
    cpu0, server0 = tree_cpu_seconds(), postgres_cpu_seconds()
    with timer() as t:
        for i in range(0, len(articles), 100):
            linker.commit_batch(articles[i : i + 100])
        desk._index_done()
    cpu = cpu_used(cpu0, tree_cpu_seconds()) + cpu_used(server0, postgres_cpu_seconds())
    n = desk.store.count_articles()
    desk.close()
    return {"backend": name, "articles": n, "seconds": round(t["seconds"], 2),
            "articles_per_s": round(n / t["seconds"], 1), "cpu_s": round(cpu, 1),
            "articles_per_cpu_s": round(n / cpu, 1) if cpu else None}


def writer_section(enriched: list, rounds: int, md: list[str]) -> list[dict]:
    """The writer on each backend, best of `rounds` (alternating backends), as a table in `md`."""
    best: dict[str, dict] = {}
    for _ in range(rounds):
        runs = on_each_backend("scale-link", lambda name, address: bench_link(name, address, enriched))
        for r in runs:
            if r["backend"] not in best or r["articles_per_s"] > best[r["backend"]]["articles_per_s"]:
                best[r["backend"]] = r
    rows = list(best.values())
    md.append(f"\n## The writer alone: linking {len(enriched)} enriched articles (dedup, registry, quotes,"
              f" stories, search index), batches of 100, best of {rounds}\n")
    md.append(md_table(rows, ["backend", "articles", "seconds", "articles_per_s", "cpu_s", "articles_per_cpu_s"]))
    md.append("\n(cpu_s: this process and, for PostgreSQL, the local server's processes.)\n")
    return rows


def on_each_backend(folder: str, run: Callable[[str, str], dict]) -> list[dict]:
    """`run(backend, address)` on a fresh SQLite desk in bench/work/<folder> and, when a server is
    given, on a fresh PostgreSQL schema (dropped afterwards)."""
    work = WORK / folder
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    rows = [run("sqlite", str(work / "desk.db"))]
    address = pg_address()
    if address:
        from newsdesk.store.postgres import drop_desk

        try:
            rows.append(run("postgres", address))
        finally:
            drop_desk(address)
    return rows


def pg_address() -> str | None:
    pg = os.environ.get("NEWSDESK_BENCH_PG") or os.environ.get("NEWSDESK_TEST_PG")
    if not pg:
        return None
    return f"{pg}{'&' if '?' in pg else '?'}schema=bench_{uuid.uuid4().hex[:8]}"


# --- 3. store ----------------------------------------------------------------------------------------
def bench_store(name: str, address: str, records: list[dict[str, Any]]) -> dict:
    desk = Desk(address)
    with timer() as t:
        report = desk.ingest_records(records, IngestOptions(workers=1, pipeline="bulk", batch_size=200))
    assert report.stored == len(records), report.to_dict()
    out: dict[str, Any] = {"backend": name, "articles": report.stored, "ingest_s": round(t["seconds"], 2),
                           "ingest_articles_per_s": round(report.stored / t["seconds"], 1)}
    for q in QUERIES:  # warm caches once
        desk.search(q, limit=20)
    per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    for _ in range(SEARCH_REPEATS):
        for q in QUERIES:
            t0 = time.perf_counter()
            desk.search(q, limit=20)
            per_query[q].append((time.perf_counter() - t0) * 1000)
    everything = [ms for v in per_query.values() for ms in v]
    out["search"] = latency_summary(everything)
    out["search_by_query_p50_ms"] = {q: latency_summary(v)["p50_ms"] for q, v in per_query.items()}
    out["totals"] = {q: desk.search(q, limit=0)["total"] for q in QUERIES}
    out.update(desk_bytes(desk))
    out["bytes_per_article"] = round(out["store_bytes"] / max(1, report.stored))
    out["index_bytes_per_article"] = round(out["index_bytes"] / max(1, report.stored))
    desk.close()
    return out


def desk_bytes(desk: Desk) -> dict[str, int]:
    """On-disk size of the desk: everything, and the full-text index's share of it."""
    store = desk.store
    if store.dialect == "postgres":
        rows = store.query("SELECT c.relname AS t, pg_total_relation_size(c.oid) AS b FROM pg_class c"
                           " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'")
        total = sum(int(r["b"]) for r in rows)
        index = sum(int(r["b"]) for r in rows if r["t"] in ("search_docs", "search_entities"))
        return {"store_bytes": total, "index_bytes": index}
    db = Path(store.address)
    index_dir = Path(str(db) + ".index")
    index = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file()) if index_dir.exists() else 0
    files = [db, Path(str(db) + "-wal")]
    return {"store_bytes": sum(f.stat().st_size for f in files if f.exists()) + index, "index_bytes": index}


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--enrich", type=int, default=ENRICH_N)
    ap.add_argument("--store", type=int, default=STORE_N)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--skip-ray", action="store_true")
    ap.add_argument("--skip-read", action="store_true")
    ap.add_argument("--writer-only", action="store_true", help="only the writer, best of --rounds")
    ap.add_argument("--skip-store", action="store_true")
    args = ap.parse_args(argv)
    data: dict[str, Any] = {}
    md = ["# bench scale\n"]

    if not args.skip_ray and not args.writer_only:
        records = list(varied_corpus(args.enrich, seed=11))
        warm = list(varied_corpus(4 * ENRICH_CHUNK, seed=12))
        enriched: list = []
        runs: list[dict] = []
        # Rounds of every configuration in turn, best of the rounds kept: the load other users put
        # on a shared machine drifts, and interleaving spreads it over all configurations alike.
        for round_ in range(args.rounds):
            for kind, w in (("local", 1), ("ray", 1), ("ray", 2), ("local", 2)):
                keep = enriched if (kind, w, round_) == ("local", 1, 0) else None
                runs.append({**bench_enrich(kind, w, records, warm, keep), "round": round_})
        by: dict[tuple[str, int], dict] = {}
        for r in runs:
            key = (r["engine"], r["workers"])
            if key not in by or r["articles_per_s"] > by[key]["articles_per_s"]:
                by[key] = r
        rows = list(by.values())
        speedup = by[("ray", 2)]["articles_per_s"] / by[("ray", 1)]["articles_per_s"]
        # The same ratio within each round (both runs minutes apart at most): how much it moves.
        per_round = []
        for round_ in range(args.rounds):
            one, two = (next(r for r in runs if (r["engine"], r["workers"], r["round"]) == ("ray", w, round_))
                        for w in (1, 2))
            per_round.append(round(two["articles_per_s"] / one["articles_per_s"], 2))
        data["enrich"] = {"rows": rows, "runs": runs, "ray_2_over_ray_1": round(speedup, 2),
                          "ray_2_over_ray_1_per_round": per_round, "cpus": os.cpu_count(),
                          "load_avg_at_end": os.getloadavg()}
        md.append(f"## Enrichment, full pipeline, {args.enrich} articles (cpus: {os.cpu_count()}, best of "
                  f"{args.rounds} interleaved rounds, load average at end: {os.getloadavg()[0]:.1f})\n")
        md.append(md_table(rows, ["engine", "workers", "articles", "startup_s", "seconds", "articles_per_s",
                                  "cpu_s", "articles_per_cpu_s", "load_before", "peak_rss_mb"]))
        md.append(f"\nRay 2 workers / Ray 1 worker: **{speedup:.2f}x** best against best (target >= 1.4); "
                  f"within each round: {', '.join(f'{r:.2f}x' for r in per_round)} "
                  f"(median {statistics.median(per_round):.2f}x)\n")
        data["link"] = writer_section(enriched, 1, md)

    if args.writer_only:  # the writer alone, best of --rounds, into results/scale-writer.*
        records = list(varied_corpus(args.enrich, seed=11))
        engine = make_engine("local", 2)
        enriched = [a for chunk in engine.enrich(chunks_of(records)) for a in chunk]
        engine.close()
        md = ["# bench scale: the writer\n"]
        write_results("scale-writer", {"link": writer_section(enriched, args.rounds, md)}, "\n".join(md))
        return

    if not args.skip_read:
        paths = build_archives(READ_FILES, READ_PAGES)
        read_rows = [bench_read(kind, w, paths) for kind, w in (("local", 1), ("local", 2), ("ray", 1), ("ray", 2))]
        assert len({r["records"] for r in read_rows}) == 1, "engines read different records"
        data["read"] = read_rows
        md.append(f"\n## Reading {READ_FILES} web archives of {READ_PAGES} pages (gzip WARC, page extraction)\n")
        md.append(md_table(read_rows, ["engine", "workers", "files", "records", "seconds", "records_per_s", "cpu_s",
                                       "load_before", "peak_rss_mb"]))
        md.append("\n(local: the driver reads, with a page-extraction pool of `workers` processes; ray: one Ray "
                  "task per file, files in parallel.)\n")

    if not args.skip_store:
        records = list(varied_corpus(args.store, seed=21))
        os.environ.pop("NEWSDESK_INDEX", None)  # each desk keeps its own index
        rows = on_each_backend("scale", lambda name, address: bench_store(name, address, records))
        assert all(r["totals"] == rows[0]["totals"] for r in rows), "backends found different result sets"
        data["store"] = rows
        md.append(f"\n## Store: bulk ingest of {args.store} articles, then search ({SEARCH_REPEATS} x "
                  f"{len(QUERIES)} queries, limit 20)\n")
        md.append(md_table([{**r, "search_p50_ms": r["search"]["p50_ms"], "search_p95_ms": r["search"]["p95_ms"]}
                            for r in rows], ["backend", "articles", "ingest_s", "ingest_articles_per_s",
                                             "search_p50_ms", "search_p95_ms", "bytes_per_article",
                                             "index_bytes_per_article"]))
        md.append("\nSame result totals on every backend: yes\n")
    write_results("scale", data, "\n".join(md))


if __name__ == "__main__":
    main(sys.argv[1:])
