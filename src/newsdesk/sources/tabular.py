"""Structured records: JSON Lines, JSON (arrays, or objects one after another) and CSV/TSV.

Each record's fields are mapped to a RawRecord by `records.FieldMapper` (usual names, or --map).
Positions: the line number for JSONL, the element number for JSON, the first line of the row for CSV.
Everything streams: JSONL and CSV line by line with a bounded line length, JSON one element at a time.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from typing import Any

from newsdesk.config import IngestOptions
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources.inputs import Input
from newsdesk.sources.lines import UTF8, decode, first_text, iter_lines
from newsdesk.sources.records import FIELD_NAMES, FieldMapper

NAME = "tabular"
EXTENSIONS = (".jsonl", ".ndjson", ".jsonlines", ".json", ".csv", ".tsv")
_JSONL = (".jsonl", ".ndjson", ".jsonlines")
_CSV_DELIMITERS = ",\t;"
# Keys whose value, in a top-level JSON object without a text of its own, is the list of records.
_RECORD_LISTS = ("articles", "items", "records", "data", "results", "docs", "documents", "entries", "news")


def sniff(name: str, head: bytes) -> bool:
    """JSON (an object or array first) or CSV with a recognisable header."""
    return _kind(name, head) is not None


def read(inp: Input, options: IngestOptions) -> Iterator[RawRecord | Skipped]:
    kind = _kind(inp.name, inp.head) or "jsonl"
    mapper = FieldMapper(options)
    if kind == "csv":
        yield from _read_csv(inp, options, mapper)
    elif kind == "json":
        yield from _read_json(inp, options, mapper)
    else:
        yield from _read_jsonl(inp, options, mapper)


def _kind(name: str, head: bytes) -> str | None:
    if name.endswith(_JSONL):
        return "jsonl"
    if name.endswith((".csv", ".tsv")):
        return "csv"
    text = first_text(head)
    if name.endswith(".json"):
        return "json"  # also reads one object per line, and finds {"articles": [...]} lists
    if _first_line_is_object(text):
        return "jsonl"
    first_line = text.split("\n", 1)[0].strip()
    if first_line in ("{", "[") or first_line.startswith(('{"', '[{', '[ {', '[\n')):
        return "json"  # pretty-printed JSON
    return "csv" if _csv_header(text) else None


def _first_line_is_object(text: str) -> bool:
    line = text.split("\n", 1)[0].strip()
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _csv_header(text: str) -> str | None:
    """The delimiter when the first line is a header naming a text-like field; else None."""
    header = text.split("\n", 1)[0].strip().lower()
    delimiter = max(_CSV_DELIMITERS, key=header.count)
    names = [n.strip().strip('"') for n in header.split(delimiter)]
    if len(names) < 2 or any(len(n) > 40 or " " in n.strip() for n in names):
        return None
    wanted = set(FIELD_NAMES["text"]) | set(FIELD_NAMES["title"])
    return delimiter if wanted & set(names) else None


def _encoding_meta(inp: Input, used: str) -> dict[str, Any]:
    return {"encoding": inp.encoding or used}


# -- JSON Lines ---------------------------------------------------------------------------------

def _read_jsonl(inp: Input, options: IngestOptions, mapper: FieldMapper) -> Iterator[RawRecord | Skipped]:
    limit = options.limits.max_line_bytes
    for line in iter_lines(inp.stream, limit):
        if line.data is None:
            yield Skipped(inp.origin, line.number, f"line too long ({line.size:,} bytes > limit {limit:,})")
            continue
        if not line.data.strip():
            continue
        text, encoding = decode(line.data)
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            yield Skipped(inp.origin, line.number, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        except RecursionError:
            yield Skipped(inp.origin, line.number, "malformed JSON: nested too deeply")
            continue
        if not isinstance(obj, dict):
            yield Skipped(inp.origin, line.number, f"not a JSON object (a {_json_type(obj)})")
            continue
        yield mapper(obj, inp.origin, line.number, _encoding_meta(inp, encoding))


def _json_type(value: Any) -> str:
    return {list: "list", str: "string", int: "number", float: "number", bool: "boolean",
            type(None): "null"}.get(type(value), type(value).__name__)


# -- JSON (arrays, concatenated objects) --------------------------------------------------------

def _read_json(inp: Input, options: IngestOptions, mapper: FieldMapper) -> Iterator[RawRecord | Skipped]:
    position = 0
    for item in _json_values(inp, options.limits.max_line_bytes):
        if isinstance(item, Skipped):
            yield Skipped(inp.origin, position + 1, item.reason)
            return
        value, encoding = item
        for obj in _records_in(value):
            position += 1
            if not isinstance(obj, dict):
                yield Skipped(inp.origin, position, f"not a JSON object (a {_json_type(obj)})")
            else:
                yield mapper(obj, inp.origin, position, _encoding_meta(inp, encoding))


def _records_in(value: Any) -> list[Any]:
    # {"status": "ok", "articles": [...]}: the list inside is the records (NewsAPI and alike).
    if isinstance(value, dict):
        keys = {str(k).lower(): k for k in value}
        if not any(k in keys for k in ("text", "body", "content", "title", "headline")):
            for name in _RECORD_LISTS:
                inner = value.get(keys.get(name, name))
                if isinstance(inner, list) and inner and all(isinstance(v, dict) for v in inner):
                    return inner
    return [value]


class _JsonText:
    """Text of a byte stream, decoded chunk by chunk (UTF-8, switching to Windows-1252 if invalid)."""

    def __init__(self, inp: Input):
        self.stream = inp.stream
        self.encoding = UTF8
        self._decoder = codecs.getincrementaldecoder(UTF8)()
        self.eof = False

    def more(self, size: int) -> str:
        chunk = self.stream.read(size)
        self.eof = not chunk
        try:
            return self._decoder.decode(chunk, final=self.eof)
        except UnicodeDecodeError:
            pending = self._decoder.getstate()[0]
            self.encoding = "windows-1252"
            self._decoder = codecs.getincrementaldecoder("cp1252")(errors="newsdesk-latin1")
            return self._decoder.decode(pending + chunk, final=self.eof)


def _json_values(inp: Input, limit: int) -> Iterator[tuple[Any, str] | Skipped]:
    """Top-level JSON values one at a time; the elements of a top-level array one at a time.

    One malformed or oversized value stops the input (a JSON stream cannot be resynchronised).
    """
    decoder = json.JSONDecoder()
    source = _JsonText(inp)
    buf, pos = "", 0
    in_array = False
    while True:
        # Skip whitespace and separators, reading more when the buffer runs out.
        while True:
            while pos < len(buf) and (buf[pos].isspace() or (in_array and buf[pos] == ",")):
                pos += 1
            if pos < len(buf) or source.eof:
                break
            buf, pos = source.more(1 << 16), 0
        if pos >= len(buf):
            if in_array:
                yield Skipped(inp.origin, 0, "malformed JSON: array not closed (input ends early)")
            return
        if not in_array and buf[pos] == "[":
            in_array, pos = True, pos + 1
            continue
        if in_array and buf[pos] == "]":
            in_array, pos = False, pos + 1
            continue
        # Decode one value; if it is cut by the buffer's end, read more (doubling, to stay linear).
        while True:
            try:
                value, end = decoder.raw_decode(buf, pos)
            except json.JSONDecodeError as exc:
                if source.eof:
                    yield Skipped(inp.origin, 0, f"malformed JSON: {exc.msg} at line {exc.lineno} "
                                                 f"column {exc.colno} (rest of input skipped)")
                    return
                if len(buf) - pos > limit:
                    yield Skipped(inp.origin, 0, f"JSON value too large (over {limit:,} characters; "
                                                 "rest of input skipped)")
                    return
                buf = buf[pos:] + source.more(max(1 << 16, len(buf) - pos))
                pos = 0
                continue
            except RecursionError:
                yield Skipped(inp.origin, 0, "malformed JSON: nested too deeply (rest of input skipped)")
                return
            break
        yield value, source.encoding
        buf, pos = buf[end:], 0


# -- CSV / TSV -----------------------------------------------------------------------------------

def _read_csv(inp: Input, options: IngestOptions, mapper: FieldMapper) -> Iterator[RawRecord | Skipped]:
    limit = options.limits.max_line_bytes
    # Fields may be long (whole articles); the limit is a C long, so never sys.maxsize.
    csv.field_size_limit(max(csv.field_size_limit(), min(limit, 2**31 - 1)))
    text = first_text(inp.head)
    delimiter = "\t" if inp.name.endswith(".tsv") else (_csv_header(text) or
                                                         max(_CSV_DELIMITERS, key=text.split("\n", 1)[0].count))
    state = {"line": 0, "encoding": UTF8, "too_long": []}

    def lines() -> Iterator[str]:
        for line in iter_lines(inp.stream, limit):
            state["line"] = line.number
            if line.data is None:
                state["too_long"].append(line)
                yield "\n"  # the row is cut here; reported below
                continue
            decoded, encoding = decode(line.data)
            if encoding != UTF8:
                state["encoding"] = encoding
            yield decoded + "\n"

    reader = csv.reader(lines(), delimiter=delimiter)
    header: list[str] | None = None
    while True:
        start = state["line"] + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield Skipped(inp.origin, start, f"malformed CSV row: {exc}")
            continue
        if state["too_long"]:
            first = state["too_long"].pop(0)
            state["too_long"].clear()
            yield Skipped(inp.origin, first.number, f"line too long ({first.size:,} bytes > limit {limit:,})")
            continue
        if not row or not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [h.strip() for h in row]
            continue
        if len(row) != len(header):
            yield Skipped(inp.origin, start, f"malformed CSV row: {len(row)} fields, header has {len(header)}")
            continue
        encoding, state["encoding"] = state["encoding"], UTF8
        yield mapper(dict(zip(header, row, strict=True)), inp.origin, start, _encoding_meta(inp, encoding))
