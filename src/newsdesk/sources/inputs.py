"""Opening inputs: files, folders, `.gz` and stdin, as byte streams a reader can sniff and stream.

Every input becomes an `Input`: its origin (the path as given, or "-"), the name used to guess its
format (without `.gz`), the first bytes (`head`, for sniffing) and a buffered stream that starts at
the beginning again. Gzip is undone here, whatever the inner format, with a cap on the decompressed
size; a corrupt or truncated gzip raises `InputError` from the stream at the point of damage, so a
reader keeps what it read before and `read_inputs` reports one Skipped for the rest.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
import sys
import tempfile
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


# What a desk keeps beside its database: its search index, Ray's work folder, SQLite's journals.
_DESK_FOLDER_SUFFIXES = (".index", ".ray")
_INDEX_STATE_FILE = "newsdesk-state.json"
_SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


def expand_paths(paths: list[str], follow_symlinks: bool = False) -> Iterator[tuple[str, str | None]]:
    """(origin, problem) for every input: files of folders recursively (sorted, hidden ones left out).

    `problem` is None for a readable input, else why it is skipped as a whole: a folder or file that
    cannot be listed, something that is not a regular file (FIFO, socket, device: never opened), a
    desk's own index folder, or a symbolic link leading out of the folder (followed only with
    `follow_symlinks`). A path given by name is read whatever it is (a FIFO there is `<(command)`).
    """
    for given in paths:
        if given == "-":
            yield given, None
            continue
        path = Path(given)
        if path.is_dir():
            if _is_desk_folder(path):
                yield given, "a desk's own search index or work folder, not news"
                continue
            entries = sorted(_walk(path, follow_symlinks), key=lambda e: e[0].relative_to(path).parts)
            if not entries:
                yield given, "empty folder (no files)"
            for file, problem in entries:
                yield str(file), problem
        elif path.exists():
            yield given, _special_file(path, explicit=True)
        elif path.is_symlink():
            yield given, "broken symbolic link (its target does not exist)"
        else:
            yield given, "no such file or folder"


def _is_desk_folder(folder: Path) -> bool:
    return folder.name.endswith(_DESK_FOLDER_SUFFIXES) and (
        (folder / _INDEX_STATE_FILE).exists() or folder.with_suffix("").is_file())


def _special_file(path: Path, explicit: bool = False) -> str | None:
    """Why a path that exists cannot be read as a file, or None when it is a regular file."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return None if explicit else "a FIFO (named pipe), not a file: not opened"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file: not opened"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a file: not opened"
    return "not a regular file: not opened"


def _inside(target: Path, root: Path) -> bool:
    try:
        target.relative_to(root)
    except ValueError:
        return False
    return True


def _walk(root: Path, follow_symlinks: bool) -> Iterator[tuple[Path, str | None]]:
    """Every file under `root` and the problem that keeps it from being read (None: readable)."""
    real_root = root.resolve()
    seen = {real_root}
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append, followlinks=follow_symlinks):
        while errors:  # a folder that could not be listed (no permission): reported, not silent
            exc = errors.pop(0)
            yield Path(exc.filename or folder), f"cannot read folder: {exc.strerror or exc}"
        here = Path(folder)
        keep = []
        for d in sorted(dirs):
            sub = here / d
            if d.startswith("."):
                continue  # hidden folders (.git, ...) are not news
            if _is_desk_folder(sub):
                yield sub, "a desk's own search index or work folder, not news"
                continue
            if sub.is_symlink():
                target = sub.resolve()
                if target in seen or _inside(target, real_root):
                    continue  # a link to a folder read anyway (or a loop): read once
                if not follow_symlinks:
                    yield sub, "symbolic link to a folder outside (use --follow-symlinks to read it)"
                    continue
                seen.add(target)
            keep.append(d)
        dirs[:] = keep
        for name in files:
            if name.startswith("."):
                continue
            file = here / name
            if file.is_symlink():
                try:
                    target = file.resolve(strict=True)
                except (OSError, RuntimeError):
                    yield file, "broken symbolic link (its target does not exist)"
                    continue
                if not follow_symlinks and not _inside(target, real_root):
                    yield file, "symbolic link to a file outside the folder (use --follow-symlinks to read it)"
                    continue
            if name.endswith(_SQLITE_SIDE_FILES):
                yield file, "a database journal, not news"
                continue
            yield file, _special_file(file)
    for exc in errors:  # the last folders listed
        yield Path(exc.filename or root), f"cannot read folder: {exc.strerror or exc}"


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
    """Decompressed bytes of a gzip stream, member by member, each handed out only once whole.

    A member's bytes are held (in memory up to `SPOOL_BYTES`, then in a temporary file) until zlib
    has checked its CRC-32 and length: a damaged member never reaches a reader as if it were whole.
    Members before the damage are read in full; the damage (bad CRC, truncation, bad data) or the
    size cap becomes an InputError naming the member and its byte offset.
    """

    SPOOL_BYTES = 16 * 1024**2
    _CHUNK = 256 * 1024

    def __init__(self, source: io.RawIOBase | BinaryIO, cap: int):
        self._source = source
        self._cap = cap
        self._size = 0
        self._error: InputError | None = None
        self._member = 0  # members started
        self._offset = 0  # compressed bytes of the members before the current one
        self._pending = b""  # compressed bytes not yet fed to a decompressor
        self._ready: tempfile.SpooledTemporaryFile | None = None  # a checked member, being handed out
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:  # type: ignore[override]
        while True:
            if self._ready is not None:
                data = self._ready.read(len(b))
                if data:
                    b[: len(data)] = data
                    return len(data)
                self._ready.close()
                self._ready = None
            if self._error is not None:
                raise self._error
            if self._done:
                return 0
            self._next_member()

    def _read_compressed(self) -> bytes:
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        return self._source.read(self._CHUNK) or b""

    def _next_member(self) -> None:
        """Decompress the next member into a spool; on success make it ready, else set the error."""
        first = self._read_compressed()
        while first and not first.strip(b"\x00") and not self._pending:
            first = self._read_compressed()  # zero padding after the last member (tape blocks)
        if not first.strip(b"\x00"):
            self._done = True
            return
        self._member += 1
        start = self._offset
        where = f"gzip member {self._member} (at byte {start:,})"
        if not first.startswith(GZIP_MAGIC):
            self._error = InputError(f"corrupt gzip: data after {self._member - 1} member(s) at byte {start:,} "
                                     "is not gzip (rest of input skipped)")
            return
        spool = tempfile.SpooledTemporaryFile(max_size=self.SPOOL_BYTES)
        inflater = zlib.decompressobj(wbits=31)
        data = first
        fed = 0
        try:
            while True:
                fed += len(data)
                out = inflater.decompress(data, self._CHUNK)
                while True:
                    if self._size + len(out) > self._cap:
                        # What fits under the cap is handed out (whole lines), like a cut member.
                        spool.write(out[: self._cap - self._size])
                        self._error = InputError(f"decompressed size over limit ({self._cap:,} bytes; "
                                                 "rest of input skipped)")
                        self._ready = _whole_lines(spool)
                        return
                    self._size += len(out)
                    spool.write(out)
                    if inflater.eof or not inflater.unconsumed_tail:
                        break
                    out = inflater.decompress(inflater.unconsumed_tail, self._CHUNK)
                if inflater.eof:
                    self._pending = inflater.unused_data
                    self._offset += fed - len(self._pending)
                    break
                data = self._read_compressed()
                if not data:
                    # Cut short (an interrupted download or copy): what inflated so far is the true
                    # beginning of the member, so its whole lines are handed out; the cut one is not.
                    self._error = InputError(f"truncated gzip: {where} is cut short "
                                             "(its last incomplete line and the rest of input skipped)")
                    self._ready = _whole_lines(spool)
                    return
        except zlib.error as exc:
            spool.close()
            problem = "bad CRC" if "data check" in str(exc) else "bad length" if "length check" in str(exc) else str(exc)
            self._error = InputError(f"corrupt gzip: {where} is damaged ({problem}); its data is skipped "
                                     "(rest of input skipped)")
            return
        spool.seek(0)
        self._ready = spool

    def close(self) -> None:
        try:
            if self._ready is not None:
                self._ready.close()
            self._source.close()
        finally:
            super().close()


def _whole_lines(spool: tempfile.SpooledTemporaryFile) -> tempfile.SpooledTemporaryFile:
    """The spool cut after its last newline, rewound for reading."""
    end = spool.tell()
    keep = 0
    step = 64 * 1024
    pos = end
    while pos > 0:  # search backwards, a block at a time, for the last newline
        start = max(0, pos - step)
        spool.seek(start)
        block = spool.read(pos - start)
        at = block.rfind(b"\n")
        if at >= 0:
            keep = start + at + 1
            break
        pos = start
    spool.truncate(keep)
    spool.seek(0)
    return spool


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
