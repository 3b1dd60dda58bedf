"""Entities on ordinary news: possessives, credit lines, titles, places read as people (texts written
for these tests)."""

from __future__ import annotations

from newsdesk.entities import Ent, build_entities
from newsdesk.eval.ner import conll_span
from newsdesk.lexicon.names import without_possessive


def _ent(text: str, surface: str, label: str, nth: int = 0) -> Ent:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Ent(start, start + len(surface), label)


def test_a_possessive_is_not_part_of_a_name() -> None:
    assert without_possessive("Gates's") == "Gates"
    assert without_possessive("Marta Olsen 's") == "Marta Olsen"
    assert without_possessive("Harbour Lines '") == "Harbour Lines"
    assert without_possessive("` Blue Lantern '") == "` Blue Lantern '"  # a closing quotation mark stays


def test_a_name_read_with_its_possessive_is_the_same_entity_named_without_it() -> None:
    text = "Marta Olsen 's ferry company grew fast. Olsen 's rivals noticed, and Olsen said little."
    ents = [_ent(text, "Marta Olsen 's", "PERSON"), _ent(text, "Olsen 's", "PERSON", 1),
            _ent(text, "Olsen", "PERSON", 2)]
    mentions, entities = build_entities(text, ents)
    assert [e.name for e in entities] == ["Marta Olsen"]
    assert "Olsen 's" not in entities[0].aliases
    assert all(text[m.start:m.end] == m.surface for m in mentions)  # each mention keeps its span


def test_conll_scoring_leaves_the_possessive_out_of_a_name() -> None:
    text = "Marta Olsen 's ferry"
    assert conll_span(text, 0, len("Marta Olsen 's")) == len("Marta Olsen")
    assert conll_span(text, 0, len("Marta Olsen")) == len("Marta Olsen")


def test_outlets_and_reporters_in_credit_lines_are_the_source_not_entities() -> None:
    from tests.test_entities import enrich

    text = ("By Lena Marsh\nHARBOUR CITY (Reuters) - Mayor Paul Ostrander opened the new bridge on Monday, "
            "The Associated Press reported. Ostrander told the Atlas Tribune that AFP had the photographs.\n"
            "Reporting by Omar Haddad; Editing by Nina Brandt")
    (a,) = enrich(text)
    names = {e.name for e in a.entities}
    assert "Paul Ostrander" in names
    for outlet_or_reporter in ("Reuters", "Associated Press", "The Associated Press", "Atlas Tribune", "AFP",
                               "Lena Marsh", "Omar Haddad", "Nina Brandt"):
        assert outlet_or_reporter not in names
    credited = {a.text[s:e] for s, e, _ in a.scratch["credits"]}
    assert "Reuters" in credited and "Omar Haddad" in credited


def test_a_dateline_in_accented_capitals_is_a_place_not_part_of_the_agency() -> None:
    from tests.test_entities import enrich

    (a,) = enrich("BOGOTÁ (Reuters) - Colombia's central bank left its rate unchanged on Friday.")
    bogota = [e for e in a.entities if e.name == "BOGOTÁ"]
    assert bogota and bogota[0].label == "GPE"


def test_two_countries_of_one_state_stay_two_entities() -> None:
    from tests.test_entities import enrich

    (a,) = enrich("England beat Scotland at the stadium on Saturday, and Scotland will host England next year.")
    places = {e.name: e for e in a.entities if e.label in ("GPE", "LOC")}
    assert "England" in places and "Scotland" in places
    assert "England" not in places["Scotland"].aliases
