"""Shared helpers for benchmarks: corpora built from real articles, timing, peak memory, results.

Benchmarks are scripts, not tests: each `bench_<name>.py` has `main(argv)` and writes
`bench/results/<name>.json` and `<name>.md`. `python bench/run.py [names…]` runs them.
Every figure is printed beside a baseline measured in the same run (the machines are shared
and noisy, so only same-run ratios are comparable).
"""

from __future__ import annotations

import json
import os
import platform
import random
import resource
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
WORK = ROOT / "work"  # scratch space (git-ignored)
SHARED = ROOT.parent.parent / "shared"
BBC = SHARED / "eval" / "classify" / "bbc-news.jsonl"


def load_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line))
                if limit and len(out) >= limit:
                    break
    return out


def varied_corpus(n: int, seed: int = 7, base: Path = BBC) -> Iterator[dict[str, Any]]:
    """`n` distinct articles made by varying real ones: paragraphs reordered and recombined,
    words swapped between articles of one category, so texts stay realistic but are not duplicates."""
    rng = random.Random(seed)
    items = load_jsonl(base)
    by_label: dict[str, list[dict[str, Any]]] = {}
    for it in items:
        by_label.setdefault(it.get("label", ""), []).append(it)
    labels = sorted(by_label)
    for i in range(n):
        label = labels[i % len(labels)]
        a, b = rng.sample(by_label[label], 2)
        pa = [p for p in a["text"].split("\n") if p.strip()]
        pb = [p for p in b["text"].split("\n") if p.strip()]
        k = max(1, len(pa) // 2)
        paras = pa[:k] + rng.sample(pb, min(len(pb), max(1, len(pb) // 2)))
        vocab = b["text"].split()
        words = " ".join(paras).split(" ")
        for _ in range(max(3, len(words) // 25)):
            if vocab:
                words[rng.randrange(len(words))] = rng.choice(vocab)
        text = " ".join(words)
        day = 1 + (i * 97) % 365
        yield {
            "id": f"bench-{i:07d}",
            "title": f"{a['title']} ({i})",
            "text": text,
            "source": f"outlet-{i % 37}",
            "published": datetime.fromordinal(datetime(2025, 1, 1).toordinal() + day - 1).strftime("%Y-%m-%d"),
        }


def write_jsonl(records: Iterator[dict[str, Any]], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
            n += 1
    return n


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    k = (len(s) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def latency_summary(ms: list[float]) -> dict[str, float]:
    return {"p50_ms": round(percentile(ms, 0.5), 3), "p95_ms": round(percentile(ms, 0.95), 3),
            "mean_ms": round(statistics.fmean(ms), 3) if ms else float("nan"), "n": len(ms)}


@contextmanager
def timer() -> Iterator[dict[str, float]]:
    box: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        yield box
    finally:
        box["seconds"] = time.perf_counter() - t0


@contextmanager
def cpu_timed(targets: dict[str, tuple[Any, str]]) -> Iterator[dict[str, float]]:
    """Count this thread's CPU seconds inside each target method, by label ({label: (owner, name)}:
    plain methods or functions), the methods patched only inside the block. Two clock reads per call: for calls made a few times
    per batch (link steps, store writes), not per token."""
    spent: dict[str, float] = dict.fromkeys(targets, 0.0)
    saved = [(owner, name, owner.__dict__.get(name)) for owner, name in targets.values()]

    def timed(label: str, fn: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            t0 = time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[label] += time.thread_time() - t0
        return run

    for label, (owner, name) in targets.items():
        setattr(owner, name, timed(label, getattr(owner, name)))
    try:
        yield spent
    finally:
        for owner, name, original in reversed(saved):
            if original is None:
                delattr(owner, name)  # it was inherited
            else:
                setattr(owner, name, original)


def peak_rss_mb(children: bool = False) -> float:
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024.0


def machine() -> dict[str, Any]:
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "loadavg": [round(x, 2) for x in os.getloadavg()], "nice": os.getpriority(os.PRIO_PROCESS, 0)}


def write_results(name: str, data: dict[str, Any], markdown: str) -> None:
    """Keep the latest run: results/<name>.json (all figures) and results/<name>.md (a short table)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    data = {"benchmark": name, "when": datetime.now(UTC).isoformat(timespec="seconds"), "machine": machine(), **data}
    (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown.rstrip() + "\n")
    print(markdown)


def md_table(rows: list[dict[str, Any]], columns: list[str]) -> str:
    head = "| " + " | ".join(columns) + " |\n|" + "|".join("---" for _ in columns) + "|\n"
    return head + "".join("| " + " | ".join(str(r.get(c, "")) for c in columns) + " |\n" for r in rows)
