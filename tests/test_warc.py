"""Web archives: HTML responses become articles, streamed, filtered, damage reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources import read_inputs
from tests.test_fetch_support import gold_pages, warc_record, write_warc

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "eval" / "fixtures" / "warc"
PAGES = gold_pages()
UNDATED = ("<html><head><title>Ferry timetable extended</title></head><body><article><h1>Ferry timetable extended</h1>"
           + "".join("<p>The harbour board voted to extend the ferry timetable into the winter months, adding six "
                     f"crossings a day from the first of November. Item {i}.</p>" for i in range(5))
           + "</article></body></html>")


def _archive_records() -> list[bytes]:
    en = [p for p in PAGES if p["lang"] == "en"][:4]
    de = next(p for p in PAGES if p["lang"] == "de")
    return [
        warc_record("https://valleycourier.example/", "2024-06-01T10:00:00Z", b"", record_type="request"),
        warc_record(en[0]["url"], "2024-06-01T10:00:01Z", en[0]["html"].encode()),
        warc_record("https://valleycourier.example/old", "2024-06-01T10:00:02Z", b"", status=301,
                    extra_http="Location: https://valleycourier.example/new\r\n"),
        warc_record("https://img.example/logo.jpg", "2024-06-01T10:00:03Z", b"\xff\xd8\xff\xe0" + b"\x00" * 50,
                    content_type="image/jpeg"),
        warc_record(en[1]["url"], "2024-06-02T08:00:00Z", en[1]["html"].encode()),
        warc_record(en[1]["url"], "2024-06-03T08:00:00Z", b"", record_type="revisit"),
        warc_record(de["url"], "2024-06-03T09:00:00Z", de["html"].encode()),
        warc_record("https://news.sub.valleycourier.example/ferry", "2024-06-04T12:00:00Z",
                    UNDATED.encode("cp1252"), content_type="text/html; charset=windows-1252"),
        warc_record(en[2]["url"], "2024-06-05T00:00:00Z", en[2]["html"].encode(), record_type="resource",
                    content_type="text/html; charset=utf-8"),
    ]


@pytest.fixture(params=[False, True], ids=["plain", "gzip"])
def archive(request, tmp_path) -> Path:
    name = "crawl.warc.gz" if request.param else "crawl.warc"
    return write_warc(tmp_path / name, _archive_records(), gz=request.param)


def _read(path: Path, **options) -> list:
    return list(read_inputs([str(path)], IngestOptions(**options)))


def test_html_responses_become_articles_in_archive_order(archive):
    items = _read(archive)
    records = [i for i in items if isinstance(i, RawRecord)]
    en = [p for p in PAGES if p["lang"] == "en"]
    assert [r.position for r in records] == [2, 5, 7, 8, 9]  # record numbers in the archive
    assert records[0].url == en[0]["url"] and records[0].title == en[0]["title"]
    assert records[0].meta["crawled"] == "2024-06-01T10:00:01Z"
    assert records[0].published.startswith(en[0]["date"])  # the page's own date, not the crawl date
    assert records[4].url == en[2]["url"]  # a resource record


def test_records_that_are_not_pages_are_reported_with_reasons(archive):
    skipped = [i for i in _read(archive) if isinstance(i, Skipped)]
    reasons = {s.position: s.reason for s in skipped}
    assert set(reasons) == {3, 4, 6}  # the request record (1) is bookkeeping, not reported
    assert reasons[3].startswith("HTTP 301 response")
    assert reasons[4].startswith("not HTML (image/jpeg)")
    assert reasons[6].startswith("revisit record")


def test_http_charset_and_crawl_date_fallback(archive):
    ferry = next(i for i in _read(archive) if isinstance(i, RawRecord) and i.url.endswith("/ferry"))
    assert "crossings a day" in ferry.text and "â€" not in ferry.text
    assert ferry.published == "2024-06-04T12:00:00Z" and "date_from_crawl" in ferry.flags


def test_filters_by_host_date_and_language(archive):
    hosts = [r.url for r in _read(archive, warc_hosts=["valleycourier.example"]) if isinstance(r, RawRecord)]
    assert hosts and all("valleycourier.example/" in u for u in hosts)
    assert "https://news.sub.valleycourier.example/ferry" in hosts  # subdomains included
    dated = [r for r in _read(archive, warc_since="2024-06-02", warc_until="2024-06-03") if isinstance(r, RawRecord)]
    assert [r.meta["crawled"][:10] for r in dated] == ["2024-06-02", "2024-06-03"]
    german = [r for r in _read(archive, warc_langs=["de"]) if isinstance(r, RawRecord)]
    assert [r.language for r in german] == ["de"]


def test_a_truncated_archive_keeps_what_came_before(tmp_path):
    records = _archive_records()
    whole = b"".join(records)
    cut = len(b"".join(records[:5])) + 200  # in the middle of record 6's headers
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[:cut])
    items = _read(path)
    assert [i.position for i in items if isinstance(i, RawRecord)] == [2, 5]
    assert isinstance(items[-1], Skipped) and "rest of archive skipped" in items[-1].reason


def test_a_page_over_the_size_limit_is_skipped_unread(archive):
    options = IngestOptions()
    options.limits.max_html_bytes = 5_000
    items = list(read_inputs([str(archive)], options))
    too_big = [i for i in items if isinstance(i, Skipped) and "too large" in i.reason]
    assert too_big and all(i.position in (2, 5, 7, 9) for i in too_big)


def test_an_archive_without_pages_says_so(tmp_path):
    path = write_warc(tmp_path / "requests.warc", [
        warc_record("https://a.example/", "2024-01-01T00:00:00Z", b"", record_type="request")])
    (item,) = _read(path)
    assert isinstance(item, Skipped) and "no HTML response or resource records" in item.reason


def test_desk_ingests_a_warc(desk_address, archive):
    with Desk(desk_address) as desk:
        report = desk.ingest([str(archive)], IngestOptions(pipeline="bulk", workers=1))
        assert report.stored == 5 and report.skipped == 3
        again = desk.ingest([str(archive)], IngestOptions(pipeline="bulk", workers=1))
        assert again.stored == 0 and again.unchanged == 5


@pytest.mark.skipif(not FIXTURES.is_dir(), reason="shared WARC fixtures not present")
def test_every_shared_fixture_archive_reads_or_is_reported():
    for path in sorted(FIXTURES.iterdir()):
        items = _read(path)
        assert items, path.name  # something read or a reason given, never silence
        for item in items:
            assert isinstance(item, RawRecord) or item.reason, path.name
    trunc = _read(FIXTURES / "example-trunc.warc")
    assert "damaged WARC" in trunc[-1].reason
    chunked = _read(FIXTURES / "example-iana.org-chunked.warc")
    assert chunked[0].reason.startswith("not an article: a home page")  # decoded and extracted, then judged


def test_extraction_in_worker_processes_keeps_archive_order(tmp_path):
    # More pages than are extracted in-process before workers start: the rest go to a pool.
    en = [p for p in PAGES if p["lang"] == "en"]
    records = [warc_record(f"https://valleycourier.example/2024/06/01/story-{i}", "2024-06-01T10:00:00Z",
                           en[i % len(en)]["html"].encode()) for i in range(70)]
    path = write_warc(tmp_path / "many.warc.gz", records, gz=True)
    parallel = list(read_inputs([str(path)], IngestOptions(workers=2)))
    serial = list(read_inputs([str(path)], IngestOptions(workers=1)))
    assert [r.position for r in parallel] == [r.position for r in serial] == list(range(1, 71))
    assert [r.text for r in parallel] == [r.text for r in serial]
    assert [r.meta.get("fetched_url") for r in parallel][:2] == [  # the archive's URI, beside the canonical one
        "https://valleycourier.example/2024/06/01/story-0", "https://valleycourier.example/2024/06/01/story-1"]
