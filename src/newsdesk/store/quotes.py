"""The quotation tables: `quotes` and `quote_entities` (the SQL the quotes link step runs)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsdesk.store.base import Store

QUOTE_COLUMNS = (
    "id", "article_id", "start_offset", "end_offset", "text", "direct", "cue", "speaker", "speaker_start",
    "speaker_end", "speaker_name", "speaker_entity_id", "published", "counted",
)


def forget(store: Store, article_ids: Sequence[str]) -> None:
    """Remove the quotations of these articles (and what they are about)."""
    store.execute_in("DELETE FROM quote_entities WHERE article_id IN (?*)", article_ids)
    store.execute_in("DELETE FROM quotes WHERE article_id IN (?*)", article_ids)


def put(store: Store, rows: Sequence[tuple[Any, ...]], about: Sequence[tuple[str, str, str, int]]) -> None:
    """Insert quotation rows (values in QUOTE_COLUMNS order) and (quote id, entity id, article id,
    counted) rows of the entities each one is about."""
    if rows:
        marks = ", ".join("?" for _ in QUOTE_COLUMNS)
        store.executemany(f"INSERT INTO quotes ({', '.join(QUOTE_COLUMNS)}) VALUES ({marks})", rows)
    if about:
        store.executemany(
            "INSERT INTO quote_entities (quote_id, entity_id, article_id, counted) VALUES (?, ?, ?, ?)", about)


def listing(store: Store) -> list[dict[str, Any]]:
    """Every quotation row (QUOTE_COLUMNS), by article, then position."""
    return store.query(f"SELECT {', '.join(QUOTE_COLUMNS)} FROM quotes ORDER BY article_id, start_offset, id")
