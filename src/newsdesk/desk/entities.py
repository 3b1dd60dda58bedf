"""Entities on the desk: the registry's people, organisations and places, and where they appear.

Read-only over the tables the `registry` linker writes (see link/registry.py). Every method returns
JSON-ready dicts; counts leave duplicates out.
"""

from __future__ import annotations

from typing import Any

from newsdesk.desk.core import DeskCore
from newsdesk.link.registry import alias_key, entity_row
from newsdesk.search.analysis import keyword
from newsdesk.search.filters import Filters
from newsdesk.store import entities as entity_rows

MAX_ARTICLES = 100
TOP_COOCCURRING = 20
TOP_STORIES = 10


class EntitiesAPI(DeskCore):
    def entities(
        self, type: str | None = None, top: int = 50, offset: int = 0, query: str | None = None,
        lang: str | None = None,
    ) -> list[dict[str, Any]]:
        """Canonical entities, most mentioned first. `type`: a spaCy label (PERSON, ORG, GPE, ...);
        `query`: words that must appear in the name (case-insensitive); `lang`: only entities
        mentioned in an article in this language (ISO 639-1 code)."""
        if top < 0 or offset < 0:
            raise ValueError("top and offset must not be negative")
        language = Filters(lang=lang).lang
        rows = entity_rows.find(self.store, top=top, offset=offset, type_=type.upper() if type else None,
                                language=keyword(language) if language else None,
                                name_parts=[alias_key(word) for word in (query or "").split()])
        return [entity_row(r) for r in rows]

    def find_entities(self, name: str) -> list[dict[str, Any]]:
        """Entities called `name` (case-insensitive): the canonical name, any alias, a person's
        surname, or an entity id. Most mentioned first."""
        key = alias_key(name)
        if not key:
            return []
        rows = entity_rows.called(self.store, name.strip(), key)
        return [entity_row(r) for r in rows]

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """One entity with its articles (newest first, `article_count` keeps the number), co-occurring
        entities, mentions per day, quotations by and about it, and the stories it is in."""
        row = entity_rows.get(self.store, entity_id)
        if row is None:
            return None
        out = entity_row(row)
        eid = row["id"]
        out["article_count"] = out["articles"]  # "articles" becomes the list itself
        out["articles"] = [dict(r) for r in entity_rows.articles_of(self.store, eid, MAX_ARTICLES)]
        out["cooccurring"] = [
            {"id": r["id"], "name": r["name"], "type": r["type"], "count": int(r["n"])}
            for r in entity_rows.cooccurring(self.store, eid, TOP_COOCCURRING)
        ]
        out["timeline"] = [
            {"period": r["period"], "count": int(r["n"])}
            for r in entity_rows.mentions_per_day(self.store, eid)
        ]
        quotes = getattr(self, "quotes", None)
        out["quotes_by"] = quotes(speaker_id=eid) if callable(quotes) else []
        out["quotes_about"] = quotes(about_id=eid) if callable(quotes) else []
        out["stories"] = self._entity_stories(eid)
        return out

    def _entity_stories(self, entity_id: str) -> list[dict[str, Any]]:
        rows = entity_rows.stories_of(self.store, entity_id, TOP_STORIES)
        return [{"id": r["id"], "title": r["title"], "size": int(r["size"] or 0)} for r in rows]

    def places(
        self, since: str | None = None, until: str | None = None, story: str | None = None, limit: int = 500,
        lang: str | None = None,
    ) -> list[dict[str, Any]]:
        """Located places with their mentions, articles and confidence (0..1, 1 when pinned; None
        when unknown), optionally within a time window
        (article time, ISO dates or datetimes), one story or articles in one language (`lang`,
        ISO 639-1: mentions counted there only); most mentioned first."""
        if limit < 0:
            raise ValueError("limit must not be negative")
        language = Filters(lang=lang).lang
        rows = entity_rows.located_mentions(self.store, limit=limit, since=since, until=until, story=story,
                                            language=keyword(language) if language else None)
        return [
            {"id": r["id"], "name": r["name"], "lat": r["lat"], "lon": r["lon"], "country_code": r["country_code"],
             "geonameid": r["geonameid"], "feature": r["feature"],
             "confidence": float(r["confidence"]) if r["confidence"] is not None else None,
             "mentions": int(r["mentions"] or 0),
             "articles": int(r["articles"] or 0)}
            for r in rows
        ]

    def _extra_stats(self) -> dict[str, Any]:
        out = super()._extra_stats()
        out["entities"], out["entities_by_type"] = entity_rows.counts_by_type(self.store)
        return out
