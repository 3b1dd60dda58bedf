"""Where a quotation's content starts and ends across quotation marks: a quotation resumed in the
next paragraph that has its own attribution, and the paragraph's next quotation in TeX/NYT-style
marks ('' … '')."""

from __future__ import annotations

from tests.helpers import quotes_of


def test_a_resumed_paragraph_with_its_own_attribution_is_a_second_quotation() -> None:
    text = ("The mayor spoke on Monday.\n\n"
            "“The plan is a good one,” Smith said. “But the numbers do not add up. We will see.\n\n"
            "“I am not worried about the vote,” he continued. “We have the support we need.”")
    qs = quotes_of(text)
    assert [q.content.text for q in qs] == [
        "“The plan is a good one,” Smith said. “But the numbers do not add up. We will see.",
        "“I am not worried about the vote,” he continued. “We have the support we need.”",
    ]


def test_a_resumed_paragraph_naming_someone_else_is_left_as_it_was() -> None:
    # a different speaker in the next paragraph: the first quotation was simply left unclosed
    text = ("“The plan is a good one,” Tom Smith said. “But the numbers do not add up here at all.\n\n"
            "“I am not worried about the vote,” said Ann Lee. “We have the support we need.”")
    qs = quotes_of(text)
    assert not any(q.content.text.endswith("add up here at all.") for q in qs)


def test_the_paragraphs_next_quotation_in_tex_marks_goes_on_with_the_speaker() -> None:
    text = ("''We will keep the plant open,'' said Ana Ruiz, the manager. She has run it since 2009. "
            "''The orders are coming back this spring.''")
    (q,) = quotes_of(text)
    assert q.content.text.endswith("''The orders are coming back this spring.''")
    assert q.speaker.text == "Ana Ruiz"


def test_an_infinitive_after_a_noun_object_completes_the_content() -> None:
    (q,) = quotes_of("Sen. Ann Ruiz defended her call to raise the state minimum wage in the U.S. to $15 an hour.")
    assert q.content.text == "her call to raise the state minimum wage in the U.S. to $15 an hour"
    (q,) = quotes_of("The mayor praised the efforts of the new police chief to cut crime in the city.")
    assert q.content.text == "the efforts of the new police chief to cut crime in the city"


def test_a_recipient_or_a_showing_verbs_purpose_is_not_an_infinitive_content() -> None:
    (q,) = quotes_of("The mayor bragged about it to voters on Monday.")
    assert q.content.text == "it"
    (q,) = quotes_of("In her new film, Ms. Vance highlights the closing of the mill to open the story.")
    assert q.content.text == "the closing of the mill"


def test_a_quotation_inside_a_speech_participle_after_the_attribution_is_not_a_continuation() -> None:
    qs = quotes_of("“We had written two dozen songs before we met him,” Ortiz said, mentioning the long-awaited "
                   "album is “in the home stretch.”")
    assert qs[0].content.text == "“We had written two dozen songs before we met him,”"
    (q,) = quotes_of("“We finished the record in March,” Ortiz said, but “the tour will wait until fall.”")
    assert q.content.text.endswith("“the tour will wait until fall.”")
