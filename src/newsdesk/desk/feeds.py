"""Feeds on the desk: poll a list of feeds, ingest what is new, remember what was seen.

`watch` polls every feed once a round (concurrently, politely: see sources.fetch), sends the entries
it has not seen before through the normal ingest (same pipeline, same linking) and records them, so
a restarted watch never ingests an entry twice. Conditional requests (ETag / Last-Modified) make an
unchanged feed cost one short 304 response. A feed that fails is reported and tried again next
round; the others go on. `feeds()` lists the feeds with their last success, last error and counts.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from newsdesk.config import IngestOptions
from newsdesk.desk.core import DeskCore
from newsdesk.model import RawRecord, Skipped, short_hash
from newsdesk.store import feeds as feed_rows
from newsdesk.store.base import now_iso
from newsdesk.text import canonical_url

MIN_EVERY = 1.0  # seconds between the starts of two rounds, at the least


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs from a text file: one per line, `#` starts a comment, duplicates dropped."""
    # heavy: the sources package loads every reader and the pipeline (0.1 s); only feed watching needs it
    from newsdesk.sources.fetch import is_url

    try:
        lines = Path(path).read_text(encoding="utf-8-sig").splitlines()
    except OSError as exc:
        raise ValueError(f"cannot read feed list {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ValueError(f"feed list {path} is not UTF-8 text") from None
    urls: list[str] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        line = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line) or " " in line:
            raise ValueError(f"{path}:{number}: not a feed URL: {line[:80]!r} (expected http:// or https://)")
        key = canonical_url(line)
        if key not in seen:
            seen.add(key)
            urls.append(line)
    return urls


def parse_every(value: str | float | int) -> float:
    """'10m', '90s', '1h', '1h30m' or a number of seconds -> seconds."""
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        text = str(value).strip().lower()
        if re.fullmatch(r"\d+(?:\.\d+)?", text):
            seconds = float(text)
        else:
            parts = re.findall(r"(\d+(?:\.\d+)?)\s*([smhd])", text)
            if not parts or "".join(n + u for n, u in parts) != text.replace(" ", ""):
                raise ValueError(f"cannot read the interval {value!r} (examples: 90s, 10m, 1h)")
            seconds = sum(float(n) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[u] for n, u in parts)
    if seconds < MIN_EVERY:
        raise ValueError(f"interval too short: {value!r} (at least {MIN_EVERY:g} s)")
    return seconds


def feed_id(url: str) -> str:
    return short_hash("feed", canonical_url(url))


def entry_key(record: RawRecord | Skipped) -> str:
    if isinstance(record, RawRecord):
        if record.record_id:
            return str(record.record_id)
        if record.url:
            return canonical_url(record.url)
        return "h:" + short_hash(record.title or "", record.published or "", record.text[:500])
    return f"bad:{record.position}:{short_hash(record.reason)}"


class SourcesAPI(DeskCore):
    # --- listing ---------------------------------------------------------------------------------
    def feeds(self) -> list[dict[str, Any]]:
        """Every watched feed with its last success, last error and counts, by URL."""
        return [_feed_dict(r) for r in feed_rows.listing(self.store)]

    def add_feeds(self, urls: Iterable[str]) -> list[str]:
        """Register feeds (without polling them); returns their ids."""
        ids = []
        with self.store.transaction():
            for url in urls:
                fid = feed_id(url)
                feed_rows.add(self.store, fid, url, now_iso())
                ids.append(fid)
        return ids

    def _extra_stats(self) -> dict[str, Any]:
        out = super()._extra_stats()
        out["feeds"] = feed_rows.count(self.store)
        return out

    # --- polling ---------------------------------------------------------------------------------
    def poll_feeds(
        self,
        urls: list[str],
        options: IngestOptions | None = None,
        fetcher: Any = None,
        on_skip: Callable[[Skipped], None] | None = None,
    ) -> dict[str, Any]:
        """One round: fetch every feed, ingest its new entries, record them. Never raises for a
        feed's trouble: each feed's outcome is in the returned report."""
        # heavy: the sources package (see read_feed_list)
        from newsdesk.sources.fetch import Fetcher, FetchRequest

        options = options or IngestOptions()
        own = fetcher is None
        fetcher = fetcher or Fetcher.from_options(options)
        ids = self.add_feeds(urls)
        known = feed_rows.by_id(self.store, ids)
        requests = [FetchRequest(url, known.get(fid, {}).get("etag"), known.get(fid, {}).get("last_modified"))
                    for url, fid in zip(urls, ids, strict=True)]
        started = time.monotonic()
        feeds: list[dict[str, Any]] = []
        pending: list[tuple[dict[str, Any], list[RawRecord | Skipped]]] = []
        try:
            for url, fid, result in zip(urls, ids, fetcher.fetch_many(requests), strict=True):
                outcome: dict[str, Any] = {"url": url, "id": fid, "new": 0, "stored": 0}
                feeds.append(outcome)
                if result.error:
                    outcome.update(status="error", error=result.error)
                    continue
                if result.not_modified:
                    outcome["status"] = "not modified"
                    continue
                items, error, title = self._new_entries(fid, result, options)
                if error:
                    outcome.update(status="error", error=error)
                    continue
                outcome.update(status="ok", title=title, etag=result.etag, last_modified=result.last_modified,
                               entries=len(items))
                new = [rec for status, rec in items if status == "new"]
                outcome["new"] = len(new)
                pending.append((outcome, new))
            if options.fetch_linked is not False:
                pending = self._fetch_linked(pending, options, fetcher)
            report = self._ingest_new(pending, options, on_skip)
        finally:
            if own:
                fetcher.close()
        self._record_outcomes(feeds)
        return {
            "feeds": feeds, "polled": len(feeds), "errors": sum(1 for f in feeds if f["status"] == "error"),
            "new": sum(f["new"] for f in feeds), "stored": report.get("stored", 0),
            "skipped": report.get("skipped", 0), "interrupted": report.get("interrupted", False),
            "seconds": round(time.monotonic() - started, 3),
        }

    def _new_entries(self, fid: str, result: Any, options: IngestOptions
                     ) -> tuple[list[tuple[str, RawRecord | Skipped]], str | None, str | None]:
        """The feed's entries, each marked 'new' or 'seen'; or why the response is not a usable feed."""
        # heavy: the sources package (see read_feed_list)
        from newsdesk.sources.feeds import entry_records, not_a_feed_reason, parse_feed

        parsed = parse_feed(result.content, result.headers, result.final_url or result.url)
        reason = not_a_feed_reason(parsed, result.content)
        if reason:
            return [], reason, None
        feed_title = (parsed.feed.get("title") or "").strip() or None
        records = list(entry_records(parsed, result.url, options, base_url=result.final_url or result.url))
        keys = [entry_key(r) for r in records]
        seen = feed_rows.seen_entries(self.store, fid, keys)
        out: list[tuple[str, RawRecord | Skipped]] = []
        taken: set[str] = set()
        for key, record in zip(keys, records, strict=True):
            status = "seen" if key in seen or key in taken else "new"
            taken.add(key)
            if isinstance(record, RawRecord):
                record.meta["feed_url"] = result.url
            out.append((status, record))
        return out, None, feed_title

    @staticmethod
    def _fetch_linked(pending: list[tuple[dict[str, Any], list[RawRecord | Skipped]]], options: IngestOptions,
                      fetcher: Any) -> list[tuple[dict[str, Any], list[RawRecord | Skipped]]]:
        """Teaser entries of every feed get their linked page, all fetched in one concurrent run."""
        # heavy: the sources package (see read_feed_list)
        from newsdesk.sources.feeds import _with_linked_pages

        flat = [rec for _, recs in pending for rec in recs]
        if not flat:
            return pending
        done = list(_with_linked_pages(flat, options, fetcher))
        out, start = [], 0
        for outcome, recs in pending:
            out.append((outcome, done[start:start + len(recs)]))
            start += len(recs)
        return out

    def _ingest_new(self, pending: list[tuple[dict[str, Any], list[RawRecord | Skipped]]], options: IngestOptions,
                    on_skip: Callable[[Skipped], None] | None) -> dict[str, Any]:
        """Ingest the round's new entries in one batch run, then remember the ones now stored."""
        records = [rec for _, recs in pending for rec in recs]
        if not records:
            return {}
        skipped: list[Skipped] = []

        def note(item: Skipped) -> None:
            skipped.append(item)
            if on_skip:
                on_skip(item)

        report = self.ingest_records(records, options, on_skip=note)
        bad = {(s.origin, s.position) for s in skipped}
        ids = [r.article_id() for r in records if isinstance(r, RawRecord)]
        present = set(self.store.article_seqs(ids)) if ids else set()
        now = now_iso()
        rows = []
        for outcome, recs in pending:
            stored = 0
            for rec in recs:
                if isinstance(rec, RawRecord):
                    aid = rec.article_id()
                    if aid in present:
                        stored += 1
                        rows.append((outcome["id"], entry_key(rec), aid, now))
                    elif (rec.origin, rec.position) in bad:
                        rows.append((outcome["id"], entry_key(rec), None, now))  # bad input: not retried
                else:
                    rows.append((outcome["id"], entry_key(rec), None, now))
            outcome["stored"] = stored
        if not rows:
            return {"stored": report.stored, "skipped": report.skipped, "interrupted": report.interrupted}
        with self.store.transaction():
            feed_rows.add_entries(self.store, rows)
        return {"stored": report.stored, "skipped": report.skipped, "interrupted": report.interrupted}

    def _record_outcomes(self, feeds: list[dict[str, Any]]) -> None:
        now = now_iso()
        with self.store.transaction():
            for f in feeds:
                if f["status"] == "error":
                    feed_rows.record_error(self.store, f["id"], now, f["error"][:500])
                elif f["status"] == "not modified":
                    feed_rows.record_unchanged(self.store, f["id"], now)
                else:
                    feed_rows.record_success(self.store, f["id"], now, f.get("title"), f.get("etag"),
                                             f.get("last_modified"), f["new"], f["stored"])

    # --- watching --------------------------------------------------------------------------------
    def watch(
        self,
        feeds: str | Path | list[str],
        every: str | float = 600,
        once: bool = False,
        max_rounds: int | None = None,
        options: IngestOptions | None = None,
        fetcher: Any = None,
        on_round: Callable[[dict[str, Any]], None] | None = None,
        on_skip: Callable[[Skipped], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> dict[str, Any]:
        """Poll `feeds` (a list of URLs, or a file of them, re-read each round) every `every`
        seconds ('10m' etc.) until `once`/`max_rounds` or Ctrl-C; returns totals over all rounds."""
        # heavy: the sources package (see read_feed_list)
        from newsdesk.sources.fetch import Fetcher

        interval = parse_every(every)
        options = options or IngestOptions()
        urls = read_feed_list(feeds) if isinstance(feeds, str | Path) else list(feeds)
        if not urls:
            raise ValueError("no feed URLs to watch")
        own = fetcher is None
        fetcher = fetcher or Fetcher.from_options(options)
        totals: dict[str, Any] = {"rounds": 0, "new": 0, "stored": 0, "errors": 0, "skipped": 0, "interrupted": False}
        try:
            while True:
                started = time.monotonic()
                if isinstance(feeds, str | Path):
                    try:
                        urls = read_feed_list(feeds) or urls  # edits to the file take effect next round
                    except ValueError:
                        pass  # a half-saved file: keep the last good list
                report = self.poll_feeds(urls, options, fetcher, on_skip)
                totals["rounds"] += 1
                for key in ("new", "stored", "errors", "skipped"):
                    totals[key] += report[key]
                if on_round:
                    on_round({"round": totals["rounds"], **report})
                deliver_due = getattr(self, "_deliver_due", None)  # watchlist webhooks (desk/watchlists.py)
                if deliver_due is not None:
                    deliver_due()  # retries what is due even in a round that stored nothing
                if report["interrupted"]:
                    totals["interrupted"] = True
                    break
                if once or (max_rounds is not None and totals["rounds"] >= max_rounds):
                    break
                remaining = interval - (time.monotonic() - started)
                if remaining > 0:
                    sleep(remaining)
        except KeyboardInterrupt:
            totals["interrupted"] = True
        finally:
            if own:
                fetcher.close()
        return totals


def _feed_dict(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row.get(k) for k in (
        "id", "url", "title", "last_checked", "last_success", "last_error", "last_error_at", "error_count",
        "consecutive_errors", "entry_count", "article_count", "etag", "last_modified", "added_at")}
