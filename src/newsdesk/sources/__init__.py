"""Sources: one module per input format, each turning an input into RawRecords (or Skipped reports).

`read_inputs(paths, options)` walks files, folders (recursively), `.gz` files and stdin ("-"), picks
the reader for each input and yields records in canonical order: inputs in the order given (folders
sorted by path), records in the order they appear.

A reader is a module with:
    NAME: str
    EXTENSIONS: tuple[str, ...]                    # claimed by file name (".txt"; never ".gz")
    sniff(name: str, head: bytes) -> bool         # claims an input by its first bytes
    read(inp: Input, options) -> Iterator[RawRecord | Skipped]
    ACCEPTS_BINARY: bool = False                   # optional: skip the "binary file" check
`inp.stream` is a buffered binary stream from the start of the (decompressed) input; `inp.head` its
first 64 KiB. Adding a format = one module + one entry in the `READERS` table. Readers yield Skipped for
bad items and may let `InputError` (damaged gzip, size cap) end their input; any other exception
from a reader is also reported as a Skipped rather than stopping the batch (except `MapError`: a
--map column the input lacks is a usage error).

Content beats the name where it is unmistakable (an HTML page or a feed saved as .txt or .json), and
what is never news is skipped with its reason before any reader sees it: configuration and code
files, SQLite databases (a desk), lists of bare URLs, binaries. URL inputs are read by `web`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from types import ModuleType

from newsdesk.config import IngestOptions
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources import feeds, html, tabular, textdump, warc
from newsdesk.sources.fetch import is_url
from newsdesk.sources.inputs import HEAD_BYTES, Input, InputError, close_input, expand_paths, open_input
from newsdesk.sources.lines import first_text, looks_binary
from newsdesk.sources.records import MapError, normalise_field_map
from newsdesk.sources.web import read_urls

log = logging.getLogger(__name__)

# The readers: an explicit table. Order matters for sniffing: specific formats first, the plain-text
# fallback last.
READERS: tuple[ModuleType, ...] = (warc, feeds, html, tabular, textdump)
# Formats we know by name: without their reader, say so instead of reading them as text.
MARKUP_EXTENSIONS = (".html", ".htm", ".xhtml", ".xml", ".rss", ".atom", ".rdf", ".warc", ".arc")
DOCUMENT_EXTENSIONS = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".zip", ".tar", ".7z", ".bz2", ".xz", ".zst")
# Files that are never news, whatever they hold: configuration, code, databases, logs of programs.
NOT_NEWS_EXTENSIONS = {
    ".cfg": "configuration file", ".ini": "configuration file", ".conf": "configuration file",
    ".toml": "configuration file", ".yaml": "configuration file", ".yml": "configuration file",
    ".env": "configuration file", ".properties": "configuration file", ".lock": "lock file",
    ".py": "source code", ".js": "source code", ".css": "style sheet", ".sh": "shell script",
    ".c": "source code", ".h": "source code", ".java": "source code", ".go": "source code",
    ".rs": "source code", ".rb": "source code", ".pl": "source code", ".php": "source code",
    ".sql": "SQL script", ".db": "database", ".sqlite": "database", ".sqlite3": "database",
    ".pyc": "compiled code", ".so": "library", ".exe": "program", ".dll": "library",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image", ".webp": "image",
    ".svg": "image", ".ico": "image", ".mp3": "audio", ".mp4": "video", ".woff": "font", ".ttf": "font",
}
SQLITE_MAGIC = b"SQLite format 3\x00"
# A line that is only a URL: a file of them is a list of links, not news.
_URL_LINE = re.compile(r"^\s*(?:https?|ftp)://\S+\s*$", re.I)

def readers() -> list[ModuleType]:
    """The reader modules, in sniffing order."""
    return list(READERS)


def read_inputs(paths: list[str], options: IngestOptions) -> Iterator[RawRecord | Skipped]:
    """Every record of every input, in canonical order; bad items come as Skipped, never as errors.

    Raises ValueError only for bad options (an unknown --map field or split mode), before reading.
    """
    check_read_options(options)
    start = 0
    while start < len(paths):
        end = start
        while end < len(paths) and is_url(paths[end]):
            end += 1
        if end > start:  # a run of URLs: fetched concurrently, records in the order given
            yield from read_urls(list(paths[start:end]), options)
            start = end
            continue
        follow = bool(getattr(options, "follow_symlinks", False))
        for origin, problem in expand_paths([paths[start]], follow_symlinks=follow):
            if problem:
                yield Skipped(origin, 0, problem)
                continue
            yield from read_one(origin, options)
        start += 1


def check_read_options(options: IngestOptions) -> None:
    """Raise ValueError for options no input can be read with (before anything is read)."""
    normalise_field_map(options.field_map)
    if options.split not in ("auto", "blank", "line", "file"):
        raise ValueError(f"unknown split mode {options.split!r} (one of auto, blank, line, file)")


def read_one(origin: str, options: IngestOptions) -> Iterator[RawRecord | Skipped]:
    """The records of one file (or "-"), with damage reported as Skipped at the position it stopped."""
    try:
        inp = open_input(origin, options.limits.max_gz_bytes)
    except OSError as exc:
        yield Skipped(origin, 0, f"cannot read: {exc.strerror or exc}")
        return
    last = 0
    try:
        if inp.head_error is not None and not inp.head:
            yield Skipped(origin, 1, str(inp.head_error))
            return
        reader, reason = choose_reader(inp)
        if reader is None:
            yield Skipped(origin, 0, reason)
            return
        for item in reader.read(inp, options):
            last = item.position
            yield item
    except MapError:
        raise  # a --map naming a column the input lacks: the command line is wrong, not the input
    except InputError as exc:
        yield Skipped(origin, last + 1, str(exc))
    except OSError as exc:
        yield Skipped(origin, last + 1, f"read error: {exc.strerror or exc} (rest of input skipped)")
    except Exception as exc:  # a reader's bug must not stop the batch: report it with the input
        log.exception("reader failed on %s", origin)
        yield Skipped(origin, last + 1, f"reader error: {type(exc).__name__}: {exc} (rest of input skipped)")
    finally:
        close_input(inp)


def choose_reader(inp: Input) -> tuple[ModuleType | None, str]:
    """The reader for an input (by name, then by content), or None and the reason it has none."""
    if not inp.head:
        return None, "empty file"
    if not inp.head.strip() and len(inp.head) < HEAD_BYTES:
        return None, "empty file (only whitespace)"
    if inp.head.startswith(SQLITE_MAGIC):
        return None, "a SQLite database (a desk?), not news"
    if inp.suffix in NOT_NEWS_EXTENSIONS:
        return None, f"not news: a {NOT_NEWS_EXTENSIONS[inp.suffix]} ({inp.suffix})"
    if _url_list(inp.head):
        return None, "a list of URLs, not news (give the URLs to ingest to fetch them)"
    available = readers()
    by_name = next((r for r in available if inp.suffix and inp.suffix in getattr(r, "EXTENSIONS", ())), None)
    binary = looks_binary(inp.head)
    if by_name is not None and getattr(by_name, "NAME", "") in ("textdump", "tabular") and not binary:
        # The name says text or records, but content wins where it is unmistakable: an HTML page
        # saved as .txt, a JSON Feed saved as .json, an RSS feed saved as .txt.
        for reader in available:
            if getattr(reader, "NAME", "") in ("feeds", "html") and reader.sniff("", inp.head):
                return reader, ""
    if by_name is not None:
        if binary and not getattr(by_name, "ACCEPTS_BINARY", False):
            return None, "binary file (not text)"
        return by_name, ""
    if inp.suffix in MARKUP_EXTENSIONS + DOCUMENT_EXTENSIONS:
        # Known formats we cannot read in this build: say which, rather than sniff them as text.
        if not any(r.sniff(inp.name, inp.head) for r in available if getattr(r, "NAME", "") != "textdump"):
            return None, f"unsupported format ({inp.suffix} files)"
    for reader in available:
        if binary and not getattr(reader, "ACCEPTS_BINARY", False):
            continue
        if reader.sniff(inp.name, inp.head):
            return reader, ""
    if binary:
        return None, "binary file (not text)"
    if first_text(inp.head).startswith("<"):
        return None, "unsupported format (markup: no HTML or feed reader in this build)"
    return None, "unsupported format"


def _url_list(head: bytes) -> bool:
    """Every non-empty line of the head (at least one) is a bare URL."""
    lines = [line for line in first_text(head).splitlines() if line.strip() and not line.startswith("#")]
    if len(head) > 4096:
        lines = lines[:-1]  # first_text reads 4 KiB: its last line may be cut
    return bool(lines) and all(_URL_LINE.match(line) for line in lines)


__all__ = ["read_inputs", "read_one", "readers", "choose_reader", "Input", "InputError"]
