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
