"""The `entities` step: spaCy's entities repaired by the passes of `newsdesk.entities`, grouped into
the document's entities.

The step batches articles so that the case-restored copies of every ALL-CAPS line in a batch go
through the model together (the `caps` pass reads them); everything else is `newsdesk.entities`.
Passes can be switched off by name (`Entities(disabled={...})`, or `build_pipeline(..., options=
{"entities": {"disabled": [...]}})`); the step's version then says which, so such articles count as
enriched differently. `timings` adds up seconds per pass (bench reads it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator

from newsdesk.entities import (
    PASS_NAMES,
    Ent,
    annotate,
    build_entities,
    caps_lines,
    casing_stats,
    recase_jobs,
    recognise,
    truecase,
    unknown_passes,
)
from newsdesk.lexicon.labels import NAMED_LABELS, PLACE_LABELS, VALUE_LABELS
from newsdesk.model import Article
from newsdesk.pipeline.base import Step, register
from newsdesk.pipeline.nlp import BATCH_SIZE, get_nlp


@register
class Entities(Step):
    name = "entities"
    version = "23"
    understanding = True
    requires = ("doc",)
    assigns = ("mentions", "entities", "values")

    def __init__(self, disabled: Iterable[str] = ()) -> None:
        self.disabled = frozenset(disabled)
        unknown = unknown_passes(self.disabled)
        if unknown:
            raise ValueError(f"unknown entity pass(es): {', '.join(unknown)} (choose from {', '.join(PASS_NAMES)})")
        if self.disabled:
            self.version = f"{type(self).version}-without-{'+'.join(sorted(self.disabled))}"  # type: ignore[misc]
        self.timings: dict[str, float] = defaultdict(float)

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= BATCH_SIZE:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, batch: list[Article]) -> Iterator[Article]:
        recased = self._recased(batch) if "caps" not in self.disabled else {}
        for i, article in enumerate(batch):
            doc = article.scratch.get("doc")
            if doc is not None:
                annotate(article, [Ent(e.start_char, e.end_char, e.label_) for e in doc.ents], recased.get(i, []),
                         self.disabled, self.timings)
            yield article

    def _recased(self, batch: list[Article]) -> dict[int, list[tuple[int, int, Ent | None]]]:
        """Case-restored copies of every ALL-CAPS line in the batch, read by the model together."""
        jobs: list[tuple[int, int, str]] = []
        for i, article in enumerate(batch):
            if article.scratch.get("doc") is None:
                continue
            jobs.extend((i, s, line) for s, line in recase_jobs(article.text))
        recased: dict[int, list[tuple[int, int, Ent | None]]] = defaultdict(list)
        if jobs:
            docs = get_nlp().pipe((t for _, _, t in jobs), batch_size=BATCH_SIZE, disable=["senter"])
            for (i, s, t), doc in zip(jobs, docs, strict=True):
                recased[i].append((s, s + len(t), None))
                for e in doc.ents:
                    recased[i].append((s, s + len(t), Ent(s + e.start_char, s + e.end_char, e.label_, "caps")))
        return recased


# Names other modules imported from here before the passes moved to `newsdesk.entities`.
__all__ = ["Entities", "Ent", "annotate", "build_entities", "caps_lines", "casing_stats", "recognise", "truecase",
           "NAMED_LABELS", "PLACE_LABELS", "VALUE_LABELS"]
