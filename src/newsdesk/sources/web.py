"""The web side of reading: URLs given as inputs fetched and sniffed, and content sniffing.

Fetching itself (politeness, robots.txt, refused addresses, size caps) is `sources.fetch`; this
module decides what a fetched response (or a file's first bytes) holds: a feed (RSS, Atom, RDF,
JSON Feed), an HTML page, or neither, by its content first and its declared type second, since
servers and file names often mislabel. Dependencies run one way: web -> fetch, feeds, html.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsdesk.config import IngestOptions
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources import feeds, html
from newsdesk.sources.fetch import Fetcher, FetchResult

SNIFF_BYTES = 64 * 1024


def sniff_kind(head: bytes, content_type: str = "") -> str | None:
    """'feed', 'html' or None for content starting with `head` (and its declared content type)."""
    head = head[:SNIFF_BYTES]
    ctype = (content_type or "").lower()
    if feeds.sniff("", head) or feeds.is_json_feed(head):
        return "feed"
    if any(t in ctype for t in ("rss", "atom", "rdf", "feed+json")):
        return "feed"
    if "html" in ctype or html.sniff("", head):
        return "html"
    return None


def looks_like_html(head: bytes) -> bool:
    """A page that starts like HTML (doctype, <html>, <head>, <body>): whatever its file name says."""
    return bool(html.sniff("", head[:SNIFF_BYTES])) and not feeds.sniff("", head)


def response_kind(result: FetchResult) -> str | None:
    """'feed', 'html' or None, from the content (servers often mislabel feeds) and content type."""
    return sniff_kind(result.content, result.content_type)


def read_urls(urls: list[str], options: IngestOptions, fetcher: Fetcher | None = None) -> Iterator[RawRecord | Skipped]:
    """Records from URLs given as inputs: pages become articles, feeds their entries."""
    own = fetcher is None
    fetcher = fetcher or Fetcher.from_options(options)
    try:
        for result in fetcher.fetch_many(urls):
            yield from records_from_response(result, options, fetcher)
    finally:
        if own:
            fetcher.close()


def records_from_response(result: FetchResult, options: IngestOptions, fetcher: Fetcher | None = None,
                          origin: str | None = None) -> Iterator[RawRecord | Skipped]:
    """A fetched response as records: an HTML page's article, a feed's entries, or why neither."""
    origin = origin or result.url
    if result.error:
        yield Skipped(origin, 0, f"fetch failed: {result.error}")
        return
    if result.not_modified:
        return
    kind = response_kind(result)
    if kind == "feed":
        fetch_linked = options.fetch_linked is not False  # on by default for feeds fetched from the web
        yield from feeds.feed_records(result.content, origin, options, url=result.final_url or result.url,
                                      headers=result.headers, fetcher=fetcher, fetch_linked=fetch_linked)
    elif kind == "html":
        yield html.html_record(result.content, origin, 1, options, url=result.final_url or result.url,
                               charset=result.charset, meta={"http_status": result.status})
    else:
        yield Skipped(origin, 0, f"not a web page or feed (content type {result.content_type or 'unknown'})")


