"""What every eval task shares: the result shape, reading a gold file, precision/recall/F1 and one-to-one
matching of predicted and gold items."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class EvalResult:
    metrics: dict[str, Any]  # printed as the last stdout line (JSON); includes n and seconds
    table: list[dict[str, Any]] = field(default_factory=list)  # rows of a readable table
    columns: list[str] = field(default_factory=list)


def read_jsonl(path: str | Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Gold items in file order; `limit` takes the first N (fixed subsets for CI)."""
    with open(path, encoding="utf-8") as fh:
        n = 0
        for line in fh:
            if not line.strip():
                continue
            yield json.loads(line)
            n += 1
            if limit is not None and n >= limit:
                return


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def match_one_to_one(pairs: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one (pred index, gold index) pairs from scored candidates `(overlap, i, j)`, taken
    largest overlap first (ties by pred index, then gold index)."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _ov, i, j in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        out.append((i, j))
    return out
