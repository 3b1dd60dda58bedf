"""SearchAPI: full-text search, timelines and facets over the desk, and its duplicates.

The index lives beside the store (`<desk file>.index/` for SQLite; NEWSDESK_INDEX names another
folder) and is caught up when the desk opens and after every committed batch (search/sync.py).
Every method returns JSON-ready dicts and lists; user mistakes (a malformed query, a bad date)
raise ValueError subclasses with a one-line message.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from newsdesk.desk.core import DeskCore
from newsdesk.model import short_hash
from newsdesk.search.filters import Filters
from newsdesk.search.index import IndexBusy, SearchIndex, TantivyIndex
from newsdesk.search.postgres import PostgresIndex
from newsdesk.search.query import parse
from newsdesk.search.snippets import HighlightTerms, snippet, title_highlights
from newsdesk.search.sync import IndexSync
from newsdesk.settings import Settings
from newsdesk.store import articles as stored
from newsdesk.store.changes import mark_changed

log = logging.getLogger(__name__)

MAX_LIMIT = 1000
FACET_SIZE = 10
PERIODS = ("day", "week", "month")
# Largest number of empty periods a timeline fills in between its first and last period.
MAX_FILL = 20_000
_HIT_COLUMNS = "seq, id, title, source, published, language, url, story_id, duplicate_of, text"


def index_path(store_address: str, dialect: str, settings: Settings | None = None) -> Path:
    """Where a desk's index lives: the `index` setting (NEWSDESK_INDEX), else beside the SQLite
    file, else in the cache folder."""
    settings = settings or Settings()
    if settings.index:
        return Path(settings.index)
    if dialect == "sqlite":
        return Path(store_address + ".index")
    cache = Path(settings.cache_home or Path.home() / ".cache") / "newsdesk"
    return cache / f"{short_hash(store_address)}.index"


class SearchBusy(ValueError):
    """The index is being written by another process (an ingest): try again when it ends."""


class SearchAPI(DeskCore):
    search_index: SearchIndex
    _index_sync: IndexSync

    # --- lifecycle ---------------------------------------------------------------------------------
    def _on_open(self) -> None:
        super()._on_open()
        if self.store.dialect == "postgres":  # the index lives in the database (search/postgres.py)
            self.search_index = PostgresIndex(self.store)
        else:
            path = index_path(self.store.address, self.store.dialect, self.settings)
            try:
                self.search_index = TantivyIndex(path)
            except ValueError as exc:  # an unreadable index is only derived data: start it again
                log.warning("search index at %s unreadable (%s); rebuilding it", path, exc)
                TantivyIndex.remove(path)
                self.search_index = TantivyIndex(path)
        self._index_sync = IndexSync(self.store, self.search_index)
        self._index_sync.catch_up()
        self.search_index.release()
        self._commit_hooks.append(self._index_sync.after_commit)
        self._write_done_hooks.append(self._index_done)

    def _index_done(self) -> None:
        """The end of a write (an ingest, a reprocess): commit the index and let go of its lock."""
        self._index_sync.flush()
        self.search_index.release()

    def close(self) -> None:
        try:
            self._index_done()
            self.search_index.close()
        finally:
            super().close()

    # --- keeping the index right -------------------------------------------------------------------
    def reindex(self) -> int:
        """Rebuild the search index from the store; returns the number of articles indexed."""
        try:
            n = self._index_sync.rebuild()
        except IndexBusy as exc:
            raise SearchBusy("the search index is being written by another process (an ingest?); "
                             "run reindex when it has finished") from exc
        finally:
            self.search_index.release()
        return n

    def reindex_articles(self, ids: Sequence[str]) -> int:
        """Write these stored articles to the index again (their story or duplicate status changed
        outside an ingest). Inside a link step use `newsdesk.search.sync.mark_for_reindex`."""
        try:
            return self._index_sync.refresh(ids)
        except IndexBusy:
            with self.store.transaction():
                mark_changed(self.store, list(ids))  # picked up by the next catch-up
            return 0

    def _extra_stats(self) -> dict[str, Any]:
        out = super()._extra_stats()
        state = self.search_index.state()
        out["search_index"] = {
            "documents": self.search_index.count(),
            "batch": state.batch if state else None,
            "behind_by_batches": self._index_sync.lag(),
        }
        return out

    # --- searching ---------------------------------------------------------------------------------
    def search(
        self,
        query: str,
        *,
        limit: int = 20,
        offset: int = 0,
        filters: Filters | None = None,
        **values: Any,
    ) -> dict[str, Any]:
        """Ranked articles matching `query` (newsdesk's query language) and the filters (a Filters
        value, and/or its fields as keywords: since=, until=, source=, lang=, ..., include_duplicates=).

        Duplicates are collapsed into their original (`duplicates` counts its recorded copies)
        unless `include_duplicates`. Each hit has a plain-text `snippet` of the body with
        `highlights` ([start, end) offsets into it) and `title_highlights` into the title.
        """
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must be zero or more")
        node = parse(query)
        filters = Filters.of(filters, **values)
        node, filters = self._narrowed(node, filters)  # type: ignore[attr-defined]  # desk/watchlists.py
        page = self.search_index.search(node, filters, min(limit, MAX_LIMIT), offset, not filters.include_duplicates)
        rows = self._rows_by_seq([seq for seq, _ in page.hits])
        copies = self._duplicate_counts([r["id"] for r in rows.values()])
        terms = HighlightTerms.from_query(node)
        hits = []
        for seq, score in page.hits:
            r = rows.get(seq)
            if r is None:  # gone from the store since the index was written
                continue
            text_snippet, marks = snippet(r["text"] or "", terms, language=r["language"])
            hits.append({
                "id": r["id"], "title": r["title"], "source": r["source"], "published": r["published"],
                "language": r["language"], "url": r["url"], "story_id": r["story_id"],
                "duplicate_of": r["duplicate_of"], "duplicates": copies.get(r["id"], 0),
                "score": round(score, 4), "snippet": text_snippet, "highlights": marks,
                "title_highlights": title_highlights(r["title"] or "", terms, r["language"]),
            })
        return {"query": query, "total": page.total, "offset": offset, "hits": hits}

    def timeline(
        self,
        query: str,
        *,
        by: str = "day",
        filters: Filters | None = None,
        **values: Any,
    ) -> list[dict[str, Any]]:
        """Matching articles per period ("2026-03-02", ISO week "2026-W10", month "2026-03"), in
        order, empty periods included between the first and last (or --since/--until). Articles
        without a date are not counted; duplicates count once."""
        if by not in PERIODS:
            raise ValueError(f"--by must be day, week or month, not {by!r}")
        node = parse(query)
        filters = Filters.of(filters, **values)
        node, filters = self._narrowed(node, filters)  # type: ignore[attr-defined]  # desk/watchlists.py
        days = self.search_index.terms(node, filters, {"day": 1_000_000}, not filters.include_duplicates)["day"]
        counts: dict[str, int] = {}
        for key, n in days:
            d = _day(int(key))
            if d is not None:
                p = _period(d, by)
                counts[p] = counts.get(p, 0) + n
        first = _day(filters.since_day) if filters.since_day else None
        last = _day(filters.until_day) if filters.until_day else None
        return _filled(counts, by, first, last)

    def facets(
        self,
        query: str,
        *,
        filters: Filters | None = None,
        **values: Any,
    ) -> dict[str, list[dict[str, Any]]]:
        """The 10 most frequent sources, languages, stories, entities (ids) and publication days
        among the matches (duplicates counted once)."""
        node = parse(query)
        filters = Filters.of(filters, **values)
        node, filters = self._narrowed(node, filters)  # type: ignore[attr-defined]  # desk/watchlists.py
        fields = {"source": FACET_SIZE, "lang": FACET_SIZE, "story": FACET_SIZE, "entity": FACET_SIZE,
                  "day": FACET_SIZE}
        got = self.search_index.terms(node, filters, fields, not filters.include_duplicates)
        out = {name: [{"value": k, "count": n} for k, n in got[field]]
               for name, field in (("source", "source"), ("language", "lang"), ("story", "story"),
                                   ("entity", "entity"))}
        out["published"] = [{"value": _day(int(k)).isoformat(), "count": n}  # type: ignore[union-attr]
                            for k, n in got["day"] if _day(int(k)) is not None]
        return out

    # --- duplicates --------------------------------------------------------------------------------
    def duplicates_of(self, article_id: str) -> list[dict[str, Any]]:
        """The articles recorded as duplicates of this one (its copies), in ingest order. For an
        article that is itself a duplicate this is empty: see `original_of`."""
        return stored.copy_cards(self.store, article_id)

    def original_of(self, article_id: str) -> dict[str, Any] | None:
        """The original this article duplicates (id, title, source, published, url), or None."""
        return stored.original_card(self.store, article_id)

    # --- helpers -----------------------------------------------------------------------------------
    def _rows_by_seq(self, seqs: list[int]) -> dict[int, dict[str, Any]]:
        return stored.rows_by_seq(self.store, seqs, _HIT_COLUMNS)

    def _duplicate_counts(self, ids: list[str]) -> dict[str, int]:
        return stored.duplicate_counts(self.store, ids)


def _day(yyyymmdd: int) -> date | None:
    try:
        return date(yyyymmdd // 10000, yyyymmdd // 100 % 100, yyyymmdd % 100)
    except ValueError:
        return None


def _period(d: date, by: str) -> str:
    if by == "day":
        return d.isoformat()
    if by == "week":
        year, week, _ = d.isocalendar()
        return f"{year}-W{week:02d}"
    return f"{d.year:04d}-{d.month:02d}"


def _next(d: date, by: str) -> date:
    if by == "day":
        return d + timedelta(days=1)
    if by == "week":
        return d + timedelta(days=7)
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def _filled(counts: dict[str, int], by: str, first: date | None, last: date | None) -> list[dict[str, Any]]:
    """Periods in order with zero counts filled in, from `first` (or the first period with a count)
    to `last` (or the last one)."""
    if not counts and (first is None or last is None):
        return []
    starts = sorted(counts)
    lo = first or _start_of(starts[0], by)
    hi = last or _start_of(starts[-1], by)
    if by == "week":
        lo -= timedelta(days=lo.weekday())
    elif by == "month":
        lo = lo.replace(day=1)
    out, d, steps = [], lo, 0
    while d <= hi and steps < MAX_FILL:
        p = _period(d, by)
        out.append({"period": p, "count": counts.get(p, 0)})
        d, steps = _next(d, by), steps + 1
    if steps >= MAX_FILL:  # a huge range: keep only periods that have counts
        return [{"period": p, "count": counts[p]} for p in starts]
    return out


def _start_of(period: str, by: str) -> date:
    if by == "day":
        return date.fromisoformat(period)
    if by == "week":
        year, week = period.split("-W")
        return date.fromisocalendar(int(year), int(week), 1)
    year, month = period.split("-")
    return date(int(year), int(month), 1)
