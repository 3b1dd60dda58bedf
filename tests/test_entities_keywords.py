"""The keywords step: a handful of keyphrases per article, names and content phrases mixed."""

from __future__ import annotations

from newsdesk.model import Article
from newsdesk.pipeline import build_pipeline
from newsdesk.pipeline.keywords import phrases

TEXT = (
    "The harbour authority in Lisbon said container traffic fell sharply in March as port workers "
    "continued their strike. Container traffic at the port of Lisbon had grown for six years before the strike. "
    "Port workers want higher wages, the union said, and the harbour authority has offered talks. "
    "Shipping companies diverted container traffic to Porto and Valencia while the strike lasted. "
    "Maria Costa, the union leader, said port workers would meet the harbour authority on Friday."
)


def run(text: str, language: str = "en") -> Article:
    stream = [Article(id="k", text=text, language=language)]
    for step in build_pipeline(["nlp", "entities", "keywords"]).steps:
        stream = list(step.run(stream))
    return stream[0]


def test_phrases_run_between_stop_words_and_punctuation() -> None:
    found = phrases("Port workers want higher wages, the union said.")
    assert "port workers" in found and "higher wages" in found
    assert not any("said" in p or "the" in p.split() for p in found)


def test_an_article_gets_five_to_eight_distinct_keyphrases() -> None:
    kw = run(TEXT).keywords
    assert 5 <= len(kw) <= 8
    low = [k.lower() for k in kw]
    assert len(set(low)) == len(low)
    assert "Lisbon" in kw  # the place the story is about
    assert any(p in low for p in ("container traffic", "port workers", "harbour authority"))
    for a in low:  # no phrase repeats inside another
        assert not any(a != b and a in b for b in low)


def test_articles_in_other_languages_get_no_keywords() -> None:
    assert run("Les dockers de Lisbonne poursuivent la grève du port.", language="fr").keywords == []
