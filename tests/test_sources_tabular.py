"""Structured inputs: JSON Lines, JSON and CSV/TSV, field names, --map, and the evaluation files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.config import IngestOptions, Limits
from newsdesk.model import RawRecord, Skipped
from newsdesk.sources import read_inputs

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"

BODY = "The ferry will leave ten minutes later from next month. Traders welcomed the change."


def read(path: Path, **options) -> list[RawRecord | Skipped]:
    return list(read_inputs([str(path)], IngestOptions(**options)))


def jsonl(tmp_path: Path, rows: list, name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def test_jsonl_usual_field_names_any_case(tmp_path):
    path = jsonl(tmp_path, [{
        "GUID": "a-1", "Headline": "Ferry to leave later", "Body": BODY, "Link": "https://example.org/a",
        "pubDate": "2021-04-08", "Publisher": "Harbour News", "Authors": ["Ann Example", "Bo Sample"],
        "Language": "en", "section": "local",
    }])
    (r,) = read(path)
    assert isinstance(r, RawRecord)
    assert (r.record_id, r.title, r.text, r.url) == ("a-1", "Ferry to leave later", BODY, "https://example.org/a")
    assert (r.published, r.source, r.byline, r.language) == ("2021-04-08", "Harbour News",
                                                             "Ann Example; Bo Sample", "en")
    # Unused fields and the record's own id kept, nothing lost.
    assert r.meta == {"encoding": "utf-8", "extra": {"section": "local"}, "source_id": "a-1"}
    assert (r.origin, r.position) == (str(path), 1)


def test_jsonl_nested_source_and_numbers(tmp_path):
    path = jsonl(tmp_path, [{"id": 7, "content": BODY, "source": {"id": "hn", "name": "Harbour News"},
                             "timestamp": 1617840000000}])
    (r,) = read(path)
    assert (r.record_id, r.source, r.published) == ("7", "Harbour News", "1617840000000")


def test_field_map_overrides(tmp_path):
    path = jsonl(tmp_path, [{"text": "not this one", "summary_text": BODY, "hed": "Ferry news",
                             "meta": {"outlet": "Harbour News"}}])
    (r,) = read(path, field_map={"text": "summary_text", "title": "hed", "source": "meta.outlet"})
    assert (r.text, r.title, r.source) == (BODY, "Ferry news", "Harbour News")
    assert r.meta["extra"]["text"] == "not this one"
    # A mapped column the input lacks is a usage error naming it (no longer a skip per record).
    with pytest.raises(ValueError, match="no column 'missing'"):
        read(path, field_map={"text": "missing"})


def test_unknown_map_field_is_a_usage_error(tmp_path):
    with pytest.raises(ValueError, match="unknown field in --map"):
        read(jsonl(tmp_path, [{"text": BODY}]), field_map={"txt": "body"})


def test_headline_only_records_keep_the_title_as_text(tmp_path):
    path = jsonl(tmp_path, [{"title": "Ferry to leave later", "url": "https://example.org/a"},
                            {"url": "https://example.org/b", "story": "x1"}])
    first, second = read(path)
    assert (first.text, first.title, first.flags) == ("Ferry to leave later", "Ferry to leave later",
                                                      ["headline_only"])
    assert isinstance(second, Skipped) and second.position == 2
    assert second.reason.startswith("no text field (looked for text, body, content")


def test_jsonl_bad_lines_are_skipped_with_their_position(tmp_path):
    path = jsonl(tmp_path, [{"text": BODY}, '{"text": "cut off', "", "[1, 2]", "42",
                            {"text": BODY + " Again."}])
    items = read(path)
    assert [type(i).__name__ for i in items] == ["RawRecord", "Skipped", "Skipped", "Skipped", "RawRecord"]
    assert [i.position for i in items] == [1, 2, 4, 5, 6]
    assert items[1].reason.startswith("malformed JSON: Unterminated string")
    assert items[2].reason == "not a JSON object (a list)"
    assert items[3].reason == "not a JSON object (a number)"


def test_jsonl_invalid_utf8_line_is_decoded_as_windows_1252(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"text": "Prices rose by \xa35 a week. Traders were surprised."}\n'
                     + json.dumps({"text": BODY}).encode() + b"\n")
    first, second = read(path)
    assert first.text == "Prices rose by £5 a week. Traders were surprised."
    assert first.meta["encoding"] == "windows-1252" and second.meta["encoding"] == "utf-8"


def test_record_too_large(tmp_path):
    (s,) = read(jsonl(tmp_path, [{"text": "word " * 100}]), limits=Limits(max_article_chars=100))
    assert isinstance(s, Skipped) and s.reason == "record too large (500 characters > limit 100)"


def test_json_array_and_wrapped_list(tmp_path):
    arr = tmp_path / "a.json"
    arr.write_text(json.dumps([{"text": BODY, "id": "1"}, "oops", {"body": BODY, "id": "2"}], indent=2))
    items = read(arr)
    assert [i.position for i in items] == [1, 2, 3]
    assert isinstance(items[1], Skipped) and items[1].reason == "not a JSON object (a string)"
    assert [items[0].record_id, items[2].record_id] == ["1", "2"]
    wrapped = tmp_path / "w.json"
    wrapped.write_text(json.dumps({"status": "ok", "articles": [{"content": BODY}, {"content": BODY}]}))
    assert [type(i).__name__ for i in read(wrapped)] == ["RawRecord", "RawRecord"]


def test_json_array_element_bigger_than_a_read_chunk(tmp_path):
    big = "A sentence about the ferry. " * 8000  # ~220 KB, several read chunks
    path = tmp_path / "big.json"
    path.write_text(json.dumps([{"text": big}, {"text": BODY}]))
    items = read(path, limits=Limits(max_article_chars=300_000))
    assert [i.text for i in items] == [big, BODY]


def test_json_malformed_stops_with_one_skip(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[' + json.dumps({"text": BODY}) + ', {"text": ]')
    first, second = read(path)
    assert isinstance(first, RawRecord)
    assert isinstance(second, Skipped) and second.position == 2
    assert second.reason.startswith("malformed JSON: Expecting value")


def test_csv_with_quoted_newlines_and_bad_rows(tmp_path):
    path = tmp_path / "in.csv"
    path.write_text('headline,Body,published\n'
                    f'Ferry news,"{BODY}\nSecond paragraph, with a comma.",2021-04-08\n'
                    'only,two\n'
                    f'Bakery news,"{BODY}",2021-04-09\n', encoding="utf-8")
    items = read(path)
    assert [type(i).__name__ for i in items] == ["RawRecord", "Skipped", "RawRecord"]
    assert items[0].text == BODY + "\nSecond paragraph, with a comma."
    assert (items[0].title, items[0].published, items[0].position) == ("Ferry news", "2021-04-08", 2)
    assert items[1].position == 4 and items[1].reason == "malformed CSV row: 2 fields, header has 3"
    assert items[2].position == 5


def test_tsv_and_semicolon_csv(tmp_path):
    tsv = tmp_path / "in.tsv"
    tsv.write_text(f"title\ttext\nFerry news\t{BODY}\n")
    semi = tmp_path / "in.csv"
    semi.write_text(f"title;text\nFerry news;{BODY}\n")
    for path in (tsv, semi):
        (r,) = read(path)
        assert (r.title, r.text) == ("Ferry news", BODY)


def test_csv_field_bigger_than_the_default_csv_limit(tmp_path):
    big = "The ferry will leave later. " * 6000  # ~170 KB > csv's default 128 KB field limit
    path = tmp_path / "big.csv"
    path.write_text(f'title,text\nBig one,"{big}"\n')
    (r,) = read(path)
    assert r.text == big


def test_unknown_extension_sniffed_as_jsonl_or_csv(tmp_path):
    a = tmp_path / "export.dat"
    a.write_text(json.dumps({"text": BODY}) + "\n")
    b = tmp_path / "export2.dat"
    b.write_text(f"id,title,text\n1,Ferry news,{BODY.replace(',', '')}\n")
    assert read(a)[0].text == BODY
    assert read(b)[0].title == "Ferry news"


@pytest.mark.skipif(not EVAL.exists(), reason="../shared/eval not present")
@pytest.mark.parametrize("name,count", [
    ("classify/bbc-news.jsonl", 2225),
    ("stories/uci-news-aggregator.jsonl", 6366),
    ("stories/allsides-2021-04-08.jsonl", 1087),
    ("stories/ecbplus-topics01-35.jsonl", 772),
    ("stories/multiling2011-en.jsonl", 100),
    ("stories/wikiref220.jsonl", 220),
])
def test_eval_files_read_cleanly(name, count):
    items = read(EVAL / name)
    assert len(items) == count
    assert all(isinstance(i, RawRecord) and i.text.strip() for i in items)
    assert all(i.record_id for i in items)
    if name.startswith("stories/"):
        assert all("story" in i.meta["extra"] for i in items)  # the gold label is kept, not taken as text
