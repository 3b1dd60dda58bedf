"""The faster forms of hot functions give what the plain forms gave (own sentences)."""

from __future__ import annotations

import json
import math
from dataclasses import asdict

import pytest

from newsdesk.model import Article, Quote, Span
from newsdesk.pipeline.keywords import phrases
from newsdesk.store.base import article_to_row, row_to_article
from newsdesk.stories.cluster import cosine, dense_cosine, norm, words_cosine, words_of
from newsdesk.stories.features import capitalised_names


def test_a_stored_quotation_is_its_fields_with_spans_as_dicts() -> None:
    q = Quote(content=Span(30, 52, "we will rebuild the pier"), direct=True, cue=Span(54, 58, "said"),
              speaker=Span(59, 70, "Ana Molina"), speaker_key="PERSON:ana molina", speaker_name="Ana Molina",
              fragments=[Span(30, 40, "we will"), Span(41, 52, "rebuild the pier")])
    article = Article(id="q1", text="x" * 80, quotes=[q])
    row = article_to_row(article, seq=1, batch=1)
    stored = json.loads(row["annotations"])["quotes"]
    assert stored == [asdict(q)]
    assert row_to_article(row).quotes == [q]


def test_a_lone_capitalised_word_of_a_headline_is_no_name_when_its_article_writes_it_in_lower_case() -> None:
    assert capitalised_names("Rescue at Velmora") == ["Rescue", "Velmora"]
    assert capitalised_names("Rescue at Velmora", context="The rescue went on all night.") == ["Velmora"]
    assert capitalised_names("Rescue at Velmora", context="Rescue teams reached Velmora.") == ["Rescue", "Velmora"]
    # the headline's own lower-case words count as well as the article's
    assert capitalised_names("Velmora rescue. Rescue at dawn", context="Crews reached the town.") == ["Velmora"]


def test_dense_cosine_is_the_cosine_and_refuses_vectors_of_different_sizes() -> None:
    a, b = [0.3, -0.2, 0.9], [0.1, 0.4, 0.8]
    expected = sum(x * y for x, y in zip(a, b, strict=True)) / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))
    assert dense_cosine(a, b) == expected
    assert dense_cosine(a, [0.0, 0.0, 0.0]) == 0.0
    with pytest.raises(ValueError):
        dense_cosine(a, [0.1, 0.2])


def test_phrases_keep_every_word_and_run_of_up_to_three_words_in_text_order() -> None:
    found = phrases("Tidal power plans; tidal power costs fell.")
    assert list(found) == ["tidal", "power", "plans", "tidal power", "power plans", "tidal power plans",
                           "costs", "fell", "power costs", "costs fell", "tidal power costs", "power costs fell"]
    assert found["tidal power"] == [0, 19]
    assert found["power costs fell"] == [25]


def test_the_words_cosine_of_a_story_is_the_cosine_of_the_words_parts() -> None:
    article = {"w:harbour": 0.5, "w:strike": 0.7, "w:talk": 0.2}
    story = {"w:harbour": 1.2, "n:velmora": 0.9, "w:strike": 0.4, "#:40": 0.3, "w:wage": 0.8, "w:union": 0.1}
    short = {"w:strike": 1.0, "n:velmora": 2.0}  # fewer words than the article: the other side is walked
    for centroid in (story, short, {"n:velmora": 1.0}):
        assert words_cosine(article, norm(article), centroid) == cosine(article, words_of(centroid))
    assert words_cosine(article, norm(article), story) > 0.5


def test_a_sentence_parsed_from_the_articles_own_tokens_is_parsed_as_its_text_alone() -> None:
    from newsdesk.pipeline.nlp import get_nlp, parse_docs, parse_sentences, sentence_doc

    text = ("The harbour reopened on Monday.  Ana Molina, the port's director, said the cranes were "
            "repaired.\nShe added: “We lost two days.”")
    doc = get_nlp()(text)
    for sent in doc.sents:
        s, e = sent.start_char, sent.end_char
        built = sentence_doc(doc, text, s, e)
        assert built.text == text[s:e] and built.vocab is doc.vocab
        (mine,) = parse_docs([built])
        (plain,) = parse_sentences([text[s:e]])
        assert [(t.text, t.tag_, t.dep_, t.head.i) for t in mine] == [(t.text, t.tag_, t.dep_, t.head.i) for t in plain]
    # a cut inside a token falls back to tokenising the text
    assert sentence_doc(doc, text, 5, 12).text == text[5:12]


def test_the_model_on_numpys_blas_finds_what_spacy_as_shipped_finds() -> None:
    import spacy

    from newsdesk.pipeline.nlp import MODEL, get_nlp

    ours = get_nlp()
    assert ours.get_pipe("ner").model.ops.use_blis is False  # numpy's BLAS (languages/models.py)
    shipped = spacy.load(MODEL, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    text = ("Ana Molina, director of the Velmora Port Authority, told reporters in Lisbon on Monday that "
            "the European Commission would fund a new ferry terminal worth €40 million by 2027.")
    assert [(e.text, e.label_) for e in ours(text).ents] == [(e.text, e.label_) for e in shipped(text).ents]
