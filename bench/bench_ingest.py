"""Bulk-load throughput and peak memory: `newsdesk ingest --bulk` on 10k and 100k varied articles.

The command runs as a user runs it (a subprocess, with its worker processes); a sampler reads the
resident memory of the whole process tree from /proc every 0.25 s, so the peak is the sum over the
main process and its workers, not only one of them. Each size is run on a fresh desk; the desk is
kept in bench/work/ for bench_search.py to reuse.

    python bench/run.py ingest                  # 10k and 100k
    python bench/bench_ingest.py --sizes 10000  # one size
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import WORK, md_table, varied_corpus, write_jsonl, write_results  # noqa: E402

SIZES = [10_000, 100_000]
NEWSDESK = Path(sys.executable).with_name("newsdesk")


def corpus(n: int) -> Path:
    path = WORK / f"varied-{n // 1000}k.jsonl"
    if not path.exists() or sum(1 for _ in open(path, encoding="utf-8")) != n:
        write_jsonl(varied_corpus(n), path)
    return path


def desk_path(n: int) -> Path:
    return WORK / f"bulk-{n // 1000}k.db"


def remove_desk(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)
    shutil.rmtree(str(db) + ".index", ignore_errors=True)


def _tree_memory_kb(root: int) -> tuple[int, int]:
    """(RSS of `root`, PSS summed over `root` and its descendants), in kB, from /proc. PSS counts a
    page shared by n processes (forked workers share the parent's) as 1/n in each, so the sum is
    the memory the whole ingest really holds."""
    main_rss, total, stack = 0, 0, [root]
    while stack:
        pid = stack.pop()
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Rss:") and pid == root:
                        main_rss = int(line.split()[1])
                    elif line.startswith("Pss:"):
                        total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return main_rss, total


def run_ingest(path: Path, db: Path, workers: int) -> dict[str, Any]:
    remove_desk(db)
    cmd = [str(NEWSDESK), "ingest", "--bulk", "--json", "--db", str(db), "--workers", str(workers), str(path)]
    peak = {"main_kb": 0, "tree_kb": 0, "main_cpu_s": 0.0}
    tick = os.sysconf("SC_CLK_TCK")
    cpu0 = os.times()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            main, tree = _tree_memory_kb(proc.pid)
            peak["main_kb"] = max(peak["main_kb"], main)
            peak["tree_kb"] = max(peak["tree_kb"], tree)
            try:  # the writer's own CPU time (utime + stime), last seen before it exits
                with open(f"/proc/{proc.pid}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                peak["main_cpu_s"] = (int(fields[11]) + int(fields[12])) / tick
            except (OSError, ValueError, IndexError):
                pass
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, _ = proc.communicate()
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    cpu1 = os.times()
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {' '.join(cmd)}")
    report = json.loads(stdout.strip().splitlines()[-1])
    cpu = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    n = report["stored"]
    cores = os.cpu_count() or 1
    # What the CPU time allows on idle cores: all processes share the cores, and the one writer
    # (the main process) cannot go faster than its own CPU time per article.
    bound = min(cores / cpu, 1 / peak["main_cpu_s"]) * n if cpu and peak["main_cpu_s"] else None
    return {
        "articles": report["stored"], "words": report["words"], "duplicates": report["duplicates"],
        "wall_s": round(wall, 2), "ingest_s": report["seconds"],
        "articles_per_s": round(report["stored"] / wall, 1), "words_per_s": round(report["words"] / wall),
        "cpu_s": round(cpu, 2), "cpu_ms_per_article": round(cpu * 1000 / n, 3) if n else None,
        "main_cpu_ms_per_article": round(peak["main_cpu_s"] * 1000 / n, 3) if n else None,
        "cpu_bound_articles_per_s": round(bound) if bound else None,
        "peak_pss_mb_all_processes": round(peak["tree_kb"] / 1024, 1),
        "peak_rss_mb_main": round(peak["main_kb"] / 1024, 1),
        "desk_mb": round(sum(f.stat().st_size for f in db.parent.glob(db.name + "*") if f.is_file()) / 1e6, 1),
        "index_mb": round(sum(f.stat().st_size for f in Path(str(db) + ".index").glob("*")) / 1e6, 1),
    }


def main(argv: list[str]) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    ap.add_argument("--workers", type=int, default=0, help="worker processes (0: one per core)")
    args = ap.parse_args(argv)
    rows = []
    for n in args.sizes:
        path = corpus(n)
        print(f"ingest {n:,} articles from {path} …", file=sys.stderr, flush=True)
        row = {"size": n, **run_ingest(path, desk_path(n), args.workers)}
        print(json.dumps(row), file=sys.stderr, flush=True)
        rows.append(row)
    load = os.getloadavg()
    md = (
        "# Bulk ingest (`newsdesk ingest --bulk`, varied BBC articles)\n\n"
        + md_table(rows, ["size", "articles_per_s", "words_per_s", "wall_s", "cpu_ms_per_article",
                          "main_cpu_ms_per_article", "cpu_bound_articles_per_s",
                          "peak_pss_mb_all_processes", "peak_rss_mb_main", "desk_mb", "index_mb"])
        + "\nCPU time covers the main process (the one writer) and its workers, start-up included; "
        "cpu_bound_articles_per_s = min(cores / CPU per article, 1 / the writer's CPU per article), the "
        "rate the measured CPU cost allows on otherwise idle cores. "
        f"Peak memory: PSS summed over the main process and its workers (shared pages counted once), "
        f"and the main process's RSS. Load average at the end: "
        f"{load[0]:.1f} on {os.cpu_count()} cores (other work on the machine slows every figure); "
        f"run at nice {os.getpriority(os.PRIO_PROCESS, 0)}.\n"
    )
    write_results("ingest", {"runs": rows, "loadavg_end": load}, md)


if __name__ == "__main__":
    main(sys.argv[1:])
