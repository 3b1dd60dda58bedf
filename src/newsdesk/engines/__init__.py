"""Engines run the pure enrichment pipeline somewhere and hand results back in input order.

An engine is a callable `enrich(chunks, spec) -> iterator of enriched chunks`, same order as given.
The steps never know which engine runs them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from newsdesk.model import Article


class Engine(Protocol):
    def enrich(self, chunks: Iterable[list[Article]]) -> Iterator[list[Article]]: ...

    def close(self) -> None: ...


def make_engine(name: str, spec: str | list[str], workers: int, address: str | None = None) -> Engine:
    if name == "local":
        from newsdesk.engines.local import LocalEngine

        return LocalEngine(spec, workers)
    if name == "ray":
        from newsdesk.engines.ray import RayEngine

        return RayEngine(spec, workers, address=address)
    raise ValueError(f"unknown engine {name!r} (choose local or ray)")
