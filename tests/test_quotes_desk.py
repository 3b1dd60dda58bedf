"""Quotations across the desk: the `quotes` linker, Desk.quotes and `newsdesk quotes`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.desk import Desk
from tests.helpers import SEED, ingest_steps, newsdesk, write_jsonl
from tests.helpers import wire_record as record

STEPS = ["clean", "language", "dates", "fingerprint", "nlp", "entities", "quotes"]

MOSCOW = ("Russian Defense Minister Anatoly Serdyukov met US Defense Secretary Robert Gates in Moscow on Monday. "
          '"We believe the shield threatens our security," Serdyukov said. '
          "Gates told reporters that the plan was no threat to Russia.")
KYIV = ("Russian Defense Minister Anatoly Serdyukov flew to Kyiv on Wednesday for talks with Ukrainian officials. "
        '"Our neighbours deserve clear answers about NATO," Serdyukov said after the meeting.')
BRUSSELS = ("A senior administration official said the talks with Moscow would continue. "
            '"We are making progress," the official said on Tuesday.')


def ingest(desk: Desk, records: list[dict]) -> None:
    ingest_steps(desk, records, STEPS)


@pytest.fixture
def desk(desk_address: str):
    with Desk(desk_address) as d:
        yield d


def texts(rows: list[dict]) -> list[str]:
    return [r["text"] for r in rows]


def test_quotes_by_speaker_name_surname_and_id(desk: Desk) -> None:
    ingest(desk, [record("m1", MOSCOW, "02"), record("k1", KYIV, "04"), record("b1", BRUSSELS, "03")])
    rows = desk.quotes(speaker="Serdyukov")
    assert texts(rows) == ['"Our neighbours deserve clear answers about NATO,"',  # newest first
                           '"We believe the shield threatens our security,"']
    row = rows[0]
    assert set(row) == {"id", "article_id", "title", "published", "source", "text", "direct", "start", "end",
                        "cue", "speaker", "speaker_name", "speaker_entity_id"}
    assert row["direct"] and row["speaker_name"] == "Anatoly Serdyukov" and row["speaker"] == "Serdyukov"
    stored = desk.get(row["article_id"])
    assert stored.text[row["start"]:row["end"]] == row["text"]
    assert rows[0]["speaker_entity_id"] == rows[1]["speaker_entity_id"] is not None
    assert texts(desk.quotes(speaker="anatoly serdyukov")) == texts(rows)
    assert texts(desk.quotes(speaker_id=rows[0]["speaker_entity_id"])) == texts(rows)


def test_unnamed_source_matches_on_its_description(desk: Desk) -> None:
    ingest(desk, [record("b1", BRUSSELS, "03")])
    rows = desk.quotes(speaker="senior administration official")
    assert len(rows) == 2
    assert {r["speaker_name"] for r in rows} == {"a senior administration official"}
    assert all(r["speaker_entity_id"] is None for r in rows)


def test_quotes_about_an_entity_and_by_words(desk: Desk) -> None:
    ingest(desk, [record("m1", MOSCOW, "02"), record("k1", KYIV, "04")])
    about = desk.quotes(about="NATO")
    assert texts(about) == ['"Our neighbours deserve clear answers about NATO,"']
    about_russia = desk.quotes(about="Russia")
    assert [r["speaker_name"] for r in about_russia] == ["Robert Gates"]
    assert texts(desk.quotes(query="neighbours answers")) == texts(about)
    assert desk.quotes(query="neighbours missiles") == []


def test_article_and_paging_filters(desk: Desk) -> None:
    ingest(desk, [record("m1", MOSCOW, "02"), record("k1", KYIV, "04"), record("b1", BRUSSELS, "03")])
    every = desk.quotes()
    assert len(every) >= 5
    assert desk.quotes(limit=2) == every[:2]
    assert desk.quotes(limit=2, offset=2) == every[2:4]
    one = every[0]["article_id"]
    assert {r["article_id"] for r in desk.quotes(article=one)} == {one}
    assert {r["article_id"] for r in desk.quotes(article=one[:8])} == {one}
    with pytest.raises(ValueError):
        desk.quotes(limit=-1)


def test_duplicates_keep_their_quotes_but_are_listed_once(desk: Desk) -> None:
    ingest(desk, [record("m1", MOSCOW, "02"), record("m1-copy", MOSCOW, "02", source="Other Wire")])
    dups = [a for a in desk.articles() if a.duplicate_of]
    assert len(dups) == 1 and dups[0].quotes  # the copy keeps its annotations
    assert len(desk.quotes(speaker="Serdyukov")) == 1
    assert len(desk.quotes(article=dups[0].id, speaker="Serdyukov")) == 1  # asked for by id, it shows
    assert desk.stats()["quotes"] == len(desk.quotes())


def test_replaced_article_takes_its_quotes_away(desk: Desk) -> None:
    ingest(desk, [record("k1", KYIV, "04")])
    assert desk.quotes(speaker="Serdyukov")
    ingest(desk, [record("k1", KYIV.replace('"Our neighbours deserve clear answers about NATO," Serdyukov said',
                                             "The talks ended early"), "04")])
    assert desk.quotes(speaker="Serdyukov") == []
    assert desk.store.query("SELECT COUNT(*) AS n FROM quote_entities")[0]["n"] == 0


def test_cli_quotes_json_and_plain_lines(tmp_path: Path) -> None:
    db = tmp_path / "d.db"
    src = write_jsonl(tmp_path / "in.jsonl", [record("m1", MOSCOW, "02"), record("k1", KYIV, "04")])
    newsdesk("ingest", str(src), "--workers", "1", db=db, check=True)
    proc = newsdesk("quotes", "--speaker", "Serdyukov", "--json", db=db, check=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["speaker_name"] for r in rows] == ["Anatoly Serdyukov", "Anatoly Serdyukov"]
    plain = newsdesk("quotes", "NATO", "--limit", "5", db=db, check=True).stdout.splitlines()
    assert len(plain) == 2 and plain[0].startswith("speaker\t") and plain[1].startswith("Anatoly Serdyukov\t")
    bad = newsdesk("quotes", "--limit", "-3", db=db)
    assert bad.returncode == 2 and "error" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not here")
def test_cli_seed_quotes_by_serdyukov(tmp_path: Path) -> None:
    db = tmp_path / "seed.db"
    newsdesk("ingest", str(SEED), "--workers", "1", db=db, check=True)
    rows = [json.loads(line) for line in
            newsdesk("quotes", "--speaker", "Serdyukov", "--json", db=db, check=True).stdout.splitlines()]
    assert any(r["text"].startswith('"We believe the strategic missile defense') and r["direct"] for r in rows)
    assert any("threatens global security" in r["text"] and not r["direct"] for r in rows)
    assert all(r["speaker_name"] == "Anatoly Serdyukov" for r in rows)


def test_speaker_filter_also_finds_an_unlinked_speaker_string_of_that_name(desk: Desk) -> None:
    ingest(desk, [record("m1", MOSCOW, "02")])
    desk.store.execute("UPDATE quotes SET speaker_entity_id = NULL, speaker = 'Serdyukov' WHERE text LIKE ?",
                       ("%shield%",))
    assert '"We believe the shield threatens our security,"' in texts(desk.quotes(speaker="Serdyukov"))


def test_reported_speech_is_shown_with_its_cue_verb(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    write_jsonl(src, [record("d1", "The minister denied that the port had been closed for a week.", "02")])
    db = str(tmp_path / "d.db")
    newsdesk("ingest", str(src), "--db", db)
    out = newsdesk("quotes", "--db", db).stdout
    assert "denied: that the port had been closed for a week" in out
