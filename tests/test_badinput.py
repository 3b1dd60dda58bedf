"""Bad input, item by item: one bad item never sinks the rest, and each is reported with its reason."""

from __future__ import annotations

import json
import os

import pytest

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.desk.ingest import EXIT_OK, EXIT_PARTIAL
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources import read_inputs
from tests.helpers import synthetic_records

BODY = "The council met on Monday and voted to expand the tram network across the city centre."
BULK = IngestOptions(workers=1, pipeline="bulk")


def items(paths: list[str], **options) -> list[RawRecord | Skipped]:
    return list(read_inputs([str(p) for p in paths], IngestOptions(workers=1, pipeline="bulk", **options)))


def reasons(found: list) -> list[str]:
    return [i.reason for i in found if isinstance(i, Skipped)]


def test_a_lone_surrogate_in_one_jsonl_record_is_repaired_and_the_others_are_stored(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "1", "text": BODY}) + "\n"
                    + '{"id": "2", "text": "A bad \\ud800 character in an otherwise fine report.", "title": "x\\udfff"}\n'
                    + json.dumps({"id": "3", "text": BODY + " Again."}) + "\n")
    desk = Desk(str(tmp_path / "d.db"))
    report = desk.ingest([str(path)], BULK)
    assert report.stored == 3 and report.repaired == 1
    assert report.exit_status == EXIT_PARTIAL
    repaired = [a for a in desk.articles() if "repaired" in a.flags]
    assert len(repaired) == 1 and "\ufffd" in repaired[0].text and repaired[0].title == "x\ufffd"
    again = desk.ingest([str(path)], BULK)
    assert again.stored == 0 and again.repaired == 0 and again.exit_status == 0  # nothing new, nothing to report


def test_ingest_report_lists_every_item_outcome(tmp_path):
    desk = Desk(str(tmp_path / "d.db"))
    report = desk.ingest_records([{"text": BODY}, {"title": ""}, {"text": BODY}], BULK)
    statuses = sorted((o["position"], o["status"]) for o in report.outcomes)
    assert statuses == [(1, "stored"), (2, "skipped"), (3, "duplicate")]


def test_an_unlistable_subfolder_is_reported_not_silently_skipped(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text(BODY)
    real_scandir = os.scandir

    def scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = items([folder])
    assert sum(isinstance(i, RawRecord) for i in found) == 1
    assert any("cannot read folder" in r and "Permission denied" in r for r in reasons(found))


def test_an_unreadable_file_is_reported_with_exit_status_3(tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY)
    (folder / "b.txt").write_text(BODY + " Second.")
    import builtins

    real_open = builtins.open

    def fake_open(file, *args, **kwargs):
        if str(file).endswith("b.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", fake_open)
    report = Desk(str(tmp_path / "d.db")).ingest([str(folder)], BULK)
    assert report.stored == 1 and report.skipped == 1 and report.exit_status == EXIT_PARTIAL
    assert "Permission denied" in report.skipped_items[0]


@pytest.mark.parametrize("kind", ["fifo", "socket"])
def test_a_fifo_or_socket_in_a_folder_is_skipped_without_being_opened(tmp_path, kind):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY)
    special = folder / "special"
    if kind == "fifo":
        os.mkfifo(special)
    else:
        import socket

        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(special))
    found = items([folder])  # opening the FIFO would block forever
    assert sum(isinstance(i, RawRecord) for i in found) == 1
    assert any(("FIFO" if kind == "fifo" else "socket") in r for r in reasons(found))


@pytest.mark.parametrize("raw", [1e308, -1, "NaN", "9999-01-01", "1650-06-01T00:00:00Z", "2999-03-01",
                                 "-1e10", "Infinity", "0"])
def test_an_impossible_date_is_stored_as_no_date_with_flag_and_raw_value(tmp_path, raw):
    desk = Desk(str(tmp_path / "d.db"))
    desk.ingest_records([{"text": BODY, "published": raw}], BULK)
    [article] = desk.articles()
    assert article.published is None and "bad_date" in article.flags
    assert article.meta["raw_published"] == str(raw) or float(article.meta["raw_published"]) == float(raw)


def test_a_date_far_after_the_ingest_is_bad_but_one_within_two_days_is_kept(tmp_path):
    from datetime import UTC, datetime, timedelta

    soon = (datetime.now(UTC) + timedelta(hours=20)).replace(microsecond=0).isoformat()
    later = (datetime.now(UTC) + timedelta(days=5)).replace(microsecond=0).isoformat()
    desk = Desk(str(tmp_path / "d.db"))
    desk.ingest_records([{"id": "a", "text": BODY, "published": soon},
                         {"id": "b", "text": BODY + " B.", "published": later}], BULK)
    published = sorted((a.published is None, "bad_date" in a.flags) for a in desk.articles())
    assert published == [(False, False), (True, True)]


def test_files_that_are_not_news_are_skipped_each_with_its_reason(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY)
    (folder / "settings.cfg").write_text("[main]\nname = value\n")
    (folder / "links.txt").write_text("https://example.org/a\nhttps://example.org/b\n")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 4)
    desk_db = folder / "desk.db"
    Desk(str(desk_db)).ingest_records([{"text": BODY}], BULK)
    found = items([folder])
    assert [i.origin for i in found if isinstance(i, RawRecord)] == [str(folder / "a.txt")]
    text = " | ".join(reasons(found))
    for expected in ("configuration file", "list of URLs", "binary", "SQLite database"):
        assert expected in text


def test_a_desks_own_index_folder_is_not_read_as_news(tmp_path):
    folder = tmp_path / "in"
    index = folder / "desk.db.index"
    index.mkdir(parents=True)
    (index / "newsdesk-state.json").write_text(json.dumps({"text": "not news at all, an index state"}))
    (index / "meta.json").write_text(json.dumps({"text": "segments of an index, not news"}))
    (folder / "a.txt").write_text(BODY)
    found = items([folder])
    assert sum(isinstance(i, RawRecord) for i in found) == 1
    assert any("index" in r for r in reasons(found))


def test_a_symlink_out_of_the_folder_is_followed_only_when_asked(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(BODY + " Outside.")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY)
    (folder / "link.txt").symlink_to(outside)
    (folder / "passwd").symlink_to("/etc/passwd")
    found = items([folder])
    assert sum(isinstance(i, RawRecord) for i in found) == 1
    assert sum("--follow-symlinks" in r for r in reasons(found)) == 2
    followed = items([folder], follow_symlinks=True)
    assert any(isinstance(i, RawRecord) and "Outside" in i.text for i in followed)


def test_a_symlink_inside_the_folder_is_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(BODY)
    (folder / "b.txt").symlink_to(folder / "a.txt")
    assert sum(isinstance(i, RawRecord) for i in items([folder])) == 2


def test_exit_status_is_0_when_everything_is_stored(tmp_path):
    report = Desk(str(tmp_path / "d.db")).ingest_records([{"text": BODY}], BULK)
    assert report.exit_status == EXIT_OK and report.outcomes[0]["status"] == "stored"




def test_http_ingest_answers_per_item_and_one_bad_record_does_not_refuse_the_batch(tmp_path):
    from fastapi.testclient import TestClient

    from newsdesk.web import create_app

    desk = Desk(str(tmp_path / "d.db"))
    client = TestClient(create_app(desk, token="t0ken"), raise_server_exceptions=False)
    bad = '{"text": "bad \\ud800 char in a report of our own."}'
    body = f'[{{"text": "{BODY}"}}, {bad}, {{"title": ""}}, {{"text": "{BODY}"}}]'
    r = client.post("/api/ingest", content=body, params={"bulk": "true"},
                    headers={"Authorization": "Bearer t0ken", "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    answer = r.json()
    assert [i["status"] for i in answer["items"]] == ["stored", "stored", "skipped", "duplicate"]
    assert answer["items"][2]["reason"] and answer["repaired"] == 1


def test_a_feed_with_one_invalid_character_reference_keeps_its_other_entries(tmp_path):
    entries = "".join(f"<item><title>Entry {n}{' &#xD800;' if n == 2 else ''}</title><guid>e{n}</guid>"
                      f"<description>{BODY} Entry {n}.</description></item>" for n in (1, 2, 3))
    path = tmp_path / "f.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{entries}</channel></rss>')
    found = items([path])
    records = [i for i in found if isinstance(i, RawRecord)]
    assert len(records) == 3 and not reasons(found)
    assert [("repaired" in r.flags) for r in records] == [False, True, False]
    report = Desk(str(tmp_path / "d.db")).ingest([str(path)], BULK)
    assert report.stored == 3 and report.exit_status == EXIT_PARTIAL


def test_map_to_a_missing_column_is_a_usage_error_naming_the_columns(tmp_path):
    from newsdesk.sources.records import MapError

    path = tmp_path / "in.csv"
    path.write_text(f"id,headline,body\nr1,Tram vote,{BODY}\n")
    with pytest.raises(MapError, match=r"nope.*columns: id, headline, body"):
        items([path], field_map={"text": "nope"})


def test_unmapped_columns_and_the_records_own_id_are_kept_and_exported(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text(f"id,headline,body,category,desk\nr1,Tram vote,{BODY},local,metro\n")
    desk = Desk(str(tmp_path / "d.db"))
    desk.ingest([str(path)], BULK)
    [rec] = list(desk.export_records())
    assert rec["source_id"] == "r1" and rec["extra"] == {"category": "local", "desk": "metro"}
    import io

    out = io.BytesIO()
    desk.export("csv", out)
    header, row = out.getvalue().decode().splitlines()[:2]
    assert "source_id" in header and "extra" in header and "r1" in row and "metro" in row


def _gz_members(texts: list[str]) -> list[bytearray]:
    import gzip

    return [bytearray(gzip.compress(t.encode())) for t in texts]


def _jsonl(n: int, start: int = 0) -> str:
    return "".join(json.dumps({"id": f"g{k}", "text": f"{BODY} Report {k}."}) + "\n" for k in range(start, start + n))


def test_a_gzip_member_with_a_bad_crc_is_reported_and_none_of_it_is_stored(tmp_path):
    members = _gz_members([_jsonl(2, 0), _jsonl(2, 2), _jsonl(2, 4)])
    members[1][-8] ^= 0xFF  # the CRC-32 of the second member
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(b"".join(bytes(m) for m in members))
    found = items([path])
    assert [i.record_id for i in found if isinstance(i, RawRecord)] == ["g0", "g1"]
    assert any("member 2" in r and "bad CRC" in r for r in reasons(found))


def test_a_single_member_gzip_with_a_bad_length_stores_nothing_from_it(tmp_path):
    [member] = _gz_members([_jsonl(5)])
    member[-1] ^= 0x01  # ISIZE
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(bytes(member))
    report = Desk(str(tmp_path / "d.db")).ingest([str(path)], BULK)
    assert report.stored == 0 and report.skipped == 1 and report.exit_status == EXIT_PARTIAL


def _warc_record(n: int) -> bytes:
    page = (f"<html><head><title>Story {n}</title></head><body><article><h1>Story {n}</h1>"
            + "".join(f"<p>{BODY} Item {n}, part {k}.</p>" for k in range(5)) + "</article></body></html>").encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{n:08d}>\r\n"
            f"WARC-Date: 2024-06-01T10:00:00Z\r\nWARC-Target-URI: https://example.org/s{n}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n").encode()
    return head + http + b"\r\n\r\n"


def test_a_truncated_multi_member_warc_gz_keeps_every_complete_record(tmp_path):
    import gzip

    data = b"".join(gzip.compress(_warc_record(n)) for n in range(1, 6))
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[:-200])
    found = items([path])
    assert [i.title for i in found if isinstance(i, RawRecord)] == [f"Story {n}" for n in range(1, 5)]
    assert any("truncated gzip" in r for r in reasons(found))


def test_an_html_page_saved_as_txt_is_read_as_one_page(tmp_path):
    path = tmp_path / "page.txt"
    paragraphs = "".join(f"<p>{BODY} Paragraph {k}.</p>\n" for k in range(6))
    path.write_text(f"<!DOCTYPE html>\n<html><head><title>Tram vote</title></head>\n<body><article>\n"
                    f"<h1>Tram vote</h1>\n{paragraphs}</article></body></html>\n")
    found = items([path])
    records = [i for i in found if isinstance(i, RawRecord)]
    assert len(records) == 1 and records[0].title == "Tram vote" and "<p>" not in records[0].text


@pytest.mark.parametrize("version", ["1", "1.1"])
def test_a_json_feed_is_read_as_a_feed(tmp_path, version):
    feed = {"version": f"https://jsonfeed.org/version/{version}", "title": "Harbour Post",
            "home_page_url": "https://example.org/",
            "items": [{"id": "h1", "url": "/a", "title": "Quay plan approved", "content_text": BODY,
                       "date_published": "2026-03-01T10:00:00Z", "authors": [{"name": "Ana Ruiz"}]},
                      {"id": "h2", "title": "Second", "content_html": f"<p>{BODY} <b>Second</b>.</p>"},
                      {"id": "h3"}]}
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(feed))
    found = items([path])
    first, second = [i for i in found if isinstance(i, RawRecord)]
    assert (first.record_id, first.url, first.byline, first.source) == (
        "h1", "https://example.org/a", "Ana Ruiz", "Harbour Post")
    assert second.text.endswith("Second.") and "<b>" not in second.text
    assert reasons(found) == ["feed entry has no title or text"]


@pytest.mark.parametrize("encoding,title,body", [
    ("gbk", "港口扩建计划获批", "市议会周一投票通过了港口扩建计划，官员表示新码头将在明年开工建设。" * 4),
    ("shift_jis", "港湾の拡張計画が承認", "市議会は月曜日に港湾の拡張計画を承認したと当局者が発表した。新しい埠頭は来年着工する。" * 4),
    ("windows-1251", "Совет одобрил план порта", "Городской совет в понедельник одобрил план расширения порта, сообщили чиновники. " * 4),
])
def test_a_feed_without_a_declared_encoding_is_decoded_by_content(tmp_path, encoding, title, body):
    xml = (f"<rss version=\"2.0\"><channel><title>Port</title><item><title>{title}</title>"
           f"<guid>p1</guid><description>{body}</description></item></channel></rss>")
    path = tmp_path / "feed.rss"
    path.write_bytes(xml.encode(encoding))
    [record] = items([path])
    assert record.title == title and record.text.strip() == body.strip()


def test_feeds_and_fetching_do_not_import_each_other():
    import ast
    import inspect

    from newsdesk.sources import fetch

    tree = ast.parse(inspect.getsource(fetch))
    names = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    names |= {f"{n.module}.{a.name}" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module
              for a in n.names}
    assert not any(n.endswith(("sources.feeds", "sources.html", "sources.web")) for n in names)


# -- the generated corpus (tests/badinput/cases.py) ------------------------------------------------

from tests.badinput.cases import DATE_CASES, Case, file_cases, record_cases  # noqa: E402

CASES = record_cases() + file_cases()


def _write_case(case: Case, root) -> None:
    for name, blob in case.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(blob)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_corpus_case_reads_what_it_can_and_reports_the_rest(case, tmp_path):
    from newsdesk.config import Limits
    from newsdesk.desk.ingest import repair_record

    root = tmp_path / "in"
    root.mkdir()
    _write_case(case, root)
    limits = Limits(max_gz_bytes=case.options["max_gz_bytes"]) if "max_gz_bytes" in case.options else Limits()
    found = list(read_inputs([str(root)], IngestOptions(workers=1, pipeline="bulk", limits=limits)))
    records = [repair_record(i) for i in found if isinstance(i, RawRecord)]
    skipped = reasons(found)
    if case.read is not None:
        assert len(records) == case.read, (records, skipped)
    else:
        assert records, skipped  # what came before the damage is kept
    assert len(skipped) == case.skipped, skipped
    if case.reason:
        assert any(case.reason in r for r in skipped), skipped
    for flag in case.flags:
        assert any(flag in r.flags for r in records), [r.flags for r in records]
    for r in records:  # every record can be stored: no lone surrogates left
        r.text.encode("utf-8")
        (r.title or "").encode("utf-8")


@pytest.mark.parametrize("raw,kept", DATE_CASES, ids=[repr(r) for r, _ in DATE_CASES])
def test_corpus_date_is_kept_only_when_it_can_be_true(raw, kept):
    from newsdesk.pipeline.dates import check_date

    assert (check_date(raw) is not None) == kept


# -- the HTTP API: per-item answers ----------------------------------------------------------------

# Distinct reports (our own words), so near-duplicate detection leaves them apart.
T = [r["text"] for r in synthetic_records(15, start=500)]
API_CASES = [
    # (records sent, statuses answered in order, substring of the first skip reason)
    ([{"text": T[1]}], ["stored"], ""),
    ([{"text": T[2]}, {"title": ""}], ["stored", "skipped"], "no text"),
    ([{"text": T[3]}, 5, "a string", None], ["stored", "skipped", "skipped", "skipped"], "not a JSON object"),
    ([{"text": T[4] + " \ud800"}], ["stored"], ""),
    ([{"text": T[5]}, {"text": T[5]}], ["stored", "duplicate"], ""),
    ([{"text": T[6], "published": 1e308}], ["stored"], ""),
    ([{"text": T[7], "published": "9999-01-01"}], ["stored"], ""),
    ([{"text": T[8], "title": "x\x00y"}], ["stored"], ""),
    ([{"body": T[9]}], ["stored"], ""),
    ([{"text": "   "}], ["skipped"], "no text"),
    ([{"text": T[11], "id": "same"}, {"text": T[11] + "b", "id": "same"}], ["stored", "stored"], ""),
    ([{"text": "x" * 300_000}], ["skipped"], "too large"),
]


@pytest.fixture(scope="module")
def api_client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from newsdesk.web import create_app

    desk = Desk(str(tmp_path_factory.mktemp("api") / "d.db"))
    yield TestClient(create_app(desk, token="t0ken"), raise_server_exceptions=False)
    desk.close()


@pytest.mark.parametrize("records,statuses,reason", API_CASES, ids=[f"api{i}" for i in range(len(API_CASES))])
def test_corpus_http_ingest_answers_each_item(api_client, records, statuses, reason):
    body = json.dumps(records, ensure_ascii=True)  # a lone surrogate travels as a \\ud800 escape
    r = api_client.post("/api/ingest", content=body, params={"bulk": "true"},
                        headers={"Authorization": "Bearer t0ken", "Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    answered = r.json()["items"]
    assert [i["status"] for i in answered] == statuses
    if reason:
        assert reason in next(i["reason"] for i in answered if i["status"] == "skipped")


@pytest.mark.parametrize("body,status", [
    (b"[", 400), (b'{"records": 5}', 422), (b"5", 422), (b'"text"', 422), (b"null", 422),
])
def test_corpus_http_ingest_refuses_a_body_that_is_not_a_list(api_client, body, status):
    r = api_client.post("/api/ingest", content=body,
                        headers={"Authorization": "Bearer t0ken", "Content-Type": "application/json"})
    assert r.status_code == status


# -- property tests: the record mapper and the date parser ----------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["id", "title", "text", "body", "url", "published", "source", "author",
                                        "lang", "extra", "Text", "TITLE"]) | st.text(max_size=8),
                       _json_values, max_size=8))
def test_property_the_mapper_gives_a_record_or_a_reason_and_loses_no_field(obj):
    from newsdesk.sources.records import FieldMapper

    out = FieldMapper(IngestOptions())(obj, "prop", 1)
    if isinstance(out, Skipped):
        assert out.reason and out.origin == "prop"
        return
    assert isinstance(out, RawRecord) and out.text.strip()
    kept = set(out.meta.get("extra", {}))
    for key, value in obj.items():
        if value is not None and str(key) not in kept:
            # a field not kept in meta.extra was used for one of the record's own fields
            assert any(v is not None for v in (out.text, out.title, out.url, out.record_id, out.source))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.floats().map(str) | st.integers().map(str)
       | st.dates().map(lambda d: d.isoformat()))
def test_property_the_date_parser_never_fails_and_gives_a_possible_date_or_none(raw):
    from datetime import UTC, datetime, timedelta

    from newsdesk.pipeline.dates import EARLIEST_YEAR, check_date

    out = check_date(raw)
    if out is not None:
        when = datetime.fromisoformat(out)
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        assert when.year >= EARLIEST_YEAR and when <= datetime.now(UTC) + timedelta(days=2, minutes=1)


# -- the command line: exit statuses ---------------------------------------------------------------

def _cli_inputs(tmp_path) -> dict[str, tuple[list[str], str | None, int, str]]:
    good_file = tmp_path / "good.jsonl"
    good_file.write_text(json.dumps({"text": T[12]}) + "\n")
    bad_char = tmp_path / "bad.jsonl"
    bad_char.write_text(json.dumps({"text": T[13]}) + "\n" + '{"text": "odd \\ud800 character in a short report."}\n')
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.jsonl").write_text(json.dumps({"text": T[14]}) + "\n")
    (folder / "settings.cfg").write_text("[x]\ny = 1\n")
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(f'id,headline,body\n1,A,"{BODY}"\n')
    return {
        "all-stored": ([str(good_file)], None, 0, ""),
        "repaired": ([str(bad_char)], None, 3, ""),
        "not-news-skipped": ([str(folder)], None, 3, "configuration file"),
        "map-missing-column": (["--map", "text=nope", str(csv_file)], None, 2, "no column 'nope'"),
        "stdin-binary": (["-"], "\x00\x01\x02 binary", 3, "binary"),
    }


@pytest.mark.parametrize("name", ["all-stored", "repaired", "not-news-skipped", "map-missing-column", "stdin-binary"])
def test_corpus_cli_exit_status(tmp_path, name):
    from tests.helpers import newsdesk

    args, stdin, status, message = _cli_inputs(tmp_path)[name]
    proc = newsdesk("ingest", "--bulk", "--workers", "1", *args, db=tmp_path / "d.db", input=stdin, timeout=120)
    assert proc.returncode == status, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    if message:
        assert message in proc.stderr


def test_a_symlinked_folder_outside_is_reported_and_a_link_loop_read_once(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text(T[0])
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(T[1])
    (folder / "out").symlink_to(outside, target_is_directory=True)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    found = items([folder])
    assert sum(isinstance(i, RawRecord) for i in found) == 1
    assert any("folder outside" in r for r in reasons(found))
    followed = items([folder], follow_symlinks=True)
    assert sum(isinstance(i, RawRecord) for i in followed) == 2 and not reasons(followed)


def test_cli_follow_symlinks_reads_a_link_out_of_the_folder(tmp_path):
    from tests.helpers import newsdesk

    outside = tmp_path / "outside.txt"
    outside.write_text(T[2])
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(T[3])
    (folder / "b.txt").symlink_to(outside)
    proc = newsdesk("ingest", "--bulk", "--workers", "1", "--follow-symlinks", "--json", str(folder),
                    db=tmp_path / "d.db", timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert json.loads(proc.stdout.splitlines()[-1])["stored"] == 2


def test_http_upload_answers_per_line_of_the_file(api_client):
    lines = json.dumps({"text": T[10]}) + "\n" + "{not json\n" + json.dumps({"title": ""}) + "\n"
    r = api_client.post("/api/ingest", params={"bulk": "true"}, headers={"Authorization": "Bearer t0ken"},
                        files={"file": ("up.jsonl", lines.encode(), "application/x-ndjson")})
    assert r.status_code == 200, r.text
    answered = sorted(r.json()["items"], key=lambda i: i["position"])
    assert [(i["position"], i["status"]) for i in answered] == [(1, "stored"), (2, "skipped"), (3, "skipped")]
    assert "malformed JSON" in answered[1]["reason"] and "origin" not in answered[0]
