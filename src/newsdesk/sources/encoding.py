"""Character encodings of web pages: the HTTP header, then the page's own declaration, then the bytes.

A declaration is believed only when the bytes agree with it: a page served as UTF-8 that is not
valid UTF-8 is decoded by what the page or its content says instead, and a page declared
ISO-8859-1 / Windows-1252 whose non-ASCII bytes are all well-formed UTF-8 sequences is UTF-8 (the
most common mislabelling on the web; a real Latin-1 text almost never forms such sequences).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">, <?xml encoding="x"?>
_META_CHARSET = re.compile(rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.I)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([a-zA-Z0-9_.:-]{2,40})["']""", re.I)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{2,40})""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# What browsers do (WHATWG Encoding): these labels mean Windows-1252, a superset of Latin-1.
_AS_CP1252 = {"latin-1", "iso8859-1", "ascii", "cp1252"}
_SNIFF_BYTES = 64 * 1024
_DETECT_BYTES = 256 * 1024


def charset_from_content_type(value: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not value:
        return None
    m = _HEADER_CHARSET.search(value)
    return m.group(1) if m else None


def declared_charset(data: bytes) -> str | None:
    """The encoding the document declares in its first bytes (XML declaration or meta tag)."""
    head = data[:_SNIFF_BYTES]
    m = _XML_DECL.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii", "ignore") if m else None


def normalise_encoding(label: str | None) -> str | None:
    """A Python codec name for an encoding label, or None for an unknown label."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in ("x-user-defined", "unicode", "utf-16", "utf-32", "ucs-2"):
        # A declaration readable as ASCII cannot be UTF-16/32; browsers read such pages as UTF-8.
        return "utf-8"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return "cp1252" if name in _AS_CP1252 else name


def _is_single_byte(codec: str) -> bool:
    return codec.startswith(("cp12", "iso8859", "latin", "mac-", "koi8", "cp8", "cp4"))


def _is_utf8_with_multibyte(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(data: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """Text of an HTML (or XML) document and the encoding used to read it."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace"), codec
    candidates = []
    for label in (http_charset, declared_charset(data)):
        codec = normalise_encoding(label)
        if codec and codec not in candidates:
            candidates.append(codec)
    for codec in candidates:
        if _is_single_byte(codec) and _is_utf8_with_multibyte(data):
            return data.decode("utf-8"), "utf-8"
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue  # the declaration is wrong: look further
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect(data)


def _detect(data: bytes) -> tuple[str, str]:
    """Content-based detection (charset_normalizer) on a bounded sample; Windows-1252 if unsure."""
    codec = None
    try:
        matches = from_bytes(data[:_DETECT_BYTES])
        best = matches.best()
        codec = normalise_encoding(best.encoding) if best is not None else None
        # Single-byte encodings often fit equally well (è in cp1252 is č in cp1250): between equals,
        # take Windows-1252, by far the most common legacy encoding of web pages.
        if best is not None and codec != "cp1252":
            for match in matches:
                if (normalise_encoding(match.encoding) == "cp1252" and match.percent_chaos <= best.percent_chaos
                        and match.percent_coherence >= best.percent_coherence):
                    codec = "cp1252"
                    break
    except Exception:  # detection is a best effort; never let it stop a page
        codec = None
    if codec and codec.startswith(("utf-16", "utf-32", "utf_16", "utf_32")):
        codec = None  # without a BOM (handled above) HTML is never UTF-16/32; short inputs fool detectors
    codec = codec or "cp1252"
    return data.decode(codec, errors="replace"), codec
