"""The entity passes: one ordered table, each pass declaring what it reads and writes, timed and
switchable off by name."""

from __future__ import annotations

import pytest

from newsdesk.entities import PASS_NAMES, PASSES, Ent, Pass, check_passes, recognise
from newsdesk.entities.passes import INPUTS
from newsdesk.model import Article
from newsdesk.pipeline import build_pipeline
from newsdesk.pipeline.entities import Entities

TEXT = "Mr. Gates met reporters in Kabul. Gates said the talks went well."
KABUL = (TEXT.index("Kabul"), TEXT.index("Kabul") + 5)
GATES2 = (TEXT.index("Gates", 10), TEXT.index("Gates", 10) + 5)


def _model() -> list[Ent]:
    # what a model might say: the honorific inside the name, the place as a person
    return [Ent(0, 9, "PERSON"), Ent(*KABUL, "PERSON")]


def test_pass_table_is_ordered_and_every_requirement_is_met() -> None:
    assert len(PASS_NAMES) == len(set(PASS_NAMES)) >= 15
    known = set(INPUTS)
    for p in PASSES:
        assert p.requires <= known, p.name
        known |= p.assigns


def test_a_pass_reading_what_nothing_assigns_is_rejected() -> None:
    broken = (Pass("late", lambda c: None, frozenset({"persons"}), frozenset({"ents"})),)
    with pytest.raises(ValueError, match="'late' requires persons"):
        check_passes(broken)


def test_passes_repair_the_model_and_switch_off_by_name() -> None:
    fixed = recognise(TEXT, _model(), [])
    assert (4, 9, "PERSON") in [(x.start, x.end, x.label) for x in fixed]  # honorific trimmed
    assert (*KABUL, "GPE") in [(x.start, x.end, x.label) for x in fixed]  # "in Kabul"
    assert (*GATES2, "PERSON") in [(x.start, x.end, x.label) for x in fixed]  # surname propagated
    bare = recognise(TEXT, _model(), [], disabled=frozenset(PASS_NAMES))
    assert [(x.start, x.end, x.label) for x in bare] == [(0, 9, "PERSON"), (*KABUL, "PERSON")]
    no_place = recognise(TEXT, _model(), [], disabled=frozenset({"locative", "places"}))
    assert (*KABUL, "PERSON") in [(x.start, x.end, x.label) for x in no_place]


def test_timings_add_up_per_pass() -> None:
    timings: dict[str, float] = {}
    recognise(TEXT, _model(), [], disabled=frozenset({"sports"}), timings=timings)
    assert set(timings) == set(PASS_NAMES) - {"sports"}
    assert all(t >= 0 for t in timings.values())


def test_step_rejects_unknown_pass_names_and_versions_what_it_disables() -> None:
    with pytest.raises(ValueError, match="unknown entity pass"):
        Entities(disabled=["nosuch"])
    assert Entities(disabled=["sports"]).version != Entities().version
    pipe = build_pipeline(["nlp", "entities"], options={"entities": {"disabled": ["caps"]}})
    assert pipe.steps[1].disabled == {"caps"}


def test_step_switch_reaches_the_passes() -> None:
    pipe = build_pipeline(["nlp", "entities"], options={"entities": {"disabled": list(PASS_NAMES)}})
    article = Article(id="a", text="Mr. Gates flew to Paris on Monday.", language="en")
    out = pipe(list([article]))[0]
    assert out.mentions is not None
    assert pipe.steps[1].timings == {}


def test_find_names_matches_whole_words_longest_first_without_overlap() -> None:
    from newsdesk.entities.consistency import find_names

    text = "Anna Lee met Lee-Smith and Anna. Lees left; Lee stayed."
    hits = find_names(text, ["Lee", "Anna Lee", "Anna"])
    assert [text[s:e] for s, e, _ in hits] == ["Anna Lee", "Anna", "Lee"]
    assert hits[-1][0] == text.index("Lee stayed")


def _only(name: str) -> frozenset[str]:
    return frozenset(PASS_NAMES) - {name}


def _ent(text: str, surface: str, label: str) -> Ent:
    s = text.index(surface)
    return Ent(s, s + len(surface), label)


def test_org_names_keeps_the_model_reading_of_a_nationality_an_organisation_or_a_place() -> None:
    cases = [
        ("Officials said German Foreign Ministry spokesman Martin spoke.", [("German", "NORP"), ("Foreign Ministry", "ORG")]),
        ("It backed Jewish West Bank settlements near the city.", [("Jewish", "NORP"), ("West Bank", "GPE")]),
        ("He said so on BBC News for The World today.", [("BBC News", "ORG"), ("The World", "ORG")]),
    ]
    for text, model in cases:
        ents = [_ent(text, s, lab) for s, lab in model]
        out = recognise(text, list(ents), [], disabled=_only("org_names"))
        assert [(x.start, x.end, x.label) for x in out] == [(x.start, x.end, x.label) for x in ents], text


def test_org_names_joins_pieces_the_model_split_and_leaves_untagged_runs_cut_at_and() -> None:
    text = "The Australian and New Zealand Society for Immunology met."
    model = [_ent(text, "Australian", "NORP"), _ent(text, "New Zealand", "GPE")]
    out = recognise(text, model, [], disabled=_only("org_names"))
    assert [(text[x.start:x.end], x.label) for x in out] == [("Australian and New Zealand Society for Immunology", "ORG")]
    text = "the Test and County Cricket Board said on Friday."
    assert recognise(text, [], [], disabled=_only("org_names")) == []
