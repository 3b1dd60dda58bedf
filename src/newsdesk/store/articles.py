"""Reads and small updates of the article table that callers outside the store need (the rows
themselves are written by Store.put_articles)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from newsdesk.store.base import Store


def duplicate_links(store: Store, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """id -> {id, seq, duplicate_of} for the stored ones of these ids."""
    rows = store.select_in("SELECT id, seq, duplicate_of FROM articles WHERE id IN (?*)", sorted(set(ids)))
    return {r["id"]: r for r in rows}


def earliest_by(store: Store, column: str, keys: Iterable[str]) -> list[dict[str, Any]]:
    """Rows {id, duplicate_of, seq, k} of the articles whose `column` (fingerprint or canonical_url)
    is one of `keys`, in seq order within each key."""
    if column not in ("fingerprint", "canonical_url"):
        raise ValueError(f"not a key column of articles: {column!r}")
    return store.select_in(
        f"SELECT id, duplicate_of, seq, {column} AS k FROM articles WHERE {column} IN (?*) ORDER BY seq",
        sorted(keys))


def texts(store: Store, ids: Iterable[str]) -> dict[str, str]:
    """id -> body text."""
    return {r["id"]: r["text"] for r in store.select_in("SELECT id, text FROM articles WHERE id IN (?*)", list(ids))}


def copies_of(store: Store, original: str) -> list[str]:
    """The ids of the articles recorded as duplicates of `original`."""
    return [r["id"] for r in store.query("SELECT id FROM articles WHERE duplicate_of = ?", (original,))]


def repoint_copies(store: Store, old: str, root: str) -> None:
    """The duplicates of `old` point at `root` instead."""
    store.execute("UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ?", (root, old))


def rows_by_seq(store: Store, seqs: Sequence[int], columns: str = "*") -> dict[int, dict[str, Any]]:
    """seq -> row (the given columns, which must include seq)."""
    return {int(r["seq"]): r for r in store.select_in(f"SELECT {columns} FROM articles WHERE seq IN (?*)", seqs)}


def duplicate_counts(store: Store, ids: Sequence[str]) -> dict[str, int]:
    """original id -> how many duplicates point at it (originals without any left out)."""
    rows = store.select_in(
        "SELECT duplicate_of, COUNT(*) AS n FROM articles WHERE duplicate_of IN (?*) GROUP BY duplicate_of", ids)
    return {r["duplicate_of"]: int(r["n"]) for r in rows}


def ids_starting(store: Store, prefix: str, limit: int = 2) -> list[str]:
    """Up to `limit` article ids that start with `prefix` (a shortened id a user typed)."""
    return [r["id"] for r in store.query(f"SELECT id FROM articles WHERE id LIKE ? LIMIT {int(limit)}",
                                         (prefix + "%",))]


CARD_COLUMNS = "id, title, source, published, url"  # what a listing shows of an article


def copy_cards(store: Store, original: str) -> list[dict[str, Any]]:
    """{id, title, source, published, url} of the duplicates of `original`, in ingest order."""
    return store.query(f"SELECT {CARD_COLUMNS} FROM articles WHERE duplicate_of = ? ORDER BY seq", (original,))


def original_card(store: Store, article_id: str) -> dict[str, Any] | None:
    """{id, title, source, published, url} of the original the article duplicates, or None."""
    original = store.scalar("SELECT duplicate_of FROM articles WHERE id = ?", (article_id,))
    if not original:
        return None
    return store.query_one(f"SELECT {CARD_COLUMNS} FROM articles WHERE id = ?", (original,))


def summary(store: Store) -> dict[str, Any]:
    """The article table at a glance: counts, publication span, languages, the 20 largest sources,
    pipeline versions (a desk's stats)."""
    return {
        "articles": store.count_articles(),
        "duplicates": store.count_articles("duplicate_of IS NOT NULL"),
        "truncated": store.count_articles("flags LIKE ?", ('%"truncated"%',)),
        "first_published": store.scalar("SELECT MIN(published) FROM articles"),
        "last_published": store.scalar("SELECT MAX(published) FROM articles"),
        "languages": {r["language"] or "unknown": r["n"] for r in store.query(
            "SELECT language, COUNT(*) AS n FROM articles GROUP BY language ORDER BY n DESC")},
        "sources": {r["source"] or "unknown": r["n"] for r in store.query(
            "SELECT source, COUNT(*) AS n FROM articles GROUP BY source ORDER BY n DESC LIMIT 20")},
        "pipeline_versions": {r["pipeline_version"] or "none": r["n"] for r in store.query(
            "SELECT pipeline_version, COUNT(*) AS n FROM articles GROUP BY pipeline_version")},
    }
