"""Where a reported clause ends and the next attribution begins: clauses of equal rank after a
comma and a conjunction, a subordinate clause with its own attribution, a sentence the splitter
kept whole after an abbreviation, and a quotation that opens a longer clause."""

from __future__ import annotations

from tests.helpers import quotes_of


def test_a_second_group_answering_after_comma_and_conjunction_ends_the_first_content() -> None:
    qs = quotes_of("Six in 10 voters say the plan is fair, while nine in 10 said they want a vote on it.")
    contents = [q.content.text for q in qs]
    assert "the plan is fair" in contents
    assert "they want a vote on it" in contents


def test_a_subordinate_attribution_and_the_main_one_are_two_quotations() -> None:
    qs = quotes_of("While Mr. Adler said the tax was fair, he said the timing was poor for farmers.")
    assert [q.content.text for q in qs] == ["the tax was fair", "the timing was poor for farmers"]


def test_a_pronoun_after_an_abbreviation_starts_a_new_attribution() -> None:
    qs = quotes_of("Mayor Ines Varga says the plant will stay in the U.S. She says the workers will keep their jobs.")
    assert all("She says" not in q.content.text for q in qs)
    assert any(q.content.text.startswith("the workers will keep") for q in qs)


def test_a_quotation_that_opens_a_clause_is_read_with_the_rest_of_the_clause() -> None:
    (q,) = quotes_of("Lena Park said “the old bridge” must be rebuilt before the winter floods.")
    assert q.content.text == "“the old bridge” must be rebuilt before the winter floods"
    assert q.speaker.text == "Lena Park" and q.direct
    (q,) = quotes_of("Ms. Park said “the old bridge” and walked off the stage.")
    assert q.content.text == "“the old bridge”"  # a second verb of hers, not more of what she said
    (q,) = quotes_of("Ms. Park said “budget reforms” and the new toll would pay for the bridge.")
    assert q.content.text == "“budget reforms” and the new toll would pay for the bridge"


def test_a_subject_with_an_aside_between_commas_before_the_cue_is_the_source() -> None:
    (q,) = quotes_of("Rosa Delgado, who drove from Ohio to help the campaign, says there’s a “long road ahead” "
                     "but she feels confident about the vote.")
    assert q.speaker.text == "Rosa Delgado"
    assert q.content.text == "there’s a “long road ahead” but she feels confident about the vote"


def test_a_quotation_before_a_name_and_its_apposition_stays_the_content() -> None:
    (q,) = quotes_of("“We will not close the clinic,” Ana Sousa, a spokeswoman for the hospital, said in an email.")
    assert q.content.text == "“We will not close the clinic,”"
    assert q.speaker.text.startswith("Ana Sousa")


def test_a_label_given_by_a_subject_with_an_aside_is_an_attribution() -> None:
    (q,) = quotes_of("Mayor Lina Ortiz, speaking on local radio, called the new tax “a disaster for families.”")
    assert q.speaker.text == "Mayor Lina Ortiz" and q.cue.text == "called"
    assert q.content.text == "the new tax “a disaster for families.”"


def test_an_introductory_phrase_is_not_the_subject_a_participle_takes() -> None:
    qs = quotes_of("Before the vote, Mayor Ines Ruiz defended the budget, saying, “We cannot cut the clinics.”")
    q = next(q for q in qs if "clinics" in q.content.text)
    assert q.speaker.text == "Mayor Ines Ruiz"


def test_a_question_split_from_its_attribution_by_the_sentence_splitter_keeps_its_speaker() -> None:
    for text in ("“Is that fair?” Ms. Lee asked.", "''Is that fair?'' Mr. Abbas asked."):
        (q,) = quotes_of(text)
        assert q.content.text.strip("“”'") == "Is that fair?"
        assert q.speaker.text in ("Ms. Lee", "Mr. Abbas")


def test_an_attribution_in_an_opening_subordinate_clause_ends_at_its_comma() -> None:
    qs = quotes_of("While almost everyone agrees the old law was badly flawed, some critics fear the new one "
                   "will leave poor students with fewer protections.")
    assert [q.content.text for q in qs] == [
        "the old law was badly flawed", "the new one will leave poor students with fewer protections"]


def test_a_source_reported_in_an_opening_as_clause_keeps_the_main_clause() -> None:
    qs = quotes_of("As the Daily Ledger reported, the council issued subpoenas to the port authority last week.")
    assert [q.content.text for q in qs] == ["the council issued subpoenas to the port authority last week"]


def test_a_colon_after_an_opening_clause_gives_the_quotation_to_the_main_clauses_subject() -> None:
    text = ("When Mayor Ruiz suggested that the port would sue, Governor Paul Weir fired back: “If they sue us, "
            "they will lose.”")
    q = next(q for q in quotes_of(text) if "they will lose" in q.content.text)
    assert q.speaker.text == "Governor Paul Weir"
    text = "Asked which town was his favourite, he demurred: “Whichever one I am in at the moment.”"
    q = next(q for q in quotes_of(text) if "Whichever" in q.content.text)
    assert q.speaker.text == "he"


def test_a_one_word_answer_is_what_was_said() -> None:
    qs = quotes_of("Asked about the plan, 72 percent of farmers said yes, while 40 percent of traders said no.")
    assert [q.content.text for q in qs if q.cue.text == "said"] == ["yes", "no"]
    (q,) = quotes_of("Last month, 26 percent said the same.")
    assert q.content.text == "the same"


def test_a_closing_relative_clause_is_the_writers_aside_not_the_reported_words() -> None:
    qs = quotes_of("The mayor said the new bridge would cut travel times for thousands of commuters, "
                   "which critics dispute.")
    assert [q.content.text for q in qs] == ["the new bridge would cut travel times for thousands of commuters"]


def test_a_relative_clause_inside_the_reported_words_stays() -> None:
    qs = quotes_of("The mayor said the bridge, which opened in May, would cut travel times for commuters.")
    assert [q.content.text for q in qs] == ["the bridge, which opened in May, would cut travel times for commuters"]


def test_a_participle_after_an_inverted_attribution_leaves_the_words_before_it_to_the_first_cue() -> None:
    qs = quotes_of("Budget cuts will hurt the poorest families, the mayor said, adding that the city would fight them.")
    assert [(q.cue.text, q.content.text) for q in qs] == [
        ("said", "Budget cuts will hurt the poorest families"), ("adding", "that the city would fight them")]


def test_a_name_given_without_quotation_marks_is_an_attribution() -> None:
    qs = quotes_of("The union has called the new rota a disgrace imposed without any consultation.")
    assert [(q.speaker.text, q.content.text) for q in qs] == [
        ("The union", "the new rota a disgrace imposed without any consultation")]


def test_a_poll_or_a_recording_shows_what_it_shows_without_a_clause() -> None:
    qs = quotes_of("New polls show a tight race in the county.")
    assert [(q.speaker.text, q.content.text) for q in qs] == [("New polls", "a tight race in the county")]
    qs = quotes_of("Footage of the arrest shows the officer with his baton raised over the driver.")
    assert [q.content.text for q in qs] == ["the officer with his baton raised over the driver"]


def test_a_source_with_a_prepositional_object_is_read_whole() -> None:
    qs = quotes_of("Records from his 2009 tax return show he claimed a large loss on the hotel.")
    assert [q.speaker.text for q in qs] == ["Records from his 2009 tax return"]


def test_a_participle_cue_a_dash_and_conjunction_or_a_concession_end_the_reported_words() -> None:
    qs = quotes_of("Analysts said trade ties have lifted the port's fortunes, citing the new rail link to the coast.")
    assert "trade ties have lifted the port's fortunes" in [q.content.text for q in qs]
    qs = quotes_of("But Marsh said the fight over the budget would be more bitter — and he noted that any deal "
                   "would come late.")
    assert [q.content.text for q in qs if q.cue.text == "said"] == ["the fight over the budget would be more bitter"]
    qs = quotes_of("The new dam, the ministry said, was its largest yet, although it may take years to fill.")
    assert [q.content.text for q in qs] == ["The new dam, the ministry said, was its largest yet"]


def test_what_follows_a_stands_object_is_part_of_the_stand() -> None:
    qs = quotes_of("Senator Ruiz blamed the governor for the delays in the flood relief.")
    assert [q.content.text for q in qs] == ["the governor for the delays in the flood relief"]


def test_according_to_after_a_whole_clause_leaves_the_writers_addition_out() -> None:
    qs = quotes_of("The richest households would see their incomes rise by 20 percent, according to the Tax "
                   "Institute, more than twice what it projected for the middle class.")
    assert [q.content.text for q in qs] == ["The richest households would see their incomes rise by 20 percent"]
    qs = quotes_of("The economy, according to most analysts, will shrink next year.")
    assert [q.content.text for q in qs] == ["The economy, according to most analysts, will shrink next year"]


def test_a_cue_after_a_comma_with_a_quotation_after_it_opens_its_own_attribution() -> None:
    qs = quotes_of('He said the fund would not cover renters, and when pressed on why, the 58-year-old '
                   'treasurer replied, "It was never meant to."')
    assert [(q.speaker.text, q.content.text) for q in qs if q.cue.text == "replied"] == [
        ("the 58-year-old treasurer", '"It was never meant to."')]


def test_an_accusation_says_the_charge() -> None:
    qs = quotes_of('The mayor accused the regional governor, Ines Varga, of "playing games with people\'s homes."')
    assert [(q.speaker.text, q.content.text) for q in qs] == [("The mayor", '"playing games with people\'s homes."')]


def test_a_description_given_without_quotation_marks_is_an_attribution() -> None:
    qs = quotes_of("Tenant groups described the eviction plan as cruel.")
    assert [(q.speaker.text, q.content.text) for q in qs] == [("Tenant groups", "the eviction plan as cruel")]


def test_a_second_speech_verb_of_the_subject_ends_the_content() -> None:
    qs = quotes_of("Ms. Vance said the plan was sound and criticized the council for its delays.")
    assert qs[0].content.text == "the plan was sound"
    # the second verb's own attribution is hers too
    assert [q.speaker.text for q in qs if q.cue and q.cue.text == "criticized"] == ["Ms. Vance"]
    qs = quotes_of("Ms. Vance says the plan is sound and calls the delays a disgrace.")
    assert qs[0].content.text == "the plan is sound"
    # a verb of the reported clause's own subject, in another tense, stays in it
    qs = quotes_of("Police say the driver posed a threat and refused to stop the car.")
    assert qs[0].content.text == "the driver posed a threat and refused to stop the car"
    # a second verb that goes on to quote her still reports the same words
    (q,) = quotes_of("Ms. Vance said the plan was sound and dismissed the reports as “idle talk.”")
    assert q.content.text.endswith("“idle talk.”")
