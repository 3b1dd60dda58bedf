"""The place tables the linker writes: analysts' `place_pins` and the best `place_confidence` of
each place entity."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from newsdesk.store.base import Store


def pins(store: Store, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """name key -> its pin row, for the pinned ones among `keys`."""
    rows = store.select_in("SELECT * FROM place_pins WHERE name_key IN (?*)", dict.fromkeys(keys))
    return {r["name_key"]: dict(r) for r in rows}


def raise_confidence(store: Store, best: Sequence[tuple[str, float]]) -> None:
    """Record (entity id, confidence) pairs, keeping the higher of the stored and the new value."""
    if best:
        store.executemany(
            "INSERT INTO place_confidence (entity_id, confidence) VALUES (?, ?) ON CONFLICT (entity_id) DO UPDATE"
            " SET confidence = CASE WHEN excluded.confidence > place_confidence.confidence"
            " THEN excluded.confidence ELSE place_confidence.confidence END",
            best,
        )
