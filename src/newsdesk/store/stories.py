"""Story reads outside the stories' own linking (whose SQL is stories/state.py): the whole
`stories` table and its members, for export."""

from __future__ import annotations

from typing import Any

from newsdesk.store.base import Store


def members(store: Store) -> dict[str, list[str]]:
    """story id -> the ids of its articles, in canonical order."""
    members: dict[str, list[str]] = {}
    for r in store.query("SELECT id, story_id FROM articles WHERE story_id IS NOT NULL ORDER BY seq"):
        members.setdefault(r["story_id"], []).append(r["id"])
    return members


def listing(store: Store) -> list[dict[str, Any]]:
    """Every story's id, title, summary, first/last seen, size and number of sources, by id."""
    return store.query("SELECT id, title, summary, first_seen, last_seen, size, n_sources FROM stories ORDER BY id")
