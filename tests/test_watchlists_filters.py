"""Watchlists with filters beyond their query (entity, place, source, language, category), and
`search --category` over learned categories, on every backend."""

from __future__ import annotations

import pytest

from newsdesk import Desk
from newsdesk.config import IngestOptions
from newsdesk.search.filters import FilterError
from newsdesk.watchlists.filters import ArticleFacts, WatchFilters, clean_filters
from tests.helpers import category_examples, wire_record

BULK = IngestOptions(pipeline="bulk", workers=1)
FULL = IngestOptions(workers=1)

def test_filters_are_checked_after_the_query_and_cheap_ones_first() -> None:
    facts = ArticleFacts.of("Test Wire", "en", ["Markets"], [("e1", False), ("p1", True)])
    asked: list[str] = []

    def resolve(name: str, places: bool) -> frozenset[str]:
        asked.append(name)
        return frozenset({"p1"} if places else {"e1"})

    assert WatchFilters(source="test wire", lang="EN", category="markets", entity="X", place="Y").accepts(facts, resolve)
    assert asked == ["X", "Y"]
    asked.clear()
    assert not WatchFilters(source="Other Wire", entity="X").accepts(facts, resolve)
    assert asked == []  # the source failed first: no name looked up
    assert not WatchFilters(place="X").accepts(ArticleFacts.of(None, None, [], [("e1", False)]), resolve)
    assert not WatchFilters()  # no filters: the percolator's match stands
    with pytest.raises(ValueError, match="unknown watchlist filter"):
        clean_filters({"colour": "red"})


def test_search_by_learned_category_sees_stored_later_and_reprocessed_articles(tmp_path, desk_address) -> None:
    pytest.importorskip("sklearn")
    with Desk(desk_address) as desk:
        desk.ingest_records([wire_record("m1", "Shares fell sharply as investors feared higher interest rates.", "02"),
                             wire_record("s0", "The goalkeeper saved a penalty as the club won the final.", "02")], BULK)
        desk.train_categories(category_examples(tmp_path / "train.jsonl"))
        assert [h["id"] for h in desk.search("*", category="markets")["hits"]] == [desk.search("shares")["hits"][0]["id"]]
        desk.ingest_records([wire_record("s1", "The striker scored a late goal as the club won the match.", "03")], BULK)
        assert desk.search("*", category="Sport")["total"] == 2  # any case, as the other keyword filters
        assert desk.search("striker", category="markets")["total"] == 0
        assert desk.timeline("*", category="sport")[-1] == {"period": "2026-03-03", "count": 1}
        desk.reprocess(BULK, all_articles=True)
        assert desk.search("*", category="sport")["total"] == 2
        assert desk.search("*", category="markets")["total"] == 1
        with pytest.raises(FilterError, match="no category"):
            desk.search("*", category="weather")


def test_a_watchlist_with_source_and_language_filters_keeps_only_those(desk_address) -> None:
    strike = "Dock workers strike at the harbour. Ships wait offshore."
    with Desk(desk_address) as desk:
        desk.ingest_records([wire_record("f1", strike, "02"), wire_record("f2", strike + " Talks go on.", "02",
                                                                          source="Harbour Post")], BULK)
        added = desk.add_watchlist("wire-ports", "harbour", filters={"source": "test wire", "lang": "en"})
        assert added["matches"] == 1 and added["filters"] == {"source": "test wire", "lang": "en"}
        desk.ingest_records([wire_record("f3", "The harbour reopens after the strike ended.", "03"),
                             wire_record("f4", "The harbour reopens; ferries sail again today.", "03",
                                         source="Harbour Post")], BULK)
        got = desk.watchlist("wire-ports")
        assert got["matches"] == 2 and {a["source"] for a in got["articles"]} == {"Test Wire"}
        assert desk.search("*", watchlist="wire-ports")["total"] == 2  # the filters narrow the search too
        desk.reprocess(BULK, all_articles=True)
        assert desk.watchlist("wire-ports")["matches"] == 2


def test_a_watchlist_with_a_category_filter_follows_learned_and_rule_categories(tmp_path, desk_address) -> None:
    pytest.importorskip("sklearn")
    with Desk(desk_address) as desk:
        desk.train_categories(category_examples(tmp_path / "train.jsonl"))
        desk.ingest_records([wire_record("c1", "The striker scored as the club won the cup match.", "02")], BULK)
        labels = {c["label"] for c in desk.article_categories(desk.search("striker")["hits"][0]["id"])}
        assert "sport" in labels
        assert desk.add_watchlist("club-a", "club", filters={"category": "sport"})["matches"] == 1
        if "markets" not in labels:
            assert desk.add_watchlist("club-b", "club", filters={"category": "markets"})["matches"] == 0
        desk.add_rule_category("football", "striker OR goalkeeper")
        desk.add_watchlist("club-rule", "club", filters={"category": "football"})
        desk.ingest_records([wire_record("c2", "The goalkeeper left the club after the final match.", "03")], BULK)
        assert desk.watchlist("club-rule")["matches"] == 2  # stored (backfill) and new (linking)
        assert desk.search("*", category="football")["total"] == 2  # a rule category is an index field too
        desk.remove_watchlist("football")
        assert desk.store.scalar("SELECT COUNT(*) FROM article_categories WHERE label = 'football'") == 0


def test_a_watchlist_with_an_entity_or_place_filter(desk_address) -> None:
    texts = ["Maria Okafor, the chief executive of Kestrel Biologics, visited Nairobi on Monday. The visit was short.",
             "Kestrel Biologics opened a laboratory in Lagos. Investors welcomed the news on Monday.",
             "Maria Okafor said the company would hire staff in Lagos. She spoke to reporters on Tuesday."]
    with Desk(desk_address) as desk:
        desk.ingest_records([wire_record("n1", texts[0], "02")], FULL)
        desk.add_watchlist("okafor", "*", filters={"entity": "Maria Okafor"})
        desk.add_watchlist("kestrel-lagos", "Kestrel OR company", filters={"place": "Lagos"})
        assert desk.watchlist("okafor")["matches"] == 1
        desk.ingest_records([wire_record("n2", texts[1], "03"), wire_record("n3", texts[2], "04")], FULL)
        assert {a["id"] for a in desk.watchlist("okafor")["articles"]} == {
            h["id"] for h in desk.search("Okafor")["hits"]}
        assert desk.watchlist("okafor")["matches"] == 2
        assert desk.watchlist("kestrel-lagos")["matches"] == 2
        assert desk.search("*", watchlist="kestrel-lagos")["total"] == 2
