"""Article summaries: sentence splitting, central-sentence selection, budgets, the pipeline step.

Texts are our own."""

from __future__ import annotations

from newsdesk.model import Article
from newsdesk.pipeline import build_pipeline
from newsdesk.pipeline.summary import cut_to_words, lead, sentence_scores, split_sentences, summarise

TEXT = (
    "Oslo opened its new public library on Saturday.\n\n"
    "Mr. Lund, the architect, said the library would lend 450,000 books a year. The library has five floors "
    "of reading rooms. Weather was cold. The library cost 2.5 billion kroner, and the city says the library "
    "will pay back its cost in visitors.\n\n"
    "Visitors queued for an hour. \"It is a library for everyone,\" said Mayor Ingrid Dahl."
)


def test_regex_splitter_keeps_abbreviations_and_numbers_inside_sentences():
    spans = split_sentences(TEXT)
    sentences = [TEXT[s:e] for s, e in spans]
    assert sentences[0] == "Oslo opened its new public library on Saturday."
    assert sentences[1].startswith("Mr. Lund, the architect") and sentences[1].endswith("a year.")
    assert any(s.startswith("The library cost 2.5 billion kroner") for s in sentences)
    assert sentences[-1] == "\"It is a library for everyone,\" said Mayor Ingrid Dahl."
    assert all(TEXT[s:e].strip() == TEXT[s:e] for s, e in spans)


def test_central_sentences_outscore_asides():
    sentences = [TEXT[s:e] for s, e in split_sentences(TEXT)]
    scores = dict(zip(sentences, sentence_scores(sentences), strict=True))
    cost = next(s for s in sentences if "2.5 billion" in s)
    assert scores[cost] > scores["Weather was cold."]


def test_summary_respects_the_word_budget_and_keeps_text_order():
    art = Article(id="x", text=TEXT)
    out = summarise(art, max_words=30, max_sentences=None, cut=True)
    assert len(out.split()) <= 30
    picked = [s for s in (TEXT[a:b] for a, b in split_sentences(TEXT)) if s in out]
    positions = [TEXT.index(s) for s in picked]
    assert positions == sorted(positions) and picked


def test_lead_takes_first_sentences_and_cuts_the_last():
    art = Article(id="x", text=TEXT)
    assert lead(art, 10) == "Oslo opened its new public library on Saturday. Mr. Lund,"
    assert cut_to_words(["a b c", "d e f"], 4) == "a b c d"


def test_step_writes_a_short_summary_of_whole_sentences():
    pipe = build_pipeline(["clean", "summary"])
    (art,) = pipe([Article(id="x", text=TEXT)])
    assert art.summary and len(art.summary.split()) <= 60 + 40
    assert art.summary.endswith((".", "\"", "”"))


def test_empty_text_gives_no_summary():
    pipe = build_pipeline(["summary"])
    (art,) = pipe([Article(id="x", text="   ")])
    assert art.summary is None
