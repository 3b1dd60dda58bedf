"""The bad-input corpus: cases generated at test time (our own short texts, no committed blobs).

Every case is an input (files written under a folder) and the outcome it must have: how many
records are read, how many items are skipped and a substring of the reason, and the flags the
stored articles carry. `FORMATS` writes the same items as JSONL, JSON, CSV, RSS, Atom and JSON Feed;
`BAD_ITEMS` are the bad items each format can carry; each is tried plain and gzipped.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

SURROGATE = "\ud800"
BODY = "The harbour board met on Monday and approved the plan for a new quay, officials said."


def good(n: int, tag: str = "") -> dict[str, str]:
    return {"id": f"r{n}{tag}", "title": f"Quay plan, part {n}", "text": f"{BODY} Part {n} of the report {tag}.",
            "published": f"2026-03-0{n % 9 + 1}T10:00:00Z"}


# -- formats: items -> bytes -----------------------------------------------------------------------

def _jsonl(items: list[dict]) -> bytes:
    return "".join(json.dumps(i) + "\n" for i in items).encode()


def _json(items: list[dict]) -> bytes:
    return json.dumps(items, indent=1).encode()


def _csv(items: list[dict]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["id", "title", "text", "published"])
    writer.writeheader()
    for i in items:
        writer.writerow({k: i.get(k, "") for k in ("id", "title", "text", "published")})
    return out.getvalue().encode("utf-8", "surrogatepass")


def _xml_text(value: str) -> str:
    return escape(value, quote=False).replace(SURROGATE, "&#xD800;")


def _rss(items: list[dict]) -> bytes:
    entries = "".join(
        f"<item><guid>{i.get('id', '')}</guid><title>{_xml_text(i.get('title', ''))}</title>"
        f"<description>{_xml_text(i.get('text', ''))}</description>"
        f"<pubDate>{_xml_text(i.get('published', ''))}</pubDate></item>" for i in items)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Harbour</title>{entries}</channel></rss>'.encode()


def _atom(items: list[dict]) -> bytes:
    entries = "".join(
        f"<entry><id>urn:x:{i.get('id', '')}</id><title>{_xml_text(i.get('title', ''))}</title>"
        f"<content type=\"text\">{_xml_text(i.get('text', ''))}</content>"
        f"<updated>{_xml_text(i.get('published', ''))}</updated></entry>" for i in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Harbour</title>{entries}</feed>").encode()


def _json_feed(items: list[dict]) -> bytes:
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Harbour", "items": [
        {"id": i.get("id"), "title": i.get("title"), "content_text": i.get("text"),
         "date_published": i.get("published")} for i in items]}).encode()


@dataclass
class Format:
    name: str
    suffix: str
    write: Callable[[list[dict]], bytes]
    no_text_reason: str
    can_surrogate: bool = True


FORMATS = [
    Format("jsonl", ".jsonl", _jsonl, "no text field"),
    Format("json", ".json", _json, "no text field"),
    Format("csv", ".csv", _csv, "no text field", can_surrogate=False),
    Format("rss", ".rss", _rss, "feed entry has no"),
    Format("atom", ".atom", _atom, "feed entry has no"),
    Format("jsonfeed", ".json", _json_feed, "feed entry has no"),
]

# -- bad items: (name, the item, records read, a reason substring if it is skipped, flag after repair)

@dataclass
class BadItem:
    name: str
    item: dict
    read: bool  # the item becomes a record (else it is skipped with `reason`)
    reason: str = ""
    flag: str = ""  # a flag the record carries once repaired for storing
    formats: tuple[str, ...] = ()  # only these formats (empty: all)


BAD_ITEMS = [
    BadItem("nothing_bad", good(7), True),
    BadItem("no_text_no_title", {"id": "x1", "title": "", "text": "", "published": ""}, False, "no_text"),
    BadItem("headline_only", {"id": "x2", "title": "Quay plan approved by the board", "text": ""}, True,
            flag="headline_only"),
    BadItem("lone_surrogate_in_text", {"id": "x3", "title": "Quay", "text": f"{BODY} Bad {SURROGATE} char."}, True,
            flag="repaired"),
    BadItem("lone_surrogate_in_title", {"id": "x4", "title": f"Quay {SURROGATE}", "text": BODY + " Four."}, True,
            flag="repaired"),
    BadItem("impossible_date", {"id": "x5", "title": "Quay", "text": BODY + " Five.", "published": "9999-01-01"}, True),
    BadItem("nonsense_date", {"id": "x6", "title": "Quay", "text": BODY + " Six.", "published": "not a date"}, True),
    BadItem("control_characters", {"id": "x7", "title": "Quay\x07 plan", "text": BODY + " Seven\x0b."}, True,
            formats=("jsonl", "json", "csv", "jsonfeed")),
    BadItem("very_long_title", {"id": "x8", "title": "Quay " * 400, "text": BODY + " Eight."}, True),
    BadItem("markup_in_text", {"id": "x9", "title": "Quay", "text": "<b>" + BODY + "</b> <script>x</script>"}, True),
]

WRAPPERS = ("plain", "gz")


@dataclass
class Case:
    id: str
    files: dict[str, bytes]
    read: int  # records read
    skipped: int
    reason: str = ""
    flags: list[str] = field(default_factory=list)  # flags expected on some record (after repair)
    options: dict = field(default_factory=dict)


def record_cases() -> list[Case]:
    """Every format x bad item x wrapper: two good items around the bad one."""
    cases = []
    for fmt in FORMATS:
        for bad in BAD_ITEMS:
            if bad.formats and fmt.name not in bad.formats:
                continue
            if SURROGATE in json.dumps(bad.item, ensure_ascii=False) and not fmt.can_surrogate:
                continue
            data = fmt.write([good(1, fmt.name), bad.item, good(2, fmt.name)])
            reason = fmt.no_text_reason if bad.reason == "no_text" else bad.reason
            for wrapper in WRAPPERS:
                name = f"in{fmt.suffix}" + (".gz" if wrapper == "gz" else "")
                blob = gzip.compress(data) if wrapper == "gz" else data
                cases.append(Case(f"{fmt.name}-{bad.name}-{wrapper}", {name: blob}, 2 + bad.read,
                                  0 if bad.read else 1, reason, [bad.flag] if bad.flag else []))
    return cases


# -- whole inputs that are bad in themselves -------------------------------------------------------

def _gz_bad_crc(data: bytes) -> bytes:
    blob = bytearray(gzip.compress(data))
    blob[-8] ^= 0xFF
    return bytes(blob)


def _gz_bad_length(data: bytes) -> bytes:
    blob = bytearray(gzip.compress(data))
    blob[-4] ^= 0x01
    return bytes(blob)


def _page(title: str, paragraphs: int = 5) -> str:
    ps = "".join(f"<p>{BODY} Paragraph {k} of {title}.</p>\n" for k in range(paragraphs))
    return f"<!DOCTYPE html><html><head><title>{title}</title></head><body><article><h1>{title}</h1>{ps}</article></body></html>"


def _warc_record(n: int) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + _page(f"Story {n}").encode()
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{n:08d}>\r\n"
            f"WARC-Date: 2024-06-01T10:00:00Z\r\nWARC-Target-URI: https://example.org/s{n}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def file_cases() -> list[Case]:
    j3 = _jsonl([good(1), good(2), good(3)])
    warc5 = b"".join(gzip.compress(_warc_record(n)) for n in range(1, 6))
    text2 = f"{BODY} First story.\n\n{BODY} Second story.\n".encode()
    cases = [
        Case("jsonl-malformed-line", {"a.jsonl": j3 + b'{"text": "cut\n' + _jsonl([good(4)])}, 4, 1, "malformed JSON"),
        Case("jsonl-not-an-object", {"a.jsonl": j3 + b"[1, 2]\n"}, 3, 1, "not a JSON object"),
        Case("jsonl-string-line", {"a.jsonl": j3 + b'"just a string"\n'}, 3, 1, "not a JSON object"),
        Case("jsonl-deep-nesting", {"a.jsonl": j3 + b"[" * 5000 + b"]" * 5000 + b"\n"}, 3, 1, ""),
        Case("jsonl-blank-lines", {"a.jsonl": b"\n\n" + j3 + b"\n   \n"}, 3, 0),
        Case("jsonl-crlf", {"a.jsonl": j3.replace(b"\n", b"\r\n")}, 3, 0),
        Case("jsonl-bom", {"a.jsonl": b"\xef\xbb\xbf" + j3}, 3, 0),
        Case("jsonl-cp1252-bytes", {"a.jsonl": json.dumps({"text": BODY + " caf\u00e9"}, ensure_ascii=False)
                                    .encode("cp1252") + b"\n"}, 1, 0),
        Case("jsonl-utf16", {"a.jsonl": "\ufeff".encode("utf-16-le") + j3.decode().encode("utf-16-le")}, 3, 0),
        Case("json-truncated-array", {"a.json": _json([good(1), good(2)])[:-40]}, 1, 1, "malformed JSON"),
        Case("json-articles-wrapper", {"a.json": json.dumps({"status": "ok", "articles": [good(1), good(2)]}).encode()},
             2, 0),
        Case("json-array-of-numbers", {"a.json": b"[1, 2, 3]"}, 0, 3, "not a JSON object"),
        Case("csv-wrong-field-count", {"a.csv": f'id,title,text\n1,A,"{BODY}"\n2,B\n3,C,"{BODY} three"\n'.encode()},
             2, 1, "fields, header has"),
        Case("csv-quoted-newlines", {"a.csv": f'id,title,text\n1,A,"{BODY}\n\nMore."\n'.encode()}, 1, 0),
        Case("csv-semicolons", {"a.csv": f"id;title;text\n1;A;{BODY}\n".encode()}, 1, 0),
        Case("tsv", {"a.tsv": f"id\ttitle\ttext\n1\tA\t{BODY}\n".encode()}, 1, 0),
        Case("text-one-story", {"a.txt": text2}, 1, 0),
        Case("text-empty", {"a.txt": b""}, 0, 1, "empty file"),
        Case("text-whitespace", {"a.txt": b"  \n\n\t \n"}, 0, 1, "only whitespace"),
        Case("text-binary", {"a.txt": bytes(range(256)) * 8}, 0, 1, "binary"),
        Case("text-nul-bytes", {"a.txt": b"abc\x00def\x00" * 50}, 0, 1, "binary"),
        Case("html-page", {"a.html": _page("Tram vote").encode()}, 1, 0),
        Case("html-saved-as-txt", {"a.txt": _page("Tram vote").encode()}, 1, 0),
        Case("html-no-article", {"a.html": b"<html><body><nav>Home</nav></body></html>"}, 0, 1, ""),
        Case("rss-saved-as-txt", {"a.txt": _rss([good(1), good(2)])}, 2, 0),
        Case("jsonfeed-saved-as-txt", {"a.txt": _json_feed([good(1)])}, 1, 0),
        Case("rss-malformed", {"a.rss": b"<rss version='2.0'><channel><title>x</title><item><title>A"}, 0, 1, ""),
        Case("rss-no-entries", {"a.rss": b"<rss version='2.0'><channel><title>x</title></channel></rss>"}, 0, 1,
             "no entries"),
        Case("rss-nul-charref", {"a.rss": _rss([good(1)]).replace(b"Part 1", b"Part &#0; 1")}, 1, 0,
             flags=["repaired"]),
        Case("rss-huge-charref", {"a.rss": _rss([good(1)]).replace(b"Part 1", b"Part &#x110000; 1")}, 1, 0,
             flags=["repaired"]),
        Case("jsonfeed-malformed", {"a.json": b'{"version": "https://jsonfeed.org/version/1", "items": [}'}, 0, 1,
             "malformed JSON Feed"),
        Case("jsonfeed-items-not-objects", {"a.json": json.dumps({"version": "https://jsonfeed.org/version/1",
                                                                  "items": [1, good(1)]}).encode()}, 1, 1,
             "not an object"),
        Case("warc-gz-complete", {"a.warc.gz": warc5}, 5, 0),
        Case("warc-gz-truncated", {"a.warc.gz": warc5[:-150]}, 4, 1, "gzip"),
        Case("warc-gz-cut-in-half", {"a.warc.gz": warc5[: len(warc5) // 2]}, 2, 1, ""),
        Case("warc-plain-truncated", {"a.warc": b"".join(_warc_record(n) for n in (1, 2)) + _warc_record(3)[:300]},
             2, 1, "cut short"),
        Case("warc-garbage", {"a.warc": b"WARC/1.0\r\nthis is not a record at all\r\n"}, 0, 1, ""),
        Case("gz-bad-crc", {"a.jsonl.gz": _gz_bad_crc(j3)}, 0, 1, "bad CRC"),
        Case("gz-bad-crc-second-member", {"a.jsonl.gz": gzip.compress(j3) + _gz_bad_crc(_jsonl([good(4)]))}, 3, 1,
             "member 2"),
        Case("gz-bad-length", {"a.jsonl.gz": _gz_bad_length(j3)}, 0, 1, "bad length"),
        Case("gz-truncated", {"a.jsonl.gz": gzip.compress(j3 * 200)[:400]}, None, 1, "truncated gzip"),  # type: ignore[arg-type]
        Case("gz-not-gzip", {"a.txt.gz": b"plain text pretending\n"}, 0, 1, "corrupt gzip"),
        Case("gz-trailing-garbage", {"a.jsonl.gz": gzip.compress(j3) + b"garbage after the end"}, 3, 1, "not gzip"),
        Case("gz-zero-padding", {"a.jsonl.gz": gzip.compress(j3) + b"\x00" * 512}, 3, 0),
        Case("gz-multi-member", {"a.jsonl.gz": gzip.compress(j3) + gzip.compress(_jsonl([good(4)]))}, 4, 0),
        Case("gz-empty-member", {"a.jsonl.gz": gzip.compress(b"") + gzip.compress(j3)}, 3, 0),
        Case("gz-csv", {"a.csv.gz": gzip.compress(_csv([good(1), good(2)]))}, 2, 0),
        Case("gz-over-cap", {"a.jsonl.gz": gzip.compress(j3 * 50)}, None, 1, "over limit",  # type: ignore[arg-type]
             options={"max_gz_bytes": 2000}),
        Case("pdf-suffix", {"a.pdf": b"%PDF-1.4 not really"}, 0, 1, "unsupported format"),
        Case("cfg-file", {"a.cfg": b"[main]\nkey = value\n"}, 0, 1, "configuration file"),
        Case("yaml-file", {"a.yaml": b"key: value\nother: 2\n"}, 0, 1, "configuration file"),
        Case("python-file", {"a.py": b"print('hello')\n"}, 0, 1, "source code"),
        Case("url-list", {"a.txt": b"https://example.org/a\nhttps://example.org/b\n# note\nhttp://example.net/\n"},
             0, 1, "list of URLs"),
        Case("sqlite-file", {"a.dat": b"SQLite format 3\x00" + b"\x00" * 200}, 0, 1, "SQLite"),
        Case("png-file", {"a.png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 100}, 0, 1, "image"),
        Case("hidden-file-left-out", {"a.jsonl": j3, ".hidden.jsonl": j3}, 3, 0),
        Case("nested-folders", {"x/a.jsonl": j3, "x/y/z/b.jsonl": _jsonl([good(4)])}, 4, 0),
        Case("journal-file", {"a.jsonl": j3, "desk.db-wal": b"\x00" * 40}, 3, 1, "journal"),
    ]
    return cases


DATE_CASES = [
    # (raw published, stored as a date?)
    ("2026-03-01", True), ("2026-03-01T10:00:00Z", True), ("Mon, 02 Mar 2026 10:00:00 GMT", True),
    ("1700000000", True), ("1700000000000", True), ("March 3, 2021", True), ("20260301", True),
    ("1800-01-01", True), ("1799-12-31", False), ("0001-01-01", False), ("9999-01-01", False),
    ("9999-12-31T23:59:59Z", False), ("2999-06-01", False), ("1e308", False), ("-1", False), ("NaN", False),
    ("nan", False), ("inf", False), ("-inf", False), ("Infinity", False), ("0", False), ("12", False),
    ("-1e10", False), ("1e+308", False), ("not a date", False), ("", False), ("2026-02-30", False),
    ("2026-13-01", False), ("99999999999999999999", False), ("\x00", False), ("yesterday-ish banana", False),
]
