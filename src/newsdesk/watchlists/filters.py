"""A watchlist's filters: entity, place, source, language and category, beside its query.

The percolator (percolator.py) finds the watchlists whose *query* an article matches by the
article's terms; only those candidates have their filters checked, so the cost per article stays
flat. The filters mean what the search filters mean:
- source, lang, category: the article's value, whole and in any case (search.analysis.keyword);
- entity: the article mentions an entity of that name (its canonical name, an alias, a person's
  surname, or its id); place: the same among places. Names are resolved when matching, so a
  watchlist may name someone the desk has not seen yet.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from newsdesk.lexicon.labels import PLACE_LABELS
from newsdesk.search.analysis import keyword
from newsdesk.store.base import Store

FILTER_NAMES = ("entity", "place", "source", "lang", "category")


class WatchFilterError(ValueError):
    """A filter a user gave that a watchlist cannot keep."""


def clean_filters(values: dict[str, str | None]) -> dict[str, str]:
    """The filters that are set, spaces tidied, in FILTER_NAMES order; unknown names raise."""
    unknown = sorted(set(values) - set(FILTER_NAMES))
    if unknown:
        raise WatchFilterError(f"unknown watchlist filter(s): {', '.join(unknown)}")
    out = {}
    for name in FILTER_NAMES:
        value = " ".join(str(values.get(name) or "").split())
        if value:
            out[name] = value
    return out


def stored_filters(raw: str | None) -> dict[str, str]:
    """The filters of a `watchlists.filters` cell (a JSON object); {} for none or a bad cell."""
    try:
        got = json.loads(raw or "{}")
    except (TypeError, ValueError):
        return {}
    return {k: str(v) for k, v in got.items() if k in FILTER_NAMES and v} if isinstance(got, dict) else {}


@dataclass
class ArticleFacts:
    """What the filters look at in one article (known at link time, before it is stored)."""

    source: str = ""
    lang: str = ""
    categories: set[str] = field(default_factory=set)  # keyword() of each label
    entities: set[str] = field(default_factory=set)  # entity ids mentioned
    places: set[str] = field(default_factory=set)  # the place entities among them

    @classmethod
    def of(cls, source: str | None, language: str | None, categories: Iterable[str],
           entities: Iterable[tuple[str | None, bool]]) -> ArticleFacts:
        """`entities`: (entity id, is a place) pairs of the article's entities."""
        ids = [(eid, place) for eid, place in entities if eid]
        return cls(keyword(source or ""), keyword(language or ""), {keyword(c) for c in categories},
                   {eid for eid, _ in ids}, {eid for eid, place in ids if place})


Resolver = Callable[[str, bool], frozenset[str]]  # (name, places only) -> entity ids


@dataclass(frozen=True)
class WatchFilters:
    source: str | None = None
    lang: str | None = None
    category: str | None = None
    entity: str | None = None
    place: str | None = None

    @classmethod
    def of(cls, values: dict[str, str]) -> WatchFilters:
        return cls(**{k: values[k] for k in FILTER_NAMES if values.get(k)})

    def __bool__(self) -> bool:
        return any((self.source, self.lang, self.category, self.entity, self.place))

    def accepts(self, facts: ArticleFacts, resolve: Resolver) -> bool:
        """Whether the article passes every filter (cheap ones first; names resolved only if needed)."""
        if self.source and keyword(self.source) != facts.source:
            return False
        if self.lang and keyword(self.lang) != facts.lang:
            return False
        if self.category and keyword(self.category) not in facts.categories:
            return False
        if self.entity and not (resolve(self.entity, False) & facts.entities):
            return False
        return not (self.place and not (resolve(self.place, True) & facts.places))


def resolve_entities(store: Store, name: str, places: bool, key: Callable[[str], str]) -> frozenset[str]:
    """Ids of the entities called `name` (as `newsdesk entity NAME` finds them; `key` is the
    registry's name normaliser), only places when `places`."""
    k = key(name)
    if not k:
        return frozenset()
    rows = store.query(
        "SELECT id, type, lat FROM entities WHERE id = ? OR name_key = ? OR (type = 'PERSON' AND surname = ?)"
        " OR id IN (SELECT entity_id FROM entity_aliases WHERE alias_key = ?)", (name.strip(), k, k, k))
    return frozenset(r["id"] for r in rows if not places or r["type"] in PLACE_LABELS or r["lat"] is not None)


def is_place(label: str, lat: float | None, geonameid: str | None) -> bool:
    """A document entity that is a place (as the search index decides it)."""
    return label in PLACE_LABELS or lat is not None or bool(geonameid)
