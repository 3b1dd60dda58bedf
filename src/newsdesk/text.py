"""Normalised forms of text, for matching and indexing only (the stored text keeps its characters)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ",
})
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+", re.UNICODE)

# Query parameters that only track clicks: two URLs differing in these are the same page.
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmpid|ocid|smid|_ga)$", re.I)


# C0 controls but tab and newlines, and DEL: never meant as text (PostgreSQL cannot even store NUL).
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# A wire dateline opening a text: a place in capitals, an optional date, an optional credit in brackets,
# then a dash ("LIMA, March 6 (Wire) – A quake ...").
DATELINE = re.compile(r"^[A-ZÀ-ÖØ-Þ][A-ZÀ-ÖØ-Þ.'’ -]{1,30}[A-ZÀ-ÖØ-Þ.](?:,[ \t][\w. ]{1,30}){0,2}(?:[ \t]*\([^)\n]{1,40}\))?"
                      r"[ \t]+[—–-]{1,2}[ \t]*(?=[\"“‘(]?[A-Z0-9])")


def strip_dateline(sentence: str) -> str:
    """A sentence without the dateline opening it ("LIMA, March 6 (Wire) - A quake ..." -> "A quake ...")."""
    m = DATELINE.match(sentence)
    return sentence[m.end():] if m and m.end() < len(sentence) else sentence


def strip_controls(value: str | None) -> str | None:
    return CONTROL_CHARS.sub("", value) if value else value


def normalise(text: str) -> str:
    """NFKC, plain quotes and dashes, collapsed whitespace: a form for comparing, never for storing."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """Lower-cased word tokens of the normalised text."""
    return _WORD.findall(normalise(text).lower())


def canonical_url(url: str) -> str:
    """A URL reduced to what identifies the page: lower-case scheme/host, no fragment, no tracking."""
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    host = parts.netloc.lower()
    if host.endswith(":80") and parts.scheme == "http":
        host = host[:-3]
    if host.endswith(":443") and parts.scheme == "https":
        host = host[:-4]
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)])
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path[:-1]
    return urlunsplit((parts.scheme.lower(), host, path, query, ""))


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if host and host.startswith("www."):
        host = host[4:]
    return host
