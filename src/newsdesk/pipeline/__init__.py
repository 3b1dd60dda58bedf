"""The enrichment pipeline: named steps assembled by configuration (like spaCy's components).

`build_pipeline("full")` gives every step; `build_pipeline("bulk")` only reading-level ones
(cleaning, language, dates, fingerprint) for fast loads that `newsdesk reprocess` enriches later.
"""

from __future__ import annotations

import importlib

from newsdesk.pipeline.base import Pipeline, Step, register, registered

# Module per step; importing a module registers its steps.
STEP_MODULES = [
    "newsdesk.pipeline.clean",
    "newsdesk.pipeline.language",
    "newsdesk.pipeline.dates",
    "newsdesk.pipeline.fingerprint",
    "newsdesk.pipeline.nlp",
    "newsdesk.pipeline.entities",
    "newsdesk.pipeline.quotes",
    "newsdesk.pipeline.places",
    "newsdesk.pipeline.keywords",
    "newsdesk.pipeline.summary",
]

BULK = ["clean", "language", "dates", "fingerprint"]
FULL = BULK + ["nlp", "entities", "quotes", "places", "keywords", "summary"]
PRESETS = {"bulk": BULK, "full": FULL}


def _load_modules() -> None:
    for module in STEP_MODULES:
        importlib.import_module(module)


def build_pipeline(spec: str | list[str] = "full") -> Pipeline:
    """A pipeline from a preset name or a list of step names; unknown names are an error."""
    _load_modules()
    names = PRESETS[spec] if isinstance(spec, str) else list(spec)
    steps = registered()
    missing = [n for n in names if n not in steps]
    if missing:
        raise ValueError(f"unknown pipeline step(s): {', '.join(missing)}")
    return Pipeline([steps[n]() for n in names])


__all__ = ["Pipeline", "Step", "register", "build_pipeline", "BULK", "FULL"]
