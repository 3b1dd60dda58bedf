"""The `watchlists` link step: every stored article is matched against the desk's watchlists.

Runs last (after dedup, so a duplicate is known and counts once), inside the batch transaction:
- one `watchlist_matches` row per (watchlist, article) the percolator (watchlists/percolator.py)
  finds, with the time it counts at (published, else ingest time); a duplicate's rows have counted 0;
- for a new (not reprocessed) counted match of a watchlist with a webhook, one `outbox` row with a
  stable delivery id (inserted once: a relink never queues the same delivery again);
- a rule category (a watchlist of kind 'rule') also gives the article that category (score 1).
Reprocessing unlinks an article's matches and matches it again, so they follow its new text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from newsdesk.link.base import LinkStep, register_linker
from newsdesk.model import Article
from newsdesk.store.base import Store
from newsdesk.watchlists.matches import PercolatorCache, delivery_id, iso, match_time
from newsdesk.watchlists.percolator import ArticleTerms

_CHUNK = 500


@register_linker
class WatchlistsLink(LinkStep):
    name = "watchlists"
    understanding = False

    def __init__(self) -> None:
        self.cache = PercolatorCache()

    def unlink(self, store: Store, articles: Sequence[Article]) -> None:
        ids = list(dict.fromkeys(a.id for a in articles))
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            store.execute(f"DELETE FROM watchlist_matches WHERE article_id IN ({marks})", chunk)
            store.execute(f"DELETE FROM article_categories WHERE source = 'rule' AND article_id IN ({marks})", chunk)

    def link(self, store: Store, articles: Sequence[Article]) -> None:
        percolator = self.cache.get(store)
        if not len(percolator) or not articles:
            return
        info = self.cache.info
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
            hits = percolator.match(ArticleTerms.of(a.title, a.text, a.source, a.language))
            if not hits:
                continue
            at = match_time(a.published, now)
            counted = 0 if a.duplicate_of else 1
            for wid in hits:
                matches[(wid, a.id)] = (wid, a.id, a_seq, at, counted)
                row = info[wid]
                if row["kind"] == "rule":
                    rules[(a.id, row["name"])] = (a.id, row["name"], 1.0, "rule")
                elif counted and row["webhook"] and a.id not in stored:
                    did = delivery_id(wid, a.id)
                    outbox[did] = (did, wid, a.id, now, now)
        if matches:
            store.executemany(
                "INSERT INTO watchlist_matches (watchlist_id, article_id, seq, at, counted) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (watchlist_id, article_id) DO UPDATE SET seq = excluded.seq, at = excluded.at,"
                " counted = excluded.counted", list(matches.values()))
        if outbox:
            store.executemany(
                "INSERT INTO outbox (delivery_id, watchlist_id, article_id, created_at, next_attempt_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (delivery_id) DO NOTHING", list(outbox.values()))
        if rules:
            store.executemany(
                "INSERT INTO article_categories (article_id, label, score, source) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (article_id, label) DO UPDATE SET score = excluded.score, source = excluded.source",
                list(rules.values()))
