"""Story reads outside the stories' own linking (whose SQL is stories/state.py): the whole
`stories` table and its members, for export."""

from __future__ import annotations

from collections.abc import Sequence
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


def find(store: Store, *, top: int, offset: int = 0, since: str | None = None, breaking_after: str | None = None,
         language: str | None = None, words: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Story rows, newest day first and biggest first within a day: last seen at or after `since`;
    flagged breaking and last seen at or after `breaking_after`; with an article in `language`; with
    every one of `words` (lower case) in the title, summary or names."""
    where: list[str] = []
    params: list[Any] = []
    if since:
        where.append("last_seen >= ?")
        params.append(since)
    if breaking_after:
        where.append("breaking = 1 AND last_seen >= ?")
        params.append(breaking_after)
    if language:
        where.append("id IN (SELECT story_id FROM articles WHERE language = ? AND story_id IS NOT NULL)")
        params.append(language)
    for word in words:
        where.append("(LOWER(title) LIKE ? OR LOWER(summary) LIKE ? OR LOWER(names) LIKE ?)")
        like = f"%{word}%"
        params.extend([like, like, like])
    cond = f"WHERE {' AND '.join(where)}" if where else ""
    return store.query(
        f"SELECT * FROM stories {cond} ORDER BY CASE WHEN last_seen IS NULL THEN 1 ELSE 0 END, "
        f"SUBSTR(last_seen, 1, 10) DESC, size DESC, last_seen DESC, id LIMIT ? OFFSET ?",
        (*params, int(top), int(offset)),
    )


def get(store: Store, story_id: str, min_prefix: int = 6) -> dict[str, Any] | None:
    """A story's row by its id, by the id of a story merged into it, or by a unique prefix of at least
    `min_prefix` characters of its id."""
    row = store.query_one("SELECT * FROM stories WHERE id = ?", (story_id,))
    if row is None:
        moved = store.scalar("SELECT into_id FROM story_merges WHERE from_id = ?", (story_id,))
        if moved:
            row = store.query_one("SELECT * FROM stories WHERE id = ?", (moved,))
    if row is None and len(story_id) >= min_prefix:
        rows = store.query("SELECT * FROM stories WHERE id LIKE ? LIMIT 2", (story_id + "%",))
        if len(rows) == 1:
            row = rows[0]
    return row


def articles(store: Store, story_id: str, limit: int) -> list[dict[str, Any]]:
    """{id, title, source, published, url, duplicate_of, language} of the story's articles, oldest
    first (undated last), at most `limit`."""
    return store.query(
        "SELECT id, title, source, published, url, duplicate_of, language FROM articles WHERE story_id = ? "
        "ORDER BY CASE WHEN published IS NULL THEN 1 ELSE 0 END, published, seq LIMIT ?",
        (story_id, limit),
    )


def counts(store: Store) -> tuple[int, int]:
    """(stories, stories of more than one article)."""
    return (int(store.scalar("SELECT COUNT(*) FROM stories") or 0),
            int(store.scalar("SELECT COUNT(*) FROM stories WHERE size > 1") or 0))
