"""The `watchlists` link step: every stored article is matched against the desk's watchlists.

Runs last (after dedup, so a duplicate is known and counts once), inside the batch transaction:
- one `watchlist_matches` row per (watchlist, article) the percolator (watchlists/percolator.py)
  finds, with the time it counts at (published, else ingest time); a duplicate's rows have counted 0;
- for a new (not reprocessed) counted match of a watchlist with a webhook, one `outbox` row with a
  stable delivery id (inserted once: a relink never queues the same delivery again);
- a rule category (a watchlist of kind 'rule') also gives the article that category (score 1);
- when the desk has a trained classifier, the article's learned categories (source 'model');
- a watchlist with filters (entity, place, source, language, category: watchlists/filters.py)
  keeps a query match only when the article passes them (checked only for the percolator's hits).
Reprocessing unlinks an article's matches and matches it again, so they follow its new text.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from newsdesk.link.base import LinkStep
from newsdesk.link.registry import alias_key
from newsdesk.model import Article
from newsdesk.store import watchlists as watch_rows
from newsdesk.store.base import Store
from newsdesk.watchlists.categories import CategoriesUnavailable, article_text
from newsdesk.watchlists.filters import ArticleFacts, is_place, resolve_entities
from newsdesk.watchlists.matches import ClassifierCache, PercolatorCache, delivery_id, iso, match_time

log = logging.getLogger(__name__)


class WatchlistsLink(LinkStep):
    name = "watchlists"
    understanding = False

    def __init__(self) -> None:
        self.cache = PercolatorCache()
        self.classifier = ClassifierCache()
        self.warned = False

    def unlink(self, store: Store, articles: Sequence[Article]) -> None:
        ids = list(dict.fromkeys(a.id for a in articles))
        watch_rows.forget(store, ids)

    def link(self, store: Store, articles: Sequence[Article]) -> None:
        learned = self._categorise(store, articles)
        percolator = self.cache.get(store)
        if not len(percolator) or not articles:
            return
        special = self.cache.special
        filtered = self.cache.filters
        resolved: dict[tuple[str, bool], frozenset[str]] = {}  # entity names -> ids, for this batch

        def resolve(name: str, places: bool) -> frozenset[str]:
            got = resolved.get((name, places))
            if got is None:
                got = resolved[(name, places)] = resolve_entities(store, name, places, alias_key)
            return got

        existing = store.article_seqs([a.id for a in articles])
        stored = set(existing)  # reprocessed articles: their deliveries were queued the first time
        seq = store.next_seq()
        now = iso(datetime.now(UTC))
        matches: dict[tuple[str, str], tuple] = {}
        outbox: dict[str, tuple] = {}
        rules: dict[tuple[str, str], tuple] = {}
        for a in articles:
            if a.id in existing:
                a_seq = existing[a.id]
            else:
                a_seq = existing[a.id] = seq
                seq += 1
            hits = percolator.match(percolator.article(a.title, a.text, a.source, a.language))
            if not hits:
                continue
            if filtered and any(wid in filtered for wid in hits):  # filters checked after the query
                facts = self._facts(a, learned.get(a.id, ()), [special[w]["name"] for w in hits
                                                               if w in special and special[w]["kind"] == "rule"])
                hits = [wid for wid in hits if wid not in filtered or filtered[wid].accepts(facts, resolve)]
            at = match_time(a.published, now)
            counted = 0 if a.duplicate_of else 1
            for wid in hits:
                matches[(wid, a.id)] = (wid, a.id, a_seq, at, counted)
                row = special.get(wid)  # most watchlists have neither a webhook nor a rule's label
                if row is None:
                    continue
                if row["kind"] == "rule":
                    rules[(a.id, row["name"])] = (a.id, row["name"], 1.0, "rule")
                elif counted and row["webhook"] and a.id not in stored:
                    did = delivery_id(wid, a.id)
                    outbox[did] = (did, wid, a.id, now, now)
        watch_rows.put_matches(store, list(matches.values()))
        watch_rows.queue_deliveries(store, list(outbox.values()))
        watch_rows.put_categories(store, list(rules.values()))

    @staticmethod
    def _facts(a: Article, learned: Sequence[str], rules: Sequence[str]) -> ArticleFacts:
        ents = [(e.entity_id, is_place(e.label, e.lat, e.geonameid)) for e in a.entities]
        ents += [(m.entity_id, False) for m in a.mentions]
        return ArticleFacts.of(a.source, a.language, [*learned, *rules], ents)

    def _categorise(self, store: Store, articles: Sequence[Article]) -> dict[str, list[str]]:
        """The desk's learned categories for the batch (when a classifier has been trained): stored,
        and returned as article id -> labels for the watchlists' category filters."""
        try:
            clf = self.classifier.get(store)
        except CategoriesUnavailable as exc:  # scikit-learn gone since training: store, uncategorised
            if not self.warned:
                log.warning("%s; articles are stored without learned categories", exc)
                self.warned = True
            return {}
        if clf is None or not articles:
            return {}
        batch = list({a.id: a for a in articles}.values())  # an id twice in a batch: its last version
        got = clf.categories([article_text(a.title, a.text) for a in batch])
        watch_rows.replace_learned(store, [a.id for a in batch], [
            (a.id, label, round(score, 4)) for a, labels in zip(batch, got, strict=True) for label, score in labels])
        return {a.id: [label for label, _ in labels] for a, labels in zip(batch, got, strict=True)}
