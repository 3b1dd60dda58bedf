"""The full-text index: a small interface, and its tantivy implementation beside the store.

The store is the truth. An index holds documents made from stored articles and records (with
each commit) the last store batch it holds; `search/sync.py` keeps it caught up. A backend only
has to store, delete and find documents:

- `write(docs)` adds documents, replacing any with the same article id; `commit(state)` makes the
  writes durable together with the state; `clear()` empties the index.
- `search(node, filters, ...)` ranks documents (BM25, title above body); `terms(...)` counts a
  field's values over the matches (facets, timelines). With `collapse`, an article recorded as a
  duplicate is left out when its original matches too, so each group of copies counts once.

A PostgreSQL backend (tsvector + GIN, the query tree compiled to tsquery) implements the same
methods; everything above it (sync, snippets, desk API) stays as it is.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import tantivy

from newsdesk.lexicon.labels import PLACE_LABELS
from newsdesk.model import Article
from newsdesk.search.analysis import (
    ANALYZER_VERSION,
    NEWS,
    NEWS_ML,
    index_text,
    is_english,
    keyword,
    ml_analyzer,
    news_analyzer,
)
from newsdesk.search.compile_tantivy import TantivyCompiler
from newsdesk.search.filters import Filters, day_of
from newsdesk.search.query import Node

log = logging.getLogger(__name__)

# Matching duplicates looked at one by one to keep collapsing exact; past this the copies of
# originals that do not match are left out (the count stays a lower bound).
MAX_COLLAPSE_SCAN = 20_000


class IndexBusy(RuntimeError):
    """Another writer (another process) holds the index; it will be caught up later."""


@dataclass
class IndexState:
    """What an index holds: written with each commit."""

    batch: int = 0  # the last store batch whose articles are all in the index
    desk: str = ""  # the desk's uid: an index left from another desk at this path is rebuilt
    format: int = 0


@dataclass
class IndexDoc:
    """One article as the index sees it."""

    id: str
    seq: int
    group: int  # seq of the original this is a duplicate of (its own seq otherwise)
    title: str
    text: str
    source: str | None = None
    language: str | None = None
    day: int | None = None  # YYYYMMDD of publication
    duplicate: bool = False
    story: str | None = None
    entities: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)  # labels, from the store (search/sync.py)

    @classmethod
    def from_article(cls, article: Article, seq: int, group: int | None = None) -> IndexDoc:
        entities: dict[str, None] = {}
        places: dict[str, None] = {}
        for e in article.entities:
            if e.entity_id:
                entities[e.entity_id] = None
                if e.label in PLACE_LABELS or e.lat is not None or e.geonameid:
                    places[e.entity_id] = None
        for m in article.mentions:
            if m.entity_id:
                entities[m.entity_id] = None
        return cls(
            id=article.id, seq=seq, group=group if group is not None else seq, title=article.title or "",
            text=article.text, source=article.source, language=article.language, day=day_of(article.published),
            duplicate=bool(article.duplicate_of), story=article.story_id, entities=list(entities),
            places=list(places),
        )


@dataclass
class HitPage:
    total: int
    hits: list[tuple[int, float]]  # (seq, score), best first


class SearchIndex:
    """The interface the desk codes against (see the module docstring)."""

    FORMAT = 1

    def state(self) -> IndexState | None:
        raise NotImplementedError

    def write(self, docs: Sequence[IndexDoc]) -> None:
        raise NotImplementedError

    def commit(self, state: IndexState) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def release(self) -> None:
        """Let go of any write lock (other processes may write after this)."""

    def close(self) -> None:
        self.release()

    def count(self) -> int:
        """Documents in the index."""
        raise NotImplementedError

    def search(self, node: Node, filters: Filters, limit: int, offset: int, collapse: bool) -> HitPage:
        raise NotImplementedError

    def terms(self, node: Node, filters: Filters, fields: dict[str, int], collapse: bool
              ) -> dict[str, list[tuple[Any, int]]]:
        """For each field (source, lang, story, entity, place, day) its `size` most frequent values
        over the matches, with their counts (most frequent first)."""
        raise NotImplementedError


class TantivyIndex(SearchIndex):
    """A tantivy index in a folder (by default `<desk file>.index/`)."""

    FORMAT = 2  # 2: the category field
    STATE_FILE = "newsdesk-state.json"
    WRITER_HEAP = 128_000_000  # a segment is closed when full: ~20k news articles

    def __init__(self, path: str | Path) -> None:
        self._t = tantivy
        self.path = Path(path)
        self._lock = threading.Lock()
        self._writer: Any = None
        self._dirty = False
        self.schema = self._schema()
        state = self.state()
        if self.path.exists() and (state is None or state.format != self._format()):
            self._wipe()
        self.path.mkdir(parents=True, exist_ok=True)
        self.index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
        self.index.register_tokenizer(NEWS, news_analyzer())
        self.index.register_tokenizer(NEWS_ML, ml_analyzer())
        self.compiler = TantivyCompiler(self.schema)

    def _format(self) -> int:
        return self.FORMAT * 1000 + ANALYZER_VERSION

    def _schema(self) -> Any:
        sb = self._t.SchemaBuilder()
        sb.add_text_field("id", stored=True, tokenizer_name="raw")
        sb.add_integer_field("seq", stored=True, indexed=True, fast=True)
        sb.add_integer_field("group", fast=True)
        sb.add_integer_field("dup", indexed=True, fast=True)
        sb.add_text_field("title", tokenizer_name=NEWS, index_option="position")
        sb.add_text_field("text", tokenizer_name=NEWS, index_option="position")
        # other languages, analysed in their own language (search/analysis.py)
        sb.add_text_field("title_ml", tokenizer_name=NEWS_ML, index_option="position")
        sb.add_text_field("text_ml", tokenizer_name=NEWS_ML, index_option="position")
        sb.add_text_field("source_t", tokenizer_name=NEWS, index_option="position")
        sb.add_text_field("source_kw", tokenizer_name="raw")
        sb.add_text_field("source", tokenizer_name="raw", fast=True)
        sb.add_text_field("lang", tokenizer_name="raw", fast=True)
        sb.add_integer_field("day", indexed=True, fast=True)
        sb.add_text_field("story", tokenizer_name="raw", fast=True)
        sb.add_text_field("entity", tokenizer_name="raw", fast=True)
        sb.add_text_field("place", tokenizer_name="raw", fast=True)
        sb.add_text_field("category", tokenizer_name="raw", fast=True)
        return sb.build()

    # --- state -------------------------------------------------------------------------------------
    def state(self) -> IndexState | None:
        try:
            data = json.loads((self.path / self.STATE_FILE).read_text())
            return IndexState(int(data["batch"]), str(data.get("desk", "")), int(data.get("format", 0)))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _write_state(self, state: IndexState) -> None:
        state.format = self._format()
        tmp = self.path / (self.STATE_FILE + ".tmp")
        tmp.write_text(json.dumps(asdict(state)))
        os.replace(tmp, self.path / self.STATE_FILE)

    def _wipe(self) -> None:
        self.remove(self.path)

    @classmethod
    def remove(cls, path: str | Path) -> None:
        """Delete an index folder; only ever one that is an index (never a user's folder)."""
        path = Path(path)
        if not path.exists():
            return
        if not ((path / cls.STATE_FILE).exists() or (path / "meta.json").exists()):
            raise RuntimeError(f"{path} exists and is not a newsdesk index; move it away")
        shutil.rmtree(path)

    # --- writing -----------------------------------------------------------------------------------
    def _get_writer(self) -> Any:
        if self._writer is None:
            try:
                self._writer = self.index.writer(heap_size=self.WRITER_HEAP, num_threads=1)
            except ValueError as exc:
                if "LockBusy" in str(exc) or "lock" in str(exc).lower():
                    raise IndexBusy(str(exc)) from exc
                raise
        return self._writer

    def write(self, docs: Sequence[IndexDoc]) -> None:
        if not docs:
            return
        Document = self._t.Document
        with self._lock:
            writer = self._get_writer()
            for d in docs:
                writer.delete_documents_by_term("id", d.id)
                if is_english(d.language):
                    doc = Document(id=d.id, seq=d.seq, group=d.group, dup=1 if d.duplicate else 0,
                                   title=d.title, text=d.text)
                else:
                    doc = Document(id=d.id, seq=d.seq, group=d.group, dup=1 if d.duplicate else 0,
                                   title_ml=index_text(d.title, d.language), text_ml=index_text(d.text, d.language))
                if d.source:
                    doc.add_text("source", d.source)
                    doc.add_text("source_t", d.source)
                    doc.add_text("source_kw", keyword(d.source))
                if d.language:
                    doc.add_text("lang", keyword(d.language))
                if d.day is not None:
                    doc.add_integer("day", d.day)
                if d.story:
                    doc.add_text("story", d.story)
                for e in d.entities:
                    doc.add_text("entity", e)
                for p in d.places:
                    doc.add_text("place", p)
                for c in dict.fromkeys(map(keyword, d.categories)):
                    doc.add_text("category", c)
                writer.add_document(doc)
            self._dirty = True

    def commit(self, state: IndexState) -> None:
        with self._lock:
            writer = self._get_writer()
            writer.commit()
            self._write_state(state)
            self._dirty = False
        self.index.reload()

    def clear(self) -> None:
        with self._lock:
            self._get_writer().delete_all_documents()
            self._dirty = True

    def release(self) -> None:
        with self._lock:
            if self._writer is not None:
                if self._dirty:
                    self._writer.rollback()  # uncommitted writes: the next catch-up redoes them
                    self._dirty = False
                self._writer.wait_merging_threads()
                self._writer = None

    # --- reading -----------------------------------------------------------------------------------
    def _query(self, node: Node, filters: Filters) -> Any:
        return self.compiler.with_filters(self.compiler.compile(node), filters)

    def _term(self, name: str, value: Any) -> Any:
        return self._t.Query.term_query(self.schema, name, value)

    def _collapsed(self, searcher: Any, base: Any) -> Any:
        """`base` without the duplicates whose original matches it too: each group counts once,
        shown by its original, or by its first matching copy when the original does not match."""
        Query, Occur = self._t.Query, self._t.Occur
        originals = Query.boolean_query([(Occur.Must, base), (Occur.Must, self._term("dup", 0))])
        copies = Query.boolean_query([(Occur.Must, base), (Occur.Must, self._term("dup", 1))])
        n_copies = searcher.search(copies, 1, count=True).count
        if n_copies == 0 or n_copies > MAX_COLLAPSE_SCAN:
            return originals
        agg = searcher.aggregate(copies, {"g": {"terms": {"field": "group", "size": n_copies},
                                                "aggs": {"first": {"min": {"field": "seq"}}}}})
        first_copy = {int(b["key"]): int(b["first"]["value"]) for b in agg["g"]["buckets"]}
        if not first_copy:
            return originals
        in_groups = Query.term_set_query(self.schema, "seq", list(first_copy))
        matched = searcher.aggregate(
            Query.boolean_query([(Occur.Must, originals), (Occur.Must, in_groups)]),
            {"s": {"terms": {"field": "seq", "size": len(first_copy)}}},
        )
        shown = {int(b["key"]) for b in matched["s"]["buckets"]}
        stand_ins = [seq for group, seq in first_copy.items() if group not in shown]
        if not stand_ins:
            return originals
        keep = Query.boolean_query([
            (Occur.Should, self._term("dup", 0)),
            (Occur.Should, Query.term_set_query(self.schema, "seq", stand_ins)),
        ])
        return Query.boolean_query([(Occur.Must, base), (Occur.Must, Query.const_score_query(keep, 0.0))])

    def _prepared(self, node: Node, filters: Filters, collapse: bool) -> tuple[Any, Any]:
        searcher = self.index.searcher()
        q = self._query(node, filters)
        return searcher, (self._collapsed(searcher, q) if collapse else q)

    def search(self, node: Node, filters: Filters, limit: int, offset: int, collapse: bool) -> HitPage:
        searcher, q = self._prepared(node, filters, collapse)
        res = searcher.search(q, max(1, limit), count=True, offset=max(0, offset))
        hits = res.hits if limit > 0 else []
        seqs = searcher.fast_field_values("seq", [addr for _, addr in hits]) if hits else []
        return HitPage(total=int(res.count or 0), hits=[(int(s), float(sc)) for s, (sc, _) in zip(seqs, hits, strict=True)])

    def terms(self, node: Node, filters: Filters, fields: dict[str, int], collapse: bool
              ) -> dict[str, list[tuple[Any, int]]]:
        searcher, q = self._prepared(node, filters, collapse)
        spec = {name: {"terms": {"field": name, "size": size}} for name, size in fields.items()}
        if not spec:
            return {}
        result = searcher.aggregate(q, spec)
        return {name: [(b["key"], int(b["doc_count"])) for b in result[name]["buckets"]] for name in fields}

    def count(self) -> int:
        return int(self.index.searcher().num_docs)
