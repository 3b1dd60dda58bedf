"""Search over a small desk built here: ranking, filters, duplicates, snippets, timelines, facets,
and the index staying right (catch-up after a crash, replacements, reindex)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.cli.search import marked
from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.model import Article, DocEntity, Mention, RawRecord
from newsdesk.search.analysis import stem
from newsdesk.search.filters import FilterError, Filters
from newsdesk.search.sync import mark_for_reindex

BULK = IngestOptions(workers=1, pipeline="bulk")

DOCKS = (
    "Dock workers walked off the job at the container terminals on Monday, leaving cranes idle and "
    "ships waiting at anchor in the bay. The union said the walkout would last until the employers "
    "return to the table with a better offer on pensions and night shifts. Port officials said "
    "grain and car carriers were the first to be diverted to other harbours along the coast."
)
MARKETS = (
    "Shares were little changed on Tuesday as traders weighed company results against the cost of "
    "borrowing. Analysts said the strike at the port had not yet moved freight prices, though "
    "importers of furniture and electronics warned of delays. Bond yields eased slightly in the "
    "afternoon after a quiet auction of ten-year notes drew steady demand from pension funds."
)
ESCAPES = (
    "A reader wrote in to say the comment form accepted <script>alert(1)</script> without complaint, "
    "and that a name typed as [bold]not markup[/bold] came out in bold on the old site. The editors "
    "thanked her and said the strike of the web team over pay had delayed the fix by a week."
)
GERMAN = (
    "Die Hafenarbeiter haben am Montag die Arbeit niedergelegt. Die Gewerkschaft fordert bessere "
    "Renten und Zuschläge für Nachtschichten, die Arbeitgeber wollen am Donnerstag verhandeln."
)
UNDATED = (
    "The museum reopened its east wing after two years of repairs to the roof, with a new room for "
    "maps of the harbour drawn by sailors in the eighteenth century and a cafe on the terrace."
)


def records() -> list[dict]:
    return [
        {"id": "docks", "title": "Port strike halts shipping", "text": DOCKS, "source": "Harbour Gazette",
         "published": "2026-03-02T08:00:00Z"},
        {"id": "markets", "title": "Markets steady", "text": MARKETS, "source": "Daily Ledger",
         "published": "2026-03-03T16:00:00Z"},
        {"id": "copy", "title": "Port strike halts shipping", "text": DOCKS, "source": "Coast Post",
         "published": "2026-03-04T07:30:00Z"},
        {"id": "escapes", "title": "Letters: a <b>bold</b> [italic]bug[/italic]", "text": ESCAPES,
         "source": "Daily Ledger", "published": "2026-03-10T12:00:00Z"},
        {"id": "german", "title": "Streik im Hafen", "text": GERMAN, "source": "Hafenblatt",
         "published": "2026-04-01T10:00:00Z", "language": "de"},
        {"id": "undated", "title": "Museum reopens", "text": UNDATED, "source": "Harbour Gazette"},
    ]


@pytest.fixture
def desk(desk_address: str, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Desk:
    if backend != "sqlite":
        monkeypatch.setenv("NEWSDESK_INDEX", str(tmp_path / "index"))
    d = Desk(desk_address)
    d.ingest_records(records(), BULK)
    yield d
    d.close()


def ids(desk: Desk) -> dict[str, str]:
    """Article id by record id (ids come from the source and the record's own id)."""
    return {r["id"]: RawRecord("t", 0, r["text"], record_id=r["id"], source=r["source"]).article_id()
            for r in records()}


def hit_ids(result: dict) -> list[str]:
    return [h["id"] for h in result["hits"]]


def test_index_lives_beside_the_sqlite_file(desk: Desk, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the default location is for SQLite desks")
    assert Path(desk.address + ".index", "meta.json").exists()


def test_title_match_ranks_above_body_only_match(desk: Desk) -> None:
    by = ids(desk)
    result = desk.search("strike")
    order = hit_ids(result)
    assert order[0] == by["docks"]
    assert order.index(by["docks"]) < order.index(by["markets"])


def test_stemming_matches_other_forms_of_a_word(desk: Desk) -> None:
    by = ids(desk)
    assert by["docks"] in hit_ids(desk.search("harbour"))  # "harbours" in the text
    assert by["docks"] in hit_ids(desk.search("walking"))  # "walked"


def test_boolean_phrase_and_field_queries(desk: Desk) -> None:
    by = ids(desk)
    assert hit_ids(desk.search('"cranes idle"')) == [by["docks"]]
    assert hit_ids(desk.search('"idle cranes"')) == []
    assert set(hit_ids(desk.search("strike -pension"))) == {by["escapes"]}
    assert set(hit_ids(desk.search("museum OR auction"))) == {by["undated"], by["markets"]}
    assert hit_ids(desk.search("title:markets")) == [by["markets"]]
    assert set(hit_ids(desk.search("source:ledger"))) == {by["markets"], by["escapes"]}
    assert hit_ids(desk.search("lang:de")) == [by["german"]]


def test_user_input_cannot_inject_index_syntax(desk: Desk) -> None:
    # tantivy's own syntax (field:value, ranges, boosts, wildcards) is just text to us
    assert desk.search("text:[a TO z]")["total"] == 0
    strike = desk.search("strike")["total"]
    assert desk.search("strike OR id:*")["total"] == strike  # no wildcard, no id field
    assert desk.search("strike OR *:*")["total"] == strike
    assert desk.search("&&& ||| !!!")["total"] == 0


def test_filters_source_language_and_dates(desk: Desk) -> None:
    by = ids(desk)
    assert set(hit_ids(desk.search("", source="daily ledger"))) == {by["markets"], by["escapes"]}
    assert hit_ids(desk.search("", lang="DE")) == [by["german"]]
    # the copy (03-04) stands in for its original (03-02), which is outside the dates
    assert set(hit_ids(desk.search("", since="2026-03-03", until="2026-03-10"))) == {
        by["markets"], by["copy"], by["escapes"]}
    assert hit_ids(desk.search("", since="2026-04")) == [by["german"]]
    assert set(hit_ids(desk.search("", until="2026-03"))) == {by["docks"], by["markets"], by["escapes"]}


def test_bad_filter_values_are_one_line_value_errors(desk: Desk) -> None:
    for kwargs in ({"since": "March 3"}, {"until": "2026-02-30"}, {"since": "2026-03-05", "until": "2026-03-01"}):
        with pytest.raises(ValueError) as info:
            desk.search("strike", **kwargs)
        assert "\n" not in str(info.value)


def test_duplicates_fold_into_their_original_unless_asked(desk: Desk) -> None:
    by = ids(desk)
    folded = desk.search("dock workers")
    assert hit_ids(folded) == [by["docks"]]
    assert folded["total"] == 1
    assert folded["hits"][0]["duplicates"] == 1
    everything = desk.search("dock workers", include_duplicates=True)
    assert set(hit_ids(everything)) == {by["docks"], by["copy"]}
    copy = next(h for h in everything["hits"] if h["id"] == by["copy"])
    assert copy["duplicate_of"] == by["docks"]


def test_a_copy_stands_in_when_only_it_matches_the_filters(desk: Desk) -> None:
    by = ids(desk)
    result = desk.search("dock workers", source="Coast Post")
    assert hit_ids(result) == [by["copy"]]
    assert result["total"] == 1


def test_snippets_are_plain_text_with_offsets_of_the_matches(desk: Desk) -> None:
    hit = desk.search("alert markup", limit=1)["hits"][0]
    assert "<script>alert(1)</script>" in hit["snippet"]
    assert "[bold]not markup[/bold]" in hit["snippet"]
    words = [hit["snippet"][s:e] for s, e in hit["highlights"]]
    assert words == ["alert", "markup"]
    assert [hit["title"][s:e] for s, e in hit["title_highlights"]] == []


def test_highlights_cover_every_form_of_the_word(desk: Desk) -> None:
    hit = desk.search("ship crane", limit=1)["hits"][0]
    marked_words = {hit["snippet"][s:e] for s, e in hit["highlights"]}
    assert {stem(w) for w in marked_words} <= {stem("ship"), stem("crane")}
    assert "ships" in marked_words and "cranes" in marked_words
    assert [hit["title"][s:e] for s, e in hit["title_highlights"]] == ["shipping"]


def test_terminal_rendering_escapes_article_markup() -> None:
    text = "say [bold]hi[/bold] to <b>alert</b>"
    console = Console(record=True, width=200, color_system=None)
    console.print(marked(text, [[text.index("alert"), text.index("alert") + 5]]))
    assert console.export_text().strip() == text


def test_long_text_snippet_is_a_window_around_the_best_matches(desk_address: str, backend: str,
                                                               tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if backend != "sqlite":
        monkeypatch.setenv("NEWSDESK_INDEX", str(tmp_path / "index"))
    filler = " ".join(f"Paragraph {i} says nothing of note about the weather." for i in range(60))
    text = f"{filler} The ferry timetable changes in April. {filler}"
    with Desk(desk_address) as d:
        d.ingest_records([{"id": "long", "title": "Notes", "text": text}], BULK)
        hit = d.search('"ferry timetable"')["hits"][0]
    assert hit["snippet"].startswith("… ") and hit["snippet"].endswith(" …")
    assert len(hit["snippet"]) <= 260
    assert [hit["snippet"][s:e] for s, e in hit["highlights"]] == ["ferry", "timetable"]


def test_timeline_counts_per_period_with_duplicates_once_and_gaps_filled(desk: Desk) -> None:
    days = desk.timeline("strike OR pension OR shares")
    assert days[0] == {"period": "2026-03-02", "count": 1}
    assert {"period": "2026-03-04", "count": 0} in days  # the copy of the docks story
    assert days[-1] == {"period": "2026-03-10", "count": 1}
    assert len(days) == 9
    weeks = desk.timeline("*", by="week")
    assert weeks == [{"period": "2026-W10", "count": 2}, {"period": "2026-W11", "count": 1},
                     {"period": "2026-W12", "count": 0}, {"period": "2026-W13", "count": 0},
                     {"period": "2026-W14", "count": 1}]
    assert desk.timeline("", by="month") == [{"period": "2026-03", "count": 3}, {"period": "2026-04", "count": 1}]
    assert desk.timeline("", by="month", include_duplicates=True)[0]["count"] == 4
    assert desk.timeline("", by="month", since="2026-02", until="2026-03")[0] == {"period": "2026-02", "count": 0}


def test_timeline_rejects_an_unknown_period(desk: Desk) -> None:
    with pytest.raises(ValueError):
        desk.timeline("strike", by="year")


def test_facets_count_the_matches(desk: Desk) -> None:
    f = desk.facets("")
    assert f["source"][0] == {"value": "Daily Ledger", "count": 2}
    assert {"value": "Coast Post", "count": 1} not in f["source"]  # folded into the original
    assert {d["value"] for d in f["language"]} == {"en", "de"}
    assert f["published"][0]["count"] == 1 and len(f["published"]) == 4


def test_duplicates_of_and_original_of(desk: Desk) -> None:
    by = ids(desk)
    copies = desk.duplicates_of(by["docks"])
    assert [c["id"] for c in copies] == [by["copy"]]
    assert copies[0]["source"] == "Coast Post"
    assert desk.original_of(by["copy"])["id"] == by["docks"]
    assert desk.original_of(by["docks"]) is None


def test_entity_story_and_place_filters(desk: Desk) -> None:
    art = Article(
        id="linked-1", title="Ankara talks", text="Officials met in Ankara to discuss the port dispute.",
        language="en", published="2026-03-05", story_id="story-7",
        entities=[DocEntity(key="e0", name="Ankara", label="GPE", entity_id="geo:ankara")],
        mentions=[Mention(start=16, end=22, surface="Ankara", label="GPE", entity_id="geo:ankara"),
                  Mention(start=0, end=9, surface="Officials", label="PERSON", entity_id="person:x")],
    )
    desk._make_linker(False).commit_batch([art])
    desk._index_done()
    assert hit_ids(desk.search("", entity="person:x")) == ["linked-1"]
    assert hit_ids(desk.search("port", place="geo:ankara")) == ["linked-1"]
    assert hit_ids(desk.search("", story="story-7")) == ["linked-1"]
    assert desk.facets("", story="story-7")["entity"] == [{"value": "geo:ankara", "count": 1},
                                                         {"value": "person:x", "count": 1}]


def test_store_commit_without_index_update_is_caught_up_on_open(desk_address: str, backend: str,
                                                                tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if backend != "sqlite":
        monkeypatch.setenv("NEWSDESK_INDEX", str(tmp_path / "index"))
    d = Desk(desk_address)
    d.ingest_records(records()[:2], BULK)
    d._commit_hooks.clear()  # the process "crashes" after each store commit, before the index's
    d.ingest_records(records()[2:], BULK)
    assert d.search("museum")["total"] == 0
    d.close()
    reopened = Desk(desk_address)
    try:
        assert reopened.search("museum")["total"] == 1
        assert reopened.stats()["search_index"]["behind_by_batches"] == 0
        assert reopened.search("", include_duplicates=True)["total"] == 6
    finally:
        reopened.close()


def test_index_deleted_or_from_another_desk_is_rebuilt(desk_address: str, backend: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    if backend != "sqlite":
        pytest.skip("moves the SQLite desk's index folder")
    with Desk(desk_address) as d:
        d.ingest_records(records(), BULK)
    shutil.rmtree(desk_address + ".index")
    with Desk(desk_address) as d:
        assert d.search("", include_duplicates=True)["total"] == 6
    other = str(tmp_path / "other.db")
    with Desk(other) as o:
        o.ingest_records(records()[:1], BULK)
    shutil.rmtree(desk_address + ".index")
    shutil.copytree(other + ".index", desk_address + ".index")  # an index that belongs elsewhere
    with Desk(desk_address) as d:
        assert d.search("", include_duplicates=True)["total"] == 6


def test_a_replaced_article_is_updated_not_doubled(desk: Desk) -> None:
    by = ids(desk)
    changed = records()[1] | {"text": MARKETS.replace("Shares", "Copper futures")}
    desk.ingest_records([changed], BULK)
    assert hit_ids(desk.search("copper")) == [by["markets"]]
    assert desk.search("auction", include_duplicates=True)["total"] == 1
    assert desk.search("", include_duplicates=True)["total"] == 6


def test_reindex_rebuilds_from_the_store(desk: Desk) -> None:
    assert desk.reindex() == 6
    assert desk.search("", include_duplicates=True)["total"] == 6
    assert desk.search("strike")["total"] == 3


def test_changes_made_outside_a_batch_reach_the_index(desk: Desk, desk_address: str) -> None:
    by = ids(desk)
    desk.store.execute("UPDATE articles SET story_id = ? WHERE id = ?", ("s-1", by["markets"]))
    assert desk.reindex_articles([by["markets"]]) == 1
    assert hit_ids(desk.search("", story="s-1")) == [by["markets"]]
    with desk.store.transaction():
        desk.store.execute("UPDATE articles SET story_id = ? WHERE id = ?", ("s-2", by["german"]))
        mark_for_reindex(desk.store, [by["german"]])
    desk.close()
    with Desk(desk_address) as again:
        assert hit_ids(again.search("", story="s-2")) == [by["german"]]


def test_paging_with_limit_and_offset(desk: Desk) -> None:
    everything = hit_ids(desk.search("", limit=10, include_duplicates=True))
    assert hit_ids(desk.search("", limit=2, offset=2, include_duplicates=True)) == everything[2:4]
    assert desk.search("", limit=0)["hits"] == []


# --- the command line --------------------------------------------------------------------------------
runner = CliRunner()


@pytest.fixture
def cli_db(tmp_path: Path) -> str:
    db = str(tmp_path / "cli.db")
    with Desk(db) as d:
        d.ingest_records(records(), BULK)
    return db


def test_cli_search_json_lines(cli_db: str) -> None:
    res = runner.invoke(app, ["search", "strike", "--db", cli_db, "--json", "--limit", "2"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in res.stdout.splitlines() if x.startswith("{")]
    assert len(lines) == 2 and lines[0]["title"] == "Port strike halts shipping"


def test_cli_malformed_query_is_one_line_and_exit_2(cli_db: str) -> None:
    res = runner.invoke(app, ["search", '"unclosed', "--db", cli_db])
    assert res.exit_code == 2
    assert "query error at column 1" in res.output
    assert "Traceback" not in res.output


def test_cli_timeline_plain_lines_and_reindex(cli_db: str) -> None:
    res = runner.invoke(app, ["timeline", "*", "--db", cli_db, "--by", "month"])
    assert res.exit_code == 0, res.output
    assert "2026-03\t3" in res.stdout.splitlines()
    res = runner.invoke(app, ["reindex", "--db", cli_db, "--json"])
    assert res.exit_code == 0
    assert json.loads(res.stdout.splitlines()[-1]) == {"indexed": 6}
    res = runner.invoke(app, ["timeline", "x", "--db", cli_db, "--by", "year"])
    assert res.exit_code == 2


def test_one_filters_value_is_checked_on_construction_and_cleaned() -> None:
    f = Filters(since="2026-03", until="2026-03", source="  Wire   Desk ", lang="")
    assert (f.since_day, f.until_day) == (20260301, 20260331)
    assert f.source == "Wire Desk" and f.lang is None
    assert f.given() == {"since": "2026-03", "until": "2026-03", "source": "Wire Desk"}
    assert Filters().is_empty() and Filters(include_duplicates=True).is_empty()
    with pytest.raises(FilterError):
        Filters(since="2026-04-01", until="2026-03-01")
    with pytest.raises(FilterError):
        Filters.parse(sorce="x")


def test_filters_of_puts_keywords_over_a_value() -> None:
    base = Filters(source="Wire", include_duplicates=True)
    assert Filters.of(base, lang="en") == Filters(source="Wire", lang="en", include_duplicates=True)
    assert Filters.of(base, lang=None) is base
    assert Filters.of(None, since="2026") == Filters(since="2026")


def test_a_filters_value_and_keywords_give_the_same_search(desk: Desk) -> None:
    by_value = desk.search("", filters=Filters(lang="en", include_duplicates=True))
    by_keywords = desk.search("", lang="en", include_duplicates=True)
    assert hit_ids(by_value) == hit_ids(by_keywords) and by_value["total"] == by_keywords["total"]
    assert desk.facets("", filters=Filters(lang="en")) == desk.facets("", lang="en")
    assert desk.timeline("", filters=Filters(lang="en")) == desk.timeline("", lang="en")
