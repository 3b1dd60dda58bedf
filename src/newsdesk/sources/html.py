"""Web pages: the article's main text and its metadata, from a file, a folder, a URL or a WARC record.

Main text comes from trafilatura (comments left out: they are not the article), then a cleaning pass
takes out the boilerplate lines trafilatura keeps (read-also links, newsletter and follow-us promos,
copyright and share lines, trailing tag lists). Metadata: title, authors, site name, canonical URL,
description from trafilatura; the publication date from the page's own structured metadata
(JSON-LD `datePublished`, `article:published_time`, `itemprop=datePublished`) before htmldate's
search with `original_date=True`, so a modified or crawl date never wins over the published one.
The language is detected from the text (the declared `<html lang>` is often a template default),
falling back on the declaration for short texts.

Pages that are not articles (home and section pages, tag and author pages, error pages, pages with
too little text) are recognised and skipped with a reason. `extract_page` is the one function the
HTML reader, the URL fetcher, the feed reader (linked pages), the WARC reader and
`newsdesk eval extraction` all call.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from newsdesk.config import IngestOptions
from newsdesk.model import RawRecord, Skipped
from newsdesk.pipeline.language import detect_language
from newsdesk.sources.encoding import decode_html
from newsdesk.sources.inputs import Input
from newsdesk.sources.page_facts import (  # noqa: F401 (original_date_parser, _normalise: used through this module)
    _ARTICLE_TYPES,
    _DATE_PARAMS,
    _LISTING_TYPES,
    _clean,
    _install_date_parser,
    _normalise,
    _page_facts,
    _published_date,
    original_date_parser,
)
from newsdesk.text import host_of

NAME = "html"
EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s)",
                         re.I | re.S)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)

MIN_WORDS = 30  # fewer words than this in the main text: not an article (a teaser, a stub, a form)
_WORD = re.compile(r"\w+")


def sniff(name: str, head: bytes) -> bool:
    """An .html file, or content that starts like HTML (and is not a feed)."""
    if name.endswith(EXTENSIONS):
        return True
    if _FEED_ROOT.search(head[:2048]):
        return False
    return bool(_HTML_START.match(head[:4096]))


def read(inp: Input, options: IngestOptions) -> Iterator[RawRecord | Skipped]:
    """One page per file: the article in it, or a Skipped saying why there is none."""
    limit = options.limits.max_html_bytes
    data = inp.stream.read(limit + 1)
    if len(data) > limit:
        yield Skipped(inp.origin, 1, f"page too large (over {limit:,} bytes)")
        return
    yield html_record(data, inp.origin, 1, options)


# --- the page model ------------------------------------------------------------------------------

@dataclass
class Page:
    """What one HTML page holds: its main text and metadata, or why it is not an article."""

    text: str
    title: str | None = None
    author: str | None = None
    published: str | None = None  # as the page states it (ISO-8601, local offset kept) or a date
    modified: str | None = None
    date_source: str | None = None  # where the published date came from
    sitename: str | None = None
    url: str | None = None  # canonical URL (the page's own, else the one it was fetched from)
    language: str | None = None
    declared_language: str | None = None
    description: str | None = None
    pagetype: str | None = None
    tags: list[str] = field(default_factory=list)
    encoding: str | None = None
    not_article: str | None = None  # reason, when the page is not an article
    removed_lines: list[str] = field(default_factory=list)  # boilerplate taken out of the text
    day: str | None = None  # the publication's calendar day where it was published (YYYY-MM-DD)


def extract_page(html: str | bytes, url: str | None = None, charset: str | None = None,
                 detect_language: bool = True) -> Page:
    """Main text and metadata of one page (bytes are decoded: `charset` from HTTP, then the page)."""
    # heavy: trafilatura takes a quarter of a second to import; every ingest loads this module, few read HTML
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    _install_date_parser()
    encoding = None
    if isinstance(html, bytes):
        html, encoding = decode_html(html, charset)
    tree = load_html(html)
    if tree is None:
        return Page(text="", encoding=encoding, url=url, not_article="not an HTML page (nothing to parse)")
    facts = _page_facts(tree)
    _unwrap_layout_tables(tree)
    try:
        doc = bare_extraction(tree, url=url, include_comments=False, include_tables=True,
                              with_metadata=True, date_extraction_params=_DATE_PARAMS)
    except Exception:  # a parser failure on one odd page must not stop a batch
        doc = None
    text = _normalise(doc.text) if doc is not None and doc.text else ""
    titles = [t for t in (doc.title if doc is not None else None, facts.get("title"), facts.get("h1")) if t]
    text = _strip_heading(text, titles)
    author = (_clean(doc.author) if doc is not None else None) or _byline_author(tree, text)
    text, removed = clean_boilerplate(text, author)
    body = facts.get("ld_body")
    if body and len(body) > 3 * max(len(text), 200):
        # The page declares its full body (JSON-LD articleBody) and the extraction missed most of it.
        text, removed2 = clean_boilerplate(_strip_heading(body, titles), author)
        removed += removed2
    page = Page(text=text, encoding=encoding, removed_lines=removed)
    page.author = _tidy_author(author)
    if doc is not None:
        page.title = _best_title(_clean(doc.title), facts)
        page.sitename = _clean(doc.sitename)
        page.description = _clean(doc.description)
        page.pagetype = _clean(doc.pagetype)
        page.tags = [t for t in (doc.tags or []) if t]
        page.url = doc.url
    page.title = page.title or facts.get("title")
    page.url = _absolute(facts.get("canonical"), url) or page.url or url
    page.published, page.date_source, page.day = _published_date(facts, page.url, url, doc)
    page.modified = facts.get("modified")
    page.declared_language = facts.get("lang")
    page.language = _language(page, detect_language)
    page.not_article = _not_article(page, facts, url)
    return page


def html_record(data: bytes | str, origin: str, position: int, options: IngestOptions, url: str | None = None,
                charset: str | None = None, crawled: str | None = None,
                meta: dict[str, Any] | None = None) -> RawRecord | Skipped:
    """The article of one page as a RawRecord, or Skipped with the reason it is not one."""
    page = extract_page(data, url=url, charset=charset)
    return page_record(page, origin, position, options, url=url, crawled=crawled, meta=meta)


def page_record(page: Page, origin: str, position: int, options: IngestOptions, url: str | None = None,
                crawled: str | None = None, meta: dict[str, Any] | None = None) -> RawRecord | Skipped:
    if page.not_article:
        return Skipped(origin, position, f"not an article: {page.not_article}")
    record_meta: dict[str, Any] = dict(meta or {})
    flags: list[str] = []
    for key in ("sitename", "description", "modified", "date_source", "encoding", "pagetype"):
        value = getattr(page, key)
        if value:
            record_meta[key] = value
    if page.tags:
        record_meta["tags"] = page.tags
    if url and page.url and url != page.url:
        record_meta["fetched_url"] = url
    published = page.published
    if crawled:
        record_meta["crawled"] = crawled
        if not published:
            published = crawled  # a crawl date is better than none, but say where it came from
            flags.append("date_from_crawl")
    return RawRecord(
        origin=origin, position=position, text=page.text, title=page.title, url=page.url or url,
        source=options.source or page.sitename or _host(page.url or url), byline=page.author,
        published=published, language=page.language, meta=record_meta, flags=flags,
    )


# --- text cleaning -------------------------------------------------------------------------------

# "Read more: …" and its equivalents: links to other articles set inside the text.
_READ_ALSO = re.compile(
    r"^\W{0,3}(?:read|see|watch|listen|click)\s+(?:more|also|next|here)\b|^\W{0,3}(?:also|more)\s+(?:read|on this|from)\b"
    r"|^\W{0,3}(?:related|recommended|trending now|most read|most popular|popular (?:now|posts|stories|articles)|you may also like|you might also like)\b"
    r"|^\W{0,3}(?:watch|listen|video|gallery|photos|in pictures|podcast)\s*[:|]"
    r"|^\W{0,3}(?:lea|lee|leer)\s+(?:también|tambien|más|mas|además)\b|^\W{0,3}(?:te puede interesar|le puede interesar|también te puede interesar)"
    r"|^\W{0,3}(?:à\s+)?(?:lire|voir)\s+(?:aussi|également|plus)\b|^\W{0,3}sur le même sujet\b"
    r"|^\W{0,3}(?:leia|veja)\s+(?:também|mais)\b|^\W{0,3}(?:lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant|das könnte sie auch interessieren|weiterlesen)\b"
    r"|^\W{0,3}(?:leggi anche|leggi di più|potrebbe interessarti)\b|^\W{0,3}(?:lees ook|lees meer)\b|^\W{0,3}(?:läs också|læs også|les også)\b",
    re.I,
)
# Promotions, sharing and legal lines: never the news itself.
_PROMO = re.compile(
    r"\b(?:sign\s*up|subscribe)\b.{0,80}\b(?:newsletters?|e-?mails?|inbox|updates|alerts|channel)\b"
    r"|^\W{0,3}(?:sign\s*up|subscribe)\b(?:\W+\w+){0,20}\W*$"
    r"|\bnewsletter\b.{0,40}\b(?:sign\s*up|subscribe|inbox)\b"
    r"|\b(?:follow|like|join)\s+(?:us|[A-Z][\w.&' ]{1,40})\s+on\s+(?:twitter|facebook|instagram|x|linkedin|tiktok|youtube|telegram|whatsapp)\b"
    r"|\bdownload\s+(?:our|the)\s+(?:\w+\s+){0,3}app\b|\bsupport\s+(?:our|independent)\s+(?:journalism|reporting)\b"
    r"|\ball rights reserved\b|\bcopyright\s*(?:©|\(c\)|\d{4})|^©\s*\d{4}|\b(?:this|the)\s+(?:article|story|content)\s+(?:is|may not be)\s+(?:the\s+)?(?:copyrighted|republished|reproduced)"
    r"|\bwe want to hear (?:from you|what you think)\b|\bsubscribe (?:now )?(?:to|for) (?:read|continue|get|the full|unlimited)"
    r"|\bto (?:continue reading|read the full story|view the full story),? (?:please )?(?:subscribe|log in|sign in)\b"
    r"|\bsuscr[ií]bete\b|\babonnez-vous\b|\bjetzt abonnieren\b|\bnewsletter abonnieren\b"
    r"|\bshare (?:this|on) (?:article|story|post|facebook|twitter)\b"
    r"|^(?:share|tweet|email|print|comments?|advertisement|anzeige|werbung|publicité|publicidad|sponsored|loading\W*"
    r"|subscribe|sign in|log in|register|follow us|newsletter|\d{1,2}:\d{2}(?::\d{2})?)\W*$",
    re.I,
)
# Trailing lists: tags, categories, "filed under".
_TRAILER = re.compile(
    r"^\W{0,3}(?:tags?|topics?|categories|category|filed under|posted in|themen|schlagwörter|etiquetas|temas|mots-clés|sujets)\s*[:|]",
    re.I,
)
_MAX_BOILER_WORDS = 40


def clean_boilerplate(text: str, author: str | None = None) -> tuple[str, list[str]]:
    """Remove boilerplate lines from extracted text; returns the text and the lines removed.

    `author` (the page's byline metadata) lets a byline line ("By Jane Doe - 3 May 2024") go too."""
    if not text:
        return text, []
    lines = text.split("\n")
    kept: list[str] = []
    removed: list[str] = []
    names = [n.strip() for n in re.split(r";|,| and ", author or "") if len(n.strip()) > 3]
    for line in lines:
        stripped = line.strip()
        n_words = len(stripped.split())
        if stripped and n_words <= _MAX_BOILER_WORDS and (_READ_ALSO.search(stripped) or _PROMO.search(stripped)
                                                          or _DATE_LINE.match(stripped)
                                                          or _is_byline(stripped, n_words, names)):
            removed.append(stripped)
            continue
        kept.append(line)
    # Tag lists and bare link lines at the end of the text.
    while kept and (not kept[-1].strip() or (_TRAILER.search(kept[-1].strip())
                                              and len(kept[-1].split()) <= _MAX_BOILER_WORDS)):
        line = kept.pop()
        if line.strip():
            removed.append(line.strip())
    return "\n".join(kept).strip(), removed


_NAME = r"[A-ZÀ-ÖØ-Þ][\w'’.-]+(?:\s+(?:[A-ZÀ-ÖØ-Þ][\w'’.-]+|de|da|di|van|von|der|den|la|le|del|bin|al)){1,3}"
_BYLINE = re.compile(rf"(?:^|\s)(?i:(?:posted|written|words|reporting|text)\s+)?(?i:by|von|par|por|door)\s+"
                     rf"({_NAME}(?:\s*(?:,|and|&|und|et|y)\s*{_NAME})*)")
_NAME_FIRST = re.compile(rf"^({_NAME})\s*(?:\||·|—|–|-|,)\s*\S")


def _byline_author(tree: Any, text: str) -> str | None:
    """The author from a byline when the page has no author metadata: an element marked as the
    author or byline, else a "By Jane Doe" or "Jane Doe | 3 May 2024" line at the top of the text."""
    for el in tree.xpath('//*[@rel="author" or @itemprop="author" or contains(@class, "author") '
                         'or contains(@class, "byline") or contains(@class, "by")]')[:20]:
        value = _clean(el.text_content())
        if not value or len(value) > 80:
            continue
        m = _BYLINE.match(value)
        if m and m.start() == 0:
            return _names(m.group(1))
        if (el.get("rel") == "author" or el.get("itemprop") == "author") and re.fullmatch(_NAME, value):
            return _names(value)
    for el in tree.xpath("//p|//span|//div|//li|//small")[:3000]:
        own = (el.text or "").strip()
        if own[:10].lower().startswith(("by ", "posted by", "written by", "von ", "par ", "por ")):
            value = _clean(el.text_content()) or ""
            m = _BYLINE.match(value) if len(value.split()) <= 12 else None
            if m and m.start() == 0:
                return _names(m.group(1))
    for line in text.split("\n")[:5]:
        line = line.strip()
        if len(line.split()) > 30:
            continue
        m = _BYLINE.search(line)
        if m and (m.start() == 0 or _DATE_SEARCH_WORDS.search(line)):
            return _names(m.group(1))
        m = _NAME_FIRST.match(line)
        if m and len(line.split()) <= 12 and _DATE_SEARCH_WORDS.search(line):
            return _names(m.group(1))
    return None


def _tidy_author(value: str | None) -> str | None:
    """Names only: "Jane Doe is a staff writer" -> "Jane Doe"; an entry that is no name is dropped."""
    if not value:
        return None
    out = []
    for part in value.split(";"):
        part = part.strip()
        if len(part.split()) > 4:
            m = re.match(_NAME, part)
            part = m.group(0) if m else ""
        if part and part not in out:
            out.append(part)
    return "; ".join(out) or None


def _best_title(title: str | None, facts: dict[str, Any]) -> str | None:
    """The headline: when the extractor took the site-name part of "Site - Headline", the other part."""
    full = facts.get("title")
    if not title or not full or title == full or facts.get("h1"):
        return title
    for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
        if sep in full:
            parts = [p.strip() for p in full.split(sep)]
            if title in parts and len(title.split()) <= 4:
                longest = max(parts, key=len)
                if len(longest.split()) >= 4 and longest != title:
                    return longest
    return title


def _names(value: str) -> str:
    parts = [p.strip() for p in re.split(r"\s*(?:,|\band\b|&|\bund\b|\bet\b|\by\b)\s*", value) if p.strip()]
    return "; ".join(parts)


_BY = re.compile(r"^(?:by|von|par|por|door|di|av|af)\s+\S", re.I)
_DATE_SEARCH_WORDS = re.compile(r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b|\b(?:19|20)\d\d\b")


def _is_byline(line: str, n_words: int, names: list[str]) -> bool:
    """A line giving the author (and usually a date), not a sentence of the article."""
    if not names or n_words > 30 or line.endswith((".", "!", "?", "\"", "”")) and n_words > 8:
        return False
    if not any(name in line for name in names):
        return False
    return bool(_BY.match(line)) and n_words <= 12 or bool(_DATE_SEARCH_WORDS.search(line))


_DATE_WORDS = (r"(?:jan(?:uary|vier)?|feb(?:ruary)?|f[eé]vr(?:ier)?|mar(?:ch|s|zo)?|m[aä]rz|apr(?:il)?|avr(?:il)?|abr(?:il)?|may(?:o)?|mai"
               r"|june?|juin|jun(?:i|io)?|july?|juil(?:let)?|jul(?:i|io)?|aug(?:ust)?|ao[uû]t|ago(?:sto)?|sep(?:t(?:ember|embre|iembre)?)?"
               r"|oct(?:ober|obre)?|okt(?:ober)?|nov(?:ember|embre|iembre)?|dec(?:ember)?|d[eé]c(?:embre)?|dez(?:ember)?|dic(?:iembre)?)\.?")
_DATE_LINE = re.compile(
    r"^(?:(?:published|updated|posted(?: on)?|last updated|first published|modified|date|veröffentlicht(?: am)?|aktualisiert(?: am)?"
    r"|stand|publié le|mis à jour le|publicado(?: el)?|actualizado(?: el)?)\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:de\s+)?{_DATE_WORDS}\s+(?:de\s+)?\d{{4}}|{_DATE_WORDS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?:\s*(?:at|um|à|a las|,|-|\||·)?\s*\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*(?:uhr|[a-z]{2,5}))?)?\W*$",
    re.I,
)


def _key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _strip_heading(text: str, titles: list[str]) -> str:
    """Drop a kicker or dateline set above the headline at the top of the text. The headline itself
    stays: readers and gold texts alike take it as part of the article's text."""
    if not text or not titles:
        return text
    keys = set()
    for title in titles:
        keys.add(_key(title))
        for sep in (" | ", " - ", " – ", " — ", " :: ", " · "):
            if sep in title:
                keys.add(_key(title.split(sep)[0]))
                keys.add(_key(title.rsplit(sep, 1)[0]))
    keys.discard("")
    lines = text.split("\n")
    for i, line in enumerate(lines[:4]):
        if _key(line) in keys:
            before = lines[:i]
            if before and all(len(b.split()) <= 4 or _DATE_LINE.match(b.strip()) for b in before):
                return "\n".join(lines[i:]).strip()
            break
    return text


def _unwrap_layout_tables(tree: Any) -> None:
    """Tables used for page layout (nested tables, long text in a cell) become plain blocks, so the
    extractor reads their cells as page regions instead of flattening them into one table row."""
    for table in reversed(tree.xpath("//table")):
        own = [el for el in table.xpath(".//tr|.//td|.//th|.//tbody|.//thead|.//tfoot")
               if next(el.iterancestors("table"), None) is table]
        cells = [el for el in own if el.tag in ("td", "th")]
        nested = table.find(".//table") is not None
        longest = max((len(c.text_content()) for c in cells), default=0)
        if not (nested or longest > 500 or (table.get("role") or "").lower() == "presentation"):
            continue
        for el in own:
            el.tag = "div"
        table.tag = "div"


def _language(page: Page, detect: bool) -> str | None:
    declared = (page.declared_language or "").replace("_", "-").split("-")[0].lower() or None
    if not detect or not page.text:
        return declared

    lang, prob = detect_language(f"{page.title or ''}\n{page.text}")
    if lang and (prob >= 0.8 or not declared):
        return lang
    return declared or lang


def _absolute(href: str | None, base: str | None) -> str | None:
    if not href:
        return None
    if base and not urlsplit(href).scheme:
        return urljoin(base, href)
    return href if urlsplit(href).scheme in ("http", "https") else None


def _host(url: str | None) -> str | None:
    return host_of(url)


# --- is it an article? ---------------------------------------------------------------------------

_ERROR_TITLE = re.compile(
    r"\b(?:404|410|500|503)\b|\bpage not found\b|\bnot found\b|\bfile not found\b|\baccess denied\b|\bforbidden\b"
    r"|\berror\b.{0,20}\bpage\b|\bpage\b.{0,20}\b(?:does not|doesn't|no longer) exist|\bdocument moved\b|\bobject moved\b"
    r"|\bseite nicht gefunden\b|\bpage introuvable\b|\bp[aá]gina no encontrada\b|\bp[aá]gina n[aã]o encontrada\b",
    re.I,
)
_LISTING_SEGMENTS = {"tag", "tags", "category", "categories", "topic", "topics", "author", "authors", "section",
                     "sections", "archive", "archives", "search", "page", "label", "labels", "thema", "themen",
                     "rubrique", "categoria", "etiqueta", "autor", "auteur"}
_PAGE_SUFFIX = re.compile(r"/page/\d+/?$|[?&](?:page|p|paged|s|q|query)=", re.I)


def _not_article(page: Page, facts: dict[str, Any], url: str | None) -> str | None:
    """Why the page is not an article, or None when it is one."""
    words = len(_WORD.findall(page.text))
    title = " ".join(t for t in (facts.get("title"), facts.get("h1")) if t)
    if _ERROR_TITLE.search(title) and words < 150:
        return f"error page ({title[:80]!r})"
    if words == 0:
        return "no main text found"
    ld_types = facts.get("ld_types") or set()
    is_article_typed = bool(ld_types & (_ARTICLE_TYPES - {"webpage", "creativework"})) or (
        (page.pagetype or "").lower() == "article")
    listing = _listing_reason(page.url or url, url)
    if listing and not is_article_typed:
        return listing
    if not is_article_typed and ld_types & _LISTING_TYPES and not ld_types & _ARTICLE_TYPES and words < 300:
        return f"a listing page ({', '.join(sorted(ld_types & _LISTING_TYPES))})"
    if words < MIN_WORDS:
        return f"too little text ({words} words)"
    teasers = max(facts.get("linked_headings", 0), facts.get("articles", 0))
    running = sum(1 for line in page.text.split("\n") if len(line.split()) >= 30)
    if not is_article_typed and teasers >= 6 and running < 3:
        return f"a listing page ({teasers} linked headlines, little running text)"
    return None


def _listing_reason(*urls: str | None) -> str | None:
    for url in urls:
        if not url:
            continue
        try:
            parts = urlsplit(url)
        except ValueError:
            continue
        path = parts.path or "/"
        if path in ("", "/") and not parts.query:
            return "a home page"
        if _PAGE_SUFFIX.search(path + ("?" + parts.query if parts.query else "")):
            return "a listing page (paged or search results)"
        segments = [s for s in path.lower().split("/") if s]
        if segments and any(s in _LISTING_SEGMENTS for s in segments[:2]):
            last = segments[-1]
            # "/tag/climate" is a tag page; "/category/politics/senate-passes-the-budget-bill" is an article
            if last in _LISTING_SEGMENTS or (last.count("-") < 3 and not re.search(r"\d{4,}|\.html?$", last)):
                return f"a {next(s for s in segments if s in _LISTING_SEGMENTS)} page"
    return None
