"""The `quotes` link step: quotations indexed across the desk, speakers tied to the registry.

Runs after `registry` (which set `DocEntity.entity_id`), inside the batch transaction:
- each quote's `speaker_entity_id` is the registry entity of its resolved speaker (`speaker_key`);
- one `quotes` row per quotation, and one `quote_entities` row per registry entity mentioned inside
  its content (the quotations "about" that entity; the speaker is left out);
- a duplicate article's quotes are stored with counted = 0: it keeps them, listings skip them.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.link.base import LinkStep
from newsdesk.model import Article, Quote, short_hash
from newsdesk.store import entities as registry_rows
from newsdesk.store import quotes as quote_rows
from newsdesk.store.base import Store, now_iso


def quote_id(article_id: str, q: Quote) -> str:
    return short_hash("quote", article_id, str(q.content.start), str(q.content.end))


def quote_text(q: Quote) -> str:
    """The reported words only: a split quotation's fragments joined, without the cue and speaker
    between them (""X," he said, "Y."" -> ""X," … "Y."")."""
    if len(q.fragments) > 1:
        return " … ".join(f.text.strip() for f in q.fragments)
    return q.content.text


def _regions(q: Quote) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in q.fragments] or [(q.content.start, q.content.end)]




class QuotesLink(LinkStep):
    name = "quotes"
    understanding = True

    def unlink(self, store: Store, articles: Sequence[Article]) -> None:
        ids = list(dict.fromkeys(a.id for a in articles))
        quote_rows.forget(store, ids)

    def link(self, store: Store, articles: Sequence[Article]) -> None:
        if len({a.id for a in articles}) < len(articles):
            # One article twice in a batch: the later copy replaces the earlier's rows, in order.
            for article in articles:
                self.unlink(store, [article])
                if article.quotes:
                    self._write(store, [article])
            return
        # Re-linking the same article (reprocess) replaces its rows; the registry has linked the
        # whole batch already, so one read of the speakers' names serves every article.
        self.unlink(store, articles)
        self._write(store, [a for a in articles if a.quotes])

    @staticmethod
    def _write(store: Store, articles: Sequence[Article]) -> None:
        speaker_ids = set()
        for article in articles:
            ids = {e.key: e.entity_id for e in article.entities if e.entity_id}
            speaker_ids.update(ids[q.speaker_key] for q in article.quotes if q.speaker_key in ids)
        names = registry_rows.names(store, sorted(speaker_ids))
        rows: list[tuple] = []
        about: list[tuple] = []
        for article in articles:
            QuotesLink._rows(article, names, rows, about)
        quote_rows.put(store, rows, about)

    @staticmethod
    def _rows(article: Article, names: dict[str, str], rows: list[tuple], about: list[tuple]) -> None:
        ids = {e.key: e.entity_id for e in article.entities if e.entity_id}
        counted = 0 if article.duplicate_of else 1
        when = article.published or now_iso()
        seen: set[str] = set()
        for q in article.quotes:
            q.speaker_entity_id = ids.get(q.speaker_key) if q.speaker_key else None
            if q.speaker_entity_id in names:
                q.speaker_name = names[q.speaker_entity_id]  # the desk's name for them, fullest seen
            qid = quote_id(article.id, q)
            if qid in seen:
                continue
            seen.add(qid)
            sp = q.speaker
            rows.append((
                qid, article.id, q.content.start, q.content.end, quote_text(q), 1 if q.direct else 0,
                q.cue.text if q.cue else None, sp.text if sp else None, sp.start if sp else None,
                sp.end if sp else None, q.speaker_name, q.speaker_entity_id, when, counted,
            ))
            regions = _regions(q)
            mentioned = {
                m.entity_id for m in article.mentions
                if m.entity_id and m.entity_id != q.speaker_entity_id
                and any(s <= m.start and m.end <= e for s, e in regions)
            }
            about.extend((qid, eid, article.id, counted) for eid in sorted(mentioned))
