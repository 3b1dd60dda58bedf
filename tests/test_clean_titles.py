"""A title derived from the text when the source gave none (pipeline.clean): the first sentence,
never the wire dateline before it, never cut at an abbreviation. Texts are our own."""

from __future__ import annotations

from newsdesk.model import Article
from newsdesk.pipeline.clean import MAX_TITLE, Clean, derive_title


def test_a_derived_title_leaves_out_the_dateline() -> None:
    text = "OSLO, May 4 (Fjord Wire) – The harbour ferry to Nesodden will run every half hour from June. More."
    assert derive_title(text) == "The harbour ferry to Nesodden will run every half hour from June."


def test_a_derived_title_is_not_cut_at_an_abbreviation() -> None:
    text = "The museum will stay open until 10 p.m. on Fridays, the city said. Tickets cost more."
    assert derive_title(text) == "The museum will stay open until 10 p.m. on Fridays, the city said."


def test_a_short_first_sentence_keeps_the_next_one() -> None:
    assert derive_title("Rain again. The river rose a metre overnight in Varnholm. Roads shut.") == (
        "Rain again. The river rose a metre overnight in Varnholm.")


def test_a_long_first_sentence_is_cut_at_a_word_with_an_ellipsis() -> None:
    title = derive_title(" ".join(["word"] * 100) + ".")
    assert len(title) <= MAX_TITLE + 1 and title.endswith("word…")


def test_the_clean_step_flags_a_derived_title_and_keeps_a_given_one() -> None:
    derived = Clean().process(Article(id="a", text="LIMA, March 6 – A quake shook the coast on Monday. More."))
    given = Clean().process(Article(id="b", title="Quake  shakes coast", text="LIMA – A quake shook the coast."))
    assert derived.title == "A quake shook the coast on Monday." and "derived_title" in derived.flags
    assert given.title == "Quake shakes coast" and "derived_title" not in given.flags
