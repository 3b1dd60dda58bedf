"""Linking: the stateful phase that needs the corpus (duplicates, the entity registry, stories).

It runs as one writer per desk, batch by batch in canonical order, each batch in one transaction:
link steps annotate the batch's articles against the store and update their own tables, then the
articles are stored. A crash leaves the desk as it was after the last committed batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from newsdesk.model import Article
from newsdesk.store.base import Store


class LinkStep:
    name: ClassVar[str] = ""
    # Steps that need language understanding (entities, stories) are skipped by bulk loads.
    understanding: ClassVar[bool] = False

    def unlink(self, store: Store, articles: Sequence[Article]) -> None:
        """Forget what an earlier version of these (about to be replaced) articles contributed."""

    def link(self, store: Store, articles: Sequence[Article]) -> None:
        """Annotate `articles` (in canonical order) against the store; write this step's tables."""

