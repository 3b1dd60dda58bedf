"""The entities step: names right within a document (types, variants, roles, repairs)."""

from __future__ import annotations

import re

import pytest

from newsdesk.entities import Ent, caps_lines, casing_stats, recognise, truecase
from newsdesk.model import Article
from newsdesk.pipeline import build_pipeline
from tests.helpers import SEED


def enrich(*texts: str, language: str = "en") -> list[Article]:
    steps = build_pipeline(["nlp", "entities"]).steps
    stream = [Article(id=f"a{i}", text=t, language=language) for i, t in enumerate(texts)]
    for step in steps:
        stream = list(step.run(stream))
    return stream


def entity_named(article: Article, name: str):
    found = [e for e in article.entities if e.name == name]
    assert found, f"no entity {name!r} in {[e.name for e in article.entities]}"
    return found[0]


def mentions_of(article: Article, key: str) -> list[str]:
    return [m.surface for m in article.mentions if m.entity_key == key]


def test_every_mention_belongs_to_an_entity_and_keeps_its_span() -> None:
    (a,) = enrich("The mayor of Lisbon, Carla Mendes, met Finance Minister Jorge Alves in Porto on Monday.")
    keys = {e.key for e in a.entities}
    assert a.mentions
    for m in a.mentions:
        assert m.entity_key in keys
        assert a.text[m.start:m.end] == m.surface
    for e in a.entities:
        assert e.mention_count == len(mentions_of(a, e.key))


def test_surname_title_and_possessive_are_the_same_person() -> None:
    text = (
        "Defense Secretary Robert Gates arrived in Brussels on Tuesday. Gates met NATO ministers there.\n"
        "Mr. Gates told reporters the plan was sound. Gates's aides said talks would continue."
    )
    (a,) = enrich(text)
    gates = entity_named(a, "Robert Gates")
    assert gates.label == "PERSON"
    surfaces = mentions_of(a, gates.key)
    assert len(surfaces) == 4
    assert all(s in ("Robert Gates", "Gates") for s in surfaces)  # no "Mr." and no "'s" in a span
    assert not [e for e in a.entities if e.name == "Gates" and e.key != gates.key]
    assert "Defense Secretary" in gates.roles


def test_a_surname_the_model_calls_something_else_follows_the_full_name() -> None:
    # The small model tags a bare "Gates" after "told" as an organisation; the document says who he is.
    text = ("US Defense Secretary Robert Gates visited Moscow. Russian Defense Minister, Anatoly Serdyukov, "
            "told Gates at a meeting in Moscow that the plan threatens global security.")
    (a,) = enrich(text)
    gates = entity_named(a, "Robert Gates")
    assert "Gates" in mentions_of(a, gates.key)
    assert not [e for e in a.entities if e.label != "PERSON" and "Gates" in e.name]
    serdyukov = entity_named(a, "Anatoly Serdyukov")  # the first name recovered beside the surname
    assert serdyukov.roles == ["Russian Defense Minister"]
    assert gates.roles == ["US Defense Secretary"]


def test_apposition_after_a_name_is_a_role() -> None:
    (a,) = enrich("Prosecutors appealed on Friday, Krzysztof Kitajgrodzki, his Polish lawyer, told reporters in Warsaw.")
    assert entity_named(a, "Krzysztof Kitajgrodzki").roles == ["Polish lawyer"]


def test_initial_and_full_name_merge_but_other_first_names_do_not() -> None:
    text = "Robert Gates spoke first. Later R. Gates answered questions, and Melinda Gates spoke about health."
    (a,) = enrich(text)
    robert = entity_named(a, "Robert Gates")
    assert "R. Gates" in mentions_of(a, robert.key)
    melinda = entity_named(a, "Melinda Gates")
    assert melinda.key != robert.key


def test_organisations_joined_by_and_are_split_unless_one_name() -> None:
    (a,) = enrich("Scientists questioned the AstraZeneca and University of Oxford vaccine on Monday.")
    names = {e.name for e in a.entities if e.label == "ORG"}
    assert {"AstraZeneca", "University of Oxford"} <= names
    (b,) = enrich("The Australian and New Zealand Society for Immunology president Stephen Turner spoke.")
    assert "Australian and New Zealand Society for Immunology" in {e.name for e in b.entities}


def test_movements_are_not_people() -> None:
    (a,) = enrich("He said he is being targeted for supporting Falun Gong.\nChina is accused over its treatment of "
                  "Uighurs and other minority Muslims in its western region of Xinjiang.")
    labels = {e.name: e.label for e in a.entities}
    assert labels.get("Falun Gong") == "ORG"
    assert labels.get("Uighurs") == "NORP"


def test_truecasing_uses_the_documents_own_casing() -> None:
    text = "RESCUE TEAMS REACH FLOODED VILLAGES NEAR PORTO\nRescue teams from Porto reached the villages on Monday."
    lines = caps_lines(text)
    assert lines == [(0, text.index("\n"))]
    restored = truecase(text[: lines[0][1]], casing_stats(text, lines))
    assert len(restored) == lines[0][1]
    assert "Porto" in restored and "villages" in restored


def test_all_caps_headline_and_dateline_get_places() -> None:
    text = ("FLOODS FORCE THOUSANDS FROM HOMES IN PORTUGAL\nLISBON 2026-03-02\n"
            "Heavy rain forced thousands of people from their homes in Portugal on Monday, officials said.")
    (a,) = enrich(text)
    spans = {(m.surface, m.label) for m in a.mentions}
    assert ("LISBON", "GPE") in spans
    assert ("PORTUGAL", "GPE") in spans


def test_sports_results_name_teams_as_organisations() -> None:
    text = ("CRICKET - ESSEX BEAT KENT IN CHAMPIONSHIP\nLONDON 2026-06-02\n"
            "Essex beat Kent by six wickets in the county championship on Monday.\n"
            "At Chelmsford : Essex 301 and 120-4 , Kent 250 and 170 .")
    (a,) = enrich(text)
    labels = {m.surface: m.label for m in a.mentions}
    assert labels.get("Essex") == "ORG"
    assert labels.get("Kent") == "ORG"
    assert labels.get("LONDON") == "GPE"


def test_articles_in_other_languages_get_no_entities() -> None:
    (a,) = enrich("Le président Emmanuel Macron a rencontré le chancelier à Paris.", language="fr")
    assert a.mentions == [] and a.entities == []
    assert "not_english" in a.flags


def _seed_articles() -> list[str]:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    first = [line for line in lines[:19] if line.strip() and line.strip() != "PHOTO: AFP"]
    return ["\n".join(first)] + [line for line in lines[19:] if line.strip()]


@pytest.mark.skipif(not SEED.exists(), reason="shared seed not available")
def test_seed_people_and_organisations() -> None:
    articles = enrich(*_seed_articles())
    assert len(articles) == 5
    by_label: dict[str, set[str]] = {}
    for a in articles:
        for e in a.entities:
            by_label.setdefault(e.label, set()).add(e.name)
    people = by_label["PERSON"]
    for person in ["Robert Gates", "Anatoly Serdyukov", "Putin", "Kevin Celli-Bird", "Joe Biden", "Stephen Turner",
                   "Li Zhihui", "Krzysztof Kitajgrodzki"]:
        assert person in people
    orgs = by_label["ORG"]
    for org in ["Pentagon", "US Congressional-Executive Commission on China", "AstraZeneca", "University of Oxford",
                "Australian and New Zealand Society for Immunology", "Polish Supreme Court", "UN"]:
        assert org in orgs
    first = articles[0]
    gates = entity_named(first, "Robert Gates")
    assert gates.mention_count == 4  # every "Gates" is him
    assert not any("Gates" in e.name for e in first.entities if e.label != "PERSON")
    assert "US Defense Secretary" in gates.roles
    assert "Russian Defense Minister" in entity_named(first, "Anatoly Serdyukov").roles


def _labels_after_correction(text: str, model: list[tuple[str, str]]) -> dict[str, set[str]]:
    """Run the span corrections over model readings given as (surface, label), every occurrence."""
    ents = [Ent(m.start(), m.end(), label) for surface, label in model for m in re.finditer(re.escape(surface), text)]
    out: dict[str, set[str]] = {}
    for x in recognise(text, ents, []):
        out.setdefault(x.text(text), set()).add(x.label)
    return out


def test_the_agency_credited_in_a_dateline_is_an_organisation():
    text = ("OSLO, May 4 (Fjord Wire) – Ferries to the outer islands resumed on Monday after the storm, "
            "the operator said.")
    assert _labels_after_correction(text, [("Fjord Wire", "PERSON")])["Fjord Wire"] == {"ORG"}


def test_a_one_word_name_spoken_of_as_a_company_is_an_organisation_not_a_person():
    text = ("Brightvale, a Leeds software company, said on Tuesday that its servers were restored. "
            "Amara Okafor, the chief executive of Brightvale, apologised to customers. "
            "Brightvale said no payment data was taken.")
    labels = _labels_after_correction(text, [("Brightvale", "PERSON"), ("Amara Okafor", "PERSON")])
    assert labels["Brightvale"] == {"ORG"}
    assert labels["Amara Okafor"] == {"PERSON"}


def test_a_one_word_name_spoken_of_as_a_person_stays_a_person():
    text = ("Okafor, who founded the company in 2019, said the chief executive of Brightvale would step down. "
            "Okafor said the board agreed.")
    labels = _labels_after_correction(text, [("Okafor", "PERSON"), ("Brightvale", "ORG")])
    assert labels["Okafor"] == {"PERSON"}


def test_a_name_ending_in_a_company_word_is_an_organisation_not_a_person():
    text = "Harbourline Therapeutics said its trial would end early. Maria Ocampo, its founder, agreed."
    labels = _labels_after_correction(text, [("Harbourline Therapeutics", "PERSON"), ("Maria Ocampo", "PERSON")])
    assert labels["Harbourline Therapeutics"] == {"ORG"}
    assert labels["Maria Ocampo"] == {"PERSON"}


def test_a_disease_acronym_is_not_an_organisation():
    text = "The TB vaccine cut infections by half, Kestrel said. HIV clinics in Lagos will offer it first."
    labels = _labels_after_correction(text, [("TB", "ORG"), ("HIV", "ORG"), ("Lagos", "GPE")])
    assert "TB" not in labels and "HIV" not in labels
    assert labels["Lagos"] == {"GPE"}
