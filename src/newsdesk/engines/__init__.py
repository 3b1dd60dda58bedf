"""Engines run the pure enrichment pipeline somewhere and hand results back in input order.

An engine reads inputs (`read_inputs(paths, options)`, records in canonical order) and enriches
chunks of articles (`enrich(chunks)`, same order as given). The steps never know which engine runs
them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Protocol

from newsdesk.config import IngestOptions
from newsdesk.model import Article, RawRecord, Skipped


class Engine(Protocol):
    def read_inputs(self, paths: list[str], options: IngestOptions) -> Iterator[RawRecord | Skipped]: ...

    def enrich(self, chunks: Iterable[list[Article]]) -> Iterator[list[Article]]: ...

    def close(self) -> None: ...


StepOptions = Mapping[str, Mapping[str, Any]] | None  # per pipeline step, by name (build_pipeline)


# Each engine is a factory in ENGINES that imports its module when called (the one mechanism for lazy
# backends, docs/internals.md): an engine loads the pipeline and the readers, which commands that only
# read a desk never need (tests/test_cli_behaviour.py checks it), and Ray is an optional extra.
def _local(spec: str | list[str], workers: int, *, address: str | None, work_dir: str | None,
           step_options: StepOptions, tmp_base: str | None) -> Engine:
    # heavy: the pipeline and every reader, only when an ingest makes an engine
    from newsdesk.engines.local import LocalEngine

    return LocalEngine(spec, workers, step_options=step_options)


def _ray(spec: str | list[str], workers: int, *, address: str | None, work_dir: str | None,
         step_options: StepOptions, tmp_base: str | None) -> Engine:
    # optional: pip install newsdesk[ray]
    from newsdesk.engines.ray import RayEngine

    return RayEngine(spec, workers, address=address, work_dir=work_dir, step_options=step_options,
                     tmp_base=tmp_base)


# The engines, by name: an explicit table.
ENGINES: dict[str, Callable[..., Engine]] = {"local": _local, "ray": _ray}


def make_engine(name: str, spec: str | list[str], workers: int, address: str | None = None,
                work_dir: str | None = None, step_options: StepOptions = None,
                tmp_base: str | None = None) -> Engine:
    """`work_dir`: a folder of the desk's where an engine may keep temporary files (Ray's);
    `step_options`: per pipeline step, by name (the settings' [pipeline] section); `tmp_base`: where
    a Ray engine without a work_dir makes its temporary folder (the ray.tmp setting)."""
    factory = ENGINES.get(name)
    if factory is None:
        raise ValueError(f"unknown engine {name!r} (choose {' or '.join(ENGINES)})")
    return factory(spec, workers, address=address, work_dir=work_dir, step_options=step_options,
                   tmp_base=tmp_base)
