"""`--watchlist NAME` and `--category LABEL` (a rule category) as search filters: the saved query is
ANDed with the user's, so a search, a timeline or facets see exactly the watchlist's articles on
every backend, with no index field of their own."""

from __future__ import annotations

from newsdesk.search.filters import FilterError, Filters
from newsdesk.search.query import And, MatchAll, Node, parse
from newsdesk.store.base import Store


def narrow(store: Store, node: Node, filters: Filters) -> Node:
    """`node` restricted to the filters' watchlist and rule category (unchanged when neither is set)."""
    extra: list[Node] = []
    name = getattr(filters, "watchlist", None)
    if name:
        row = store.query_one("SELECT query FROM watchlists WHERE name = ? AND kind = 'watchlist'", (name,))
        if not row:
            raise FilterError(f"--watchlist: no watchlist named {name!r}")
        extra.append(parse(row["query"]))
    label = getattr(filters, "category", None)
    if label:
        row = store.query_one("SELECT query FROM watchlists WHERE name = ? AND kind = 'rule'", (label,))
        if not row:
            raise FilterError(f"--category: no rule category {label!r} (learned categories cannot filter "
                              "a search yet)")
        extra.append(parse(row["query"]))
    if not extra:
        return node
    parts = [] if isinstance(node, MatchAll) else [node]
    parts.extend(extra)
    return parts[0] if len(parts) == 1 else And(tuple(parts))
