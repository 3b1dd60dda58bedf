"""Speakers and contents: datelines, descriptions of organisations, acts that are not speech,
doubled quotation marks, split quotations and `--speaker` matching."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.link.quotes import quote_text
from newsdesk.quotes.speakers import dateline_end
from tests.helpers import quotes_of


def test_a_dateline_is_neither_speaker_nor_content() -> None:
    (q,) = quotes_of("CHISINAU — The government will resign on Friday, it said in a statement.")
    assert q.content.text == "The government will resign on Friday"
    assert q.speaker_name != "CHISINAU" and q.speaker_key is None
    (r,) = quotes_of("OSLO (Reuters) - The fund will sell its shares, it said on Monday.")
    assert "OSLO" not in r.content.text and r.speaker_name not in ("OSLO", "Reuters")


def test_datelines_are_capitalised_places_opening_a_line() -> None:
    text = "WASHINGTON -- Officials met.\nKall -- co-editor of a book -- said so.\nJean-Marc Ayrault said."
    assert text[dateline_end(text, 0):].startswith("Officials")
    dated = "Title.\n\nWASHINGTON, Dec. 8 (UPI) — In response, aides met."
    assert dated[dateline_end(dated, dated.index("WASH")):].startswith("In response")
    second = text.index("Kall")
    assert dateline_end(text, second) == second
    third = text.index("Jean")
    assert dateline_end(text, third) == third


def test_the_company_said_resolves_to_the_company_named_before() -> None:
    qs = quotes_of('Kestrel Holdings cut 300 jobs on Monday. "Demand has collapsed," the company said.')
    q = next(q for q in qs if "collapsed" in q.content.text)
    assert q.speaker_name == "Kestrel Holdings" and q.speaker_key is not None


def test_a_description_with_words_of_its_own_is_not_the_last_organisation_named() -> None:
    text = ("Kestrel Holdings shut its Varnholm depot on Monday. About 9,000 homes lost power overnight, "
            "the regional grid operator said.")
    q = next(q for q in quotes_of(text) if "homes" in q.content.text)
    assert q.speaker_name == "the regional grid operator" and q.speaker_key is None
    named = quotes_of("Nordvik Energy AS said on Monday it would hire 40 engineers. Repairs will take a week, "
                      "the energy company said.")
    r = next(q for q in named if "Repairs" in q.content.text)
    assert r.speaker_name == "Nordvik Energy AS"


def test_refusing_an_act_is_not_a_quotation_but_declining_to_comment_is() -> None:
    assert quotes_of("Dockers refused to unload the ship.") == []
    (q,) = quotes_of("Maria Lopez declined to comment on the strike.")
    assert q.content.text.startswith("to comment")


def test_doubled_quotation_marks_count_once() -> None:
    qs = quotes_of('The leader spoke at the rally. ""We want fair pay,"" its leader said.')
    q = next(q for q in qs if "fair pay" in q.content.text)
    assert not q.content.text.startswith('""') and not q.content.text.endswith('""')


def test_a_split_quotation_is_stored_without_its_speaker_and_cue() -> None:
    qs = quotes_of('"The plan works," Maria Lopez said, "and we will expand it."')
    q = next(q for q in qs if "plan works" in q.content.text)
    stored = quote_text(q)
    assert "plan works" in stored and "expand it" in stored
    assert "Maria Lopez" not in stored and "said" not in stored


def test_speaker_filter_matches_the_entity_not_a_description_naming_it(tmp_path: Path) -> None:
    src = tmp_path / "q.jsonl"
    src.write_text(json.dumps({"id": "1", "text": (
        'John Brown spoke in Leeds on Monday. "We will win," John Brown said. '
        '"It is over," said an aide to John Brown, who asked not to be named.')}) + "\n")
    desk = Desk(str(tmp_path / "d.db"))
    try:
        desk.ingest([str(src)], IngestOptions(workers=1))
        texts = [q["text"] for q in desk.quotes(speaker="John Brown")]
        assert any("We will win" in t for t in texts)
        assert not any("It is over" in t for t in texts)
    finally:
        desk.close()


def test_a_stand_taken_by_a_named_source_is_an_attribution_but_a_things_is_not() -> None:
    (q,) = quotes_of("Senator Warren endorsed Hillary Clinton on Monday.")
    assert q.content.text == "Hillary Clinton" and q.speaker is not None and q.speaker.text == "Senator Warren"
    assert quotes_of("The bill supports small farms.") == []


def test_he_and_she_go_to_the_subject_of_the_last_sentence_naming_someone() -> None:
    text = ("Ingrid Solberg met Tomas Havel at the ministry on Monday. \"We cannot wait another winter,\" "
            "she said. Havel disagreed. \"The budget is simply not there,\" he said.")
    quotes = quotes_of(text)
    speakers = {q.content.text.strip('"“” ,'): q.speaker_name for q in quotes}
    assert speakers.get("We cannot wait another winter") == "Ingrid Solberg"
    assert speakers.get("The budget is simply not there") in ("Tomas Havel", "Havel")


def test_a_person_named_after_the_last_speaker_takes_the_next_pronoun() -> None:
    text = ("\"Rescue teams are on their way,\" said Interior Minister Rafael Quintero. "
            "Farmer Anselmo Ruiz lost his barn and two cows in the night. "
            "\"The ground shook like water,\" he said.")
    quotes = quotes_of(text)
    last = [q for q in quotes if "shook" in q.content.text]
    assert last and "Anselmo Ruiz" in (last[0].speaker_name or "")
