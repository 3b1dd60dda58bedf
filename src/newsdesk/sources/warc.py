"""Web archives (WARC 1.0/1.1, plain or gzip, e.g. Common Crawl's CC-NEWS) with fastwarc.

Records are streamed one at a time: a multi-gigabyte archive never sits in memory, and a page
bigger than the HTML size limit is skipped without being read. HTML `response` records (HTTP 200)
and HTML `resource` records become articles through the same extraction as web pages, with the
WARC-Target-URI as URL and the WARC-Date as crawl date (used as the published date only when the
page states none, and flagged so). The HTTP header's charset goes to the decoder.

Filters (IngestOptions): `warc_hosts` (a host and its subdomains), `warc_since`/`warc_until`
(capture date, inclusive), `warc_langs` (the page's detected language). Records filtered out are
left silently; records that cannot be articles (redirects, errors, images, revisits, non-articles)
are reported with their reason. Request, metadata and warcinfo records are bookkeeping and ignored.
A damaged or truncated archive keeps everything read before the damage and reports the rest.
Positions are record numbers in the file (1-based); the byte offset is kept in meta.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import re
import signal
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from fastwarc.warc import ArchiveIterator, WarcRecordType

from newsdesk.config import IngestOptions
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources.encoding import charset_from_content_type
from newsdesk.sources.html import extract_page, page_record
from newsdesk.sources.inputs import Input, InputError

NAME = "warc"
EXTENSIONS = (".warc", ".arc")
ACCEPTS_BINARY = True  # payloads may be images or compressed bodies
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml")


def sniff(name: str, head: bytes) -> bool:
    return head[:8].startswith((b"WARC/1.", b"WARC/0."))


def read(inp: Input, options: IngestOptions) -> Iterator[RawRecord | Skipped]:
    if inp.name.endswith(".arc") and not sniff(inp.name, inp.head):
        yield Skipped(inp.origin, 0, "ARC (pre-WARC) archives are not supported; convert to WARC first")
        return
    filters = _Filters(options)
    limit = options.limits.max_html_bytes
    wanted = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.revisit
    found = {"articles": 0, "records": 0, "other": 0}
    extractor = _OrderedExtractor(options.resolved_workers())
    try:
        for item in extractor.run(_scan(inp, options, filters, limit, wanted, found), inp.origin, options, filters):
            if isinstance(item, RawRecord):
                found["articles"] += 1
            yield item
    finally:
        extractor.close()
    if found["records"] == 0:
        yield Skipped(inp.origin, 0, "no WARC records found")
    elif found["articles"] == 0 and found["records"] == found["other"]:
        yield Skipped(inp.origin, 0, f"no HTML response or resource records ({found['records']} other records: "
                                     "requests, metadata or warcinfo)")


@dataclass
class _Job:
    """A page to extract, with what its record said about it."""

    number: int
    body: bytes
    url: str | None
    charset: str | None
    crawled: str | None
    meta: dict[str, Any]


def _scan(inp: Input, options: IngestOptions, filters: _Filters, limit: int, wanted: Any,
          found: dict[str, int]) -> Iterator[_Job | Skipped]:
    """The archive's records in order: pages to extract, or reports; damage ends the scan."""
    number = 0  # every record counts, so positions match the archive's record order
    stream = _ForwardStream(inp.stream)
    iterator = ArchiveIterator(stream, record_types=WarcRecordType.any_type, parse_http=False)
    last_end = 0  # where the last record's block should end, by its Content-Length
    try:
        for record in iterator:
            number += 1
            found["records"] += 1
            declared = record.headers.get("Content-Length")
            if declared is None or not declared.strip().isdigit():
                cause = f": {stream.error}" if stream.error is not None else ""
                yield Skipped(inp.origin, number, f"damaged WARC: record {number} has no Content-Length "
                                                  f"(cut short?; rest of archive skipped){cause}")
                return
            last_end = record.stream_pos + int(declared)
            if not int(record.record_type) & int(wanted):
                found["other"] += 1
                continue
            item = _prepare(record, inp.origin, number, filters, limit)
            if item is None:
                continue
            if stream.tell() < last_end:  # the archive ended inside this record's content
                cause = f": {stream.error}" if stream.error is not None else ""
                yield Skipped(inp.origin, number, f"damaged WARC: record {number} is cut short "
                                                  f"(the archive ends inside it){cause}")
                return
            yield item
    except OSError as exc:
        yield Skipped(inp.origin, number + 1, f"damaged WARC after record {number}: {exc} (rest of archive skipped)")
        return
    if number and stream.tell() < last_end:
        yield Skipped(inp.origin, number, f"damaged WARC: record {number} is cut short (the archive ends inside it)")
    elif stream.error is not None:
        yield Skipped(inp.origin, number + 1, f"{stream.error} (after WARC record {number})")


def _extract_job(job: _Job) -> Any:
    return extract_page(job.body, url=job.url, charset=job.charset)


def _init_worker() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


class _OrderedExtractor:
    """Page extraction (the costly part) in worker processes, results in archive order, with a
    bounded number of pages in flight; in this process when there is one worker."""

    PER_WORKER = 8
    # The first pages are extracted here: a small archive is done before workers would have started,
    # and workers forked after them inherit the warmed-up models (language, dates) instead of loading them.
    SERIAL_FIRST = 48

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._pool: Any = None

    def run(self, items: Iterator[_Job | Skipped], origin: str, options: IngestOptions,
            filters: _Filters) -> Iterator[RawRecord | Skipped]:
        pending: deque = deque()
        window = self.workers * self.PER_WORKER
        jobs = 0
        for item in items:
            if isinstance(item, Skipped):
                pending.append((item, None))
            elif self.workers == 1 or jobs < self.SERIAL_FIRST:
                jobs += 1
                pending.append((item, _extract_job(item)))
            else:
                pending.append((item, self._get_pool().apply_async(_extract_job, (item,))))
            while pending and (len(pending) >= window or _ready(pending[0][1])):
                done = _finish(*pending.popleft(), origin, options, filters)
                if done is not None:
                    yield done
        while pending:
            done = _finish(*pending.popleft(), origin, options, filters)
            if done is not None:
                yield done

    def _get_pool(self) -> Any:
        if self._pool is None:
            method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
            self._pool = mp.get_context(method).Pool(self.workers, initializer=_init_worker)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None


def _ready(result: Any) -> bool:
    return result is None or not hasattr(result, "ready") or result.ready()


def _finish(item: _Job | Skipped, result: Any, origin: str, options: IngestOptions,
            filters: _Filters) -> RawRecord | Skipped | None:
    if isinstance(item, Skipped):
        return item
    page = result.get() if hasattr(result, "get") and hasattr(result, "ready") else result
    if not filters.lang_ok(page.language):
        return None

    record = page_record(page, origin, item.number, options, url=item.url, crawled=item.crawled, meta=item.meta)
    if isinstance(record, RawRecord) and item.meta.get("warc_truncated"):
        record.flags.append("capture_truncated")
    if isinstance(record, Skipped):
        record.reason = f"{record.reason} ({item.url})"
    return record


class _ForwardStream(io.RawIOBase):
    """A read-only stream that reports its position and seeks forward by reading: fastwarc wants
    seek/tell, and our inputs (gzip, stdin) are streams."""

    def __init__(self, source: Any) -> None:
        self._source = source
        self._pos = 0
        # The damage that ended the input (a cut or bad gzip member): what came before it is handed
        # to fastwarc as the whole archive, so every complete record before the cut is read.
        self.error: InputError | None = None

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def read(self, size: int = -1) -> bytes:
        if self.error is not None:
            return b""
        parts: list[bytes] = []
        wanted = size if size is not None and size >= 0 else None
        got = 0
        try:
            while wanted is None or got < wanted:
                chunk = self._source.read1(wanted - got if wanted is not None else 1 << 20)
                if not chunk:
                    break
                parts.append(chunk)
                got += len(chunk)
        except InputError as exc:
            self.error = exc
        data = b"".join(parts)
        self._pos += len(data)
        return data

    def readinto(self, b: Any) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        target = offset if whence == io.SEEK_SET else self._pos + offset if whence == io.SEEK_CUR else None
        if target is None or target < self._pos:
            raise io.UnsupportedOperation("only forward seeks on a stream")
        while self._pos < target:
            chunk = self.read(min(target - self._pos, 1 << 20))
            if not chunk:
                break
        return self._pos


class _Filters:
    def __init__(self, options: IngestOptions) -> None:
        self.hosts = [h.lower().lstrip(".") for h in getattr(options, "warc_hosts", None) or [] if h]
        self.since = _day(getattr(options, "warc_since", None))
        self.until = _day(getattr(options, "warc_until", None))
        self.langs = {lang.lower().split("-")[0] for lang in getattr(options, "warc_langs", None) or [] if lang}

    def host_ok(self, url: str | None) -> bool:
        if not self.hosts:
            return True

        try:
            host = (urlsplit(url or "").hostname or "").lower()
        except ValueError:
            return False
        return any(host == h or host.endswith("." + h) for h in self.hosts)

    def date_ok(self, warc_date: str | None) -> bool:
        if not (self.since or self.until):
            return True
        day = (warc_date or "")[:10]
        if not day:
            return False
        return (not self.since or day >= self.since) and (not self.until or day <= self.until)

    def lang_ok(self, lang: str | None) -> bool:
        return not self.langs or (lang or "").lower().split("-")[0] in self.langs


def _day(value: str | None) -> str | None:
    if not value:
        return None
    value = str(value).strip()
    if not re.match(r"^\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"cannot read the date {value!r} (use YYYY-MM-DD)")
    return value[:10]


def _prepare(record: Any, origin: str, number: int, filters: _Filters, limit: int) -> _Job | Skipped | None:
    """A record's page to extract, a report of why it is not one, or None when filtered out."""
    headers = record.headers
    url = headers.get("WARC-Target-URI")
    warc_date = headers.get("WARC-Date")
    if not filters.host_ok(url) or not filters.date_ok(warc_date):
        return None
    kind = str(record.record_type)
    if kind == "revisit":
        return Skipped(origin, number, f"revisit record for {url} (no payload: a repeat of an earlier capture)")
    meta: dict[str, Any] = {"warc_record_id": headers.get("WARC-Record-ID"), "warc_offset": record.stream_pos}
    charset = None
    if kind == "response":
        if not (headers.get("Content-Type") or "").lower().startswith("application/http"):
            return Skipped(origin, number, f"response record for {url} is not an HTTP response")
        try:
            record.parse_http(auto_decode="all")
        except Exception as exc:  # a broken HTTP head in one record: report it, go on
            return Skipped(origin, number, f"bad HTTP response in record for {url}: {exc}")
        status = record.http_headers.status_code
        ctype = (record.http_content_type or "").lower()
        if status != 200:
            return Skipped(origin, number, f"HTTP {status} response for {url} (not a page)")
        charset = record.http_charset
    else:  # resource: the payload is the document itself

        ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        charset = charset_from_content_type(headers.get("Content-Type"))
    if ctype and not ctype.startswith(_HTML_TYPES):
        return Skipped(origin, number, f"not HTML ({ctype}) for {url}")
    if record.content_length > limit * 2:  # bodies may be compressed: judge the decoded size below
        return Skipped(origin, number, f"record too large ({record.content_length:,} bytes) for {url}")
    body = record.reader.read(limit + 1)
    if len(body) > limit:
        return Skipped(origin, number, f"page too large (over {limit:,} bytes) for {url}")
    if headers.get("WARC-Truncated"):
        meta["warc_truncated"] = headers.get("WARC-Truncated")
    return _Job(number=number, body=body, url=url, charset=charset, crawled=warc_date, meta=meta)
