"""The watched feeds: `feeds` (one row per feed, its last outcome and counts) and `feed_entries`
(the entries already seen, so a poll stores only new ones)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsdesk.store.base import Store


def listing(store: Store) -> list[dict[str, Any]]:
    """Every feed row, by URL."""
    return store.query("SELECT * FROM feeds ORDER BY url")


def by_id(store: Store, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """id -> feed row, for the registered ones of these ids."""
    return {r["id"]: r for r in store.select_in("SELECT * FROM feeds WHERE id IN (?*)", ids)}


def count(store: Store) -> int:
    return int(store.scalar("SELECT COUNT(*) FROM feeds") or 0)


def add(store: Store, feed_id: str, url: str, at: str) -> None:
    """Register a feed (nothing happens to one already registered)."""
    store.execute("INSERT INTO feeds (id, url, added_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
                  (feed_id, url, at))


def seen_entries(store: Store, feed_id: str, keys: Sequence[str]) -> set[str]:
    """The entry keys among `keys` this feed has given before."""
    return {r["entry_key"] for r in store.select_in(
        "SELECT entry_key FROM feed_entries WHERE feed_id = ? AND entry_key IN (?*)", keys, before=(feed_id,))}


def add_entries(store: Store, rows: Sequence[tuple[str, str, str | None, str]]) -> None:
    """(feed id, entry key, article id, first seen) rows; an entry already recorded stays as it was."""
    store.executemany(
        "INSERT INTO feed_entries (feed_id, entry_key, article_id, first_seen) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (feed_id, entry_key) DO NOTHING", rows)


def record_error(store: Store, feed_id: str, at: str, error: str) -> None:
    store.execute(
        "UPDATE feeds SET last_checked = ?, last_error = ?, last_error_at = ?, "
        "error_count = error_count + 1, consecutive_errors = consecutive_errors + 1 WHERE id = ?",
        (at, error, at, feed_id))


def record_unchanged(store: Store, feed_id: str, at: str) -> None:
    """A poll the server answered 'not modified'."""
    store.execute("UPDATE feeds SET last_checked = ?, last_success = ?, consecutive_errors = 0 WHERE id = ?",
                  (at, at, feed_id))


def record_success(store: Store, feed_id: str, at: str, title: str | None, etag: str | None,
                   last_modified: str | None, new_entries: int, stored: int) -> None:
    store.execute(
        "UPDATE feeds SET last_checked = ?, last_success = ?, consecutive_errors = 0, title = ?, "
        "etag = ?, last_modified = ?, entry_count = entry_count + ?, article_count = article_count + ? "
        "WHERE id = ?",
        (at, at, title, etag, last_modified, new_entries, stored, feed_id))
