"""The enrichment pipeline: named steps assembled by configuration (like spaCy's components).

Every step is listed in `STEPS`, in canonical order (no loading by import strings).
`build_pipeline("full")` gives every step; `build_pipeline("bulk")` only reading-level ones
(cleaning, language, dates, fingerprint) for fast loads that `newsdesk reprocess` enriches later.
Each step declares what it `requires` from earlier steps and what it `assigns`; a pipeline whose
order breaks that fails to build, naming the step and what it lacks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsdesk.pipeline.base import INPUTS, Pipeline, Step, check_order, register
from newsdesk.pipeline.clean import Clean
from newsdesk.pipeline.dates import Dates
from newsdesk.pipeline.entities import Entities
from newsdesk.pipeline.fingerprint import Fingerprint
from newsdesk.pipeline.keywords import Keywords
from newsdesk.pipeline.language import Language
from newsdesk.pipeline.multilingual import Multilingual
from newsdesk.pipeline.nlp import NLP
from newsdesk.pipeline.places import Places
from newsdesk.pipeline.quotes import Quotes
from newsdesk.pipeline.summary import Summary

# Every step, by name, in canonical order.
STEPS: dict[str, type[Step]] = {cls.name: cls for cls in (
    Clean, Language, Dates, Fingerprint, NLP, Entities, Quotes, Places, Keywords, Summary, Multilingual,
)}

BULK = ["clean", "language", "dates", "fingerprint"]
FULL = BULK + ["nlp", "entities", "quotes", "places", "keywords", "summary", "multilingual"]
PRESETS = {"bulk": BULK, "full": FULL}


def build_pipeline(spec: str | list[str] = "full", options: Mapping[str, Mapping[str, Any]] | None = None) -> Pipeline:
    """A pipeline from a preset name or a list of step names; unknown names, or steps whose
    requirements no earlier step assigns, are an error. `options` gives a step's keyword arguments
    by its name, e.g. `{"entities": {"disabled": ["sports"]}}`."""
    names = PRESETS[spec] if isinstance(spec, str) else list(spec)
    missing = [n for n in names if n not in STEPS]
    if missing:
        raise ValueError(f"unknown pipeline step(s): {', '.join(missing)}")
    options = options or {}
    unused = [n for n in options if n not in names]
    if unused:
        raise ValueError(f"options for step(s) not in the pipeline: {', '.join(unused)}")
    return Pipeline([STEPS[n](**dict(options.get(n, {}))) for n in names], catalogue=STEPS)


__all__ = ["INPUTS", "Pipeline", "Step", "STEPS", "register", "build_pipeline", "check_order",
           "BULK", "FULL", "PRESETS"]
