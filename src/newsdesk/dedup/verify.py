"""Near-duplicate verification: a MinHash estimate to keep the likely candidates, then the exact
Jaccard similarity of the two shingle sets to decide."""

from __future__ import annotations

import numpy as np

DEFAULT_THRESHOLD = 0.8
ESTIMATE_MARGIN = 0.1  # about 3 standard deviations of a 128-permutation estimate near 0.8


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    ua, ub = np.unique(a), np.unique(b)
    union = len(np.union1d(ua, ub))
    return len(np.intersect1d(ua, ub, assume_unique=True)) / union if union else 1.0


def estimated_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """The share of equal MinHash values: an estimate of the Jaccard similarity."""
    return float(np.mean(a == b))


def likely(a: np.ndarray, b: np.ndarray, threshold: float) -> bool:
    """Whether the signatures' estimate comes within the margin of the threshold."""
    return estimated_similarity(a, b) >= threshold - ESTIMATE_MARGIN


def clamp_threshold(value: object) -> float:
    """A similarity threshold from a setting (None or unreadable: the default), kept in [0.5, 1]."""
    try:
        t = float(value) if value is not None else DEFAULT_THRESHOLD  # type: ignore[arg-type]
    except ValueError:
        t = DEFAULT_THRESHOLD
    return min(1.0, max(0.5, t))
