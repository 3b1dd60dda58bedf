"""Places: the offline gazetteer and the places step's choices in context."""

from __future__ import annotations

import pytest

from newsdesk.geo import get_gazetteer, name_key
from newsdesk.lexicon.labels import PLACE_LABELS
from newsdesk.model import Article, DocEntity, Mention
from newsdesk.pipeline import build_pipeline
from newsdesk.pipeline.places import Places
from tests.helpers import SEED


def locate(*texts: str) -> list[Article]:
    stream = [Article(id=f"a{i}", text=t, language="en") for i, t in enumerate(texts)]
    for step in build_pipeline(["nlp", "entities", "places"]).steps:
        stream = list(step.run(stream))
    return stream


def place(article: Article, name: str):
    found = [e for e in article.entities if e.name == name]
    assert found, f"no entity {name!r} in {[e.name for e in article.entities]}"
    return found[0]


def test_name_keys_ignore_case_dots_accents_and_the() -> None:
    assert name_key("U.S.") == name_key("US") == "us"
    assert name_key("the Czech Republic") == "czech republic"
    assert name_key("Zürich") == "zurich"


def test_gazetteer_has_regions_oceans_and_countries_with_centres() -> None:
    gaz = get_gazetteer()
    xinjiang = gaz.candidates("Xinjiang")[0]
    assert (xinjiang.feature, xinjiang.country_code) == ("admin1", "CN")  # not the village of that name
    oregon = gaz.candidates("Oregon")[0]
    assert (oregon.feature, oregon.country_code, oregon.geonameid) == ("admin1", "US", "5744337")
    pacific = gaz.candidates("Pacific Ocean")[0]
    assert pacific.feature == "ocean" and -20 < pacific.lat < 20
    china = gaz.country("CN")
    assert china is not None and china.geonameid == "1814991" and 30 < china.lat < 40 and 95 < china.lon < 110
    assert gaz.candidates("Britain")[0].country_code == "GB"
    assert gaz.country_of_demonym("Russians") == "RU"


def test_document_context_picks_the_right_town() -> None:
    (au,) = locate("Police in Melbourne said the storm had cut power across Victoria, Australia, on Monday.")
    melbourne = place(au, "Melbourne")
    assert melbourne.country_code == "AU" and melbourne.feature == "city"
    (us,) = locate("Residents of Melbourne, Florida, lost power on Monday as the storm crossed the state.")
    assert place(us, "Melbourne").country_code == "US"


def test_a_us_state_and_a_country_share_a_name() -> None:
    (a,) = locate("Storms hit Atlanta and much of Georgia on Monday, the governor said in the state capital.")
    assert place(a, "Georgia").country_code == "US"
    (b,) = locate("Georgia and Armenia signed a trade deal in Tbilisi on Monday, the ministers said.")
    assert place(b, "Georgia").country_code == "GE"


def test_every_place_entity_gets_coordinates_and_country() -> None:
    (a,) = locate("Flights from Tehran to Moscow resumed on Monday, Iranian officials said.")
    for name, cc in (("Tehran", "IR"), ("Moscow", "RU")):
        e = place(a, name)
        assert e.country_code == cc and e.lat is not None and e.lon is not None and e.geonameid
    iranian = place(a, "Iranian")  # a nationality names its country
    assert iranian.label == "NORP" and iranian.country_code == "IR" and iranian.feature == "demonym"


@pytest.mark.skipif(not SEED.exists(), reason="shared seed not available")
def test_seed_places_are_geocoded() -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    texts = ["\n".join(x for x in lines[:19] if x.strip() != "PHOTO: AFP")] + [x for x in lines[19:] if x.strip()]
    located = {}
    for a in locate(*texts):
        for e in a.entities:
            if e.label in ("GPE", "LOC", "FAC") and e.lat is not None:
                located[e.name] = e
    expected = {"Moscow": "RU", "Russia": "RU", "Poland": "PL", "Czech Republic": "CZ", "Iran": "IR",
                "Tehran": "IR", "Bushehr": "IR", "China": "CN", "Xinjiang": "CN", "Australia": "AU",
                "Melbourne": "AU", "Oregon": "US"}
    for name, cc in expected.items():
        assert name in located, f"{name} not located"
        assert located[name].country_code == cc, name
    assert located["Oregon"].feature == "admin1"
    assert located["Pacific Ocean"].feature == "ocean"


def annotated(text: str, *names: tuple[str, str]) -> Article:
    """An article whose entities are given (name, label), each mention found in the text: the places
    step judged on its own, whatever the recogniser makes of the text."""
    a = Article(id="t", text=text, language="en")
    for i, (name, label) in enumerate(names):
        key = f"e{i}"
        starts = [j for j in range(len(text)) if text.startswith(name, j)]
        a.mentions += [Mention(s, s + len(name), name, label, key) for s in starts]
        a.entities.append(DocEntity(key=key, name=name, label=label, mention_count=len(starts)))
    return a


def run_places(article: Article) -> Article:
    return Places().process(article)


def test_a_small_town_abroad_with_nothing_backing_it_is_left_unresolved() -> None:
    a = run_places(annotated("Ferries from Glasgow to Barra were cancelled as gales hit Scotland.",
                             ("Glasgow", "GPE"), ("Barra", "GPE"), ("Scotland", "GPE")))
    barra = place(a, "Barra")
    assert barra.country_code != "BR"  # not the Brazilian town: unresolved or Scottish
    assert barra.lat is None or barra.country_code == "GB"


def test_compass_words_and_lowercase_names_are_not_located() -> None:
    a = run_places(annotated("Leaders in the West rang the bell tower in protest, officials in Paris said.",
                             ("the West", "LOC"), ("bell tower", "FAC"), ("Paris", "GPE")))
    assert place(a, "the West").lat is None
    assert place(a, "bell tower").lat is None
    assert place(a, "Paris").country_code == "FR"


def test_a_shared_demonym_names_the_largest_country() -> None:
    gaz = get_gazetteer()
    assert gaz.country_of_demonym("Chinese") == "CN"
    assert gaz.country_of_demonym("French") == "FR"


def test_located_places_carry_a_confidence_higher_with_context() -> None:
    sure = run_places(annotated("Melbourne, Australia, had floods.", ("Melbourne", "GPE"), ("Australia", "GPE")))
    alone = run_places(annotated("Melbourne had floods.", ("Melbourne", "GPE")))
    c_sure, c_alone = place(sure, "Melbourne").confidence, place(alone, "Melbourne").confidence
    assert c_sure is not None and c_alone is not None and 0 < c_alone < c_sure <= 1
    assert place(sure, "Australia").confidence >= 0.9


def test_an_organisation_used_as_a_place_after_a_preposition_becomes_a_place() -> None:
    a = run_places(annotated("A man of Edmonton, Alberta, was arrested on Friday.", ("Edmonton", "ORG"),
                             ("Alberta", "GPE")))
    edmonton = place(a, "Edmonton")
    assert edmonton.label == "GPE" and edmonton.country_code == "CA"
    b = run_places(annotated("Edmonton Oilers won; Edmonton said the deal was done.", ("Edmonton", "ORG")))
    assert place(b, "Edmonton").label == "ORG" and place(b, "Edmonton").lat is None


def test_a_town_followed_by_its_state_abbreviation_is_the_town_in_that_state() -> None:
    a = run_places(annotated("A Paris, Ky., band that toured France and Belgium last year played in Paris again.",
                             ("Paris", "GPE"), ("Ky.", "GPE"), ("France", "GPE"), ("Belgium", "GPE")))
    paris = place(a, "Paris")
    assert (paris.country_code, paris.feature) == ("US", "city")
    assert 37.5 < paris.lat < 39.0 and -85.0 < paris.lon < -83.5  # Kentucky, not Texas or France
    assert place(a, "Ky.").feature == "admin1"


def test_a_dateline_town_draws_the_other_small_towns_near_it() -> None:
    a = run_places(annotated("SPRINGFIELD, Ill. - Volunteers from Chatham and Rochester cleared fallen trees "
                             "on Tuesday, the county said.",
                             ("SPRINGFIELD", "GPE"), ("Ill.", "GPE"), ("Chatham", "GPE"), ("Rochester", "GPE")))
    springfield = place(a, "Springfield")  # the dateline's capitals, spelt as the gazetteer does
    assert springfield.country_code == "US" and 39.0 < springfield.lat < 40.5
    for town in ("Chatham", "Rochester"):  # the towns of these names beside Springfield, Illinois
        t = place(a, town)
        assert t.lat is not None and abs(t.lat - springfield.lat) < 0.5 and abs(t.lon - springfield.lon) < 0.5, town


def test_a_place_named_only_in_a_capitals_dateline_takes_the_gazetteers_spelling() -> None:
    (a,) = locate("GLASGOW — Riveters at the Dunmore yard voted on Tuesday to accept the pay offer, "
                  "their union said.\n\nThe yard employs about 900 people.")
    glasgow = place(a, "Glasgow")
    assert glasgow.country_code == "GB" and "GLASGOW" in glasgow.aliases
    (b,) = locate("Officials in the UAE said on Monday that talks with Oman would resume in May.")
    assert [e.name for e in b.entities if e.country_code == "AE"] == ["UAE"]  # an acronym keeps its letters


def test_a_list_of_states_keeps_each_name_a_state() -> None:
    a = run_places(annotated("The recall covers stores in Pennsylvania, California, Indiana and Oregon, the "
                             "company said.", ("Pennsylvania", "GPE"), ("California", "GPE"), ("Indiana", "GPE"),
                             ("Oregon", "GPE")))
    for state in ("Pennsylvania", "California", "Indiana", "Oregon"):
        p = place(a, state)
        assert (p.feature, p.country_code) == ("admin1", "US"), state  # not the town of California, Pa.


def test_a_bare_county_name_with_nothing_behind_it_is_not_guessed() -> None:
    a = run_places(annotated("Miners in El Dorado said the new shaft would open next spring.", ("El Dorado", "GPE")))
    assert place(a, "El Dorado").feature != "admin2"  # not El Dorado County, California
    b = run_places(annotated("Fire crews in El Dorado County, California, contained the blaze.",
                             ("El Dorado County", "GPE"), ("California", "GPE")))
    county = place(b, "El Dorado County")
    assert (county.feature, county.country_code) == ("admin2", "US")


def test_an_organisation_is_located_by_the_place_in_its_name() -> None:
    from newsdesk.pipeline.places import embedded_toponym

    a = run_places(annotated("The Manitoba Wildlife Federation said hunting resumes near Winnipeg; the "
                             "Federation will meet in Canada's capital.", ("Manitoba Wildlife Federation", "ORG"),
                             ("Winnipeg", "GPE"), ("Canada", "GPE"), ("Federation", "ORG")))
    org = place(a, "Manitoba Wildlife Federation")
    assert (org.label, org.feature, org.country_code) == ("ORG", "embedded", "CA")
    assert embedded_toponym("Manitoba Wildlife Federation", org) == (0, 8)
    assert embedded_toponym("the federation", org) is None
    assert place(a, "Federation").lat is None  # nothing in its name is a place


def test_a_hamlet_is_taken_only_with_local_evidence() -> None:
    gaz = get_gazetteer()
    assert any(p.population < 1000 and p.country_code == "US" for p in gaz.candidates("Tunnel Hill"))
    # the town's county named beside it: the Georgia village of 900 people
    (near,) = locate("A truck overturned near Tunnel Hill on Monday, the Catoosa County sheriff said. "
                     "Deputies from Fort Oglethorpe closed the road.")
    tunnel = place(near, "Tunnel Hill")
    assert tunnel.country_code == "US" and tunnel.lat is not None and abs(tunnel.lat - 34.84) < 0.2
    # a country alone does not place a hamlet: the name stays unresolved rather than guessed
    gaz_rows = [p for p in gaz.candidates("Maliuc") if p.population < 1000]
    assert gaz_rows
    (far,) = locate("Officials in Romania said a meeting in Maliuc had been postponed.")
    assert place(far, "Maliuc").lat is None


def test_a_list_of_states_is_not_a_town_and_its_qualifier() -> None:
    (a,) = locate("Cases were reported in Georgia, Oklahoma, Pennsylvania, Wisconsin and California, "
                  "health officials said.")
    for name in ("Oklahoma", "Pennsylvania", "Wisconsin"):
        assert place(a, name).feature == "admin1", name


@pytest.mark.parametrize("text", [
    "The governor declared an emergency across New York state after the storm, officials said.",
    "A girl from Buffalo, New York, was treated at a hospital in Toronto.",
    "Flu cases rose in Ohio, New York and Michigan last week, the agency said.",
])
def test_the_region_is_kept_when_the_text_says_so(text: str) -> None:
    (a,) = locate(text)
    ny = place(a, "New York")
    assert ny.feature == "admin1" and ny.lat is not None and ny.lat > 41.5  # the state, not the city


def test_a_region_named_like_a_big_city_is_the_city_on_its_own() -> None:
    (a,) = locate("Talks resumed in Moscow on Tuesday between the two delegations.")
    assert place(a, "Moscow").feature == "city"


def test_confidence_is_higher_for_a_clear_reading_than_for_a_guess_among_towns() -> None:
    (a,) = locate("France and Germany agreed the plan. Officials in Springfield said they would study it.")
    france = place(a, "France")
    springfield = place(a, "Springfield")
    assert france.confidence is not None and france.confidence >= 0.9
    assert springfield.lat is None or (springfield.confidence or 0) < france.confidence


def test_a_facility_is_placed_by_the_place_in_its_name() -> None:
    (a,) = locate("The rocket lifted off from the Guiana Space Centre on Tuesday, the agency said.")
    centre = place(a, "Guiana Space Centre")
    assert centre.country_code == "GF" and centre.feature == "embedded"


def test_clyde_follows_the_document_and_is_never_guessed_abroad() -> None:
    (scot,) = locate("The ship sailed down the Clyde past Glasgow before heading for the islands of Scotland.")
    clyde = place(scot, "Clyde")
    assert clyde.country_code in (None, "GB")  # a river the gazetteer lacks: unresolved, not Australia
    (nz,) = locate("Hurricane damage was reported in Clyde and Alexandra in Otago, New Zealand, on Monday.")
    assert place(nz, "Clyde").country_code == "NZ" and place(nz, "Alexandra").country_code == "NZ"


def test_a_region_named_with_a_generic_word_after_it_is_the_region() -> None:
    (a,) = locate("Landslides buried homes in a county of Sichuan province on Saturday, officials said.")
    (sichuan,) = [e for e in a.entities if e.name.startswith("Sichuan")]
    assert sichuan.feature == "admin1" and sichuan.country_code == "CN"


def test_an_organisation_is_placed_by_a_big_region_in_its_name_but_not_by_a_word() -> None:
    (a,) = locate("A professor at the University of Manitoba said the results were clear.")
    assert place(a, "University of Manitoba").country_code == "CA"
    (b,) = locate("Companies are working with the US Federal Emergency Management Agency on the plan.")
    fema = [e for e in b.entities if "Federal" in e.name]
    assert all(e.country_code in (None, "US") for e in fema)


def test_a_place_name_the_gazetteer_lacks_is_placed_by_the_place_inside_it() -> None:
    (a,) = locate("Flooding hit Eastern China hard this week, and rescuers reached Wuhan on Friday.")
    china = [e for e in a.entities if e.name.endswith("China")]
    assert china and all(e.country_code == "CN" for e in china)


def test_state_abbreviations_in_capitals_and_big_islands_are_places() -> None:
    gaz = get_gazetteer()
    assert gaz.candidates("N.J.")[0].name == "New Jersey"
    assert gaz.candidates("D.C.")[0].country_code == "US"
    assert (gaz.candidates("Sumatra")[0].feature, gaz.candidates("Sumatra")[0].country_code) == ("region", "ID")


def test_a_region_holding_a_town_the_document_placed_stays_the_region() -> None:
    (a,) = locate("Police in Montreal arrested the man on Friday. A judge said he may not stay in Quebec "
                  "until his court date.")
    quebec = place(a, "Quebec")
    assert quebec.feature == "admin1" and quebec.country_code == "CA"


@pytest.mark.parametrize(("text", "town", "region", "region_name"), [
    ("A woman from Ringgold, GA, and her son were hurt in the crash.", "Ringgold", "GA", "Georgia"),
    ("The suspect was taken to a hospital in Chattanooga, TN after the crash.", "Chattanooga", "TN", "Tennessee"),
    ("A couple from Melville, Sask. found the cat in their luggage.", "Melville", "Sask", "Saskatchewan"),
])
def test_a_town_written_with_its_region_code_is_found_and_placed_there(
        text: str, town: str, region: str, region_name: str) -> None:
    (a,) = locate(text)
    t, r = place(a, town), place(a, region)
    assert t.label in PLACE_LABELS and r.label in PLACE_LABELS and r.feature == "admin1"
    located = get_gazetteer().by_geonameid(t.geonameid or "")
    assert located is not None and located.admin1 == region_name


def test_a_name_and_a_code_that_are_no_town_of_that_region_are_left_alone() -> None:
    (a,) = locate("The report, written by Smithers Quagmire, GA staff, was released on Monday.")
    assert not any(m.surface == "Smithers Quagmire" and m.label == "GPE" for m in a.mentions)


def test_a_company_named_like_a_place_is_not_placed_by_its_name_alone() -> None:
    (a,) = locate("Shares of Amazon rose on Monday after the company reported strong sales.")
    amazon = [e for e in a.entities if e.name == "Amazon"]
    assert all(e.lat is None for e in amazon if e.label == "ORG")


def test_the_sources_country_backs_its_own_towns() -> None:
    text = "Police in London said a man was stabbed at a banquet hall on Sunday."
    local = Article(id="ca", text=text, language="en", url="https://www.example.ca/news/stabbing")
    stream = [local]
    for step in build_pipeline(["nlp", "entities", "places"]).steps:
        stream = list(step.run(stream))
    assert place(stream[0], "London").country_code == "CA"
    (plain,) = locate(text)
    assert place(plain, "London").country_code == "GB"


def test_neighbouring_towns_read_as_names_are_the_towns_next_to_the_story() -> None:
    (a,) = locate("SUN PRAIRIE — A fire on Tuesday destroyed a barn east of Sun Prairie, the sheriff said.\n"
                  "Crews from Marshall, Cottage Grove and DeForest helped put it out. The owner, who lives in "
                  "Madison, was away.")
    prairie = place(a, "Sun Prairie")
    assert prairie.country_code == "US" and 43.0 < prairie.lat < 43.4  # placed once Madison is
    for town in ("Marshall", "DeForest"):  # the model reads them as people
        t = place(a, town)
        assert t.label == "GPE" and abs(t.lat - prairie.lat) < 0.5 and abs(t.lon - prairie.lon) < 0.5, town
    (b,) = locate("SUN PRAIRIE — A fire destroyed a barn, the sheriff said. Chief Tom Marshall praised crews "
                  "from DeForest.")
    assert place(b, "Tom Marshall").label == "PERSON"
