"""The one-writer linking phase. `Linker.commit_batch` is the only way articles enter a store."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from newsdesk.link.base import LinkStep, register_linker, registered_linkers
from newsdesk.model import Article
from newsdesk.store.base import Store

# In this order: a duplicate must be known before entities and stories count it.
LINK_MODULES = ["newsdesk.link.dedup", "newsdesk.link.places", "newsdesk.link.registry", "newsdesk.link.quotes",
                "newsdesk.link.stories", "newsdesk.link.watchlists"]
# place pins before the registry (it files a place under its location), confidence after it
LINK_ORDER = ["dedup", "place_pins", "registry", "place_confidence", "quotes", "stories", "watchlists"]

CommitHook = Callable[[Store, Sequence[Article], int], None]


def _load() -> None:
    for module in LINK_MODULES:
        importlib.import_module(module)


class Linker:
    """Runs the link steps and stores each batch atomically."""

    def __init__(self, store: Store, understanding: bool = True,
                 options: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        """`options`: keyword arguments of a link step, by its name (`{"dedup": {"fallback": 0.85}}`)."""
        _load()
        available = registered_linkers()
        self.store = store
        self.steps: list[LinkStep] = [
            available[n](**(options or {}).get(n, {})) for n in LINK_ORDER if n in available and (understanding or not available[n].understanding)
        ]
        self.after_commit: list[CommitHook] = []

    def commit_batch(self, articles: Sequence[Article]) -> int:
        """Link and store one batch in one transaction; returns the batch number."""
        store = self.store
        with store.transaction():
            batch = int(store.get_meta("last_batch", "0") or 0) + 1
            replaced_ids = set(store.article_seqs([a.id for a in articles]))
            if replaced_ids:
                replaced = [a for a in articles if a.id in replaced_ids]
                for step in self.steps:
                    step.unlink(store, replaced)
            for step in self.steps:
                step.link(store, articles)
            store.put_articles(articles, batch)
            store.set_meta("last_batch", str(batch))
        for hook in self.after_commit:
            hook(store, articles, batch)
        return batch


__all__ = ["Linker", "LinkStep", "register_linker"]
