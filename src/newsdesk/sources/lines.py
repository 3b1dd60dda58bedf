"""Bounded line reading and forgiving decoding, shared by the line-based readers.

A line longer than the limit is never held whole: what fits is read, the rest is skipped in chunks
and only counted, so a 20 MB single-line file costs a fixed amount of memory and gives a clear reason.
Text is UTF-8; a line that is not valid UTF-8 is decoded as Windows-1252 (the usual culprit), and
the encoding used is recorded so a user can see which records were repaired.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

_DISCARD_CHUNK = 1024 * 1024
# UTF-8 continuation bytes: deleting them from a byte string leaves one byte per character.
_CONTINUATION = bytes(range(0x80, 0xC0))
# Bytes that never occur in text (NUL and most C0 controls): many of them in the head = binary file.
_BINARY_BYTES = bytes(range(0, 9)) + bytes(range(14, 27)) + bytes(range(28, 32)) + b"\x7f"
UTF8 = "utf-8"
FALLBACK = "windows-1252"


def _cp1252_holes(exc: UnicodeError) -> tuple[str, int]:
    # Windows-1252 leaves 5 bytes undefined; map them as Latin-1 does so decoding never fails.
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("latin-1"), exc.end


codecs.register_error("newsdesk-latin1", _cp1252_holes)


@dataclass
class Line:
    """One line without its terminator; `data` is None when the line was over the limit."""

    number: int  # 1-based
    data: bytes | None
    size: int  # bytes, without the terminator
    chars: int = 0  # for a line over the limit: its characters, counted as UTF-8

    @property
    def too_long(self) -> bool:
        return self.data is None


def iter_lines(stream: BinaryIO, limit: int) -> Iterator[Line]:
    """Lines of `stream` (split on "\\n", "\\r\\n" removed too); a line over `limit` bytes is a
    too-long `Line` whose rest was skipped without being held in memory."""
    number = 0
    while True:
        raw = stream.readline(limit + 1)
        if not raw:
            return
        number += 1
        if len(raw) > limit and not raw.endswith(b"\n"):
            size, chars = len(raw), len(raw.translate(None, _CONTINUATION))
            while True:  # skip the rest of the line, counting only
                rest = stream.readline(_DISCARD_CHUNK)
                if not rest:
                    break
                ended = rest.endswith(b"\n")
                if ended:
                    rest = rest.rstrip(b"\r\n")
                size += len(rest)
                chars += len(rest.translate(None, _CONTINUATION))
                if ended:
                    break
            yield Line(number, None, size, chars)
            continue
        data = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1] if raw.endswith(b"\n") else raw
        yield Line(number, data, len(data))


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: UTF-8 if valid, else Windows-1252."""
    try:
        return data.decode(UTF8), UTF8
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="newsdesk-latin1"), FALLBACK


def looks_binary(head: bytes) -> bool:
    """NUL bytes, or many control bytes, in the first bytes: not a text file."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    sample = head[:8192]
    controls = len(sample) - len(sample.translate(None, _BINARY_BYTES))
    return controls > max(8, len(sample) // 20)


def first_text(head: bytes) -> str:
    """The head as text (forgiving), leading whitespace removed: for sniffing formats."""
    return head[:4096].decode(UTF8, errors="ignore").lstrip()
