"""Several attributions in one sentence, and the sources the surface rules must not mistake: a
name with its apposition, a quoted show title, an outlet told, a share of a group."""

from __future__ import annotations

from tests.helpers import quotes_of


def test_a_second_attribution_in_the_same_sentence_ends_the_first_ones_content() -> None:
    qs = quotes_of("She says voters may not like the answer, but insists the plan is “a fair one.”")
    assert [(q.content.text, q.cue.text) for q in qs] == [
        ("voters may not like the answer", "says"), ("the plan is “a fair one.”", "insists")]


def test_a_participle_right_before_a_quotation_takes_it_from_the_clause_before() -> None:
    qs = quotes_of("The mayor opened the new bridge on Monday, saying “it will change how we live.”")
    (q,) = [q for q in qs if q.direct]
    assert q.content.text == "“it will change how we live.”" and q.cue.text == "saying"
    assert q.speaker is not None and q.speaker.text == "The mayor"


def test_a_participle_after_a_quoted_clause_is_its_own_attribution() -> None:
    qs = quotes_of("Cruz said that there is “only one candidate who can win this race,” adding that it is why "
                   "his rival “attacks us every day.”")
    assert [q.content.text for q in qs] == ["that there is “only one candidate who can win this race,”",
                                            "that it is why his rival “attacks us every day.”"]


def test_a_split_quotation_with_a_participle_in_its_gap_stays_whole() -> None:
    text = '"That is the big question," Clark said, noting he would back any candidate. "We have a deep bench."'
    qs = quotes_of(text)
    whole = [q for q in qs if q.cue.text == "said"]
    assert len(whole) == 1 and whole[0].content.start == 0 and whole[0].content.end == len(text)


def test_a_name_and_its_apposition_before_the_cue_are_its_subject() -> None:
    (q,) = quotes_of("Jane Ortega, a lawyer for the union, says the workers were never paid.")
    assert q.content.text == "the workers were never paid" and q.speaker.text.startswith("Jane Ortega")


def test_a_quoted_show_title_before_the_source_is_not_what_was_said() -> None:
    (q,) = quotes_of("On Sunday on the network’s “Morning Table,” Senator Ruth Calder said the budget would pass.")
    assert q.content.text == "the budget would pass" and q.speaker.text == "Senator Ruth Calder"


def test_an_outlet_told_is_the_hearer_not_the_speaker() -> None:
    (q,) = quotes_of("The minister told Reuters the talks would resume next week.")
    assert q.content.text == "the talks would resume next week" and q.speaker.text == "The minister"


def test_a_share_of_a_group_takes_a_stand_but_a_thing_does_not() -> None:
    (q,) = quotes_of("A majority of voters supported the proposal.")
    assert q.content.text == "the proposal" and q.speaker.text == "A majority of voters"
    assert quotes_of("The new law supports small farms.") == []


def test_she_said_goes_to_the_woman_of_two_by_her_honorific() -> None:
    qs = quotes_of("Mr. Tomas Reyes met Ms. Clara Voss in Lyon. “We agreed on nothing,” she said.")
    (q,) = qs
    assert q.speaker_name == "Clara Voss"
