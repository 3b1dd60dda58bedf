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
        where, params = [], []
        if type:
            where.append("type = ?")
            params.append(type.upper())
        language = Filters(lang=lang).lang
        if language:
            where.append("id IN (SELECT ae.entity_id FROM article_entities ae JOIN articles a"
                         " ON a.id = ae.article_id WHERE a.language = ?)")
            params.append(keyword(language))
        for word in (query or "").split():
            where.append("name_key LIKE ?")
            params.append(f"%{alias_key(word)}%")
        cond = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self.store.query(
            f"SELECT * FROM entities {cond} ORDER BY mention_count DESC, article_count DESC, name, id LIMIT ? OFFSET ?",
            (*params, int(top), int(offset)),
        )
        return [entity_row(r) for r in rows]

    def find_entities(self, name: str) -> list[dict[str, Any]]:
        """Entities called `name` (case-insensitive): the canonical name, any alias, a person's
        surname, or an entity id. Most mentioned first."""
        key = alias_key(name)
        if not key:
            return []
        rows = self.store.query(
            "SELECT * FROM entities WHERE id = ? OR name_key = ? OR (type = 'PERSON' AND surname = ?)"
            " OR id IN (SELECT entity_id FROM entity_aliases WHERE alias_key = ?)"
            " ORDER BY mention_count DESC, article_count DESC, name, id LIMIT 100",
            (name.strip(), key, key, key),
        )
        return [entity_row(r) for r in rows]

    def entity(self, entity_id: str) -> dict[str, Any] | None:
        """One entity with its articles (newest first, `article_count` keeps the number), co-occurring
        entities, mentions per day, quotations by and about it, and the stories it is in."""
        row = self.store.query_one("SELECT * FROM entities WHERE id = ?", (entity_id,))
        if row is None:
            return None
        out = entity_row(row)
        eid = row["id"]
        out["article_count"] = out["articles"]  # "articles" becomes the list itself
        out["articles"] = [dict(r) for r in self.store.query(
            "SELECT a.id, a.title, a.published, a.source FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
            " WHERE ae.entity_id = ? AND ae.counted = 1"
            " ORDER BY CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, a.published DESC, a.seq DESC LIMIT ?",
            (eid, MAX_ARTICLES),
        )]
        out["cooccurring"] = [
            {"id": r["id"], "name": r["name"], "type": r["type"], "count": int(r["n"])}
            for r in self.store.query(
                "SELECT e.id, e.name, e.type, COUNT(*) AS n FROM article_entities a"
                " JOIN article_entities b ON b.article_id = a.article_id AND b.entity_id <> a.entity_id"
                " JOIN entities e ON e.id = b.entity_id"
                " WHERE a.entity_id = ? AND a.counted = 1 AND b.counted = 1"
                " GROUP BY e.id, e.name, e.type ORDER BY n DESC, e.mention_count DESC, e.id LIMIT ?",
                (eid, TOP_COOCCURRING),
            )
        ]
        out["timeline"] = [
            {"period": r["period"], "count": int(r["n"])}
            for r in self.store.query(
                "SELECT SUBSTR(published, 1, 10) AS period, SUM(mentions) AS n FROM article_entities"
                " WHERE entity_id = ? AND counted = 1 AND published IS NOT NULL"
                " GROUP BY SUBSTR(published, 1, 10) ORDER BY period",
                (eid,),
            )
        ]
        quotes = getattr(self, "quotes", None)
        out["quotes_by"] = quotes(speaker_id=eid) if callable(quotes) else []
        out["quotes_about"] = quotes(about_id=eid) if callable(quotes) else []
        out["stories"] = self._entity_stories(eid)
        return out

    def _entity_stories(self, entity_id: str) -> list[dict[str, Any]]:
        has_stories = self.store.query_one(
            "SELECT 1 AS ok FROM schema_migrations WHERE name LIKE ? LIMIT 1", ("%stories%",)
        )
        if not has_stories:
            return []
        rows = self.store.query(
            "SELECT s.id, s.title, s.size, COUNT(*) AS n FROM article_entities ae"
            " JOIN articles a ON a.id = ae.article_id JOIN stories s ON s.id = a.story_id"
            " WHERE ae.entity_id = ? AND ae.counted = 1 GROUP BY s.id, s.title, s.size"
            " ORDER BY n DESC, s.size DESC, s.id LIMIT ?",
            (entity_id, TOP_STORIES),
        )
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
        where = ["ae.counted = 1", "e.lat IS NOT NULL", "e.type IN ('GPE', 'LOC', 'FAC')"]
        params: list[Any] = []
        if since:
            where.append("ae.published >= ?")
            params.append(since)
        if until:
            # a date-only bound includes that whole day
            where.append("ae.published < ?" if len(until) > 10 else "SUBSTR(ae.published, 1, 10) <= ?")
            params.append(until)
        language = Filters(lang=lang).lang
        join = " JOIN articles a ON a.id = ae.article_id" if story or language else ""
        if story:
            where.append("a.story_id = ?")
            params.append(story)
        if language:
            where.append("a.language = ?")
            params.append(keyword(language))
        rows = self.store.query(
            "SELECT e.id, e.name, e.lat, e.lon, e.country_code, e.geonameid, e.feature, c.confidence,"
            " SUM(ae.mentions) AS mentions, COUNT(DISTINCT ae.article_id) AS articles"
            f" FROM article_entities ae JOIN entities e ON e.id = ae.entity_id{join}"
            " LEFT JOIN place_confidence c ON c.entity_id = e.id"
            f" WHERE {' AND '.join(where)}"
            " GROUP BY e.id, e.name, e.lat, e.lon, e.country_code, e.geonameid, e.feature, c.confidence"
            " ORDER BY mentions DESC, articles DESC, e.id LIMIT ?",
            (*params, int(limit)),
        )
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
        out["entities"] = int(self.store.scalar("SELECT COUNT(*) FROM entities") or 0)
        out["entities_by_type"] = {r["type"]: int(r["n"]) for r in self.store.query(
            "SELECT type, COUNT(*) AS n FROM entities GROUP BY type ORDER BY n DESC")}
        return out
