"""The step contract: each step declares what it requires and assigns, checked when assembled."""

from __future__ import annotations

import pytest

from newsdesk.pipeline import FULL, STEPS, build_pipeline
from newsdesk.pipeline.base import Step, check_order


def test_full_and_bulk_presets_satisfy_every_requirement() -> None:
    assert build_pipeline("full").names == FULL
    build_pipeline("bulk")


def test_every_step_declares_what_it_assigns() -> None:
    for name, cls in STEPS.items():
        assert cls.name == name
        assert cls.assigns, f"{name} assigns nothing"


def test_pipeline_without_nlp_fails_naming_the_step_and_its_provider() -> None:
    with pytest.raises(ValueError) as err:
        build_pipeline(["clean", "entities"])
    msg = str(err.value)
    assert "'entities'" in msg and "'doc'" in msg and "'nlp'" in msg


def test_step_placed_before_its_provider_is_an_error() -> None:
    with pytest.raises(ValueError, match="'entities' assigns it but comes after 'quotes'"):
        build_pipeline(["nlp", "quotes", "entities"])


def test_requirement_nobody_assigns_is_reported() -> None:
    class Needy(Step):
        name = "needy"
        requires = ("unicorns",)

    with pytest.raises(ValueError, match="'needy' requires 'unicorns'"):
        check_order([Needy()])


def test_unknown_step_and_stray_options_are_errors() -> None:
    with pytest.raises(ValueError, match="unknown pipeline step"):
        build_pipeline(["clean", "nosuch"])
    with pytest.raises(ValueError, match="not in the pipeline"):
        build_pipeline(["clean"], options={"entities": {"disabled": ["sports"]}})
