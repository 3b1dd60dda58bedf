"""Watchlists: the percolator agrees with search, matches as articles arrive and on add, counts
duplicates once, follows reprocessing, and reports levels."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk import Desk
from newsdesk.config import IngestOptions
from newsdesk.search.analysis import news_analyzer
from newsdesk.search.query import parse
from newsdesk.watchlists import levels
from newsdesk.watchlists.percolator import (
    ArticleTerms,
    Percolator,
    Watch,
    evaluate,
    index_terms,
    required_keys,
    term_set,
)
from tests.helpers import wire_record

BULK = IngestOptions(pipeline="bulk", workers=1)


def _doc(title: str, text: str, source: str = "Test Wire", lang: str = "en") -> ArticleTerms:
    return ArticleTerms.of(title, text, source, lang)


def test_query_keys_pick_one_required_term_per_and_and_every_branch_of_an_or() -> None:
    assert required_keys(parse("harbour strike")) == {"harbour"}
    assert required_keys(parse("(oil OR gas) pipeline")) == {"pipelin"}
    assert required_keys(parse("oil OR gas")) == {"oil", "gas"}
    assert required_keys(parse("lang:fr")) == {"lang=fr"}
    assert required_keys(parse("NOT football")) is None
    assert required_keys(parse("*")) is None


@pytest.mark.parametrize("query,expected", [
    ("harbour strike", True),
    ('"harbour strike"', False),  # the words are not next to each other
    ('"dock workers"', True),
    ("title:strike", True),
    ("title:dock", False),
    ("strike -football", True),
    ("strike AND NOT dock", False),
    ("NOT football", True),
    ("economies", False),
    ("workers OR football", True),
    ("source:wire", True),
    ('source:"test wire"', True),
    ('source:"wire test"', False),
    ('text:"dock workers"', True),
    ('title:"dock workers"', False),
    ("lang:fr", False),
    ("lang:en harbour", True),
])
def test_evaluation_follows_the_query_language(query: str, expected: bool) -> None:
    doc = _doc("Strike closes the harbour", "Dock workers walked out at the harbour on Monday.")
    assert evaluate(parse(query), doc) is expected


@pytest.mark.parametrize("text", [
    "Economies of the U.S. grew 3.75% in Q1; covid-19 cases fell.",
    "Naïve café owners in São Paulo—résumés déjà_vu",
    "हिन्दी समाचार and Ⓐ circled ① numbers",
    "a" * 45 + " long words are dropped, short_ones split",
    "Prices rose \u00a34.5bn \u2014 \u201cWe\u2019re SURE,\u201d said O\u2019Neill \u2026 (2026)",  # separators only
    "THE Strikers' Union: 24/7 talks\tand\nmore",
    "",
])
def test_article_terms_are_exactly_the_search_index_terms(text: str) -> None:
    assert index_terms(text) == tuple(news_analyzer().analyze(text))
    assert term_set(text) == set(news_analyzer().analyze(text))


def test_percolator_finds_only_matching_watchlists_among_many() -> None:
    watches = [Watch.of(f"w{i}", f"district{i} harbour") for i in range(500)]
    watches.append(Watch.of("strike", "strike harbour"))
    watches.append(Watch.of("not-football", "NOT football"))
    perc = Percolator(watches)
    doc = _doc("Strike closes the harbour", "Dock workers walked out.")
    assert perc.match(doc) == ["strike", "not-football"]
    # Only the keyed watchlist and the always-checked one are verified, not the 500 others.
    assert set(perc.candidates(doc)) == {"strike", "not-football"}


def test_percolator_finds_exactly_what_checking_every_watchlist_finds() -> None:
    words = ["harbour", "strike", "dock", "workers", "football", "ships", "talks", "union"]
    queries = [w for w in words] + [f"{a} OR {b}" for a, b in zip(words, words[2:], strict=False)]
    queries += [f'"{a} {b}"' for a, b in zip(words, words[1:], strict=False)] + [f"{a} -{b}" for a, b in
                                                                                zip(words, words[3:], strict=False)]
    queries += ["title:strike", "source:wire", "lang:en talks", "NOT ships", "harbour OR title:union", "*"]
    watches = [Watch.of(f"q{i}", q) for i, q in enumerate(queries)]
    perc = Percolator(watches)
    texts = [("Strike closes the harbour", "Dock workers walked out. Ships wait while union talks go on.", "Test Wire",
              "en"),
             ("Union talks", "Football fans and dock workers met.", "Harbour Post", "fr"),
             ("Quiet day", "Nothing happened in the harbour strike talks, said the union.", "Test Wire", "en"),
             # a word too long to be a term takes no position: "harbour strike" is a phrase here
             ("Long words", "The harbour " + "x" * 45 + " strike ended; dock " + "y" * 39 + " workers.", "Wire", "en")]
    for title, text, source, lang in texts:
        doc = _doc(title, text, source, lang)
        expected = [w.id for w in watches if evaluate(w.node, doc)]
        assert perc.match(doc) == expected
        # Cut down to the queries' own terms (the way the link step sees an article): the same answer.
        assert perc.match(perc.article(title, text, source, lang)) == expected
    # A watchlist added after articles were seen: words already sorted are sorted again for its terms.
    perc.add(Watch.of("walked", "walk"))
    assert "walked" in perc.match(perc.article(*texts[0]))


def _records() -> list[dict]:
    return [
        wire_record("a1", "Dock workers strike at the harbour. Ships wait offshore for days.", "02"),
        wire_record("a2", "The harbour strike enters its second day. Unions meet ministers.", "03"),
        wire_record("a3", "A new bakery opens downtown. Queues form early.", "03"),
    ]


def test_new_articles_are_matched_and_adding_a_watchlist_matches_stored_ones(desk_address) -> None:
    with Desk(desk_address) as desk:
        desk.ingest_records(_records()[:2], BULK)
        added = desk.add_watchlist("ports", "harbour strike")
        assert added["matches"] == 2  # backfilled from the stored articles
        desk.ingest_records([wire_record("a4", "Harbour strike ends as dock workers accept a deal.", "04"),
                             _records()[2]], BULK)
        shown = desk.watchlist("ports")
        assert shown["matches"] == 3
        assert [a["id"] for a in shown["articles"]][0] == desk.get(shown["articles"][0]["id"]).id
        assert {a["title"] for a in shown["articles"]} >= {"Harbour strike ends as dock workers accept a deal"}
        assert shown["articles"][0]["published"] >= shown["articles"][-1]["published"]  # newest first
        bakery = [a for a in desk.articles() if "bakery" in a.text][0]
        assert desk.article_watchlists(bakery.id) == []
        strike = [a for a in desk.articles() if "deal" in a.text][0]
        assert desk.article_watchlists(strike.id) == ["ports"]


def test_a_duplicate_counts_once(desk_address) -> None:
    text = "Dock workers strike at the harbour. Ships wait offshore for days while talks go on."
    with Desk(desk_address) as desk:
        desk.add_watchlist("ports", "harbour")
        desk.ingest_records([wire_record("b1", text, "02"), wire_record("b2", text, "02", source="Other Wire")], BULK)
        assert desk.stats()["duplicates"] == 1
        assert desk.watchlist("ports")["matches"] == 1


def test_reprocessing_rematches_and_removal_forgets(desk_address) -> None:
    with Desk(desk_address) as desk:
        desk.ingest_records(_records(), BULK)
        desk.add_watchlist("ports", "harbour")
        desk.add_watchlist("bread", "bakery")
        desk.reprocess(BULK, all_articles=True)
        assert desk.watchlist("ports")["matches"] == 2
        assert desk.watchlist("bread")["matches"] == 1
        assert desk.remove_watchlist("bread") is True
        assert desk.watchlist("bread") is None
        assert desk.store.scalar("SELECT COUNT(*) FROM watchlist_matches") == 2
        with pytest.raises(ValueError):
            desk.add_watchlist("ports", "harbour")
        with pytest.raises(ValueError):
            desk.add_watchlist("bad name!", "harbour")


def test_level_rises_when_a_quiet_subject_suddenly_gets_coverage() -> None:
    at = datetime(2026, 3, 20, 12, tzinfo=UTC)
    quiet = sorted(at - timedelta(days=d, hours=3) for d in range(1, 15))  # one a day for two weeks
    assert levels.signal(quiet, at)["level"] == "normal"
    burst = sorted(quiet + [at - timedelta(minutes=m) for m in range(5, 50, 5)])
    sig = levels.signal(burst, at)
    assert sig["level"] == "alert"
    assert sig["windows"]["hour"]["count"] == 9
    assert sig["windows"]["day"]["ratio"] >= 3


def test_levels_are_reported_for_a_stored_watchlist(desk_address) -> None:
    with Desk(desk_address) as desk:
        desk.ingest_records(_records(), BULK)
        desk.add_watchlist("ports", "harbour")
        shown = desk.watchlist("ports", at="2026-03-03T12:00:00Z")
        assert shown["level"] in levels.LEVELS
        assert shown["windows"]["day"]["count"] == 1
        assert sum(p["count"] for p in shown["timeline"]) == 2


def test_search_with_a_watchlist_filter_sees_only_its_articles(desk_address) -> None:
    with Desk(desk_address) as desk:
        desk.ingest_records(_records(), BULK)
        desk.add_watchlist("ports", "harbour")
        assert desk.search("*", watchlist="ports")["total"] == 2
        assert desk.search("unions", watchlist="ports")["total"] == 1
        assert desk.search("bakery", watchlist="ports")["total"] == 0
        with pytest.raises(ValueError):
            desk.search("*", watchlist="nope")
        first = desk.search("unions")["hits"][0]["id"]
        assert desk.article_labels(first) == {"watchlists": ["ports"], "categories": []}


def test_the_example_watchlists_match_the_bundled_sample(desk_address) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    with Desk(desk_address) as desk:
        desk.ingest([str(examples / "sample.jsonl")], BULK)
        for line in (examples / "watchlists.tsv").read_text(encoding="utf-8").splitlines():
            name, query = line.split("\t")
            desk.add_watchlist(name, query)
        got = {w["name"]: w for w in desk.watchlists(at="2026-03-02T23:00:00Z")}
        assert len(got) == 3 and all(w["matches"] >= 3 for w in got.values())
        assert got["earthquakes"]["level"] == "elevated"


def test_an_entity_suddenly_in_the_news_is_raised(desk_address) -> None:
    text = "Maria Okafor, the chief executive of Kestrel Biologics, resigned on Tuesday. Okafor said: 'It is time.'"
    records = [wire_record(f"e{i}", text.replace("Tuesday", f"Tuesday ({i})"), "10", source=f"Wire {i}")
               for i in range(4)]
    with Desk(desk_address) as desk:
        desk.ingest_records(records, IngestOptions(workers=1))
        rows = desk.entity_alerts(at="2026-03-10T12:00:00Z")
        top = {r["name"]: r for r in rows}
        assert "Maria Okafor" in top and top["Maria Okafor"]["windows"]["day"]["count"] >= 3
        assert top["Maria Okafor"]["level"] in ("elevated", "alert")
        assert all(r["type"] not in ("GPE", "LOC", "FAC") for r in rows)
