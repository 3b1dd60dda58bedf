"""The one-writer linking phase. `Linker.commit_batch` is the only way articles enter a store."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from newsdesk.link.base import LinkStep
from newsdesk.model import Article
from newsdesk.store.base import Store

# The link steps, in the order they run: a duplicate must be known before entities and stories count
# it; place pins before the registry (it files a place under its location), place confidence after it.
LINK_ORDER = ["dedup", "place_pins", "registry", "place_confidence", "quotes", "stories", "watchlists"]


def link_steps() -> tuple[type[LinkStep], ...]:
    """The link step classes in LINK_ORDER: an explicit table, built when a Linker is made."""
    # heavy: link.dedup loads numpy and rensa (40 ms), and every desk command imports link.registry
    from newsdesk.link.dedup import Dedup
    from newsdesk.link.places import PlaceConfidence, PlacePins
    from newsdesk.link.quotes import QuotesLink
    from newsdesk.link.registry import Registry
    from newsdesk.link.stories import StoriesLinker
    from newsdesk.link.watchlists import WatchlistsLink

    steps = (Dedup, PlacePins, Registry, PlaceConfidence, QuotesLink, StoriesLinker, WatchlistsLink)
    assert [s.name for s in steps] == LINK_ORDER
    return steps


CommitHook = Callable[[Store, Sequence[Article], int], None]


class Linker:
    """Runs the link steps and stores each batch atomically."""

    def __init__(self, store: Store, understanding: bool = True,
                 options: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        """`options`: keyword arguments of a link step, by its name (`{"dedup": {"fallback": 0.85}}`)."""
        self.store = store
        self.steps: list[LinkStep] = [
            step(**(options or {}).get(step.name, {})) for step in link_steps() if understanding or not step.understanding
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


__all__ = ["Linker", "LinkStep", "LINK_ORDER", "link_steps"]
