"""The query tree compiled to tantivy query objects.

Queries are built as objects, never as tantivy query-language strings, so nothing a user types can
reach tantivy's own parser (no injection of its syntax, no escaping to get wrong).
"""

from __future__ import annotations

import tantivy
from tantivy import Occur, Query

from newsdesk.search.analysis import analyze, keyword, variants
from newsdesk.search.compile_base import QueryCompiler
from newsdesk.search.filters import Filters

# Unfielded words search both; a match in the title counts this many times a match in the body.
TITLE_BOOST = 2.0
# Query-language fields -> (index field, boost) pairs searched.
TEXT_FIELDS: dict[str | None, list[tuple[str, float]]] = {
    None: [("title", TITLE_BOOST), ("text", 1.0)],
    "title": [("title", 1.0)],
    "text": [("text", 1.0)],
    "source": [("source_t", 1.0)],
}


# Fields of articles in other languages (search/analysis.py), beside their English counterparts.
ML_FIELDS = {"title": "title_ml", "text": "text_ml"}


class TantivyCompiler(QueryCompiler[Query]):
    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema

    def term(self, text: str, field: str | None) -> Query | None:
        if field == "lang":
            value = keyword(text)
            return Query.term_query(self.schema, "lang", value) if value else None
        terms = list(analyze(text))
        if not terms:
            return None
        parts = []
        for name, boost in TEXT_FIELDS[field]:
            parts.append(self._match(name, terms, boost))
            # the same field of articles in other languages, in every form the word may take there
            for forms in variants(text) if name in ML_FIELDS else ():
                parts.append(self._match(ML_FIELDS[name], list(forms), boost))
        return parts[0] if len(parts) == 1 else Query.boolean_query([(Occur.Should, p) for p in parts])

    def _match(self, name: str, terms: list[str], boost: float) -> Query:
        if len(terms) == 1:
            q = Query.term_query(self.schema, name, terms[0])
        else:
            q = Query.phrase_query(self.schema, name, terms)
        return Query.boost_query(q, boost) if boost != 1.0 else q

    # A phrase is a word that may contain spaces: both become a phrase query of their terms.
    phrase = term

    def conjunction(self, must: list[Query], must_not: list[Query]) -> Query:
        return Query.boolean_query([(Occur.Must, q) for q in must] + [(Occur.MustNot, q) for q in must_not])

    def disjunction(self, should: list[Query]) -> Query:
        return Query.boolean_query([(Occur.Should, q) for q in should])

    def match_all(self) -> Query:
        return Query.all_query()

    def match_none(self) -> Query:
        return Query.empty_query()

    # --- filters -----------------------------------------------------------------------------------
    def filters(self, filters: Filters) -> list[Query]:
        """One query per filter; they restrict but never score (constant score 0)."""
        s = self.schema
        out = []
        if filters.lang:
            out.append(Query.term_query(s, "lang", keyword(filters.lang)))
        if filters.source:
            out.append(Query.term_query(s, "source_kw", keyword(filters.source)))
        for name in ("entity", "story", "place"):
            value = getattr(filters, name)
            if value:
                out.append(Query.term_query(s, name, value))
        if filters.category:
            out.append(Query.term_query(s, "category", keyword(filters.category)))
        if filters.since_day is not None or filters.until_day is not None:
            out.append(Query.range_query(s, "day", tantivy.FieldType.Integer, filters.since_day, filters.until_day))
        return [Query.const_score_query(q, 0.0) for q in out]

    def with_filters(self, q: Query, filters: Filters) -> Query:
        extra = self.filters(filters)
        if not extra:
            return q
        return Query.boolean_query([(Occur.Must, q)] + [(Occur.Must, f) for f in extra])
