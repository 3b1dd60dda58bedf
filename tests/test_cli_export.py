"""`newsdesk export --what ...` and `Desk.export_what`: every kind of export joins back to the articles
through its ids and character spans."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.desk import Desk

runner = CliRunner()


@pytest.fixture(scope="module")
def desk(sample_db: str):
    d = Desk(sample_db)
    yield d
    d.close()


@pytest.fixture(scope="module")
def texts(desk: Desk) -> dict[str, str]:
    return {a.id: a.text for a in desk.articles()}


def _jsonl(desk: Desk, what: str) -> list[dict]:
    buf = io.BytesIO()
    n = desk.export_what(what, "jsonl", buf)
    rows = [json.loads(line) for line in buf.getvalue().decode("utf-8").splitlines()]
    assert len(rows) == n
    return rows


def test_entity_export_mentions_point_at_their_names_in_the_articles(desk: Desk, texts: dict[str, str]) -> None:
    rows = _jsonl(desk, "entities")
    assert rows and {"id", "name", "type", "aliases", "mentions"} <= set(rows[0])
    checked = 0
    for row in rows:
        for m in row["mentions"]:
            assert texts[m["article_id"]][m["start"]:m["end"]] == m["surface"]
            checked += 1
    assert checked >= len(rows)


def test_quote_export_spans_are_the_quoted_words_and_the_speaker(desk: Desk, texts: dict[str, str]) -> None:
    rows = _jsonl(desk, "quotes")
    assert rows
    entity_ids = {r["id"] for r in _jsonl(desk, "entities")}
    for q in rows:
        text = texts[q["article_id"]]
        span = text[q["start"]:q["end"]]
        pieces = q["text"].split(" … ")
        # a split quotation is its pieces without the speaker and cue between them; the span covers them all
        assert span.startswith(pieces[0]) and span.endswith(pieces[-1])
        at = 0
        for piece in pieces:
            at = span.index(piece, at) + len(piece)
        if q["speaker_start"] is not None:
            assert text[q["speaker_start"]:q["speaker_end"]] == q["speaker"]
        assert q["speaker_entity_id"] is None or q["speaker_entity_id"] in entity_ids


def test_story_export_lists_the_articles_of_each_story(desk: Desk, texts: dict[str, str]) -> None:
    rows = _jsonl(desk, "stories")
    assert rows
    by_article = {a.id: a.story_id for a in desk.articles()}
    for s in rows:
        assert s["article_ids"] and all(by_article[a] == s["id"] for a in s["article_ids"])
    assert sum(len(s["article_ids"]) for s in rows) == sum(1 for v in by_article.values() if v)


def test_place_export_has_coordinates_and_mentions(desk: Desk, texts: dict[str, str]) -> None:
    rows = _jsonl(desk, "places")
    assert rows
    for p in rows:
        assert -90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 and p["entity_id"]
        for m in p["mentions"]:
            assert texts[m["article_id"]][m["start"]:m["end"]] == m["surface"]
    assert any(p["mentions"] for p in rows)


def test_article_export_rows_carry_their_ids(desk: Desk, texts: dict[str, str]) -> None:
    rows = _jsonl(desk, "articles")
    assert {r["id"] for r in rows} == set(texts)


@pytest.mark.parametrize("what", ["articles", "entities", "quotes", "stories", "places"])
def test_cli_export_what_as_csv_to_stdout_has_a_header_and_a_row_per_item(
        sample_db: str, desk: Desk, what: str) -> None:
    res = runner.invoke(app, ["export", "--what", what, "--format", "csv", "-o", "-", "--db", sample_db])
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == sum(1 for _ in desk.export_rows(what)) > 0
    assert "id" in rows[0] or "entity_id" in rows[0]


def test_cli_export_refuses_an_unknown_kind_and_parquet_for_entities(sample_db: str) -> None:
    res = runner.invoke(app, ["export", "--what", "people", "--db", sample_db])
    assert res.exit_code == 2 and "--what must be one of" in res.output
    res = runner.invoke(app, ["export", "--what", "entities", "--format", "parquet", "-o", "x.parquet",
                              "--db", sample_db])
    assert res.exit_code == 2 and "articles only" in res.output


def test_article_export_and_show_json_carry_categories_and_watchlists(tmp_path, make_desk_address) -> None:
    from newsdesk.config import IngestOptions
    from tests.helpers import wire_record

    address = make_desk_address("labels")
    with Desk(address) as d:
        d.ingest_records([wire_record("x1", "Dock workers strike at the harbour. Ships wait offshore.", "02"),
                          wire_record("x2", "A bakery opens downtown. Queues form early.", "02")],
                         IngestOptions(pipeline="bulk", workers=1))
        d.add_watchlist("ports", "harbour")
        d.add_rule_category("maritime", "ships OR harbour")
        strike = d.search("harbour")["hits"][0]["id"]
    for fmt in ("jsonl", "csv"):
        res = runner.invoke(app, ["export", "--format", fmt, "--db", address])
        assert res.exit_code == 0, res.output
        if fmt == "jsonl":
            rows = {r["id"]: r for r in map(json.loads, res.stdout.splitlines())}
        else:
            rows = {r["id"]: {**r, "categories": json.loads(r["categories"]), "watchlists": json.loads(r["watchlists"])}
                    for r in csv.DictReader(io.StringIO(res.stdout))}
        assert rows[strike]["categories"] == [{"label": "maritime", "score": 1.0}]
        assert rows[strike]["watchlists"] == ["ports"]
        assert [r for i, r in rows.items() if i != strike][0]["watchlists"] == []
    pytest.importorskip("pyarrow")
    out = tmp_path / "a.parquet"
    assert runner.invoke(app, ["export", "--format", "parquet", "-o", str(out), "--db", address]).exit_code == 0
    import pyarrow.parquet as pq

    table = {r["id"]: r for r in pq.read_table(out).to_pylist()}
    assert table[strike]["watchlists"] == ["ports"] and table[strike]["categories"][0]["label"] == "maritime"
    shown = json.loads(runner.invoke(app, ["show", strike, "--json", "--db", address]).stdout)
    assert shown["watchlists"] == ["ports"] and shown["categories"] == [{"label": "maritime", "score": 1.0}]
