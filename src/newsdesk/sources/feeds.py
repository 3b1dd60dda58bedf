"""RSS, Atom and JSON Feed (RSS 0.9x/1.0/2.0, Atom 0.3/1.0 with feedparser; JSON Feed 1.0/1.1 read
here): one article per entry. A feed that declares no encoding and is not UTF-8 (a Chinese GBK or
Russian Windows-1251 feed) is decoded by content detection (charset-normalizer), not as Latin-1.

Each entry gives a title, link, published date, author, and its content (or summary) as text with
the HTML taken out; its guid (or link) is the record id, so an entry seen again is the same
article. Feedparser reads the encoding from the HTTP header and the XML declaration and copes with
undeclared or wrong ones (a feed declared UTF-8 that is really Windows-1252 decodes right).

An entry that carries only a teaser (a few sentences) can have its linked page fetched and
extracted instead: on by default for feeds fetched from the web, off for local files unless asked
(`--fetch-linked`), since a file may be read where there is no network. A failed fetch keeps the
teaser (flagged `teaser`), so nothing the feed said is lost.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin

import feedparser
from lxml import etree
from lxml import html as lxml_html

from newsdesk.config import IngestOptions
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources.encoding import charset_from_content_type, declared_charset, decode_html
from newsdesk.sources.fetch import Fetcher
from newsdesk.sources.html import _normalise, clean_boilerplate, extract_page
from newsdesk.sources.inputs import Input
from newsdesk.text import host_of

NAME = "feeds"
EXTENSIONS = (".rss", ".atom", ".rdf", ".xml")
TEASER_WORDS = 150  # entries with less text than this are teasers when they link to a page
_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<\?[^>]*\?>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<(rss|feed|rdf:RDF|RDF|channel)[\s>]",
                   re.I | re.S)
_HTML_HINT = re.compile(rb"<(?:html|head|body|title|h1|a\s)[\s>]", re.I)
_WORD = re.compile(r"\w+")
# Lines feed generators append to entries: never part of the article.
_FEED_JUNK = re.compile(
    r"^(?:the post .{1,300} appeared first on .{1,120}\.?|continue reading.{0,80}|read more.{0,40}|read the full (?:story|article).{0,60}"
    r"|\(?more\.{3}\)?|\[(?:…|\.\.\.)\]|…|comments?|view comments|click here.{0,80}|weiterlesen.{0,20}|lire la suite.{0,20}|leer más.{0,20}"
    r"|seguir leyendo.{0,20}|leia mais.{0,20}|this entry was posted in .{1,200}|(?:\[[^\]\n]{1,30}\]\s*)+)$",
    re.I,
)


_JSON_FEED = re.compile(rb'^\s*\{.{0,4000}?"version"\s*:\s*"https?://jsonfeed\.org/version/1', re.S)


def sniff(name: str, head: bytes) -> bool:
    """An RSS, RDF or Atom root element at the start of the content, or a JSON Feed."""
    head = head[:8192].lstrip(b"\xef\xbb\xbf")
    return bool(_ROOT.match(head)) or is_json_feed(head)


def is_json_feed(head: bytes) -> bool:
    """A JSON Feed (1.0 or 1.1): an object whose "version" names jsonfeed.org."""
    return bool(_JSON_FEED.match(head[:8192].lstrip(b"\xef\xbb\xbf")))


def read(inp: Input, options: IngestOptions) -> Iterator[RawRecord | Skipped]:
    limit = options.limits.max_html_bytes
    data = inp.stream.read(limit + 1)
    if len(data) > limit:
        yield Skipped(inp.origin, 0, f"feed too large (over {limit:,} bytes)")
        return
    fetch_linked = options.fetch_linked is True  # a local file: only when asked
    fetcher = None
    if fetch_linked:
        fetcher = Fetcher.from_options(options)
    try:
        yield from feed_records(data, inp.origin, options, headers=None, fetcher=fetcher, fetch_linked=fetch_linked)
    finally:
        if fetcher is not None:
            fetcher.close()


# A numeric character reference: an invalid one (a surrogate, NUL, beyond U+10FFFF) breaks the parser.
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")
_REPLACEMENT_REF = b"&#xFFFD;"


def _valid_xml_char(code: int) -> bool:
    return (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF)


def sanitize_char_refs(data: bytes) -> tuple[bytes, int]:
    """`data` with every reference to a character XML cannot hold made U+FFFD, and how many there were."""
    count = 0

    def fix(m: re.Match[bytes]) -> bytes:
        nonlocal count
        code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
        if _valid_xml_char(code):
            return m.group(0)
        count += 1
        return _REPLACEMENT_REF

    return _CHAR_REF.sub(fix, data), count


_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def as_utf8(data: bytes, content_type: str | None = None) -> bytes:
    """A feed that declares no encoding (no BOM, header or XML declaration) and is not UTF-8, decoded
    by its content and given back as UTF-8 with a declaration saying so; any other feed unchanged."""
    if data[:4].startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or charset_from_content_type(content_type):
        return data
    if declared_charset(data):
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    text, _ = decode_html(data)
    if _mostly_latin(text):
        # Among Latin-script encodings detection guesses poorly (cp1257 for Portuguese); Windows-1252
        # is by far the usual one, and what feed readers assume.
        text = data.decode("cp1252", errors="replace")
    return ('<?xml version="1.0" encoding="utf-8"?>' + _XML_DECL.sub("", text, count=1)).encode("utf-8")


def _mostly_latin(text: str) -> bool:
    """Most non-ASCII letters of `text` are Latin (accented Western letters), not another script."""
    letters = [c for c in text if ord(c) > 127 and c.isalpha()]
    latin = sum(1 for c in letters if ord(c) <= 0x24F)
    return bool(letters) and latin * 2 > len(letters)


def json_feed_records(data: bytes, origin: str, options: IngestOptions,
                      url: str | None = None) -> Iterator[RawRecord | Skipped]:
    """The items of a JSON Feed (1.0/1.1) as records: id, url, title, content, dates, authors."""
    try:
        feed = json.loads(data.decode("utf-8", errors="replace"))
    except (ValueError, RecursionError) as exc:
        yield Skipped(origin, 0, f"malformed JSON Feed: {str(exc)[:120]}")
        return
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        yield Skipped(origin, 0, "JSON Feed without an items list")
        return
    if not feed["items"]:
        yield Skipped(origin, 0, "feed has no entries")
        return
    feed_title = feed.get("title") if isinstance(feed.get("title"), str) else None
    home = feed.get("home_page_url") if isinstance(feed.get("home_page_url"), str) else url
    for position, item in enumerate(feed["items"], 1):
        if not isinstance(item, dict):
            yield Skipped(origin, position, "JSON Feed item is not an object")
            continue
        entry: dict[str, Any] = {"title": _str(item.get("title")), "id": _str(item.get("id")),
                                 "link": _str(item.get("url")) or _str(item.get("external_url")),
                                 "published": _str(item.get("date_published")) or _str(item.get("date_modified")),
                                 "language": _str(item.get("language")) or _str(feed.get("language"))}
        text = _str(item.get("content_text"))
        if not text and _str(item.get("content_html")):
            text = html_to_text(item["content_html"])
        text = text or _str(item.get("summary"))
        authors = item.get("authors") or feed.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
        names = [a["name"] for a in authors if isinstance(a, dict) and isinstance(a.get("name"), str)]
        tags = [t for t in item.get("tags") or [] if isinstance(t, str)]
        yield _json_item_record(entry, text, names, tags, origin, position, options, feed_title, home)


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _json_item_record(entry: dict[str, Any], text: str, authors: list[str], tags: list[str], origin: str,
                      position: int, options: IngestOptions, feed_title: str | None,
                      home: str | None) -> RawRecord | Skipped:
    title, link = entry["title"] or None, entry["link"] or None
    if link and home:
        link = urljoin(home, link)
    flags: list[str] = []
    if not text:
        if not title:
            return Skipped(origin, position, "feed entry has no title or text")
        text, flags = title, ["headline_only"]
    limit = options.limits.max_article_chars
    if len(text) > limit:
        return Skipped(origin, position, f"entry too large ({len(text):,} characters > limit {limit:,})")
    meta: dict[str, Any] = {"feed": feed_title} if feed_title else {}
    if tags:
        meta["tags"] = tags
    return RawRecord(origin=origin, position=position, text=text, title=title, url=link,
                     record_id=entry["id"] or link, source=options.source or feed_title or _host(link or home),
                     byline="; ".join(authors) or None, published=entry["published"] or None,
                     language=entry["language"] or None, meta=meta, flags=flags)


def parse_feed(data: bytes, headers: dict[str, str] | None = None, url: str | None = None) -> Any:
    response_headers = {k.lower(): v for k, v in (headers or {}).items()}
    data, bad_refs = sanitize_char_refs(as_utf8(data, response_headers.get("content-type")))
    if url:
        response_headers.setdefault("content-location", url)
    parsed = feedparser.parse(data, response_headers=response_headers, sanitize_html=True, resolve_relative_uris=True)
    parsed["newsdesk_bad_refs"] = bad_refs
    return parsed


def not_a_feed_reason(parsed: Any, data: bytes) -> str | None:
    """Why the content is not a feed, or None when it is one."""
    if parsed.get("version") or parsed.entries:
        return None
    head = data[:4096]
    if _HTML_HINT.search(head) and not sniff("", head):
        title = re.search(rb"<title[^>]*>(.*?)</title>", data[:16384], re.I | re.S)
        shown = f" titled {title.group(1).decode('utf-8', 'replace').strip()[:60]!r}" if title else ""
        return f"not a feed: an HTML page{shown}"
    problem = parsed.get("bozo_exception")
    if problem is not None:
        return f"not a feed: {type(problem).__name__}: {str(problem)[:120]}"
    return "not a feed (no RSS or Atom root element)"


def feed_records(data: bytes, origin: str, options: IngestOptions, url: str | None = None,
                 headers: dict[str, str] | None = None, fetcher: Any = None,
                 fetch_linked: bool = False) -> Iterator[RawRecord | Skipped]:
    """Every entry of a feed as a RawRecord (teasers replaced by their linked page when asked)."""
    if is_json_feed(data):
        items = list(json_feed_records(data, origin, options, url))
        if fetch_linked and fetcher is not None:
            items = list(_with_linked_pages(items, options, fetcher))
        yield from items
        return
    parsed = parse_feed(data, headers, url)
    reason = not_a_feed_reason(parsed, data)
    if reason:
        yield Skipped(origin, 0, reason)
        return
    if not parsed.entries:
        yield Skipped(origin, 0, "feed has no entries")
        return
    items = list(entry_records(parsed, origin, options, base_url=url))
    if parsed.get("newsdesk_bad_refs"):
        # The entries that held an impossible character reference (now U+FFFD) are flagged, so the
        # ingest reports them; the rest of the feed is stored as it is.
        for item in items:
            if isinstance(item, RawRecord) and "\ufffd" in (item.text + (item.title or "")):
                item.flags.append("repaired")
                item.meta["repair"] = "invalid character reference replaced by U+FFFD"
    if fetch_linked and fetcher is not None:
        items = list(_with_linked_pages(items, options, fetcher))
    yield from items


def entry_records(parsed: Any, origin: str, options: IngestOptions,
                  base_url: str | None = None) -> Iterator[RawRecord | Skipped]:
    feed = parsed.feed
    feed_title = _text(feed.get("title"))
    feed_link = feed.get("link") or base_url
    feed_lang = (feed.get("language") or "").strip() or None
    encoding = parsed.get("encoding")
    for position, entry in enumerate(parsed.entries, 1):
        yield entry_record(entry, origin, position, options, feed_title, feed_link, feed_lang, encoding)


def entry_record(entry: Any, origin: str, position: int, options: IngestOptions, feed_title: str | None = None,
                 feed_link: str | None = None, feed_lang: str | None = None,
                 encoding: str | None = None) -> RawRecord | Skipped:
    title = _text(entry.get("title"))
    link = (entry.get("link") or "").strip() or None
    if link and feed_link:
        link = urljoin(feed_link, link)
    guid = (entry.get("id") or "").strip() or None
    text = _entry_text(entry)
    flags: list[str] = []
    if not text:
        if not title:
            what = "no title, text or link" if not link else "no title or text"
            return Skipped(origin, position, f"feed entry has {what}")
        text = title
        flags.append("headline_only")
    published, raw_date = _entry_date(entry)
    meta: dict[str, Any] = {"feed": feed_title} if feed_title else {}
    if encoding:
        meta["encoding"] = encoding
    if raw_date and not published:
        meta["feed_date"] = raw_date
    tags = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
    if tags:
        meta["tags"] = tags
    limit = options.limits.max_article_chars
    if len(text) > limit:
        return Skipped(origin, position, f"entry too large ({len(text):,} characters > limit {limit:,})")
    return RawRecord(
        origin=origin, position=position, text=text, title=title, url=link, record_id=guid or link,
        source=options.source or feed_title or _host(link or feed_link), byline=_author(entry),
        published=published or raw_date, language=(entry.get("language") or feed_lang),
        meta=meta, flags=flags,
    )


def is_teaser(record: RawRecord) -> bool:
    return bool(record.url) and len(_WORD.findall(record.text)) < TEASER_WORDS


def _with_linked_pages(items: list[RawRecord | Skipped], options: IngestOptions,
                       fetcher: Any) -> Iterator[RawRecord | Skipped]:
    """Teaser entries get the text of their linked page (fetched concurrently, results in order)."""
    teasers = [i for i, item in enumerate(items) if isinstance(item, RawRecord) and is_teaser(item)]
    urls = [items[i].url for i in teasers]  # type: ignore[union-attr]
    results = dict(zip(teasers, fetcher.fetch_many(urls), strict=True)) if urls else {}
    for i, item in enumerate(items):
        if i in results and isinstance(item, RawRecord):
            result = results[i]
            if not result.ok:
                item.flags.append("teaser")
                item.meta["fetch_error"] = result.error or "not modified"
            else:
                page = extract_page(result.content, url=result.final_url or result.url, charset=result.charset)
                if page.not_article or len(page.text) <= len(item.text):
                    item.flags.append("teaser")
                    if page.not_article:
                        item.meta["linked_page"] = f"not an article: {page.not_article}"
                else:
                    merge_page(item, page)
        yield item


def merge_page(record: RawRecord, page: Any) -> None:
    """The linked page's text and missing metadata into a teaser entry's record."""
    record.meta["teaser"] = record.text
    record.text = page.text
    if "headline_only" in record.flags:
        record.flags.remove("headline_only")
    record.flags.append("full_text_fetched")
    record.title = record.title or page.title
    record.byline = record.byline or page.author
    record.published = record.published or page.published
    if page.url and page.url != record.url:
        record.meta["canonical_url"] = page.url
    if page.language and not record.language:
        record.language = page.language
    if page.sitename:
        record.meta.setdefault("sitename", page.sitename)


def _entry_text(entry: Any) -> str:
    """The entry's fullest text: its content, else its summary, as plain text."""
    candidates = [c.get("value") or "" for c in entry.get("content") or []]
    candidates.append(entry.get("summary") or "")
    best = ""
    for value in candidates:
        text = html_to_text(value)
        if len(text) > len(best):
            best = text
    return best


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per line, feed-generator junk lines dropped."""
    if not fragment or not fragment.strip():
        return ""
    if "<" not in fragment and "&" not in fragment:
        lines = fragment.split("\n")
    else:
        lines = _fragment_lines(fragment)

    kept = [line for line in (_normalise(x) for x in lines) if line and not _FEED_JUNK.match(line)]
    text, _ = clean_boilerplate("\n".join(kept))
    return text


_BLOCKS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "table",
           "section", "article", "figure", "figcaption", "pre", "dd", "dt", "hr"}


def _fragment_lines(fragment: str) -> list[str]:
    try:
        root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return [re.sub(r"<[^>]+>", " ", fragment)]
    for bad in root.xpath(".//script|.//style|.//noscript|.//iframe|.//object|.//embed"):
        bad.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in _BLOCKS:
            el.tail = "\n" + (el.tail or "")
            if el.tag != "br":
                el.text = "\n" + (el.text or "")
    return root.text_content().split("\n")


def _text(value: Any) -> str | None:
    if not value:
        return None
    text = html_to_text(str(value)) if ("<" in str(value) or "&" in str(value)) else str(value)
    text = re.sub(r"\s+", " ", text).strip()
    return text or None


def _entry_date(entry: Any) -> tuple[str | None, str | None]:
    """(ISO-8601 UTC date, the raw date string) of an entry: published, else updated, else created."""
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        raw = entry.get(key)
        if parsed:
            try:
                return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", parsed), raw
            except (TypeError, ValueError):
                pass
        if raw:
            return None, str(raw).strip()
    return None, None


def _author(entry: Any) -> str | None:
    """The entry's author names: RSS's "editor@example.com (Jane Doe)" gives Jane Doe; a bare email
    address is not a byline."""
    raw = (entry.get("author") or "").strip()
    m = re.match(r"^\s*\S+@\S+\s*\((.+)\)\s*$", raw)
    if m:
        return m.group(1).strip() or None
    names = [a.get("name", "").strip() for a in entry.get("authors") or [] if (a.get("name") or "").strip()]
    names = [n for n in dict.fromkeys(names) if "@" not in n]
    if len(names) > 1:
        return "; ".join(names)
    if raw and not re.fullmatch(r"\S+@\S+", raw):
        return raw
    return names[0] if names else None


def _host(url: str | None) -> str | None:
    return host_of(url)
