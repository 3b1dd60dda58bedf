"""The "stories" link step: every new article joins a story or starts one (see newsdesk.stories); a
story that drifted is split right after the article that shows it (newsdesk.stories.drift)."""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.link.base import LinkStep
from newsdesk.model import Article
from newsdesk.store.base import Store
from newsdesk.stories import drift
from newsdesk.stories.cluster import DEFAULT, Clusterer, Config
from newsdesk.stories.life import refresh
from newsdesk.stories.state import StoryState


class StoriesLinker(LinkStep):
    name = "stories"
    understanding = True

    def __init__(self, config: Config = DEFAULT) -> None:
        self.config = config

    def unlink(self, store: Store, articles: Sequence[Article]) -> None:
        state = StoryState(store)
        clusterer = Clusterer(state, self.config)
        clusterer.forget([a.id for a in articles])
        refresh(state, clusterer.touched)
        state.flush()

    def link(self, store: Store, articles: Sequence[Article]) -> None:
        state = StoryState(store)
        clusterer = Clusterer(state, self.config)
        clusterer.prepare(articles)
        for article in articles:
            # Per article, not per batch: the stories never depend on the batch size.
            drift.check(clusterer, clusterer.assign(article), article)
        # Titles, summaries and the breaking flag: only for the stories this batch touched.
        refresh(state, clusterer.touched)
        state.flush()
