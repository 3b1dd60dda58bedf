"""`--watchlist NAME` and `--category LABEL` as search filters.

A watchlist's saved query is ANDed with the user's (and its own filters joined to the user's), so a
search, a timeline or facets see exactly the watchlist's articles on every backend, with no index
field of their own. A category (learned or rule) is an index field (search/sync.py reads an
article's categories from the store): here it is only checked to be one the desk knows, so a typo
says so instead of finding nothing.
"""

from __future__ import annotations

import dataclasses
import json

from newsdesk.search.analysis import keyword
from newsdesk.search.filters import FilterError, Filters
from newsdesk.search.query import And, MatchAll, Node, parse
from newsdesk.store.base import Store
from newsdesk.watchlists.filters import Resolver, stored_filters


def narrow(store: Store, node: Node, filters: Filters) -> Node:
    """`node` restricted to the filters' watchlist (unchanged when none is set); checks the category."""
    if filters.category:
        check_category(store, filters.category)
    name = filters.watchlist
    if not name:
        return node
    row = store.query_one("SELECT query FROM watchlists WHERE name = ? AND kind = 'watchlist'", (name,))
    if not row:
        raise FilterError(f"--watchlist: no watchlist named {name!r}")
    extra = parse(row["query"])
    if isinstance(node, MatchAll):
        return extra
    if isinstance(extra, MatchAll):
        return node
    return And((node, extra))


def narrow_filters(store: Store, filters: Filters, resolve: Resolver) -> Filters:
    """The filters with those of `--watchlist`'s watchlist joined in. An entity or place filter
    becomes the id of the most mentioned entity of that name (a search filters by one id); a
    filter the user gave that contradicts the watchlist's raises FilterError."""
    name = filters.watchlist
    if not name:
        return filters
    row = store.query_one("SELECT filters FROM watchlists WHERE name = ? AND kind = 'watchlist'", (name,))
    saved = stored_filters(row["filters"]) if row else {}
    given: dict[str, str] = {}
    for key, value in saved.items():
        if key in ("entity", "place"):
            value = _most_mentioned(store, resolve(value, key == "place")) or value
        mine = getattr(filters, key)
        if mine is not None and _norm(key, mine) != _norm(key, value):
            raise FilterError(f"--{key} {mine!r} contradicts watchlist {name!r}'s {key} {value!r}")
        given[key] = value
    return dataclasses.replace(filters, **given) if given else filters


def _most_mentioned(store: Store, ids: frozenset[str]) -> str | None:
    if not ids:
        return None
    rows = store.select_in("SELECT id, mention_count FROM entities WHERE id IN (?*)", sorted(ids))
    return min(rows, key=lambda r: (-int(r["mention_count"] or 0), r["id"]))["id"] if rows else None


def _norm(key: str, value: str) -> str:
    return keyword(value) if key in ("source", "lang", "category") else value


def check_category(store: Store, label: str) -> None:
    """FilterError unless some article, the trained classifier or a rule has this label (any case)."""
    want = keyword(label)
    if store.query_one("SELECT 1 AS ok FROM article_categories WHERE label = ? LIMIT 1", (label,)):
        return
    known = {keyword(r["label"]) for r in store.query("SELECT DISTINCT label FROM article_categories")}
    row = store.query_one("SELECT labels FROM classifiers WHERE name = 'default'")
    if row:
        known.update(keyword(str(x)) for x in json.loads(row["labels"]))
    known.update(keyword(r["name"]) for r in store.query("SELECT name FROM watchlists WHERE kind = 'rule'"))
    if want not in known:
        raise FilterError(f"--category: no category {label!r} (newsdesk categories lists them)")

