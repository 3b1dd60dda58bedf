"""Speaker spans and headline attributions (sentences written for these tests)."""

from __future__ import annotations

from newsdesk.model import Article
from newsdesk.pipeline import build_pipeline
from tests.test_quotes import quotes_of


def test_a_relative_who_stays_as_written_and_resolves_to_the_name_it_stands_for() -> None:
    qs = quotes_of("The court ruled against the extradition of Liu, a Chinese businessman, who appealed, "
                   "saying that he is being targeted for his faith.")
    assert [(q.speaker.text, q.speaker_name) for q in qs if q.cue.text == "saying"] == [("who", "Liu")]


def test_a_participle_after_a_clause_with_its_own_subject_is_not_given_to_the_sentence_subject() -> None:
    qs = quotes_of("The high court on Friday quashed the extradition of a trader, a charge he has denied, "
                   "saying that he is being punished for his beliefs.")
    assert [q.speaker.text for q in qs if q.cue.text == "saying"] == ["he"]


def test_a_party_and_state_in_parentheses_stay_whole_in_the_speaker() -> None:
    qs = quotes_of("“We will keep going until the end,” Gov. Mark Tillerman (R-OH) said on Tuesday.")
    assert qs[0].speaker.text == "Gov. Mark Tillerman (R-OH)"


def test_a_headline_naming_its_source_before_a_colon_is_an_attribution() -> None:
    qs = quotes_of("Tillerman: Budget Talks Will Fail Without Reform\n\nThe governor spoke on Monday.")
    assert [(q.speaker.text, q.content.text) for q in qs] == [("Tillerman", "Budget Talks Will Fail Without Reform")]


def test_a_section_kicker_before_a_colon_is_not_a_source() -> None:
    qs = quotes_of("The Latest: Storm closes three harbours on the coast\n\nThe storm arrived on Monday.")
    assert not [q for q in qs if q.cue and q.cue.text == ":"]


def test_a_quotation_whose_sentence_names_its_own_speaker_does_not_continue_the_one_before() -> None:
    qs = quotes_of("“This is simply wrong,” Nolan said. “You pushed your staff past breaking point” to lift the "
                   "share price, she said, referring to the bank’s drive to “cross-sell” accounts.")
    assert [q.content.text for q in qs if q.speaker and q.speaker.text == "Nolan"] == ["“This is simply wrong,”"]


def test_a_quotation_opening_in_lower_case_after_a_conjunction_goes_on_with_the_one_before() -> None:
    (q,) = quotes_of('"I like Ferris a lot," she said, but "when it comes to ports, Ferris has always sided '
                     'with the shipping lobby."')
    assert q.content.text.endswith('sided with the shipping lobby."') and q.speaker.text == "she"


def test_the_next_quotation_of_the_paragraph_stays_with_the_speaker_across_a_sentence_without_one() -> None:
    text = ('"We have had trouble with these raids before," Okafor said after the meeting. He did not name '
            'anyone. "Our aim is not to start a cycle of reprisals."')
    (q,) = quotes_of(text)
    assert q.content.text.endswith('cycle of reprisals."') and q.speaker.text == "Okafor"


def test_a_quotation_after_a_colon_clause_is_not_taken_across_it() -> None:
    text = ('I laughed and said, "I don\'t believe in ghosts." She was so upset that I had to change my '
            'answer: "Of course I believe in ghosts. I was kidding."')
    assert all("She was so upset" not in q.content.text for q in quotes_of(text))


def test_a_manner_adverb_before_the_cue_is_not_the_speaker() -> None:
    qs = quotes_of('Dana Ruiz, the head of the tenants\' union, forcefully told the board that "nobody here '
                   'will be moved out in winter."')
    assert [q.speaker.text for q in qs] == ["Dana Ruiz"]


def test_a_name_with_an_apposition_after_a_quotation_is_read_off_the_surface() -> None:
    # the parser reads this order unreliably (a long quotation loses its subject), so no parse is needed
    pipeline = build_pipeline(["nlp", "entities", "quotes"])
    text = ("“We are very close. There is a real gap between the council and frankly the residents of the "
            "old estate and their families,” Ngozi Okafor, a senior housing official, said on Tuesday.")
    stream = [Article(id="a", text=text, language="en")]
    for step in pipeline.steps:
        stream = list(step.run(stream))
    (q,) = stream[0].quotes
    assert q.speaker.text == "Ngozi Okafor" and q.content.text.endswith("their families,”")
    assert pipeline.steps[-1].stats.parsed == 0


def test_a_lower_case_quotation_after_a_clause_with_its_own_subject_does_not_go_on_with_the_first() -> None:
    qs = quotes_of("“Are you coming?” she asked, but Tom was asleep, and the mayor talked about “how the roads "
                   "are failing.”")
    assert [q.content.text for q in qs if q.speaker and q.speaker.text == "she"] == ["“Are you coming?”"]


def test_a_gerund_cue_after_a_preposition_takes_the_clause_subject() -> None:
    qs = quotes_of("Marsh, a retired judge, then appeared on local radio on Tuesday and began by saying he would "
                   "“never” rule on a case through the press.")
    assert [q.speaker.text for q in qs if q.cue.text == "saying"] == ["Marsh"]


def test_a_noun_after_a_preposition_and_the_adverb_back_are_no_cues_to_parse() -> None:
    from newsdesk.quotes.phrases import Tok
    from newsdesk.quotes.surface import _is_cue

    def toks(words: str) -> list[Tok]:
        out, pos = [], 0
        for i, w in enumerate(words.split()):
            out.append(Tok(i, w, w.lower(), pos, pos + len(w), not w.isalnum(), w[:1].isupper(), "", False, False))
            pos += len(w) + 1
        return out

    assert _is_cue(toks("MPs voted in favour of the bill"), 3) is None
    assert _is_cue(toks("a campaign against claims about the drug"), 3) is None
    assert _is_cue(toks("the striker came back into the side"), 3) is None
    assert _is_cue(toks("unions back the plan"), 1) is not None  # the verb, with its object
    assert _is_cue(toks("she said after saying so"), 3) is not None  # an -ing form after a preposition
