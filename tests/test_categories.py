"""Learned and rule categories: trained in the desk, stored articles categorised, later ones too."""

from __future__ import annotations

import json

import pytest

from newsdesk import Desk
from newsdesk.config import IngestOptions
from newsdesk.eval import run_task
from newsdesk.eval.classify import folds
from tests.helpers import category_examples, wire_record

pytest.importorskip("sklearn")

BULK = IngestOptions(pipeline="bulk", workers=1)
def test_training_categorises_stored_and_later_articles(tmp_path, desk_address) -> None:
    with Desk(desk_address) as desk:
        desk.ingest_records([wire_record("m1", "Shares fell sharply as investors feared higher interest rates.", "02")],
                            BULK)
        info = desk.train_categories(category_examples(tmp_path / "train.jsonl"))
        assert info["labels"] == ["markets", "sport"] and info["categorised"] == 1
        stored = desk.search("shares")["hits"][0]["id"]
        cats = desk.article_categories(stored)
        assert cats[0]["label"] == "markets" and 0 < cats[0]["score"] <= 1
        desk.ingest_records([wire_record("s1", "The striker scored a late goal as the club won the match.", "03")], BULK)
        later = desk.search("striker")["hits"][0]["id"]
        assert desk.article_categories(later)[0]["label"] == "sport"
        assert {c["label"]: c["articles"] for c in desk.categories()} == {"markets": 1, "sport": 1}


def test_a_rule_category_tags_matching_articles(desk_address) -> None:
    with Desk(desk_address) as desk:
        desk.ingest_records([wire_record("r1", "Dock workers strike at the harbour. Ships wait.", "02")], BULK)
        desk.add_rule_category("ports", "harbour OR dock")
        desk.ingest_records([wire_record("r2", "The harbour reopens after the strike. Ships sail.", "03"),
                             wire_record("r3", "A bakery opens downtown. Queues form.", "03")], BULK)
        tagged = [a.id for a in desk.articles() if desk.article_categories(a.id)]
        assert len(tagged) == 2
        assert desk.search("*", category="ports")["total"] == 2
        assert desk.watchlists() == []  # a rule is not listed as a watchlist


def test_bad_training_files_are_reported(tmp_path, desk_address) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "a", "text": "b", "label": "x"}\nnot json\n', encoding="utf-8")
    with Desk(desk_address) as desk:
        with pytest.raises(ValueError):
            desk.train_categories(bad)  # one label only
        with pytest.raises(ValueError):
            desk.train_categories(tmp_path / "missing.jsonl")


def test_cross_validation_keeps_identical_articles_in_one_fold() -> None:
    items = [{"text": f"text {i % 7}"} for i in range(40)]
    got = folds(items)
    by_text: dict[str, set[int]] = {}
    for it, f in zip(items, got, strict=True):
        by_text.setdefault(it["text"], set()).add(f)
    assert all(len(fs) == 1 for fs in by_text.values())
    assert len(set(got)) == 5


def test_eval_classify_trains_on_one_file_and_scores_another(tmp_path) -> None:
    train = category_examples(tmp_path / "train.jsonl")
    test = tmp_path / "test.jsonl"
    test.write_text(json.dumps({"id": "t1", "title": "Cup final", "text": "The striker scored in the cup final match.",
                                "label": "sport"}) + "\n" + json.dumps(
        {"id": "t2", "title": "Rates", "text": "Shares fell as interest rates rose.", "label": "markets"}) + "\n")
    pred = tmp_path / "pred.jsonl"
    result = run_task("classify", str(test), str(pred), None, train=str(train))
    assert result.metrics["n"] == 2 and result.metrics["accuracy"] == 1.0
    assert {json.loads(x)["id"] for x in pred.read_text().splitlines()} == {"t1", "t2"}
