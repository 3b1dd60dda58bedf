"""Inputs: folders, gzip, stdin, encodings, and broken inputs reported one Skipped each."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from newsdesk.config import IngestOptions, Limits
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources import read_inputs

BODY = "The ferry will leave ten minutes later from next month. Traders welcomed the change."
SNIPPET = ("The regional library reopened this week after a renovation that lasted two years. "
           "Visitors found a larger reading room and a café. The librarian said twice as many people "
           "came on the first day as usual. A second phase of the work will start in the spring and "
           "cover the archive in the basement, which has been closed since the floods")


def read(paths: list[str], **options) -> list[RawRecord | Skipped]:
    return list(read_inputs(paths, IngestOptions(**options)))


def jsonl_bytes(n: int, start: int = 0) -> bytes:
    return b"".join(json.dumps({"id": str(i), "text": f"{BODY} Item {i}."}).encode() + b"\n"
                    for i in range(start, start + n))


class FakeStdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


# -- gzip ---------------------------------------------------------------------------------------------

def test_gzip_by_name_any_inner_format(tmp_path):
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(jsonl_bytes(3)))
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(f"{SNIPPET}\n{SNIPPET}\n".encode()))
    got = read([str(tmp_path / "a.jsonl.gz"), str(tmp_path / "b.txt.gz")])
    assert [(r.origin.rsplit("/", 1)[1], r.position) for r in got] == [
        ("a.jsonl.gz", 1), ("a.jsonl.gz", 2), ("a.jsonl.gz", 3), ("b.txt.gz", 1), ("b.txt.gz", 2)]
    assert all(isinstance(r, RawRecord) for r in got)


def test_gzip_sniffed_without_gz_name(tmp_path):
    path = tmp_path / "export.data"
    path.write_bytes(gzip.compress(jsonl_bytes(2)))
    assert [r.record_id for r in read([str(path)])] == ["0", "1"]


def test_truncated_gzip_keeps_what_was_read_and_reports_the_rest_once(tmp_path):
    data = jsonl_bytes(5000)
    packed = gzip.compress(data)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(packed[: len(packed) // 2])
    items = read([str(path)])
    good = [i for i in items if isinstance(i, RawRecord)]
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert len(skipped) == 1 and skipped[0] is items[-1]
    assert skipped[0].reason.startswith("truncated gzip")
    assert 100 < len(good) < 5000
    assert [r.record_id for r in good] == [str(i) for i in range(len(good))]  # in order, none lost
    assert skipped[0].position == good[-1].position + 1


def test_gzip_over_the_size_cap_stops_that_input(tmp_path):
    path = tmp_path / "big.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl_bytes(2000)))
    items = read([str(path)], limits=Limits(max_gz_bytes=50_000))
    assert isinstance(items[-1], Skipped) and "decompressed size over limit (50,000 bytes" in items[-1].reason
    assert all(isinstance(i, RawRecord) for i in items[:-1]) and len(items) > 100


def test_not_really_gzip(tmp_path):
    path = tmp_path / "fake.txt.gz"
    path.write_bytes(b"just some text, not compressed\n")
    (s,) = read([str(path)])
    assert isinstance(s, Skipped) and s.reason.startswith("corrupt gzip")


# -- folders, stdin, missing ------------------------------------------------------------------------

def test_folder_recursion_in_path_order_without_hidden_files(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "1.txt").write_text(SNIPPET + "\n")
    (tmp_path / "a" / "2.txt").write_text(SNIPPET + "\n")
    (tmp_path / "a" / "10.jsonl").write_bytes(jsonl_bytes(1))
    (tmp_path / "z.txt").write_text(SNIPPET + "\n")
    (tmp_path / ".hidden.txt").write_text(SNIPPET + "\n")
    (tmp_path / ".git" / "HEAD.txt").write_text(SNIPPET + "\n")
    got = read([str(tmp_path)])
    assert [Path(r.origin).relative_to(tmp_path).as_posix() for r in got] == [
        "a/10.jsonl", "a/2.txt", "b/1.txt", "z.txt"]


def test_inputs_in_given_order_and_missing_path(tmp_path):
    (tmp_path / "x.txt").write_text(SNIPPET + "\n")
    (tmp_path / "empty").mkdir()
    got = read([str(tmp_path / "nope.txt"), str(tmp_path / "x.txt"), str(tmp_path / "empty")])
    assert isinstance(got[0], Skipped) and got[0].reason == "no such file or folder"
    assert isinstance(got[1], RawRecord) and got[1].origin == str(tmp_path / "x.txt")
    assert isinstance(got[2], Skipped) and got[2].reason == "empty folder (no files)"


def test_stdin_text(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(f"{SNIPPET}\n{SNIPPET}\n".encode()))
    got = read(["-"])
    assert [(r.origin, r.position, r.text) for r in got] == [("-", 1, SNIPPET), ("-", 2, SNIPPET)]


def test_stdin_jsonl_and_gzip_are_sniffed(monkeypatch):
    monkeypatch.setattr(sys, "stdin", FakeStdin(jsonl_bytes(2)))
    assert [r.record_id for r in read(["-"])] == ["0", "1"]
    monkeypatch.setattr(sys, "stdin", FakeStdin(gzip.compress(jsonl_bytes(2))))
    assert [r.record_id for r in read(["-"])] == ["0", "1"]


# -- encodings -------------------------------------------------------------------------------------

def test_bom_and_utf16(tmp_path):
    a = tmp_path / "bom.txt"
    a.write_bytes(b"\xef\xbb\xbf" + SNIPPET.encode())
    b = tmp_path / "wide.txt"
    b.write_bytes(SNIPPET.encode("utf-16"))
    c = tmp_path / "bom.csv"
    c.write_bytes(b"\xef\xbb\xbftitle,text\nFerry news," + BODY.replace(",", "").encode() + b"\n")
    ra, rb, rc = read([str(a), str(b), str(c)])
    assert ra.text == SNIPPET and rb.text == SNIPPET
    assert rb.meta["encoding"] == "utf-16"
    assert rc.title == "Ferry news"


def test_invalid_utf8_is_kept_with_a_fallback_decoding(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes(SNIPPET.encode("cp1252") + b"\n")
    (r,) = read([str(path)])
    assert r.text == SNIPPET and r.meta["encoding"] == "windows-1252"


# -- a folder of broken inputs ------------------------------------------------------------------------

def test_folder_of_broken_inputs(tmp_path):
    good = tmp_path / "in"
    good.mkdir()
    (good / "01-good.txt").write_text(f"{SNIPPET}\n{SNIPPET}\n")
    (good / "02-binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (good / "03-latin1.txt").write_bytes(SNIPPET.encode("cp1252") + b"\n")
    packed = gzip.compress(jsonl_bytes(4000))
    (good / "04-cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    (good / "05-mixed.jsonl").write_bytes(jsonl_bytes(2) + b'{"text": broken\n' + jsonl_bytes(1, 2)
                                          + b"[1]\n" + jsonl_bytes(1, 3))
    (good / "06-empty.txt").write_bytes(b"")
    huge = b"x" * 20_000_001
    (good / "07-huge.txt").write_bytes(SNIPPET.encode() + b"\n" + huge + b"\n" + SNIPPET.encode() + b"\n")
    (good / "08-huge.jsonl").write_bytes(b'{"text": "' + huge + b'"}\n' + jsonl_bytes(1))
    (good / "09-page.html").write_text("<html><body><p>Hello</p></body></html>")

    items = read([str(good)])
    skipped = {(Path(s.origin).name, s.position): s.reason for s in items if isinstance(s, Skipped)}
    kept = [(Path(r.origin).name, r.position) for r in items if isinstance(r, RawRecord)]

    assert skipped.pop(("02-binary.txt", 0)) == "binary file (not text)"
    cut = [k for k in skipped if k[0] == "04-cut.jsonl.gz"]
    assert len(cut) == 1 and skipped.pop(cut[0]).startswith("truncated gzip")
    assert skipped.pop(("05-mixed.jsonl", 3)).startswith("malformed JSON: Expecting value")
    assert skipped.pop(("05-mixed.jsonl", 5)) == "not a JSON object (a list)"
    assert skipped.pop(("06-empty.txt", 0)) == "empty file"
    assert skipped.pop(("07-huge.txt", 2)) == "record too large (20,000,001 characters > limit 200,000)"
    assert skipped.pop(("08-huge.jsonl", 1)) == "record too large (20,000,001 characters > limit 200,000)"
    html_reason = skipped.pop(("09-page.html", 0), None) or skipped.pop(("09-page.html", 1), None)
    assert html_reason is None or html_reason.startswith(("unsupported format", "not an article"))
    assert skipped == {}  # one Skipped per bad item, and no other

    assert kept[:2] == [("01-good.txt", 1), ("01-good.txt", 2)]
    assert ("03-latin1.txt", 1) in kept
    assert len([k for k in kept if k[0] == "04-cut.jsonl.gz"]) > 100
    assert [k for k in kept if k[0] == "05-mixed.jsonl"] == [("05-mixed.jsonl", n) for n in (1, 2, 4, 6)]
    assert [k for k in kept if k[0] == "07-huge.txt"] == [("07-huge.txt", 1), ("07-huge.txt", 3)]
    assert [k for k in kept if k[0] == "08-huge.jsonl"] == [("08-huge.jsonl", 2)]


def test_line_over_the_line_limit_is_skipped_without_reading_it_whole(tmp_path):
    path = tmp_path / "wide.jsonl"
    path.write_bytes(b'{"text": "' + b"y" * 5_000_000 + b'"}\n' + jsonl_bytes(1))
    first, second = read([str(path)], limits=Limits(max_line_bytes=1_000_000))
    assert isinstance(first, Skipped) and first.reason == "line too long (5,000,012 bytes > limit 1,000,000)"
    assert isinstance(second, RawRecord) and second.position == 2


@pytest.mark.parametrize("split", ["auto", "blank", "line", "file"])
def test_every_split_mode_skips_the_huge_line(tmp_path, split):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"z" * 3_000_000 + b"\n")
    (s,) = read([str(path)], split=split)
    assert isinstance(s, Skipped) and s.reason.startswith("record too large (3,000,000 characters")


def test_reader_failure_is_reported_not_raised(tmp_path, monkeypatch):
    from newsdesk.sources import textdump

    def broken(inp, options):
        yield from ()
        raise RuntimeError("boom")

    monkeypatch.setattr(textdump, "read", broken)
    (tmp_path / "a.txt").write_text(SNIPPET + "\n")
    (tmp_path / "b.jsonl").write_bytes(jsonl_bytes(1))
    first, second = read([str(tmp_path)])
    assert isinstance(first, Skipped) and first.reason.startswith("reader error: RuntimeError: boom")
    assert isinstance(second, RawRecord)


def test_text_starting_with_a_brace_is_still_text(tmp_path):
    path = tmp_path / "notes"
    path.write_text("{draft} " + SNIPPET + "\n")
    (r,) = read([str(path)])
    assert r.text == "{draft} " + SNIPPET


def test_markup_without_its_reader_is_unsupported(tmp_path):
    from newsdesk.sources import readers

    if any(r.NAME in ("html", "feeds") for r in readers()):
        pytest.skip("an HTML/feed reader is installed")
    path = tmp_path / "page"
    path.write_text("<!doctype html><html><body><p>Hello</p></body></html>")
    (s,) = read([str(path)])
    assert isinstance(s, Skipped) and s.reason.startswith("unsupported format (markup")
