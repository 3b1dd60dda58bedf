"""Pipeline steps: pure `run(articles) -> articles` generators. The steps a pipeline can use are
the explicit table `newsdesk.pipeline.STEPS` (there is no global registry to fill).

A step never touches a store or global mutable state, so the same steps run in one process, in a
pool of workers or on a Ray cluster. Expensive resources (a spaCy model) are loaded lazily, once
per process, by the step itself.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import ClassVar

from newsdesk.model import Article


class Step:
    """One enrichment step. Subclasses set `name` and `version`, and override `process` (one article)
    or `run` (a stream, for steps that batch, like spaCy's `nlp.pipe`)."""

    name: ClassVar[str] = ""
    version: ClassVar[str] = "1"
    # Language-understanding steps are left out of bulk loads.
    understanding: ClassVar[bool] = False
    # What the step reads that an earlier step must assign (beyond an article's own fields, INPUTS),
    # and what it assigns; `build_pipeline` checks the order.
    requires: ClassVar[tuple[str, ...]] = ()
    assigns: ClassVar[tuple[str, ...]] = ()

    def process(self, article: Article) -> Article:
        return article

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield self.process(article)


# Fields an article brings from its source, before any step (a step may still rewrite them).
INPUTS = frozenset({"text", "title", "url", "source", "language", "published"})


def check_order(steps: list[type[Step]] | list[Step], catalogue: Mapping[str, type[Step]] | None = None) -> None:
    """Each step's requirements are assigned by an earlier step (or are article fields); otherwise a
    ValueError naming the step, what it requires, and the step of `catalogue` (the known steps, by
    name) that would assign it."""
    assigned: set[str] = set(INPUTS)
    for i, step in enumerate(steps):
        for need in step.requires:
            if need in assigned:
                continue
            later = [s.name for s in steps[i + 1:] if need in s.assigns]
            providers = [name for name, cls in (catalogue or {}).items() if need in cls.assigns]
            if later:
                where = f"step {later[0]!r} assigns it but comes after {step.name!r}"
            elif providers:
                where = f"no earlier step assigns it; add {' or '.join(map(repr, providers))} before {step.name!r}"
            else:
                where = "no step assigns it"
            raise ValueError(f"pipeline step {step.name!r} requires {need!r}: {where}")
        assigned.update(step.assigns)


def register(cls: type[Step]) -> type[Step]:
    """Class decorator: check that a step class is complete (it has a name). A step becomes available
    to pipelines by its entry in `newsdesk.pipeline.STEPS`."""
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    return cls


class Pipeline:
    """An ordered list of steps; itself a step over streams."""

    def __init__(self, steps: list[Step], catalogue: Mapping[str, type[Step]] | None = None) -> None:
        check_order(steps, catalogue)
        self.steps = steps
        self.version = pipeline_version(steps)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.steps]

    def run(self, articles: Iterable[Article]) -> Iterator[Article]:
        stream: Iterable[Article] = articles
        for step in self.steps:
            stream = step.run(stream)
        for article in stream:
            article.pipeline_version = self.version
            article.scratch.clear()
            yield article

    def __call__(self, articles: list[Article]) -> list[Article]:
        return list(self.run(articles))


def pipeline_version(steps: list[Step]) -> str:
    """Names and versions of the steps, hashed: an article enriched by other steps is 'older'."""
    sig = ",".join(f"{s.name}:{s.version}" for s in steps)
    return hashlib.blake2b(sig.encode(), digest_size=4).hexdigest()


StepFactory = Callable[[], Step]
