"""Full-text search inside PostgreSQL: the query tree compiled to a tsquery, a GIN-indexed tsvector.

A PostgreSQL desk keeps its index in the database itself (migration 0007_fulltext.postgres.sql):
`search_docs` holds one weighted tsvector per article — title 'A', body 'B', source 'C' — and the
filter columns; `search_entities` the entities and places each article mentions, and its categories. Every process
that opens the desk (several ingests, a web server) reads and writes the same index, so there is
no index file to keep beside the store and no lock besides the desk's own.

The query language compiles to tsquery text built from the tree (`&`, `|`, `!`, `<->`), as
`websearch_to_tsquery` would build it from user syntax but with newsdesk's grammar: a word or a
phrase is analysed by PostgreSQL itself (`phraseto_tsquery` with the desk's `newsdesk` text
search configuration, the same one that built the documents), then restricted by weight to its
field: `'elect':A` for title:, `:B` for text:, `:C` for source:, `:AB` for an unfielded word.
The language is a keyword lexeme (`'~lang:en'`), so `lang:` works inside any expression.

Analysis is kept equal to the tantivy analyzer's (search/analysis.py): words are runs of letters
and digits (Python splits them out before PostgreSQL sees the text), tokens of 40 bytes or more
are dropped, accents folded, lower-cased, English Snowball stems, no stop words. An article in
another language is analysed in Python by its language's analysis (`analysis.index_text`: its own
stemmer, Chinese/Japanese/Korean character pairs) and stored as lexemes of their own (`'~ml:term'`,
with positions and weights), apart from the English ones as tantivy keeps them in other fields; a
query word is looked up there in every form `analysis.variants` gives it. The two backends
therefore find the same articles for the same query; only the ranking functions differ.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict
from functools import lru_cache
from typing import Any

from newsdesk.search.analysis import ANALYZER_VERSION, index_text, is_english, keyword, variants
from newsdesk.search.compile_base import QueryCompiler
from newsdesk.search.filters import Filters
from newsdesk.search.index import HitPage, IndexDoc, IndexState, SearchIndex
from newsdesk.search.query import Node
from newsdesk.store.base import Store

CONFIG = "newsdesk"
STATE_KEY = "search_index_state"
# ts_rank weights for {D, C, B, A}: a title match counts twice a body match, as in tantivy.
RANK_WEIGHTS = "{0.05, 0.25, 0.5, 1.0}"
_WORD = re.compile(r"[^\W_]+")
_LEXEME = re.compile(r"'((?:[^']|'')*)'")
_FIELD_WEIGHTS = {None: "AB", "title": "A", "text": "B", "source": "C"}
# Lexemes of articles in other languages: a prefix no English lexeme has (those are letters and digits).
ML_PREFIX = "~ml:"
# PostgreSQL keeps positions up to this (larger ones are stored as it) and 256 per lexeme.
_MAX_POS = 16383
_MAX_POSITIONS = 256
_ALL = "*"  # the compiled form of "every article"
_NONE = ""  # ... and of "no article"


def words(text: str) -> str:
    """The text as the index sees it: its words (letter and digit runs under 40 bytes), spaced."""
    return " ".join(w for w in _WORD.findall(text or "") if len(w.encode("utf-8")) < 40)


def _quote_lexeme(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def lang_lexeme(lang: str) -> str:
    """The language as a lexeme no analysed word can be (the analysis keeps letters and digits)."""
    return f"~lang:{keyword(lang)}"


def ml_tsvector(title: str, text: str, language: str | None) -> str:
    """tsvector text of an article in another language: the terms of its title (weight A) and body
    (B) as its language's analysis gives them (`index_text`), prefixed, at their positions (so
    phrases of terms, Chinese character pairs included, match as in tantivy)."""
    positions: dict[str, list[str]] = {}
    pos = 0
    for weight, part in (("A", title), ("B", text)):
        for term in index_text(part or "", language).split():
            pos += 1
            at = positions.setdefault(term, [])
            if len(at) < _MAX_POSITIONS and (pos <= _MAX_POS or not at):
                at.append(f"{min(pos, _MAX_POS)}{weight}")
        pos += 1  # the title's last term and the body's first are no phrase
    return " ".join(f"{_quote_lexeme(ML_PREFIX + t)}:{','.join(at)}" for t, at in positions.items())


def ml_tsquery(text: str, weight: str) -> list[str]:
    """tsquery text for each form a query word may take in the other languages' lexemes."""
    out = []
    for forms in variants(text):
        parts = [f"{_quote_lexeme(ML_PREFIX + t)}:{weight}" for t in forms]
        out.append(parts[0] if len(parts) == 1 else "(" + " <-> ".join(parts) + ")")
    return out


class TsQueryCompiler(QueryCompiler[str]):
    """The query tree -> tsquery text (to be cast with `::tsquery`, never re-analysed)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._analyse = lru_cache(maxsize=4096)(self._phrase_tsquery)

    def _phrase_tsquery(self, text: str) -> str:
        return str(self.store.scalar(f"SELECT phraseto_tsquery('{CONFIG}', ?)::text", (text,)) or "")

    def term(self, text: str, field: str | None) -> str | None:
        if field == "lang":
            value = keyword(text)
            return _quote_lexeme(lang_lexeme(value)) if value else None
        weight = _FIELD_WEIGHTS[field]
        spaced = words(text)
        q = self._analyse(spaced) if spaced else ""
        parts = ["(" + _LEXEME.sub(lambda m: f"'{m.group(1)}':{weight}", q) + ")"] if q else []
        if field != "source":  # articles in other languages: their title and body lexemes
            parts += ml_tsquery(text, weight)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else "(" + " | ".join(parts) + ")"

    # A phrase is a word that may contain spaces: both become a phrase of their terms.
    phrase = term

    def conjunction(self, must: list[str], must_not: list[str]) -> str:
        parts = [q for q in must if q != _ALL]
        parts += [f"!{q}" for q in must_not]
        if not parts:
            return _ALL
        return "(" + " & ".join(parts) + ")"

    def disjunction(self, should: list[str]) -> str:
        if _ALL in should:
            return _ALL
        return "(" + " | ".join(should) + ")"

    def match_all(self) -> str:
        return _ALL

    def match_none(self) -> str:
        return _NONE


class PostgresIndex(SearchIndex):
    """The search index of a PostgreSQL desk, in the desk's own database."""

    FORMAT = 3  # 2: categories in search_entities; 3: other languages analysed in their language

    def __init__(self, store: Store) -> None:
        if store.dialect != "postgres":
            raise ValueError("PostgresIndex needs a PostgreSQL store")
        self.store = store
        self.compiler = TsQueryCompiler(store)

    def _format(self) -> int:
        return self.FORMAT * 1000 + ANALYZER_VERSION

    # --- state -------------------------------------------------------------------------------------
    def state(self) -> IndexState | None:
        raw = self.store.get_meta(STATE_KEY)
        if not raw:
            return None
        try:
            data = json.loads(raw)
            state = IndexState(int(data["batch"]), str(data.get("desk", "")), int(data.get("format", 0)))
        except (ValueError, KeyError, TypeError):
            return None
        return state if state.format == self._format() else None

    def commit(self, state: IndexState) -> None:
        # Writes are already durable (each write() is a transaction); record what they cover.
        state.format = self._format()
        with self.store.transaction():
            self.store.set_meta(STATE_KEY, json.dumps(asdict(state)))

    # --- writing -----------------------------------------------------------------------------------
    def write(self, docs: Sequence[IndexDoc]) -> None:
        if not docs:
            return
        docs = sorted({d.id: d for d in docs}.values(), key=lambda d: d.id)
        rows = [(
            d.id, d.seq, d.group, 1 if d.duplicate else 0, d.source, keyword(d.source) if d.source else None,
            keyword(d.language) if d.language else None, d.day, d.story,
            *((words(d.title), words(d.text), "") if is_english(d.language)
              else ("", "", ml_tsvector(d.title, d.text, d.language))),
            words(d.source or ""), [lang_lexeme(d.language)] if d.language else [],
        ) for d in docs]
        entity_rows = [(d.id, kind, value) for d in docs
                       for kind, values in (("entity", d.entities), ("place", d.places),
                                            ("category", [keyword(c) for c in d.categories]))
                       for value in dict.fromkeys(values)]
        ids = [d.id for d in docs]
        # Inside the desk's write lock: index writes of concurrent processes never interleave.
        with self.store.transaction():
            self.store.executemany(
                f"INSERT INTO search_docs (id, seq, grp, dup, source, source_kw, lang, day, story, tsv)"
                f" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?,"
                f" setweight(to_tsvector('{CONFIG}', ?), 'A') || setweight(to_tsvector('{CONFIG}', ?), 'B')"
                f" || CAST(? AS tsvector) || setweight(to_tsvector('{CONFIG}', ?), 'C')"
                f" || array_to_tsvector(CAST(? AS TEXT[])))"
                " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, grp = excluded.grp, dup = excluded.dup,"
                " source = excluded.source, source_kw = excluded.source_kw, lang = excluded.lang,"
                " day = excluded.day, story = excluded.story, tsv = excluded.tsv",
                rows,
            )
            self.store.execute_in("DELETE FROM search_entities WHERE article_id IN (?*)", ids)
            if entity_rows:
                self.store.executemany(
                    "INSERT INTO search_entities (article_id, kind, value) VALUES (?, ?, ?)"
                    " ON CONFLICT (article_id, kind, value) DO NOTHING",
                    entity_rows,
                )

    def clear(self) -> None:
        with self.store.transaction():
            self.store.execute("DELETE FROM search_entities")
            self.store.execute("DELETE FROM search_docs")

    def count(self) -> int:
        return int(self.store.scalar("SELECT COUNT(*) FROM search_docs") or 0)

    # --- reading -----------------------------------------------------------------------------------
    def compile(self, node: Node) -> str:
        """The tsquery text of a query tree ("*": every article, "": none)."""
        return self.compiler.compile(node)

    def _matches(self, node: Node, filters: Filters, collapse: bool) -> tuple[str, list[Any]] | None:
        """SQL (a SELECT of seq, grp, dup, score, id) for the matching documents, or None if none."""
        tsq = self.compile(node)
        if tsq == _NONE:
            return None
        where, params = ["TRUE"], []
        score = "0.0"
        score_params: list[Any] = []
        if tsq != _ALL:
            where.append("d.tsv @@ CAST(? AS tsquery)")
            params.append(tsq)
            score = f"ts_rank('{RANK_WEIGHTS}', d.tsv, CAST(? AS tsquery))"
            score_params.append(tsq)
        if filters.lang:
            where.append("d.lang = ?")
            params.append(keyword(filters.lang))
        if filters.source:
            where.append("d.source_kw = ?")
            params.append(keyword(filters.source))
        if filters.story:
            where.append("d.story = ?")
            params.append(filters.story)
        category = keyword(filters.category) if filters.category else None
        for kind, value in (("entity", filters.entity), ("place", filters.place), ("category", category)):
            if value:
                where.append("EXISTS (SELECT 1 FROM search_entities e WHERE e.article_id = d.id"
                             " AND e.kind = ? AND e.value = ?)")
                params += [kind, value]
        if filters.since_day is not None:
            where.append("d.day >= ?")
            params.append(filters.since_day)
        if filters.until_day is not None:
            where.append("d.day <= ?")
            params.append(filters.until_day)
        sql = (f"SELECT d.id, d.seq, d.grp, d.dup, d.source, d.lang, d.story, d.day, {score} AS score"
               f" FROM search_docs d WHERE {' AND '.join(where)}")
        if collapse:
            # Each group of copies once: its original when that matches, else its first matching copy.
            sql = f"SELECT DISTINCT ON (grp) * FROM ({sql}) AS m0 ORDER BY grp, dup, seq"
        return sql, score_params + params

    def search(self, node: Node, filters: Filters, limit: int, offset: int, collapse: bool) -> HitPage:
        got = self._matches(node, filters, collapse)
        if got is None:
            return HitPage(total=0, hits=[])
        sql, params = got
        rows = self.store.query(
            f"SELECT seq, score, COUNT(*) OVER () AS total FROM ({sql}) AS m"
            f" ORDER BY score DESC, seq LIMIT {max(1, int(limit))} OFFSET {max(0, int(offset))}",
            params,
        )
        if rows:
            total = int(rows[0]["total"])
        else:
            total = int(self.store.scalar(f"SELECT COUNT(*) FROM ({sql}) AS m", params) or 0)
        hits = [(int(r["seq"]), float(r["score"])) for r in rows] if limit > 0 else []
        return HitPage(total=total, hits=hits)

    def terms(self, node: Node, filters: Filters, fields: dict[str, int], collapse: bool
              ) -> dict[str, list[tuple[Any, int]]]:
        got = self._matches(node, filters, collapse)
        if got is None:
            return {name: [] for name in fields}
        sql, params = got
        out: dict[str, list[tuple[Any, int]]] = {}
        for name, size in fields.items():
            if name in ("entity", "place"):
                q = (f"SELECT e.value AS k, COUNT(*) AS n FROM ({sql}) AS m"
                     f" JOIN search_entities e ON e.article_id = m.id AND e.kind = '{name}'"
                     f" GROUP BY e.value ORDER BY n DESC, k LIMIT {int(size)}")
            elif name in ("source", "lang", "story", "day"):
                q = (f"SELECT m.{name} AS k, COUNT(*) AS n FROM ({sql}) AS m WHERE m.{name} IS NOT NULL"
                     f" GROUP BY m.{name} ORDER BY n DESC, k LIMIT {int(size)}")
            else:
                raise ValueError(f"no facet field {name!r}")
            out[name] = [(r["k"], int(r["n"])) for r in self.store.query(q, params)]
        return out
