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
