"""Quotations: quote marks of every style, attribution on either side, reported speech, speakers."""

from __future__ import annotations

import pytest

from newsdesk.model import Article, Quote
from newsdesk.pipeline import build_pipeline
from newsdesk.quotes import find_stretches
from tests.helpers import SEED


def enrich(*texts: str, language: str = "en") -> list[Article]:
    pipeline = build_pipeline(["nlp", "entities", "quotes"])
    arts = [Article(id=f"a{i}", text=t, language=language) for i, t in enumerate(texts)]
    stream = arts
    for step in pipeline.steps:
        stream = list(step.run(stream))
    return stream


def quotes_of(text: str) -> list[Quote]:
    (a,) = enrich(text)
    for q in a.quotes:  # every span points into the text
        assert a.text[q.content.start:q.content.end] == q.content.text
        for span in [q.cue, q.speaker, *q.fragments]:
            if span is not None:
                assert a.text[span.start:span.end] == span.text
    return a.quotes


def one(quotes: list[Quote], needle: str) -> Quote:
    found = [q for q in quotes if needle in q.content.text]
    assert len(found) == 1, f"{needle!r} in {[q.content.text for q in quotes]}"
    return found[0]


def stretch_texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_stretches(text)]


# --- quotation marks ---------------------------------------------------------------------------

def test_marks_of_every_style_pair_up() -> None:
    assert stretch_texts('He said "yes" twice.') == ['"yes"']
    assert stretch_texts("It was “a very good day” for all.") == ["“a very good day”"]
    assert stretch_texts("Elle a dit «nous partons» hier.") == ["«nous partons»"]
    assert stretch_texts("He called it ''a mistake'' and left.") == ["''a mistake''"]
    assert stretch_texts("Mayor calls blast 'an intentional act'") == ["'an intentional act'"]


def test_apostrophes_do_not_open_single_quotes() -> None:
    assert stretch_texts("Clinton's aides don't think the '90s matter, the voters' view aside.") == []


def test_nested_quote_belongs_to_the_outer_one() -> None:
    text = "\"He told me, 'I will never resign,' and walked out,\" she said."
    assert stretch_texts(text) == ["\"He told me, 'I will never resign,' and walked out,\""]


def test_quote_running_across_paragraphs_is_one_stretch_with_a_fragment_per_paragraph() -> None:
    text = 'She said:\n\n"The first part ends here.\n\n"The second part closes it."\n\nThen she left.'
    (st,) = find_stretches(text)
    assert text[st.start:st.end] == '"The first part ends here.\n\n"The second part closes it."'
    assert [text[a:b] for a, b in st.fragments] == ['"The first part ends here.', '"The second part closes it."']


def test_a_quote_left_open_at_a_paragraph_end_stops_there() -> None:
    text = '"We will not stop until the work is done, the minister said.\n\nThe vote is on Friday.'
    (st,) = find_stretches(text)
    assert not st.closed and text[st.end - 5:st.end] == "said."


# --- direct quotes and their speakers ------------------------------------------------------------

def test_speaker_after_the_quote_is_found() -> None:
    q = one(quotes_of('"The numbers are clear," Ann Lee said on Tuesday.'), "numbers")
    assert q.direct
    assert q.content.text == '"The numbers are clear,"'
    assert q.speaker.text == "Ann Lee" and q.speaker_name == "Ann Lee"
    assert q.cue.text == "said"


def test_inverted_attribution_with_an_apposition() -> None:
    q = one(quotes_of("“It is a disaster for the region,” said Maria Lopez, a professor at the university."),
            "disaster")
    assert q.direct and q.speaker_name == "Maria Lopez"


def test_speaker_before_a_colon_or_comma() -> None:
    qs = quotes_of('Ann Lee said: "The numbers are clear." Later, Tom Park added, "We agree with her."')
    assert one(qs, "numbers").speaker_name == "Ann Lee"
    assert one(qs, "We agree").speaker_name == "Tom Park"


def test_guillemets_and_tex_style_marks() -> None:
    qs = quotes_of("«We won the vote,» the minister said. ''Nobody expected it,'' said Peter Hall.")
    assert one(qs, "We won").speaker.text == "the minister"
    assert one(qs, "Nobody expected").speaker_name == "Peter Hall"


def test_quote_split_by_the_attribution_is_one_quote_with_two_fragments() -> None:
    text = 'Mayor John Doe spoke on Monday. "We believe," he said, "that the plan will work."'
    q = one(quotes_of(text), "We believe")
    assert [f.text for f in q.fragments] == ['"We believe,"', '"that the plan will work."']
    assert q.content.text.startswith('"We believe,"') and q.content.text.endswith('work."')
    assert q.speaker.text == "he" and q.speaker_name == "John Doe"


def test_quote_of_several_sentences_and_its_continuation() -> None:
    text = ('"This is not reform. It is a tax increase," said Carla Diaz, an economist. '
            '"Nobody will be better off."')
    q = one(quotes_of(text), "not reform")
    assert "It is a tax increase" in q.content.text and "Nobody will be better off" in q.content.text
    assert len(q.fragments) == 2
    assert q.speaker_name == "Carla Diaz"


def test_quote_running_across_paragraphs_keeps_its_speaker() -> None:
    text = 'Senator Ruth Adams said:\n\n"The first part ends here.\n\n"The second part closes it."'
    q = one(quotes_of(text), "first part")
    assert "second part" in q.content.text
    assert q.speaker_name == "Ruth Adams"


def test_she_resolves_to_the_woman_named_before() -> None:
    text = ('Senator Margaret Holloway met the delegation in Denver. "We believe this plan is wrong," Holloway '
            'said. "It threatens our security," she added.')
    qs = quotes_of(text)
    assert one(qs, "threatens").speaker_name == "Margaret Holloway"


def test_pronoun_resolves_to_the_person_and_surname_to_the_full_name() -> None:
    text = ('Russian Defense Minister Anatoly Serdyukov met the delegation in Moscow. "We believe this plan is '
            'wrong," Serdyukov said. "It threatens our security," he added.')
    qs = quotes_of(text)
    assert one(qs, "We believe").speaker_name == "Anatoly Serdyukov"
    q = one(qs, "threatens")
    assert q.speaker.text == "he" and q.speaker_name == "Anatoly Serdyukov"
    assert q.speaker_key == one(qs, "We believe").speaker_key is not None


def test_unnamed_source_is_kept_as_its_description() -> None:
    text = ("A senior administration official travelling with the delegation said the talks would continue. "
            '"We are making progress," the official said.')
    qs = quotes_of(text)
    assert one(qs, "talks would continue").speaker_name == "a senior administration official"
    q = one(qs, "making progress")
    assert q.speaker.text == "the official"
    assert q.speaker_name == "a senior administration official"
    assert q.speaker_key is None


def test_partial_quote_inside_reported_speech_is_direct() -> None:
    q = one(quotes_of('Clinton told reporters that she would "compete vigorously."'), "compete")
    assert q.direct
    assert q.content.text == 'that she would "compete vigorously."'
    assert q.speaker_name == "Clinton" and q.cue.text == "told"


# --- reported speech -------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "content", "source", "cue"), [
    ("The ministry said that the troops had withdrawn from the border.",
     "that the troops had withdrawn from the border", "The ministry", "said"),
    ("Officials told reporters the decision was premature.", "the decision was premature", "Officials", "told"),
    ("The company denied that it had broken any rules.", "that it had broken any rules", "The company", "denied"),
    ("Economists warned that the recovery would stall next year.", "that the recovery would stall next year",
     "Economists", "warned"),
    ("The suspect fled on foot toward the river, according to the police.",
     "The suspect fled on foot toward the river", "the police", "according to"),
    ("According to the report, prices rose by four percent in March.", "prices rose by four percent in March",
     "the report", "According to"),
    ("The plan will cost far more than promised, the auditors said.",
     "The plan will cost far more than promised", "the auditors", "said"),
])
def test_reported_speech(text: str, content: str, source: str, cue: str) -> None:
    q = one(quotes_of(text), content)
    assert not q.direct
    assert q.content.text == content
    assert q.speaker.text == source and q.cue.text == cue


def test_reported_speech_split_around_the_attribution() -> None:
    q = one(quotes_of("Many of the closures, she said, have involved public courses."), "closures")
    assert [f.text for f in q.fragments] == ["Many of the closures", "have involved public courses"]


def test_participle_takes_the_source_of_its_sentence() -> None:
    qs = quotes_of("The Pentagon rejected the report on Friday, saying it was based on old data.")
    q = one(qs, "based on old data")
    assert q.speaker.text == "The Pentagon" and q.cue.text == "saying"


# --- what is not a quotation ---------------------------------------------------------------------

def test_scare_quotes_and_titles_are_not_quotations() -> None:
    text = ('China has been condemned for building camps that it describes as “vocational training centers”. '
            'She liked the film “The Long Road” and a so-called "quiet zone" nearby.')
    assert quotes_of(text) == []


def test_a_verb_that_only_looks_like_a_cue_is_ignored() -> None:
    text = "The reports were late. He added three points in the final minute. She calls for a vote often."
    assert [q.content.text for q in quotes_of(text)] == ["a vote often"]


def test_articles_in_other_languages_get_no_quotes() -> None:
    (a,) = enrich('"Wir schaffen das", sagte die Kanzlerin.', language="de")
    assert a.quotes == []


# --- the founding sample ---------------------------------------------------------------------------

@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not here")
def test_seed_quotations_and_their_speakers() -> None:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    first = "\n".join(line for line in lines[:19] if line.strip() != "PHOTO: AFP")
    arts = enrich(first, *[line for line in lines[19:] if line.strip()])
    qs = [q for a in arts for q in a.quotes]
    assert one(qs, "We believe the strategic missile defense system").speaker_name == "Anatoly Serdyukov"
    official = one(qs, "We're going to continue to make this effort")
    assert official.speaker_name == "a senior administration official" and official.speaker_key is None
    commission = one(qs, "crimes against humanity")
    assert "Commission" in commission.speaker_name
    assert one(qs, "The question is really whether").speaker_name == "Stephen Turner"
    reported = one(qs, "threatens global security")
    assert not reported.direct and reported.speaker_name == "Anatoly Serdyukov" and reported.cue.text == "told"
    assert one(qs, "cannot be used to defeat a Russian missile").speaker_name == "US officials"
    assert not [q for q in qs if "vocational training centers" in q.content.text]


def test_a_place_that_only_qualifies_a_group_is_not_the_speaker():
    text = ("Leeds residents who lost power in the storm have demanded compensation, saying the energy company "
            "ignored repeated warnings about the ageing cables.")
    q = one(quotes_of(text), "ignored repeated warnings")
    assert q.speaker is not None and q.speaker.text == "Leeds residents"
    assert q.speaker_name == "Leeds residents"


def test_a_straight_mark_left_open_does_not_run_into_a_curly_quotation_in_the_next_paragraph() -> None:
    text = ('"The first time she saw him, she was only beginning to see how many agreed.\n\n'
            "“It never crossed my mind,” she said.")
    assert "“It never crossed my mind,”" in stretch_texts(text)


def test_curly_marks_inside_a_straight_quotation_are_a_quotation_within_it() -> None:
    text = ('Lee continued: "The issue is partisan, but here is the question: “Do you think it hurts her?” '
            'Forty-three said yes."')
    assert stretch_texts(text) == [text[text.index('"'):]]
