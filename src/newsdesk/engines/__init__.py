"""Engines run the pure enrichment pipeline somewhere and hand results back in input order.

An engine reads inputs (`read_inputs(paths, options)`, records in canonical order) and enriches
chunks of articles (`enrich(chunks)`, same order as given). The steps never know which engine runs
them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from newsdesk.config import IngestOptions
from newsdesk.model import Article, RawRecord, Skipped


class Engine(Protocol):
    def read_inputs(self, paths: list[str], options: IngestOptions) -> Iterator[RawRecord | Skipped]: ...

    def enrich(self, chunks: Iterable[list[Article]]) -> Iterator[list[Article]]: ...

    def close(self) -> None: ...


def make_engine(name: str, spec: str | list[str], workers: int, address: str | None = None,
                work_dir: str | None = None) -> Engine:
    """`work_dir`: a folder of the desk's where an engine may keep temporary files (Ray's)."""
    if name == "local":
        from newsdesk.engines.local import LocalEngine

        return LocalEngine(spec, workers)
    if name == "ray":
        from newsdesk.engines.ray import RayEngine

        return RayEngine(spec, workers, address=address, work_dir=work_dir)
    raise ValueError(f"unknown engine {name!r} (choose local or ray)")
