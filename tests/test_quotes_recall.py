"""Attributions without quotation marks that the parse reads (sentences written for these tests)."""

from __future__ import annotations

from tests.test_quotes import quotes_of


def test_a_call_for_something_is_a_demand_whose_content_follows_the_particle() -> None:
    qs = quotes_of("Dana Whitcombe called Friday for releasing the police videos.")
    assert [(q.content.text, q.speaker.text) for q in qs] == [("releasing the police videos", "Dana Whitcombe")]


def test_a_description_given_after_the_object_without_a_comma_needs_no_quotation_marks() -> None:
    qs = quotes_of("Lenz called the governor's remarks a true wake-up call to his supporters.")
    assert [(q.content.text, q.speaker.text) for q in qs] == [
        ("the governor's remarks a true wake-up call to his supporters", "Lenz")]


def test_a_name_in_apposition_after_a_comma_is_no_description_given() -> None:
    assert quotes_of("He called his old friend, John Smith, on Monday.") == []


def test_pointed_out_takes_its_particle_into_the_cue_and_the_clause_after_it() -> None:
    qs = quotes_of("The union has pointed out that the new rules cost its members two hours a week.")
    assert [(q.cue.text, q.content.text) for q in qs] == [
        ("pointed out", "that the new rules cost its members two hours a week")]


def test_a_participle_takes_a_bare_clause_opened_by_a_subject_pronoun() -> None:
    qs = quotes_of("The councillor voted against the budget, adding she would never support the cuts.")
    assert [q.content.text for q in qs] == ["she would never support the cuts"]


def test_a_person_or_body_named_by_a_common_noun_takes_a_stand() -> None:
    qs = quotes_of("A state judge has rejected a request to unseal the divorce file.")
    assert [(q.speaker.text, q.content.text) for q in qs] == [("A state judge", "a request to unseal the divorce file")]


def test_a_thing_as_subject_takes_no_stand() -> None:
    assert quotes_of("The new law backs the housing plan.") == []


def test_a_passive_stand_takes_its_agent_as_the_source() -> None:
    qs = quotes_of("The mayor has been endorsed by three local newspapers.")
    assert [(q.speaker.text, q.content.text) for q in qs] == [("three local newspapers", "The mayor")]


def test_encouraging_or_exhorting_someone_to_act_is_reported_speech() -> None:
    qs = quotes_of('The senator exhorted Republicans to "vote your conscience" and left the stage.')
    assert [(q.speaker.text, q.cue.text, q.content.text, q.direct) for q in qs] == [
        ("The senator", "exhorted", 'to "vote your conscience"', True)]


def test_a_stand_on_a_bare_name_leaves_out_the_relative_clause_after_it() -> None:
    qs = quotes_of("The governor endorsed Trump, who says he is honored by the support.")
    assert [(q.cue.text, q.content.text) for q in qs] == [
        ("endorsed", "Trump"), ("says", "he is honored by the support")]


def test_an_unquoted_charge_after_accused_of_is_what_was_said() -> None:
    qs = quotes_of("The senator accused the moderator of being a Democrat.")
    assert [(q.speaker.text, q.content.text) for q in qs] == [("The senator", "being a Democrat")]


def test_a_study_with_a_long_subject_still_finds_what_it_found() -> None:
    qs = quotes_of("The analysis of state records that reporters obtained last month showed that most of the "
                   "money went to two firms.")
    assert [q.content.text for q in qs] == ["that most of the money went to two firms"]


def test_a_view_may_be_a_question_clause() -> None:
    qs = quotes_of("The regulators didn't know what to make of the new owner.")
    assert [(q.speaker.text, q.content.text) for q in qs] == [("The regulators", "what to make of the new owner")]


def test_what_a_complaint_is_about_is_its_content() -> None:
    qs = quotes_of("Residents complained about the noise from the new runway, and the council acted.")
    assert [(q.speaker.text, q.content.text) for q in qs] == [("Residents", "the noise from the new runway")]


def test_a_cue_after_continued_to_is_read_off_the_parse() -> None:
    qs = quotes_of("Protesters continued to call for more information about the shooting.")
    assert [(q.speaker.text, q.cue.text, q.content.text) for q in qs] == [
        ("Protesters", "call", "more information about the shooting")]


def test_a_verb_with_its_preposition_attributes_the_prepositional_object() -> None:
    qs = quotes_of("Mayor Ilse Varga did not respond to a request for comment on the audit.")
    assert [(q.cue.text, q.content.text, q.speaker.text) for q in qs] == [
        ("respond to", "a request for comment on the audit", "Mayor Ilse Varga")]


def test_what_a_speaker_points_to_or_talks_about_is_the_content() -> None:
    qs = quotes_of("On Tuesday the senator pointed to rising rents in the valley. Later she talked about "
                   "the shortage of nurses.")
    assert [(q.cue.text, q.content.text) for q in qs] == [
        ("pointed to", "rising rents in the valley"), ("talked about", "the shortage of nurses")]


def test_a_noun_of_view_takes_its_holder_from_the_verb_that_has_it() -> None:
    qs = quotes_of("Opposition lawmakers raised questions about the cost of the new bridge.")
    assert [(q.cue.text, q.content.text, q.speaker.text) for q in qs] == [
        ("questions about", "the cost of the new bridge", "Opposition lawmakers")]


def test_an_aside_after_the_prepositional_object_is_not_part_of_the_content() -> None:
    qs = quotes_of("Ms. Okafor spoke about Tom Brennan, a farmer who lost his land to the flood.")
    assert [q.content.text for q in qs] == ["Tom Brennan"]


def test_a_physical_attack_or_a_thing_pointing_is_no_attribution() -> None:
    assert quotes_of("The storm hit the coast and it points to the north.") == []


def test_a_passive_of_expecting_or_saying_attributes_its_whole_clause_to_no_one_named() -> None:
    qs = quotes_of("The port authority is widely expected to approve the new terminal in March.")
    assert [(q.cue.text, q.content.text, q.speaker) for q in qs] == [
        ("is widely expected", "The port authority is widely expected to approve the new terminal in March", None)]


def test_reportedly_attributes_its_clause_and_seeming_stops_before_a_clause_of_its_own() -> None:
    qs = quotes_of("The coach reportedly turned down the offer. The plan seems to be working, but the "
                   "costs keep rising.")
    assert [(q.cue.text, q.content.text) for q in qs] == [
        ("reportedly", "The coach reportedly turned down the offer"),
        ("seems", "The plan seems to be working")]


def test_appearing_somewhere_or_a_passive_with_its_agent_is_no_impersonal_attribution() -> None:
    assert quotes_of("The minister appeared on a morning show. The bridge was seen by thousands.") == []


def test_seeing_or_describing_an_object_as_something_is_a_view_of_it() -> None:
    qs = quotes_of("Hendricks sees the merger as a threat to local farmers.")
    assert [(q.cue.text, q.content.text, q.speaker.text) for q in qs] == [
        ("sees", "the merger as a threat to local farmers", "Hendricks")]


def test_a_participle_or_which_takes_its_stand_from_the_noun_it_describes() -> None:
    qs = quotes_of("The union, which endorsed Ms. Abara in May, held a rally. Pastors backing Mr. Lund met.")
    assert [(q.content.text, q.speaker.text) for q in qs] == [("Ms. Abara", "The union"), ("Mr. Lund", "Pastors")]


def test_an_adjective_of_view_attributes_its_object_to_the_subject() -> None:
    qs = quotes_of("The mayor is critical of the harbour plan.")
    assert [(q.cue.text, q.content.text, q.speaker.text) for q in qs] == [
        ("critical of", "the harbour plan", "The mayor")]


def test_a_verb_that_doubles_its_consonant_is_still_a_cue() -> None:
    qs = quotes_of("Ms. Orvik had planned to run for the council seat.")
    assert [(q.cue.text, q.content.text) for q in qs] == [("planned", "to run for the council seat")]


def test_a_cue_that_could_be_a_noun_is_left_to_the_parse_after_a_common_noun_subject() -> None:
    qs = quotes_of("The campaign hopes to win back rural voters.")
    assert [(q.cue.text, q.content.text, q.speaker.text) for q in qs] == [
        ("hopes", "to win back rural voters", "The campaign")]


def test_an_intention_or_an_offer_is_attributed_to_its_holder() -> None:
    qs = quotes_of("The board decided to close the Elm Street branch. Mr. Quist sought a recount. "
                   "The minister was eager to meet the strikers.")
    assert [(q.content.text, q.speaker.text) for q in qs] == [
        ("to close the Elm Street branch", "The board"), ("a recount", "Mr. Quist"),
        ("to meet the strikers", "The minister")]


def test_someones_attack_on_a_person_is_an_attribution_but_an_attack_on_a_place_is_not() -> None:
    qs = quotes_of("Ms. Varga stepped up her attacks on the governor. Attacks on the depot continued.")
    assert [(q.cue.text, q.content.text, q.speaker.text) for q in qs] == [
        ("attacks on", "the governor", "her")]


def test_what_a_person_described_is_the_content_without_quotation_marks() -> None:
    qs = quotes_of("Mr. Lindqvist described the meeting with the fishermen.")
    assert [(q.content.text, q.speaker.text) for q in qs] == [("the meeting with the fishermen", "Mr. Lindqvist")]


def test_what_someone_was_asked_or_told_is_content_with_no_source() -> None:
    qs = quotes_of("The coach was asked about the transfer fee. Workers were told that the mill would close.")
    assert [(q.cue.text, q.content.text, q.speaker) for q in qs] == [
        ("asked about", "the transfer fee", None), ("told", "that the mill would close", None)]


def test_a_particle_verb_takes_the_object_after_its_particle() -> None:
    qs = quotes_of("Mr. Ostrow fired back at the auditors. Ms. Haddad later walked back her comments.")
    assert [(q.cue.text, q.content.text) for q in qs] == [
        ("fired back at", "the auditors"), ("walked back", "her comments")]


def test_a_noun_of_saying_takes_its_that_clause_but_not_a_relative_clause() -> None:
    qs = quotes_of("Their fears that the old mill would close by spring grew all winter. "
                   "The promise that he made in May was short.")
    assert [(q.cue.text, q.content.text, q.speaker.text) for q in qs] == [
        ("fears", "that the old mill would close by spring", "Their")]


def test_a_bare_attribution_sentence_after_a_quotation_takes_it() -> None:
    qs = quotes_of("“We will rebuild the pier before summer.” Mayor Tilde Brask said.")
    assert [(q.content.text, q.speaker.text) for q in qs] == [
        ("“We will rebuild the pier before summer.”", "Mayor Tilde Brask")]


def test_a_loud_speech_verb_takes_the_quotation_after_its_comma() -> None:
    qs = quotes_of("The coach then boomed, “Nobody leaves this gym tonight.”")
    assert [(q.cue.text, q.speaker.text) for q in qs] == [("boomed", "The coach")]


def test_being_known_for_something_is_a_view_held_by_no_one_named() -> None:
    qs = quotes_of("The sheriff is best known for his hard line on parole.")
    assert [(q.cue.text, q.content.text, q.speaker) for q in qs] == [
        ("is best known", "The sheriff is best known for his hard line on parole", None)]
