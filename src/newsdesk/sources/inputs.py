"""Opening inputs: files, folders, `.gz` and stdin, as byte streams a reader can sniff and stream.

Every input becomes an `Input`: its origin (the path as given, or "-"), the name used to guess its
format (without `.gz`), the first bytes (`head`, for sniffing) and a buffered stream that starts at
the beginning again. Gzip is undone here, whatever the inner format, with a cap on the decompressed
size; a corrupt or truncated gzip raises `InputError` from the stream at the point of damage, so a
reader keeps what it read before and `read_inputs` reports one Skipped for the rest.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

HEAD_BYTES = 64 * 1024  # enough to sniff a format, small enough to hold for every input
GZIP_MAGIC = b"\x1f\x8b"
_UTF16_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
               (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class InputError(Exception):
    """The rest of an input cannot be read (corrupt or truncated gzip, size cap): reason in str()."""


@dataclass
class Input:
    """One input, opened: `stream` yields its (decompressed, UTF-8 if it was UTF-16) bytes from the start."""

    origin: str
    name: str  # lower-cased file name used for format detection, without ".gz"
    head: bytes
    stream: BinaryIO
    encoding: str | None = None  # set when the bytes were transcoded (UTF-16/32 with a BOM)
    compressed: bool = False
    head_error: InputError | None = None  # the input broke off within its first bytes

    @property
    def suffix(self) -> str:
        return os.path.splitext(self.name)[1]


def expand_paths(paths: list[str]) -> Iterator[tuple[str, str | None]]:
    """(origin, problem) for every input: files of folders recursively (sorted, hidden ones left out).

    `problem` is None for a readable input, else why it is skipped as a whole.
    """
    for given in paths:
        if given == "-":
            yield given, None
            continue
        path = Path(given)
        if path.is_dir():
            files = sorted(_walk(path), key=lambda p: p.relative_to(path).parts)
            if not files:
                yield given, "empty folder (no files)"
            for file in files:
                yield str(file), None
        elif path.exists():
            yield given, None
        else:
            yield given, "no such file or folder"


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]  # hidden folders (.git, ...) are not news
        for name in files:
            if not name.startswith("."):
                yield Path(folder) / name


def open_input(origin: str, max_gz_bytes: int) -> Input:
    """Open one input (a file path or "-"); raises OSError when it cannot be opened at all."""
    if origin == "-":
        base: BinaryIO = sys.stdin.buffer
        name = ""
    else:
        base = open(origin, "rb")  # closed by close_input
        name = os.path.basename(origin).lower()
    compressed = False
    first = _peek(base, 2)
    head_source: io.RawIOBase | BinaryIO
    if name.endswith(".gz") or first.startswith(GZIP_MAGIC):
        # Decompress whatever the name says; the inner format is judged by name (less .gz) and content.
        compressed = True
        name = name[:-3] if name.endswith(".gz") else name
        head_source = _GunzipRaw(_Replay(first, base), max_gz_bytes)
    else:
        head_source = _Replay(first, base)
    head, error = _read_head(head_source, HEAD_BYTES)
    encoding = None
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8):]  # a BOM is not content: no reader should see it
    else:
        for bom, codec in _UTF16_BOMS:
            if head.startswith(bom):
                encoding = codec
                break
    stream: BinaryIO = io.BufferedReader(_Replay(head, head_source, error), buffer_size=HEAD_BYTES)
    if encoding:
        stream = io.BufferedReader(_Transcode(stream, encoding), buffer_size=HEAD_BYTES)
        head, error = _read_head(stream, HEAD_BYTES)
        stream = io.BufferedReader(_Replay(head, stream, error), buffer_size=HEAD_BYTES)
    return Input(origin=origin, name=name, head=head, stream=stream, encoding=encoding,
                 compressed=compressed, head_error=error)


def close_input(inp: Input) -> None:
    if inp.origin != "-":
        try:
            inp.stream.close()
        except OSError:
            pass


def _peek(stream: BinaryIO, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = stream.read(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def _read_head(stream: io.RawIOBase | BinaryIO, n: int) -> tuple[bytes, InputError | None]:
    """Up to n bytes, and the InputError that stopped the reading early, if one did."""
    parts: list[bytes] = []
    size = 0
    try:
        while size < n:
            chunk = stream.read(n - size)
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
    except InputError as exc:
        return b"".join(parts), exc
    return b"".join(parts), None


class _Replay(io.RawIOBase):
    """`prefix` first, then the rest of `source` (and the error that cut the prefix short, if any)."""

    def __init__(self, prefix: bytes, source: io.RawIOBase | BinaryIO, error: InputError | None = None):
        self._prefix = memoryview(prefix)
        self._source = source
        self._error = error

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        if self._prefix:
            n = min(len(b), len(self._prefix))
            b[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        if self._error is not None:
            raise self._error
        read = getattr(self._source, "read1", self._source.read)  # don't block to fill a whole buffer
        data = read(len(b))
        if not data:
            return 0
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._source.close()
        finally:
            super().close()


class _GunzipRaw(io.RawIOBase):
    """Decompressed bytes of a gzip stream; damage or the size cap becomes an InputError."""

    def __init__(self, source: io.RawIOBase | BinaryIO, cap: int):
        self._gz = gzip.GzipFile(fileobj=source, mode="rb")
        self._source = source
        self._cap = cap
        self._size = 0
        self._error: InputError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        if self._error is not None:
            raise self._error
        try:
            data = self._gz.read1(len(b))  # read1: one chunk at a time, so nothing read is lost
        except EOFError as exc:
            self._error = InputError(f"truncated gzip: {exc} (rest of input skipped)")
        except (OSError, zlib.error) as exc:
            self._error = InputError(f"corrupt gzip: {exc} (rest of input skipped)")
        if self._error is not None:
            raise self._error
        if self._size + len(data) > self._cap:
            # Hand over what fits under the cap; the next read reports the cap.
            data = data[: self._cap - self._size]
            self._error = InputError(
                f"decompressed size over limit ({self._cap:,} bytes; rest of input skipped)")
            if not data:
                raise self._error
        self._size += len(data)
        b[: len(data)] = data
        return len(data)

    def close(self) -> None:
        try:
            self._gz.close()
            self._source.close()
        finally:
            super().close()


class _Transcode(io.RawIOBase):
    """UTF-16/32 text (with a BOM) as UTF-8 bytes, so every reader deals with one byte encoding."""

    def __init__(self, source: BinaryIO, encoding: str):
        self._source = source
        self._decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = self._source.read(len(b))
            self._pending = self._decoder.decode(chunk, final=not chunk).encode("utf-8", "surrogatepass")
            if not chunk:
                break
        n = min(len(b), len(self._pending))
        b[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def close(self) -> None:
        try:
            self._source.close()
        finally:
            super().close()
