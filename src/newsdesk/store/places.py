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


# --- the Desk's place lookups and analysts' pins --------------------------------------------------------
_NAMED = ("e.type IN ('GPE', 'LOC', 'FAC') AND (e.name_key = ?"
          " OR e.id IN (SELECT entity_id FROM entity_aliases WHERE alias_key = ?))")


def named(store: Store, key: str, limit: int = 50) -> list[dict[str, Any]]:
    """Place entities whose name or an alias has alias key `key`, with their best `confidence`, most
    mentioned first."""
    return store.query(
        "SELECT e.*, c.confidence FROM entities e LEFT JOIN place_confidence c ON c.entity_id = e.id"
        f" WHERE {_NAMED} ORDER BY e.mention_count DESC, e.id LIMIT {int(limit)}", (key, key))


def named_ids(store: Store, key: str) -> list[str]:
    """The ids of the place entities whose name or an alias has alias key `key`."""
    return [r["id"] for r in store.query(f"SELECT e.id FROM entities e WHERE {_NAMED}", (key, key))]


def pin(store: Store, name_key: str) -> dict[str, Any] | None:
    """The pin filed under this name key, if any."""
    return store.query_one("SELECT * FROM place_pins WHERE name_key = ?", (name_key,))


PIN_COLUMNS = ("name_key", "name", "lat", "lon", "geonameid", "country_code", "feature", "created_at")


def set_pin(store: Store, row: dict[str, Any]) -> None:
    """File a pin (a dict of PIN_COLUMNS), replacing the one under its name key."""
    store.execute("DELETE FROM place_pins WHERE name_key = ?", (row["name_key"],))
    store.execute(f"INSERT INTO place_pins ({', '.join(PIN_COLUMNS)}) VALUES ({', '.join('?' * len(PIN_COLUMNS))})",
                  tuple(row[c] for c in PIN_COLUMNS))


def relocate(store: Store, entity_id: str, row: dict[str, Any]) -> None:
    """Put a place entity where a pin says (lat, lon, geonameid, country_code, feature), confidence 1."""
    store.execute("UPDATE entities SET lat = ?, lon = ?, geonameid = ?, country_code = ?, feature = ? WHERE id = ?",
                  (row["lat"], row["lon"], row["geonameid"], row["country_code"], row["feature"], entity_id))
    store.execute("DELETE FROM place_confidence WHERE entity_id = ?", (entity_id,))
    store.execute("INSERT INTO place_confidence (entity_id, confidence) VALUES (?, ?)", (entity_id, 1.0))
