"""Evidence beside the mixed feature cosine: the plain cosine of the words (outlets of different
leanings name different people about one event) and, for a report in another language, the keys
every language writes alike (registry ids of people and places, numbers, dates). Own sentences."""

from __future__ import annotations

from dataclasses import replace

from newsdesk.model import Article, DocEntity
from newsdesk.stories.cluster import DEFAULT, Scored, language_free, words_of
from newsdesk.stories.state import StoryRecord
from tests.test_stories import link

DAY = "2026-05-12T{:02d}:00:00+00:00"



def person(key: str, name: str, entity_id: str, label: str = "PERSON") -> DocEntity:
    return DocEntity(key=key, name=name, label=label, mention_count=2, entity_id=entity_id)


def test_words_and_language_free_keys_split_a_vector():
    vec = {"w:flood": 0.5, "e:abc": 0.4, "n:isar": 0.3, "#:300": 0.2, "y:2026": 0.1}
    assert words_of(vec) == {"w:flood": 0.5}
    assert language_free(vec) == {"e:abc": 0.4, "n:isar": 0.3, "#:300": 0.2, "y:2026": 0.1}


# One event (a dam breach) told by two outlets that quote different people; an unrelated story first
# so the desk has document frequencies to weigh by.
UNRELATED = ("Council approves new cycle lanes for the old town",
             "The city council approved a network of cycle lanes through the old town on Monday, "
             "after a year of consultation with shopkeepers and residents about parking and deliveries.")
LEFT = ("Dam breach floods valley farms as residents flee rising water",
        "An earth dam above the valley gave way before dawn, and floodwater swept across farms and "
        "orchards, forcing hundreds of residents to flee to higher ground. Emergency crews used boats "
        "to reach families stranded on rooftops, and the valley road was cut by the rising water. "
        "Ms Halvard Oyen, a farmer, said the water reached her barn within minutes. Councillors Brenna Wyle, "
        "Osric Tamm and Pell Dorran of Ostervik blamed Governor Lind Harrow for the 1987 design and the "
        "42 million spent on Kvist Holdings repairs since 2011.")
RIGHT = ("Farmers flee as dam gives way and water swamps valley",
         "Floodwater poured across farms and orchards in the valley after an earth dam gave way before dawn. "
         "Hundreds of residents fled to higher ground while emergency crews in boats reached families "
         "stranded on rooftops. The valley road was cut by the rising water, Mr Teodor Brask, a rescuer, said. "
         "Senator Mara Quist and Jorun Falk of Veltrum Insurance put losses at 18.5 million, citing the "
         "Aldmoor Commission review of 2019 and Premier Ansel Roe.")


def test_two_outlets_quoting_different_people_about_one_event_meet_through_their_words(desk):
    arts = [Article(id="u", title=UNRELATED[0], text=UNRELATED[1], published=DAY.format(6)),
            Article(id="l", title=LEFT[0], text=LEFT[1], source="Left", published=DAY.format(8)),
            Article(id="r", title=RIGHT[0], text=RIGHT[1], source="Right", published=DAY.format(9))]
    link(desk.store, arts)
    assert arts[1].story_id == arts[2].story_id
    assert arts[0].story_id != arts[1].story_id


def test_the_word_cosine_alone_decides_a_join_only_when_it_clears_its_bar():
    story = StoryRecord(id="s", created_seq=1, updated_seq=1, size=3)
    # Below every other bar, no shared name: only the plain-word cosine can carry the join.
    weak = Scored(story, score=0.1, similarity=0.1, shared_names=0, words=DEFAULT.word_join)
    assert weak.agrees(DEFAULT)
    assert not replace(weak, words=DEFAULT.word_join * 0.9).agrees(DEFAULT)
    assert not weak.agrees(replace(DEFAULT, word_join=0.0))


EN = ("Floods force evacuations in Kelmora",
      "Heavy rain flooded parts of Kelmora on Tuesday and firefighters evacuated 300 residents near the "
      "Varn river. Regional premier Aldo Feretti visited the city and promised emergency aid.")
FR = ("Inondations à Kelmora, 300 habitants évacués",
      "De fortes pluies ont inondé mardi une partie de Kelmora et les pompiers ont évacué 300 habitants "
      "près de la Varn. Le président de la région, Aldo Feretti, a promis une aide d'urgence.")
FR_OTHER = ("Grève des contrôleurs aériens à Lisonne",
            "Les contrôleurs aériens de Lisonne ont cessé le travail mardi, et des dizaines de vols ont été "
            "annulés. Le syndicat réclame des embauches. Aldo Feretti n'a pas commenté.")


def entities(*pairs: tuple[str, str, str]) -> list[DocEntity]:
    return [person(f"k{i}", name, eid, label) for i, (name, eid, label) in enumerate(pairs)]


def test_a_report_in_another_language_joins_its_story_through_shared_registry_ids(desk):
    en = Article(id="en", title=EN[0], text=EN[1], language="en", published=DAY.format(8),
                 entities=entities(("Kelmora", "place-kelmora", "GPE"), ("Aldo Feretti", "person-feretti", "PERSON"),
                                   ("Varn", "place-varn", "LOC")))
    fr = Article(id="fr", title=FR[0], text=FR[1], language="fr", published=DAY.format(10),
                 entities=entities(("Kelmora", "place-kelmora", "GPE"), ("Aldo Feretti", "person-feretti", "PERSON"),
                                   ("Varn", "place-varn", "LOC")))
    # Another event in French that names one of the same people: one shared name is not enough.
    other = Article(id="fo", title=FR_OTHER[0], text=FR_OTHER[1], language="fr", published=DAY.format(11),
                    entities=entities(("Lisonne", "place-lisonne", "GPE"),
                                      ("Aldo Feretti", "person-feretti", "PERSON")))
    link(desk.store, [en, fr, other])
    assert en.story_id == fr.story_id
    assert other.story_id != en.story_id
