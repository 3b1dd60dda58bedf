"""WatchlistsAPI: standing queries, their matches and alert levels, webhook delivery.

A watchlist is a named query in the desk's query language. New articles are matched in the linking
phase (link/watchlists.py, through the percolator); adding a watchlist matches the articles already
stored through the desk's own search index (duplicates included, counted once). Levels compare the
last hour and day with the previous 14 days (watchlists/levels.py). Deliveries leave through the
outbox (watchlists/outbox.py) at the end of every write (ingest, reprocess), by `watch` and `serve`
as they run, and on demand (`deliver_alerts`).
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from newsdesk.desk.core import DeskCore
from newsdesk.lexicon.labels import PLACE_LABELS
from newsdesk.link.registry import alias_key
from newsdesk.search.filters import Filters
from newsdesk.search.query import Node, parse
from newsdesk.store.base import now_iso
from newsdesk.store.changes import mark_changed
from newsdesk.watchlists import levels, outbox
from newsdesk.watchlists.filters import (
    WatchFilterError,
    WatchFilters,
    clean_filters,
    resolve_entities,
    stored_filters,
)
from newsdesk.watchlists.matches import bump_rev, iso, match_time, parse_time, watchlist_id
from newsdesk.watchlists.narrow import narrow, narrow_filters
from newsdesk.watchlists.percolator import keys_for_storage

log = logging.getLogger(__name__)

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_PAGE = 1000


class WatchlistError(ValueError):
    """A watchlist request a user can fix (bad name, unknown watchlist, bad webhook URL)."""


class WatchlistsAPI(DeskCore):
    # --- lifecycle ---------------------------------------------------------------------------------
    def _on_open(self) -> None:
        super()._on_open()
        self._write_done_hooks.append(self._deliver_due)

    def _deliver_due(self) -> None:
        """End of an ingest: send what is due; a receiver that is down never fails the write."""
        try:
            if self.store.scalar("SELECT 1 FROM outbox WHERE status = 'pending' LIMIT 1"):
                outbox.deliver(self.store)
        except Exception:  # noqa: BLE001 - delivery is best effort here; rows stay pending
            log.warning("webhook delivery failed; deliveries stay pending", exc_info=True)

    # --- managing watchlists -----------------------------------------------------------------------
    def add_watchlist(self, name: str, query: str, *, webhook: str | None = None, secret: str | None = None,
                      kind: str = "watchlist", filters: dict[str, str | None] | None = None) -> dict[str, Any]:
        """Save a watchlist and match the stored articles against it. `filters` (entity, place,
        source, lang, category: watchlists/filters.py) narrow its query. Returns it with its counts
        (and the webhook secret, generated when none is given)."""
        name = (name or "").strip()
        if not NAME.match(name):
            raise WatchlistError(f"watchlist name {name!r}: use 1-64 letters, digits, '.', '_' or '-'")
        node = parse(query)
        try:
            saved = clean_filters(filters or {})
        except WatchFilterError as exc:
            raise WatchlistError(str(exc)) from exc
        if webhook is not None:
            check_webhook_url(webhook)
            secret = secret or secrets.token_hex(16)
        wid = watchlist_id(name)
        if self.store.query_one("SELECT id FROM watchlists WHERE name = ?", (name,)):
            raise WatchlistError(f"a watchlist named {name!r} exists (remove it first)")
        with self.store.transaction():
            self.store.execute(
                "INSERT INTO watchlists (id, name, query, kind, webhook, secret, created_at, filters)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (wid, name, query, kind, webhook, secret, now_iso(), json.dumps(saved, sort_keys=True)))
            self.store.executemany("INSERT INTO watchlist_terms (key, watchlist_id) VALUES (?, ?)",
                                   [(k, wid) for k in keys_for_storage(node)])
            bump_rev(self.store)
            ids = self._backfill(wid, name, node, kind, WatchFilters.of(saved))
            if kind == "rule":
                mark_changed(self.store, ids)  # their categories are an index field: write them again
        if kind == "rule" and ids:
            with self._writing():  # the end of a write: the index takes the marked articles
                pass
        out = self.watchlist(name, limit=0) or {}
        if webhook is not None:
            out["secret"] = secret
        return out

    def _backfill(self, wid: str, name: str, node: Any, kind: str, wf: WatchFilters) -> list[str]:
        """Match the stored articles through the search index (no deliveries: they are not new):
        the query and the source, language and category filters there, entity and place filters
        on the store's article_entities. Returns the ids matched."""
        seqs: list[int] = []
        offset = 0
        filters = Filters(source=wf.source, lang=wf.lang, category=wf.category)
        while True:
            page = self.search_index.search(node, filters, _PAGE, offset, False)  # type: ignore[attr-defined]
            seqs.extend(s for s, _ in page.hits)
            offset += _PAGE
            if not page.hits or offset >= page.total:
                break
        rows = self.store.select_in(
            "SELECT id, seq, published, ingested_at, duplicate_of FROM articles WHERE seq IN (?*)", seqs)
        for value, places in ((wf.entity, False), (wf.place, True)):
            if value and rows:
                ids = sorted(self.entity_ids(value, places))
                keep = {r["article_id"] for r in self.store.select_in(
                    "SELECT article_id FROM article_entities WHERE entity_id IN (?*)", ids)} if ids else set()
                rows = [r for r in rows if r["id"] in keep]
        self.store.executemany(
            "INSERT INTO watchlist_matches (watchlist_id, article_id, seq, at, counted) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (article_id, watchlist_id) DO NOTHING",
            [(wid, r["id"], int(r["seq"]), match_time(r["published"], r["ingested_at"]), 0 if r["duplicate_of"] else 1)
             for r in rows])
        if kind == "rule":
            self.store.executemany(
                "INSERT INTO article_categories (article_id, label, score, source) VALUES (?, ?, 1.0, 'rule')"
                " ON CONFLICT (article_id, label) DO NOTHING", [(r["id"], name) for r in rows])
        return [r["id"] for r in rows]

    def _narrowed(self, node: Node, filters: Filters) -> tuple[Node, Filters]:
        """A search's query and filters with `--watchlist`'s query and filters joined in, and
        `--category` checked (watchlists/narrow.py)."""
        return narrow(self.store, node, filters), narrow_filters(self.store, filters, self.entity_ids)

    def entity_ids(self, name: str, places: bool = False) -> frozenset[str]:
        """Ids of the entities (or places) a watchlist's entity (place) filter names."""
        return resolve_entities(self.store, name, places, alias_key)

    def remove_watchlist(self, name: str) -> bool:
        """Forget a watchlist, its matches and its pending deliveries. False if there was none."""
        row = self.store.query_one("SELECT id, kind FROM watchlists WHERE name = ?", (name,))
        if not row:
            return False
        with self.store.transaction():
            for table in ("watchlist_matches", "watchlist_terms", "outbox"):
                self.store.execute(f"DELETE FROM {table} WHERE watchlist_id = ?", (row["id"],))
            if row["kind"] == "rule":
                ids = [r["article_id"] for r in self.store.query(
                    "SELECT article_id FROM article_categories WHERE source = 'rule' AND label = ?", (name,))]
                self.store.execute("DELETE FROM article_categories WHERE source = 'rule' AND label = ?", (name,))
                mark_changed(self.store, ids)  # the category leaves their index documents
            self.store.execute("DELETE FROM watchlists WHERE id = ?", (row["id"],))
            bump_rev(self.store)
        if row["kind"] == "rule":
            with self._writing():  # the end of a write: the index takes the marked articles
                pass
        return True

    # --- reading -----------------------------------------------------------------------------------
    def watchlists(self, kind: str = "watchlist", at: str | None = None) -> list[dict[str, Any]]:
        """Every watchlist with its match count and current level, by name."""
        rows = self.store.query("SELECT * FROM watchlists WHERE kind = ? ORDER BY name", (kind,))
        ref = self._reference_time(at)
        return [self._summary(r, ref) for r in rows]

    def watchlist(self, name: str, limit: int = 20, at: str | None = None) -> dict[str, Any] | None:
        """One watchlist: its query, match count, level with its windows, a daily timeline and the
        newest matching articles (duplicates left out). None if there is no such watchlist."""
        row = self.store.query_one("SELECT * FROM watchlists WHERE name = ?", (name,))
        if not row:
            return None
        ref = self._reference_time(at)
        out = self._summary(row, ref)
        times = self._times(row["id"], ref)
        out["timeline"] = levels.timeline(times, ref)
        out["articles"] = self.store.query(
            "SELECT a.id, a.title, a.published, a.source, a.url, m.at FROM watchlist_matches m"
            " JOIN articles a ON a.id = m.article_id WHERE m.watchlist_id = ? AND m.counted = 1"
            " ORDER BY m.at DESC, m.seq DESC LIMIT ?", (row["id"], max(0, int(limit))))
        return out

    def watchlist_query(self, name: str) -> str:
        """The query of a watchlist (for `search --watchlist`); WatchlistError if there is none."""
        row = self.store.query_one("SELECT query FROM watchlists WHERE name = ?", (name,))
        if not row:
            raise WatchlistError(f"no watchlist named {name!r}")
        return str(row["query"])

    def article_watchlists(self, article_id: str) -> list[str]:
        """Names of the watchlists an article matches."""
        return [r["name"] for r in self.store.query(
            "SELECT w.name FROM watchlist_matches m JOIN watchlists w ON w.id = m.watchlist_id"
            " WHERE m.article_id = ? AND w.kind = 'watchlist' ORDER BY w.name", (article_id,))]

    def article_categories(self, article_id: str) -> list[dict[str, Any]]:
        """An article's categories, best first: [{label, score}] (learned, and rule categories)."""
        return [{"label": r["label"], "score": round(float(r["score"]), 4)} for r in self.store.query(
            "SELECT label, score FROM article_categories WHERE article_id = ? ORDER BY score DESC, label",
            (article_id,))]

    def article_labels(self, article_id: str) -> dict[str, Any]:
        """What `show --json` adds to an article: its `watchlists` and `categories`."""
        return {"watchlists": self.article_watchlists(article_id), "categories": self.article_categories(article_id)}

    def alerts(self, at: str | None = None, limit: int = 50) -> dict[str, Any]:
        """Watchlists above normal (alert first), every watchlist's level, and undelivered webhooks."""
        items = self.watchlists(at=at)
        order = {name: i for i, name in enumerate(reversed(levels.LEVELS))}
        raised = sorted((w for w in items if w["level"] != "normal"),
                        key=lambda w: (order[w["level"]], -w["windows"]["day"]["z"], w["name"]))
        return {"at": iso(self._reference_time(at)), "alerts": raised, "watchlists": len(items),
                "pending_deliveries": outbox.pending(self.store, limit)}

    def entity_alerts(self, at: str | None = None, places: bool = False, limit: int = 20) -> list[dict[str, Any]]:
        """Who (or, with `places`, where) is suddenly in the news: the level of every entity mentioned
        in the last day against its own 14-day baseline, most unusual first (counted articles only,
        at their published time, else ingest time, as the registry stores it)."""
        ref = self._reference_time(at)
        since = iso(ref - timedelta(days=levels.BASELINE_DAYS + 1, hours=1))
        rows = self.store.query(
            "SELECT ae.entity_id, ae.published FROM article_entities ae WHERE ae.counted = 1 AND ae.published > ?"
            " AND ae.entity_id IN (SELECT entity_id FROM article_entities WHERE counted = 1 AND published > ?"
            " AND published <= ?)", (since, iso(ref - timedelta(days=1)), iso(ref)))
        times: dict[str, list[datetime]] = {}
        for r in rows:
            t = parse_time(r["published"])
            if t is not None:
                times.setdefault(r["entity_id"], []).append(t)
        if not times:
            return []
        info = {r["id"]: r for r in self.store.select_in(
            "SELECT id, name, type, lat FROM entities WHERE id IN (?*)", list(times))}
        out = []
        for eid, ts in times.items():
            e = info.get(eid)
            if e is None or (e["type"] in PLACE_LABELS or e["lat"] is not None) != places:
                continue
            sig = levels.signal(sorted(ts), ref)
            out.append({"id": eid, "name": e["name"], "type": e["type"], "level": sig["level"], "at": sig["at"],
                        "windows": sig["windows"]})
        order = {name: i for i, name in enumerate(reversed(levels.LEVELS))}
        out.sort(key=lambda x: (order[x["level"]], -x["windows"]["day"]["z"], -x["windows"]["day"]["count"], x["name"]))
        return out[: max(0, int(limit))]

    def deliver_alerts(self, due_only: bool = False, timeout: float = outbox.TIMEOUT) -> dict[str, int]:
        """Send pending webhook deliveries now (all of them unless `due_only`)."""
        return outbox.deliver(self.store, due_only=due_only, timeout=timeout)

    # --- helpers -----------------------------------------------------------------------------------
    def _summary(self, row: dict[str, Any], ref: datetime) -> dict[str, Any]:
        n = int(self.store.scalar("SELECT COUNT(*) FROM watchlist_matches WHERE watchlist_id = ? AND counted = 1",
                                  (row["id"],)) or 0)
        sig = levels.signal(self._times(row["id"], ref), ref)
        return {"name": row["name"], "query": row["query"], "filters": stored_filters(row.get("filters")),
                "kind": row["kind"], "webhook": row["webhook"],
                "created_at": row["created_at"], "matches": n, "level": sig["level"], "at": sig["at"],
                "windows": sig["windows"]}

    def _times(self, wid: str, ref: datetime) -> list[datetime]:
        since = iso(ref - timedelta(days=levels.BASELINE_DAYS + 1, hours=1))
        rows = self.store.query("SELECT at FROM watchlist_matches WHERE watchlist_id = ? AND counted = 1 AND at > ?",
                                (wid, since))
        return sorted(t for t in (parse_time(r["at"]) for r in rows) if t is not None)

    def _reference_time(self, at: str | None) -> datetime:
        """`at` if given; else now, unless the desk's newest article is older than the baseline (an
        archive desk): then that article's publication time, so its levels say something."""
        if at:
            t = parse_time(at)
            if t is None:
                raise WatchlistError(f"--at expects an ISO date or time, got {at!r}")
            return t
        now = datetime.now(UTC)
        newest = parse_time(self.store.scalar("SELECT MAX(published) FROM articles"))
        if newest is not None and newest < now - timedelta(days=levels.BASELINE_DAYS):
            return newest
        return now


def check_webhook_url(url: str) -> None:
    """A webhook must be an absolute http(s) URL (where it may point is checked by the caller)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WatchlistError(f"webhook {url!r}: expected an http:// or https:// URL")
