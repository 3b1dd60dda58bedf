"""Change marking: stored articles whose derived data (the search index) must be written again.

A link step or a correction that changes stored articles outside an ingest marks them inside its
own transaction; the search index's sync picks the marks up, writes those articles again and clears
the marks (search/sync.py). Kept in the store so that writers need not know who reads the marks.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.store.base import Store


def mark_changed(store: Store, ids: Sequence[str]) -> None:
    """Record (inside the caller's transaction) that these stored articles changed."""
    if ids:
        store.executemany(
            "INSERT INTO search_pending (article_id) VALUES (?) ON CONFLICT (article_id) DO NOTHING",
            [(i,) for i in dict.fromkeys(ids)],
        )


def changed(store: Store) -> list[str]:
    """The ids marked as changed and not yet cleared."""
    return [r["article_id"] for r in store.query("SELECT article_id FROM search_pending")]


def any_changed(store: Store) -> bool:
    return bool(store.scalar("SELECT COUNT(*) FROM search_pending"))


def clear_changed(store: Store, ids: Sequence[str] | None = None) -> None:
    """Forget the marks of these ids (all marks when None), in one transaction."""
    with store.transaction():
        if ids is None:
            store.execute("DELETE FROM search_pending")
        else:
            store.execute_in("DELETE FROM search_pending WHERE article_id IN (?*)", ids)
