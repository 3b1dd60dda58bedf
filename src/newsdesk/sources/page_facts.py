"""A web page's facts beyond its text: the structured metadata (JSON-LD, meta tags) and the
publication date, chosen so that a modified or crawl date never wins over the published one.

Split from `sources.html`, which extracts the text and calls `page_facts` and `published_date` here.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import htmldate.extractors
from dateparser import DateDataParser
from lxml import html as lxml_html

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")

def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _clean(value: Any) -> str | None:
    if not value:
        return None
    value = _SPACES.sub(" ", str(value)).strip()
    return value or None



# --- metadata ------------------------------------------------------------------------------------

_DATE_PARAMS = {"original_date": True, "extensive_search": True}
# htmldate's extensive search hands free-text dates to dateparser with every locale enabled, which
# compiles hundreds of locale patterns on first use (tens of seconds per process). Restricting it to
# the languages most news is written in keeps the search and costs about two seconds, once.
_DATEPARSER_LANGUAGES = ["en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "pl"]


@lru_cache(maxsize=1)
def _date_text_parser() -> Any:
    return DateDataParser(languages=_DATEPARSER_LANGUAGES, settings={
        "NORMALIZE": True, "PARSERS": ["custom-formats", "absolute-time"], "PREFER_DATES_FROM": "past",
        "PREFER_LOCALE_DATE_ORDER": True, "RETURN_AS_TIMEZONE_AWARE": False, "STRICT_PARSING": True})


_ORIGINAL_PARSER: list[Any] = []


def _install_date_parser() -> None:
    if not _ORIGINAL_PARSER:
        _ORIGINAL_PARSER.append(htmldate.extractors.get_external_parser)
    htmldate.extractors.get_external_parser = _date_text_parser


@contextmanager
def original_date_parser() -> Iterator[None]:
    """htmldate as shipped (all dateparser locales), for measuring it beside ours."""
    current = htmldate.extractors.get_external_parser
    if _ORIGINAL_PARSER:
        htmldate.extractors.get_external_parser = _ORIGINAL_PARSER[0]
    try:
        yield
    finally:
        htmldate.extractors.get_external_parser = current
_ARTICLE_TYPES = {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
                  "reviewnewsarticle", "backgroundnewsarticle", "blogposting", "socialmediaposting", "report",
                  "scholarlyarticle", "techarticle", "liveblogposting", "posting", "review", "recipe",
                  "howto", "webpage", "medicalwebpage", "discussionforumposting", "qapage", "creativework"}
_LISTING_TYPES = {"collectionpage", "searchresultspage", "profilepage", "itemlist", "website", "aboutpage",
                  "contactpage"}
_PUBLISHED_META = ("article:published_time", "og:article:published_time", "og:published_time", "datepublished",
                   "published_time", "pubdate", "publishdate", "publish-date", "publish_date", "publication_date",
                   "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "sailthru.date",
                   "parsely-pub-date", "article.published", "originalpublicationdate", "date.available")
_MODIFIED_META = ("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified",
                  "dc.date.modified")


def _page_facts(tree: Any) -> dict[str, Any]:
    """Facts read straight from the page's markup: JSON-LD, meta tags, <html lang>, canonical link."""
    facts: dict[str, Any] = {"ld_types": set()}
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    if lang:
        facts["lang"] = lang.strip()
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv") or "")
        value = meta.get("content")
        if key and value and value.strip():
            metas.setdefault(key.strip().lower(), value.strip())
    facts["meta"] = metas
    if "lang" not in facts and metas.get("content-language"):
        facts["lang"] = metas["content-language"]
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel and link.get("href"):
            facts["canonical"] = link.get("href").strip()
            break
    if "canonical" not in facts and metas.get("og:url"):
        facts["canonical"] = metas["og:url"]
    title = tree.find(".//title")
    if title is not None and title.text:
        facts["title"] = _clean(title.text)
    h1 = tree.find(".//h1")
    if h1 is not None:
        facts["h1"] = _clean(h1.text_content())
    published = modified = None
    stamps: list[str] = [el.get("datetime") for el in tree.iter("time") if el.get("datetime")]
    stamps += [v for v in metas.values() if _ISO_START.match(v)]
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text.strip().rstrip(";"))
        except ValueError:
            continue
        for obj in _ld_objects(data):
            types = obj.get("@type")
            types = {t.lower() for t in (types if isinstance(types, list) else [types]) if isinstance(t, str)}
            facts["ld_types"] |= types
            if types & _ARTICLE_TYPES and "website" not in types:
                published = published or _str(obj.get("datePublished")) or _str(obj.get("dateCreated"))
                modified = modified or _str(obj.get("dateModified"))
                body = obj.get("articleBody")
                if isinstance(body, str) and len(body) > len(facts.get("ld_body") or ""):
                    facts["ld_body"] = body
            for key, value in obj.items():
                if "date" in str(key).lower() and isinstance(value, str):
                    stamps.append(value)
    facts["ld_published"] = published
    if facts.get("ld_body"):
        facts["ld_body"] = _markup_to_text(facts["ld_body"])
    for key in _PUBLISHED_META:
        if metas.get(key):
            facts["meta_published"] = metas[key]
            break
    for key in _MODIFIED_META:
        if metas.get(key):
            modified = modified or metas[key]
            break
    facts["modified"] = modified
    for el in tree.xpath('//*[@itemprop="datePublished"]'):
        value = el.get("datetime") or el.get("content") or (el.text or "").strip()
        if value:
            facts["itemprop_published"] = value
            break
    facts["stamps"] = stamps
    facts["articles"] = len(tree.xpath("//article"))
    linked = 0
    for heading in tree.xpath("//h1|//h2|//h3|//h4"):
        text = heading.text_content().strip()
        if len(text) >= 15:
            in_links = sum(len(a.text_content().strip()) for a in heading.iter("a"))
            ancestor_link = next(heading.iterancestors("a"), None) is not None
            if ancestor_link or in_links >= 0.8 * len(text):
                linked += 1
    facts["linked_headings"] = linked
    return facts


def _markup_to_text(value: str) -> str:
    """Text of a JSON-LD body that may hold HTML markup."""
    if "<" in value and ">" in value:
        try:
            value = lxml_html.fromstring(f"<div>{value}</div>").text_content()
        except Exception:
            value = re.sub(r"<[^>]+>", " ", value)
    return _normalise(htmllib.unescape(value))


def _ld_objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON-LD object in a document, @graph and nested lists included."""
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _ld_objects(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _ld_objects(data["@graph"], depth + 1)
        main = data.get("mainEntity") or data.get("mainEntityOfPage")
        if isinstance(main, dict | list):
            yield from _ld_objects(main, depth + 1)


def _str(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None


_ISO_START = re.compile(r"^\s*(\d{4})-?(\d{2})-?(\d{2})")


def _valid_date(value: str | None) -> str | None:
    """A date value that starts with a plausible ISO date, else None (it is left to htmldate)."""
    if not value:
        return None
    m = _ISO_START.match(value)
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    if not (1990 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return None
    return value.strip()


_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|-|$)")


def _parse_stamp(value: str) -> Any:
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def _published_date(facts: dict[str, Any], canonical: str | None, url: str | None,
                    doc: Any) -> tuple[str | None, str | None, str | None]:
    """(published, where it came from, local calendar day).

    The page's own structured published date first, then htmldate's original date. The URL's date
    (/2024/05/19/) is the publisher's local day: it wins over a structured date more than a day
    later (the page was re-published; the original date is the URL's), and it gives the local day of
    a UTC timestamp. A UTC timestamp also shown elsewhere in the page with its local offset is given
    in that local form.
    """
    url_day = None
    for candidate in (canonical, url):
        m = _URL_DATE.search(urlsplit(candidate).path) if candidate else None
        if m:
            try:
                url_day = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                url_day = None
            break
    value = source = None
    for key, where in (("ld_published", "json-ld"), ("meta_published", "meta"), ("itemprop_published", "itemprop")):
        value = _valid_date(facts.get(key))
        if value:
            source = where
            break
    if value is None:
        if doc is not None and doc.date:
            return doc.date, "htmldate", doc.date[:10]
        if url_day:
            return url_day.isoformat(), "url", url_day.isoformat()
        return None, None, None
    stamp = _parse_stamp(value)
    day = value[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", value) else None
    if stamp is not None and stamp.tzinfo is not None and stamp.utcoffset() == timedelta(0):
        for other in facts.get("stamps") or []:
            local = _parse_stamp(other)
            if (local is not None and local.tzinfo is not None and local.utcoffset() != timedelta(0)
                    and abs((local - stamp).total_seconds()) < 60):
                return other.strip(), source, other.strip()[:10]
    if url_day and day:
        gap = (date.fromisoformat(day) - url_day).days
        if gap > 1:
            return url_day.isoformat(), "url", url_day.isoformat()
        if gap == 1 and stamp is not None and stamp.tzinfo is not None and stamp.utcoffset() == timedelta(0):
            day = url_day.isoformat()  # a UTC timestamp just past midnight: the local day is the URL's
    return value, source, day
