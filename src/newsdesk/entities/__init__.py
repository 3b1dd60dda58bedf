"""Named entities, right within the document: the passes that repair spaCy's reading, and the
grouping of mentions into document entities.

spaCy's small model is a fair start on news but stumbles in predictable places. The repairs are
passes listed in order in `passes.PASSES` (ALL-CAPS lines, datelines, span repairs, relabelling,
organisations, persons and titles, sports, one type per entity, propagation), each declaring what it
requires and assigns, timed on request and switchable off by name. `document.build_entities` then
groups the mentions into the document's entities.

Output of `annotate`: `article.mentions` (every mention carries its DocEntity key), `article.entities`,
the value spans (DATE, MONEY, CARDINAL, ...) in `article.scratch["values"]` for evaluation, and the
credits (outlets, reporters in bylines) in `article.scratch["credits"]`: recognised, not entities.
"""

from __future__ import annotations

from newsdesk.entities.caps import caps_lines, casing_stats, recase_jobs, truecase
from newsdesk.entities.credits import credits, is_outlet
from newsdesk.entities.document import build_entities
from newsdesk.entities.organisations import in_title
from newsdesk.entities.passes import (
    PASS_NAMES,
    PASSES,
    Context,
    Pass,
    check_passes,
    recognise,
    unknown_passes,
)
from newsdesk.entities.persons import extract_roles
from newsdesk.entities.spans import Ent
from newsdesk.lexicon.labels import NAMED_LABELS, VALUE_LABELS
from newsdesk.model import Article


def annotate(article: Article, model_ents: list[Ent], recased: list[tuple[int, int, Ent | None]],
             disabled: frozenset[str] = frozenset(), timings: dict[str, float] | None = None) -> None:
    """Fill `article.mentions`, `article.entities` and `scratch["values"]` from the model's entities."""
    text = article.text
    ents = recognise(text, model_ents, recased, disabled, timings)
    titles = [e for e in ents if in_title(text, e)]
    # outlets and reporters are the story's source, kept apart from its entities
    credited = credits(text, ents, article.source)
    named = [e for e in ents if e.label in NAMED_LABELS and e not in titles and e not in credited]
    # dates, amounts, numbers, and departments named inside a title ("Defense" in "Defense
    # Secretary"): recognised (the evaluation scores them) but not entities of the document
    article.scratch["values"] = [(e.start, e.end, e.label) for e in ents if e.label in VALUE_LABELS or e in titles]
    article.scratch["credits"] = [(e.start, e.end, e.label) for e in credited]
    article.mentions, article.entities = build_entities(text, named)


__all__ = [
    "Ent", "Context", "Pass", "PASSES", "PASS_NAMES", "annotate", "build_entities", "caps_lines", "casing_stats",
    "check_passes", "credits", "extract_roles", "is_outlet", "recase_jobs", "recognise", "truecase", "unknown_passes",
]
