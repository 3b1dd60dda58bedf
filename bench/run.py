"""Run benchmarks: `python bench/run.py` (all) or `python bench/run.py search ingest` (some)."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def main(argv: list[str]) -> int:
    here = Path(__file__).resolve().parent
    names = argv or sorted(p.stem[len("bench_"):] for p in here.glob("bench_*.py"))
    for name in names:
        print(f"== bench {name}", file=sys.stderr)
        module = importlib.import_module(f"bench_{name}")
        module.main([])
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
