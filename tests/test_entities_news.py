"""Entities on ordinary news: possessives, credit lines, titles, places read as people (texts written
for these tests)."""

from __future__ import annotations

from newsdesk.entities import Ent, build_entities
from newsdesk.eval.ner import conll_bounds, conll_entity, conll_span
from newsdesk.lexicon.names import without_possessive
from newsdesk.model import Article


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


def test_under_the_conll_convention_a_name_has_no_leading_determiner() -> None:
    text = "the Bank of Velmora 's rate held in The Hague. The Velmora Senate and the"
    assert conll_bounds(text, 0, len("the Bank of Velmora 's")) == (4, len("the Bank of Velmora"))
    hague = text.index("The Hague")  # a capital "The" inside a sentence is part of the name
    assert conll_bounds(text, hague, hague + len("The Hague")) == (hague, hague + len("The Hague"))
    senate = text.index("The Velmora")  # at a sentence's start it is only capitalised
    assert conll_bounds(text, senate, senate + len("The Velmora Senate")) == (senate + 4, senate + len("The Velmora Senate"))
    assert conll_bounds(text, len(text) - 3, len(text)) == (len(text) - 3, len(text))  # nothing after it


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


def test_a_title_or_occupation_before_a_full_name_is_not_part_of_it() -> None:
    from tests.test_entities import enrich

    (a,) = enrich("Superintendent Keith Austin said the school would reopen. "
                  "Farmer Anselmo Ruiz said the rain came too late for his maize.")
    names = {e.name for e in a.entities if e.label == "PERSON"}
    assert "Keith Austin" in names and "Anselmo Ruiz" in names
    assert not any(n.startswith(("Superintendent", "Farmer")) for n in names)
    ruiz = [e for e in a.entities if e.name == "Anselmo Ruiz"][0]
    assert ruiz.roles == ["Farmer"]  # the word left the name and stays the person's role


def test_ports_and_islands_in_a_place_context_are_places() -> None:
    from newsdesk.entities.places import places_by_context

    text = "Dockers at the port of Koper refused the cargo, and ferries to Skye, Mull and Barra stopped."
    ents = [_ent(text, "Koper", "ORG"), _ent(text, "Skye", "GPE"), _ent(text, "Mull", "PERSON"),
            _ent(text, "Barra", "PERSON")]
    labels = {text[x.start:x.end]: x.label for x in places_by_context(text, ents)}
    assert labels["Koper"] == "GPE"
    assert labels["Barra"] == "GPE" and labels["Mull"] == "LOC"


def test_a_known_place_name_spoken_of_as_a_person_stays_a_person() -> None:
    from newsdesk.entities.places import places_by_context

    text = "Koper said the plan was sound, and Barra agreed with him."
    ents = [_ent(text, "Koper", "PERSON"), _ent(text, "Barra", "PERSON")]
    assert [x.label for x in places_by_context(text, ents)] == ["PERSON", "PERSON"]


def test_islands_named_with_a_compass_word_are_not_a_work_of_art() -> None:
    from newsdesk.entities.places import places_by_context

    text = "Storms hit the Outer Hebrides, while the novel \"North Star\" sold well."
    ents = [_ent(text, "the Outer Hebrides", "WORK_OF_ART"), _ent(text, "North Star", "WORK_OF_ART")]
    assert [x.label for x in places_by_context(text, ents)] == ["LOC", "WORK_OF_ART"]


def test_a_one_article_story_lists_its_names_by_salience_without_stray_capitals() -> None:
    from newsdesk.desk.stories import top_entities

    # every name of a one-article story counts 1; the article names them in this order
    names = {"e:1": ["Vesna Kralj", "PERSON", 1, "1"], "e:2": ["Koper", "GPE", 1, "2"],
             "e:3": ["Adriatic Freight", "ORG", 1, "3"], "n:officials": ["Officials", "NAME", 1, None]}
    shown = [e["name"] for e in top_entities(names, 10)]
    assert shown == ["Vesna Kralj", "Koper", "Adriatic Freight"]


def test_a_dateline_is_the_place_the_article_names_in_ordinary_case() -> None:
    from tests.test_entities import enrich

    (a,) = enrich("OSLO — Ferry traffic in Oslo resumed on Tuesday after the storm, the harbour master said.")
    oslo = [e for e in a.entities if e.label == "GPE" and e.name.lower() == "oslo"]
    assert len(oslo) == 1 and oslo[0].name == "Oslo"


def test_a_wire_dateline_with_a_region_and_a_date_before_the_credit_names_places() -> None:
    from newsdesk.entities.datelines import datelines

    text = ("KOUROU, French Guiana, March 8 (Lantern Wire) – A weather satellite left the pad on time.\n"
            "TROMSO, 9 March – Fishing boats stayed in port.")
    ents = [_ent(text, "KOUROU", "PERSON"), _ent(text, "Guiana", "PERSON"), _ent(text, "March 8", "DATE")]
    found = {(text[x.start:x.end], x.label) for x in datelines(text, ents)}
    assert {("KOUROU", "GPE"), ("French Guiana", "GPE"), ("TROMSO", "GPE"), ("March 8", "DATE")} <= found
    assert ("KOUROU", "PERSON") not in found and ("Guiana", "PERSON") not in found


def test_parks_and_natural_features_are_places_by_the_words_of_their_names() -> None:
    from newsdesk.entities.places import places_by_context

    text = ("Crews fought the fire in Tarrock National Park and along the Velm River, near Lake Ostrin "
            "and the Corran Mountains. Dana Basin, a ranger, said the park was closed.")
    ents = [_ent(text, "Tarrock National Park", "ORG"), _ent(text, "Velm River", "ORG"),
            _ent(text, "Lake Ostrin", "PERSON"), _ent(text, "Corran Mountains", "NORP"),
            _ent(text, "Dana Basin", "PERSON")]
    labels = {x.text(text): x.label for x in places_by_context(text, ents)}
    assert labels == {"Tarrock National Park": "FAC", "Velm River": "LOC", "Lake Ostrin": "LOC",
                      "Corran Mountains": "LOC", "Dana Basin": "PERSON"}  # a surname is no basin
    text = "Boats crossed Loch Tarran below Cerro Velado."
    ents = [_ent(text, "Loch Tarran", "PERSON"), _ent(text, "Cerro Velado", "PERSON")]
    assert {x.label for x in places_by_context(text, ents)} == {"LOC"}


def test_a_name_in_apposition_with_a_town_is_a_place_and_a_city_councillor_is_not() -> None:
    from newsdesk.entities.places import places_by_context

    text = ("Residents of Velmoral, a small farming town north of the range, left at dawn. "
            "Jo Arden, a city councillor, stayed.")
    ents = [_ent(text, "Velmoral", "ORG"), _ent(text, "Jo Arden", "PERSON")]
    assert [x.label for x in places_by_context(text, ents)] == ["GPE", "PERSON"]


def test_an_era_after_a_date_is_part_of_the_date_not_an_organisation() -> None:
    from newsdesk.entities.repairs import clean_spans

    text = "The jars date from the first century BC; the port was rebuilt in 79 AD. AD Lantern Ltd dived."
    ents = [_ent(text, "the first century", "DATE"), _ent(text, "BC", "ORG"), _ent(text, "AD", "ORG"),
            _ent(text, "AD Lantern Ltd", "ORG")]
    found = {(x.text(text), x.label) for x in clean_spans(text, ents, sports=False)}
    assert found == {("the first century BC", "DATE"), ("79 AD", "DATE"), ("AD Lantern Ltd", "ORG")}


def test_an_office_headed_by_a_superintendency_is_one_organisation() -> None:
    from tests.test_entities import enrich

    (a,) = enrich("Marta Velli, who leads the dig for the Sicilian Superintendency of the Sea, said the hull was intact.")
    assert ("Sicilian Superintendency of the Sea", "ORG") in {(e.name, e.label) for e in a.entities}


def test_a_name_cut_at_its_particle_is_one_person() -> None:
    from newsdesk.entities.persons import particle_names

    text = "Maria do Carmo Velho, 72, rode the tram. The de Vries plan failed. Paulo da Lanca spoke in Lisbon da Costa."
    ents = [_ent(text, "Maria", "NORP"), _ent(text, "Carmo Velho", "PERSON"), _ent(text, "Vries", "PERSON"),
            _ent(text, "Lanca", "PERSON"), _ent(text, "Lisbon", "GPE"), _ent(text, "Costa", "PERSON")]
    found = {(x.text(text), x.label) for x in particle_names(text, ents)}
    assert ("Maria do Carmo Velho", "PERSON") in found and ("Maria", "NORP") not in found
    assert ("Paulo da Lanca", "PERSON") in found
    assert ("Vries", "PERSON") in found  # "The" is no given name
    assert ("Lisbon", "GPE") in found and ("Costa", "PERSON") in found  # a place is no given name


def test_a_known_place_name_before_a_possessive_that_is_not_a_place_part_stays_a_person() -> None:
    from newsdesk.entities.places import places_by_context

    text = "Jurors heard evidence in Koper's trial, and ships waited in Sines's harbour."
    ents = [_ent(text, "Koper", "PERSON"), _ent(text, "Sines", "PERSON")]
    assert [x.label for x in places_by_context(text, ents)] == ["PERSON", "GPE"]


def test_a_dateline_is_the_place_it_names_and_never_the_speaker() -> None:
    from newsdesk.pipeline import build_pipeline

    text = ('CHISINAU — "We will not sell the port," Mayor Ion Rusu said on Monday.\n'
            '"The harbour belongs to the city," he added.')
    stream = [Article(id="d1", text=text, language="en")]
    for step in build_pipeline(["nlp", "entities", "quotes"]).steps:
        stream = list(step.run(stream))
    (a,) = stream
    place = [e for e in a.entities if e.name.lower() == "chisinau"]
    assert place and place[0].label == "GPE"
    assert a.quotes, "the quotation is found"
    for q in a.quotes:
        assert q.speaker_key != place[0].key
        assert (q.speaker_name or "").lower() != "chisinau"


def test_capitals_before_a_dash_are_a_dateline_only_when_they_name_a_known_place() -> None:
    from newsdesk.entities.datelines import datelines

    text = "OSLO - Ferries ran late.\nMARKET NOTE - Bond trading was quiet.\nTAVILDARA 2024-05-01 Troops left."
    labels = {x.text(text): x.label for x in datelines(text, [])}
    assert labels.get("OSLO") == "GPE"
    assert labels.get("TAVILDARA") == "GPE"  # an unknown town, but a date follows: a dateline
    assert "MARKET NOTE" not in labels  # a heading written like a dateline


def test_a_byline_the_model_ran_into_the_dateline_keeps_the_reporters_name() -> None:
    from newsdesk.entities.datelines import datelines

    text = "Port strike spreads.\nLena Marsh\nTAVILDARA 2024-05-01\nDockers stayed home."
    got = {(x.text(text), x.label) for x in datelines(text, [_ent(text, "Lena Marsh\nTAVILDARA", "PERSON")])}
    assert got == {("Lena Marsh", "PERSON"), ("TAVILDARA", "GPE")}


def test_port_towns_in_shipping_news_are_places_not_organisations_or_people() -> None:
    from tests.test_entities import enrich

    (a,) = enrich("Dockers in Koper refused to unload the ship on Monday. The cargo went on to Rijeka, and two "
                  "tankers sailed from Piraeus to Trieste. Ferries from Tallinn's harbour were cancelled, and "
                  "traffic at the port of Sines rose.")
    labels = {e.name: e.label for e in a.entities}
    for port in ("Koper", "Rijeka", "Piraeus", "Trieste", "Tallinn", "Sines"):
        assert labels.get(port) in ("GPE", "LOC"), (port, labels)


def test_a_person_spoken_to_or_a_team_sheet_of_town_named_players_stays_people() -> None:
    from newsdesk.entities.places import places_by_context

    text = "When I spoke to Clinton he agreed. The side is: Dover, Reading, Preston, Kelso."
    ents = [_ent(text, w, "PERSON") for w in ("Clinton", "Dover", "Reading", "Preston")]
    ents.append(_ent(text, "Kelso", "GPE"))
    labels = {x.text(text): x.label for x in places_by_context(text, ents)}
    assert [labels[w] for w in ("Clinton", "Dover", "Reading", "Preston")] == ["PERSON"] * 4


def test_a_name_inside_a_longer_name_is_not_tagged_again() -> None:
    from newsdesk.entities.consistency import propagate

    text = "Shares of Harbour Lines rose. Analysts at Northern Harbour Lines Bank and Harbour Lines staff agreed."
    ents = propagate(text, [_ent(text, "Harbour Lines", "ORG")], [])
    starts = sorted(x.start for x in ents)
    assert starts == [text.index("Harbour Lines"), text.rindex("Harbour Lines")]


def test_a_directions_adjective_after_to_stays_an_adjective() -> None:
    from newsdesk.entities.repairs import locative_place

    text = "He was open to Western ideas and moved to Aleppo."
    assert locative_place(text, _ent(text, "Western", "NORP")).label == "NORP"
    assert locative_place(text, _ent(text, "Aleppo", "NORP")).label == "GPE"


def test_results_and_standings_lines_name_teams() -> None:
    from newsdesk.entities.sports import result_lines

    text = ("Division one\nHarbour Rovers 2 Kestrel ( B ) 0\nNorway 1 Estonia 3\n"
            "Harbour Rovers 4 3 1 0 9 2 10\nJan Olsen 68 70 66 71 275")
    ents = [_ent(text, "Harbour Rovers", "PERSON"), _ent(text, "Jan Olsen", "PERSON")]
    got = [(x.text(text), x.label) for x in result_lines(text, ents)]
    assert got.count(("Harbour Rovers", "ORG")) == 2 and ("Kestrel ( B )", "ORG") in got
    assert ("Norway", "GPE") in got and ("Estonia", "GPE") in got  # a national side: its country
    assert ("Jan Olsen", "PERSON") in got  # a golfer's strokes are no standings


def test_an_acronym_defined_in_brackets_is_the_named_organisation_wherever_it_recurs() -> None:
    from newsdesk.entities.organisations import acronyms

    text = "The Harbour Workers Union ( HWU ) called a strike. HWU members walked out, and Paris ( AP ) wrote."
    got = [(x.text(text), x.label) for x in acronyms(text, [_ent(text, "Harbour Workers Union", "ORG"),
                                                             _ent(text, "Paris", "GPE")])]
    assert got.count(("HWU", "ORG")) == 2
    assert ("AP", "ORG") not in got and ("AP", "GPE") not in got  # not the capitals of "Paris"


def test_an_untagged_name_ending_in_a_company_word_is_an_organisation() -> None:
    from newsdesk.entities.organisations import company_names

    text = "NOTE - Kestrel Harbour Foods Ltd is the full company name."
    got = [(x.text(text), x.label) for x in company_names(text, [])]
    assert got == [("Kestrel Harbour Foods Ltd", "ORG")]


def test_a_railway_company_the_model_missed_is_the_company_its_spokesman_speaks_for() -> None:
    from tests.helpers import quotes_of

    text = ("Velmar Coast Railway, which runs the line, said a signal failed at dawn.\n\n"
            "Staff handed out water to stranded passengers, the company said.")
    quotes = quotes_of(text)
    assert [q.speaker_name for q in quotes] == ["Velmar Coast Railway", "Velmar Coast Railway"]


def test_the_sides_of_a_fixture_are_teams() -> None:
    from newsdesk.entities.sports import result_lines

    text = "Postponed : Harbour Rovers v Kestrel Athletic\nMay 20 v Norway"
    got = {(x.text(text), x.label) for x in result_lines(text, [])}
    assert got == {("Harbour Rovers", "ORG"), ("Kestrel Athletic", "ORG"), ("Norway", "GPE")}


def test_in_a_sports_report_a_peoples_adjective_a_venues_town_and_a_clubs_town_stay_what_they_are() -> None:
    from newsdesk.entities.sports import sports_team

    text = ("Spanish first division side Harbour Rovers beat Kestrel 2-0. The third test ( at Quay Park , "
            "Nottingham ) follows, and the Moscow club lost again.")
    assert sports_team(text, _ent(text, "Spanish", "NORP"), {}).label == "NORP"
    assert sports_team(text, _ent(text, "Nottingham", "PERSON"), {}).label == "GPE"
    assert sports_team(text, _ent(text, "Moscow", "GPE"), {}).label == "GPE"


def test_a_compass_initial_before_a_country_is_no_persons_initial() -> None:
    from newsdesk.entities.repairs import initial_person

    text = "N. Korea urged S. Korean officials to talk, H. Morris said."
    assert initial_person(text, _ent(text, "N. Korea", "GPE")).label == "GPE"
    assert initial_person(text, _ent(text, "S. Korean", "NORP")).label == "NORP"
    assert initial_person(text, _ent(text, "H. Morris", "ORG")).label == "PERSON"


def test_a_name_with_the_minutes_it_scored_in_is_a_player() -> None:
    from newsdesk.entities.sports import athletes

    text = "Scorers : Tomas Varga ( 5th ) , Ilie Brandu ( 11th , 61st pen ) .\nVelmora - Jan Oll ( 60th minute )"
    ents = [_ent(text, "Tomas Varga", "ORG"), _ent(text, "Ilie Brandu", "GPE")]
    found = {(x.text(text), x.label) for x in athletes(text, ents)}
    assert found == {("Tomas Varga", "PERSON"), ("Ilie Brandu", "PERSON"), ("Jan Oll", "PERSON")}


def test_an_organisations_first_word_alone_is_that_organisation_unless_it_is_a_persons_surname() -> None:
    from newsdesk.entities.consistency import consistent

    text = ("Velkor Systems Inc bought Tarnow Cables. Velkor said the deal closed; Anna Tarnow, no relation, "
            "said Tarnow would stay. Bank staff agreed.")
    ents = [_ent(text, "Velkor Systems Inc", "ORG"), _ent(text, "Tarnow Cables", "ORG"),
            _ent(text, "Velkor", "PERSON", 1), _ent(text, "Anna Tarnow", "PERSON"), _ent(text, "Tarnow", "PERSON", 2)]
    labels = {(x.text(text), x.start): x.label for x in consistent(text, ents)[0]}
    assert labels[("Velkor", text.index("Velkor said"))] == "ORG"
    assert labels[("Tarnow", text.index("Tarnow would"))] == "PERSON"  # a surname of the story's person


def test_a_competitor_on_the_line_before_the_nation_is_a_person_and_an_untagged_nation_a_place() -> None:
    from newsdesk.entities.sports import athletes

    text = "2. Jon Tarel ( Jamaica ) , Osmo Veli\n( Nigeria ) 38.87"
    ents = [_ent(text, "Jon Tarel", "ORG"), _ent(text, "Jamaica", "GPE"), _ent(text, "Osmo Veli", "ORG")]
    found = {(x.text(text), x.label) for x in athletes(text, ents)}
    assert found == {("Jon Tarel", "PERSON"), ("Jamaica", "GPE"), ("Osmo Veli", "PERSON"), ("Nigeria", "GPE")}


def test_irregular_plurals_are_dictionary_words() -> None:
    from newsdesk.lexicon.english import is_common

    assert all(is_common(w) for w in ("women", "firemen", "geese", "children"))
    assert not is_common("velmoran")


def test_under_the_conll_convention_a_name_inside_a_hyphenated_word_is_the_word_a_misc() -> None:
    text = "the Velmora-based lender and Velmora Bank"
    s = text.index("Velmora")
    assert conll_entity(text, s, s + len("Velmora"), "LOC") == (s, s + len("Velmora-based"), "MISC")
    b = text.index("Velmora Bank")
    assert conll_entity(text, b, b + len("Velmora Bank"), "ORG") == (b, b + len("Velmora Bank"), "ORG")


def test_a_name_ending_in_a_tournament_word_is_the_tournament() -> None:
    from newsdesk.entities.sports import event_names

    text = "Velmora knocked Tarnow out of the Velmar Cup before the Corran Open."
    ents = [_ent(text, "Velmar Cup", "ORG"), _ent(text, "Corran Open", "PERSON"), _ent(text, "Tarnow", "ORG")]
    found = {(x.text(text), x.label) for x in event_names(text, ents)}
    assert found == {("Velmar Cup", "EVENT"), ("Corran Open", "EVENT"), ("Tarnow", "ORG")}


def test_a_name_has_a_capital_and_no_function_word_after_it() -> None:
    from newsdesk.entities.repairs import clean_spans

    text = "Ships queued at the Velmar Canal to load grain by the bell tower, near the white volcanic rock; iced tea sold."
    ents = [_ent(text, "Velmar Canal to", "FAC"), _ent(text, "bell tower", "FAC"), _ent(text, "white volcanic", "ORG"),
            _ent(text, "iced tea", "PRODUCT")]
    found = {(x.text(text), x.label) for x in clean_spans(text, ents, sports=False)}
    assert found == {("Velmar Canal", "FAC"), ("iced tea", "PRODUCT")}


def test_a_common_noun_opening_a_sentence_is_no_name_but_a_capitalised_name_inside_one_is() -> None:
    from newsdesk.entities.repairs import opening_common_noun

    text = ("Schools closed early on Monday. Shelter was scarce, and shelter costs rose.\\n"
            "Rivers said the flood was over. Officials thanked Ana Rivers.")
    ents = [_ent(text, "Schools", "PERSON"), _ent(text, "Shelter", "ORG"), _ent(text, "Rivers", "PERSON")]
    assert [opening_common_noun(text, x) for x in ents] == [True, True, False]


def test_a_person_named_like_an_institution_is_the_institution_but_a_surname_like_court_is_a_person() -> None:
    from newsdesk.entities.repairs import relabel

    text = "Velmora University, the Instituto Nacional de Pesca and Ana Court met."
    ents = [_ent(text, "Velmora University", "PERSON"), _ent(text, "Instituto Nacional de Pesca", "PERSON"),
            _ent(text, "Ana Court", "PERSON")]
    assert [relabel(text, x).label for x in ents] == ["ORG", "ORG", "PERSON"]


def test_a_known_place_named_with_its_region_word_or_after_its_kind_is_a_place() -> None:
    from newsdesk.entities.places import places_by_context

    text = "Schools in neighbouring Mus province stayed shut; buses ran to the Armenian capital, Yerevan."
    ents = [_ent(text, "Mus", "PERSON"), _ent(text, "Yerevan", "PERSON")]
    assert [x.label for x in places_by_context(text, ents)] == ["GPE", "GPE"]


def test_the_articles_own_source_named_in_its_text_is_a_credit_not_an_entity() -> None:
    from newsdesk.entities.credits import credits

    text = "Economists polled by Kestrel Lantern expect a cut, Ana Molina said."
    x = _ent(text, "Kestrel Lantern", "ORG")
    assert credits(text, [x]) == []  # no newspaper word: an organisation like any other
    assert credits(text, [x], source="The Kestrel Lantern") == [x]  # but it is the report's own outlet


def test_a_name_after_a_players_role_is_a_player() -> None:
    from newsdesk.entities.sports import athletes

    text = "Wimbledon finalist Mali Voss lost, and striker Jan Oll Rovers scored for Velmora United."
    ents = [_ent(text, "Mali Voss", "ORG"), _ent(text, "Velmora United", "ORG")]
    found = {(x.text(text), x.label) for x in athletes(text, ents)}
    assert found == {("Mali Voss", "PERSON"), ("Velmora United", "ORG")}


def test_an_institution_followed_by_who_stays_an_organisation() -> None:
    from newsdesk.entities.repairs import who_person

    text = "Professor Li Wen of Velmora University, who led the trial, and Tarn Holdings, who declined, spoke."
    uni, firm = _ent(text, "Velmora University", "ORG"), _ent(text, "Tarn Holdings", "ORG")
    assert who_person(text, uni).label == "ORG"
    assert who_person(text, firm).label == "PERSON"  # ", who" still makes a person of other names


def test_a_spanish_institute_is_an_organisation_to_the_name_finder() -> None:
    from newsdesk.languages.names import find_names

    text = "Según el Instituto Nacional de Defensa Civil, unas 1.200 viviendas resultaron dañadas."
    assert ("Instituto Nacional de Defensa Civil", "ORG") in {(n.surface, n.label) for n in find_names(text, "es")}
