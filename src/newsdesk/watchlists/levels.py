"""Alert levels, EMM-style: is a subject getting more coverage than usual right now?

For a window (the last hour, the last day) ending at `at`, the count of matching articles is set
against the same window over the previous 14 days (14 x 24 hourly windows, 14 daily ones): their
mean and standard deviation give
- ratio = count / mean (mean floored at 1 / number of windows, so a first-ever article is not infinite),
- z = (count - mean) / std, std floored at 1 (a subject that never moved is not alarming on one article).
Level, the highest over both windows:
- alert:    count >= 3 and z >= 4 and ratio >= 3
- elevated: count >= 2 and z >= 2 and ratio >= 2
- normal:   otherwise.
Articles count at their publication time, or their ingest time when they have none.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

BASELINE_DAYS = 14
WINDOWS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
LEVELS = ("normal", "elevated", "alert")
ALERT = {"count": 3, "z": 4.0, "ratio": 3.0}
ELEVATED = {"count": 2, "z": 2.0, "ratio": 2.0}


def _window(times: Sequence[datetime], start: datetime, end: datetime) -> int:
    """Articles in (start, end]; `times` sorted."""
    return bisect_right(times, end) - bisect_right(times, start)


def window_signal(times: Sequence[datetime], at: datetime, width: timedelta) -> dict[str, Any]:
    count = _window(times, at - width, at)
    n = int(timedelta(days=BASELINE_DAYS) / width)
    base_end = at - width
    counts = [_window(times, base_end - (k + 1) * width, base_end - k * width) for k in range(n)]
    mean = sum(counts) / n
    std = math.sqrt(sum((c - mean) ** 2 for c in counts) / n)
    ratio = count / max(mean, 1.0 / n)
    z = (count - mean) / max(std, 1.0)
    return {"count": count, "mean": round(mean, 3), "std": round(std, 3), "ratio": round(ratio, 2),
            "z": round(z, 2), "level": level_of(count, z, ratio)}


def level_of(count: int, z: float, ratio: float) -> str:
    for name, rule in (("alert", ALERT), ("elevated", ELEVATED)):
        if count >= rule["count"] and z >= rule["z"] and ratio >= rule["ratio"]:
            return name
    return "normal"


def signal(times: Sequence[datetime], at: datetime) -> dict[str, Any]:
    """Counts, baselines and the level for the last hour and day before `at` (times: sorted, UTC)."""
    windows = {name: window_signal(times, at, width) for name, width in WINDOWS.items()}
    level = max((w["level"] for w in windows.values()), key=LEVELS.index)
    return {"level": level, "at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "windows": windows}


def timeline(times: Sequence[datetime], at: datetime, days: int = BASELINE_DAYS + 1) -> list[dict[str, Any]]:
    """Matches per day (UTC) for the `days` days ending with the day of `at`, oldest first."""
    last = at.replace(hour=0, minute=0, second=0, microsecond=0)
    out = []
    for k in range(days - 1, -1, -1):
        start = last - timedelta(days=k)
        n = bisect_left(times, start + timedelta(days=1)) - bisect_left(times, start)
        out.append({"period": start.date().isoformat(), "count": n})
    return out
