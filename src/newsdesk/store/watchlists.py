"""The tables the watchlists link step writes: `watchlist_matches`, the webhook `outbox` and
`article_categories` (rule and learned categories)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsdesk.store.base import Store


def forget(store: Store, article_ids: Sequence[str]) -> None:
    """Remove the matches and categories of these articles."""
    store.execute_in("DELETE FROM watchlist_matches WHERE article_id IN (?*)", article_ids)
    store.execute_in("DELETE FROM article_categories WHERE article_id IN (?*)", article_ids)


def put_matches(store: Store, rows: Sequence[tuple[Any, ...]]) -> None:
    """(watchlist id, article id, seq, at, counted) rows; a match already stored is updated."""
    if rows:
        store.executemany(
            "INSERT INTO watchlist_matches (watchlist_id, article_id, seq, at, counted) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (article_id, watchlist_id) DO UPDATE SET seq = excluded.seq, at = excluded.at,"
            " counted = excluded.counted", rows)


def queue_deliveries(store: Store, rows: Sequence[tuple[str, str, str, str, str]]) -> None:
    """(delivery id, watchlist id, article id, created at, next attempt at) rows, each queued once."""
    if rows:
        store.executemany(
            "INSERT INTO outbox (delivery_id, watchlist_id, article_id, created_at, next_attempt_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (delivery_id) DO NOTHING", rows)


def put_categories(store: Store, rows: Sequence[tuple[str, str, float, str]]) -> None:
    """(article id, label, score, source) rows; a label already given is overwritten."""
    if rows:
        store.executemany(
            "INSERT INTO article_categories (article_id, label, score, source) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (article_id, label) DO UPDATE SET score = excluded.score, source = excluded.source",
            rows)


def replace_learned(store: Store, article_ids: Sequence[str], rows: Sequence[tuple[str, str, float]]) -> None:
    """The learned (source 'model') categories of these articles become (article id, label, score)
    `rows`; a label the article already has from a rule stays."""
    store.execute_in("DELETE FROM article_categories WHERE source = 'model' AND article_id IN (?*)", article_ids)
    store.executemany(
        "INSERT INTO article_categories (article_id, label, score, source) VALUES (?, ?, ?, 'model')"
        " ON CONFLICT (article_id, label) DO NOTHING", rows)


def categories_of(store: Store, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """{article_id, label, score} rows of these articles' categories (any order)."""
    return store.select_in("SELECT article_id, label, score FROM article_categories WHERE article_id IN (?*)",
                           article_ids)


def watchlists_of(store: Store, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """{article_id, name} rows of the watchlists (not rule categories) matching these articles."""
    return store.select_in(
        "SELECT m.article_id, w.name FROM watchlist_matches m JOIN watchlists w ON w.id = m.watchlist_id"
        " WHERE w.kind = 'watchlist' AND m.article_id IN (?*)", article_ids)
