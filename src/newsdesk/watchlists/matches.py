"""Watchlist rows in the store: loading the percolator, the time a match counts at, delivery ids."""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.model import short_hash
from newsdesk.store.base import Store
from newsdesk.watchlists.categories import Classifier
from newsdesk.watchlists.filters import WatchFilters, stored_filters
from newsdesk.watchlists.percolator import Percolator, Watch

REV_KEY = "watchlists_rev"  # desk_meta: bumped whenever a watchlist is added or removed
CATEGORIES_REV = "categories_rev"  # desk_meta: bumped whenever the classifier is trained again


def watchlist_id(name: str) -> str:
    return short_hash("watchlist", name)


def delivery_id(watch_id: str, article_id: str) -> str:
    """Stable across retries and reprocessing: receivers drop a repeat by it."""
    return short_hash("delivery", watch_id, article_id)


def parse_time(value: str | None) -> datetime | None:
    """An ISO-8601 date or datetime as an aware UTC datetime (a bare date is its midnight UTC)."""
    if not value:
        return None
    try:
        t = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t.astimezone(UTC)


def iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def match_time(published: str | None, ingested_at: str | None) -> str:
    """When a match counts: the article's publication time, else when it was ingested, else now."""
    t = parse_time(published) or parse_time(ingested_at) or datetime.now(UTC)
    return iso(t)


def bump_rev(store: Store, key: str = REV_KEY) -> None:
    store.set_meta(key, str(int(store.get_meta(key, "0") or 0) + 1))


class PercolatorCache:
    """The desk's watchlists as a percolator, rebuilt only when the revision in desk_meta moves."""

    def __init__(self) -> None:
        self.rev: str | None = None
        self.percolator = Percolator()
        self.info: dict[str, dict] = {}
        self.special: dict[str, dict] = {}  # watchlists with a webhook, and rule categories
        self.filters: dict[str, WatchFilters] = {}  # watchlists with filters beyond their query

    def get(self, store: Store) -> Percolator:
        rev = store.get_meta(REV_KEY, "0")
        if rev != self.rev:
            rows = store.query("SELECT id, name, query, kind, webhook, filters FROM watchlists ORDER BY created_at, name")
            watches = []
            for r in rows:
                try:
                    watches.append(Watch.of(r["id"], r["query"]))
                except ValueError:  # stored before a grammar change: skipped, reported by `watchlist list`
                    continue
            self.percolator = Percolator(watches)
            self.info = {r["id"]: r for r in rows}
            self.special = {r["id"]: r for r in rows if r["kind"] == "rule" or r["webhook"]}
            self.filters = {r["id"]: f for r in rows if (f := WatchFilters.of(stored_filters(r["filters"])))}
            self.rev = rev
        return self.percolator


class ClassifierCache:
    """The desk's trained classifier (or None), loaded again only when it was retrained."""

    def __init__(self) -> None:
        self.rev: str | None = None
        self.classifier: Classifier | None = None

    def get(self, store: Store) -> Classifier | None:
        rev = store.get_meta(CATEGORIES_REV, "0")
        if rev != self.rev:
            row = store.query_one("SELECT model FROM classifiers WHERE name = 'default'")
            self.classifier = Classifier.loads(row["model"]) if row else None
            self.rev = rev
        return self.classifier
