"""Keeping the index caught up with the store (the truth).

- After each committed store batch (a `Linker.after_commit` hook) the batch's articles are written
  to the index; the index commits every few seconds and when the ingest ends, recording the last
  batch it holds.
- When the desk is opened, batches the index does not hold yet (a crash between the store's
  commit and the index's, another process's ingest) are indexed: nothing is lost.
- Link steps that change articles outside their batch (a story merge, a duplicate re-rooted) call
  `mark_for_reindex(store, ids)` inside their transaction; those articles are re-read after the
  commit (or, after a crash, at the next open). Code outside a transaction can call
  `Desk.reindex_articles(ids)` instead.
- `rebuild()` (the `newsdesk reindex` command) empties the index and reads every article again.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterator, Sequence

from newsdesk.model import Article
from newsdesk.search.index import IndexBusy, IndexDoc, IndexState, SearchIndex
from newsdesk.store.base import Store, chunks, row_to_article
from newsdesk.store.changes import any_changed, changed, clear_changed, mark_changed

log = logging.getLogger(__name__)

# During an ingest the index commits every COMMIT_DOCS documents or COMMIT_EVERY_S seconds (and at
# the end). Each commit closes a segment; few large segments spare tantivy the merges that would
# otherwise rewrite the index several times over during a large load.
COMMIT_DOCS = 20_000
COMMIT_EVERY_S = 30.0
PAGE = 500


def mark_for_reindex(store: Store, ids: Sequence[str]) -> None:
    """Record (inside the caller's transaction) that these stored articles changed
    (newsdesk.store.changes.mark_changed, which writers outside search use)."""
    mark_changed(store, ids)


def desk_uid(store: Store) -> str:
    """A random id for this desk, made once: tells an index which desk it belongs to."""
    uid = store.get_meta("desk_uid")
    if not uid:
        with store.transaction():
            uid = store.get_meta("desk_uid")
            if not uid:
                uid = uuid.uuid4().hex
                store.set_meta("desk_uid", uid)
    return uid


class IndexSync:
    def __init__(self, store: Store, index: SearchIndex) -> None:
        self.store = store
        self.index = index
        self.uid = desk_uid(store)
        self._written: int | None = None  # last batch written to the index (committed or not)
        self._committed_at = time.monotonic()
        self._pending_commit = False
        self._uncommitted_docs = 0

    # --- state -------------------------------------------------------------------------------------
    def store_batch(self) -> int:
        return int(self.store.get_meta("last_batch", "0") or 0)

    def lag(self) -> int | None:
        """Store batches the index does not hold (None: it must be rebuilt)."""
        state = self.index.state()
        if state is None or state.desk != self.uid or state.batch > self.store_batch():
            return None
        return self.store_batch() - state.batch

    # --- catching up -------------------------------------------------------------------------------
    def catch_up(self) -> int:
        """Index what the store has and the index lacks; returns the number of articles written."""
        try:
            lag = self.lag()
            if lag is None:
                return self.rebuild()
            n = 0
            state = self.index.state()
            assert state is not None
            self._written = state.batch
            if lag:
                target = self.store_batch()
                n = self._write_rows("batch > ? AND batch <= ?", (state.batch, target))
                self._commit(target)
            return n + self.drain_pending()
        except IndexBusy:
            self._written = None
            log.info("search index busy (another process writes it); it will be caught up later")
            return 0

    def rebuild(self) -> int:
        """Empty the index and write every stored article again."""
        target = self.store_batch()
        self.index.clear()
        n = self._write_rows("", ())
        clear_changed(self.store)
        self._commit(target)
        return n

    def _write_rows(self, where: str, params: tuple) -> int:
        n = 0
        for docs in self._docs_from_store(where, params):
            self.index.write(docs)
            n += len(docs)
        return n

    def _docs_from_store(self, where: str, params: tuple) -> Iterator[list[IndexDoc]]:
        last = 0
        cond = f" AND ({where})" if where else ""
        while True:
            rows = self.store.query(
                f"SELECT * FROM articles WHERE seq > ?{cond} ORDER BY seq LIMIT {PAGE}", (last, *params)
            )
            if not rows:
                return
            last = int(rows[-1]["seq"])
            yield self._docs([(row_to_article(r), int(r["seq"])) for r in rows])

    def _docs(self, pairs: Sequence[tuple[Article, int]]) -> list[IndexDoc]:
        roots = [a.duplicate_of for a, _ in pairs if a.duplicate_of]
        root_seq = self.store.article_seqs(list(dict.fromkeys(roots))) if roots else {}
        docs = [IndexDoc.from_article(a, seq, root_seq.get(a.duplicate_of) if a.duplicate_of else seq)
                for a, seq in pairs]
        # Categories live in the store (assigned by the watchlists link step, training, rules), not
        # on the article: read them for the batch so `--category` is an index filter.
        by_id = {d.id: d for d in docs}
        for r in self.store.select_in("SELECT article_id, label FROM article_categories WHERE article_id IN (?*)",
                                      list(by_id)):
            by_id[r["article_id"]].categories.append(r["label"])
        return docs

    def drain_pending(self) -> int:
        ids = changed(self.store)
        if not ids:
            return 0
        n = self.refresh(ids)
        clear_changed(self.store, ids)
        return n

    def refresh(self, ids: Sequence[str]) -> int:
        """Write these stored articles again and commit (missing ids are skipped)."""
        n = 0
        for chunk in chunks(list(dict.fromkeys(ids)), PAGE):
            rows = self.store.select_in("SELECT * FROM articles WHERE id IN (?*)", chunk)
            self.index.write(self._docs([(row_to_article(r), int(r["seq"])) for r in rows]))
            n += len(rows)
        self._commit(self._current_batch())
        return n

    def _current_batch(self) -> int:
        """The batch the index holds once what was written is committed."""
        if self._written is not None:
            return self._written
        state = self.index.state()
        return state.batch if state and state.desk == self.uid else 0

    def _commit(self, batch: int) -> None:
        self.index.commit(IndexState(batch=batch, desk=self.uid))
        self._written = batch
        self._pending_commit = False
        self._uncommitted_docs = 0
        self._committed_at = time.monotonic()

    # --- during an ingest --------------------------------------------------------------------------
    def after_commit(self, store: Store, articles: Sequence[Article], batch: int) -> None:
        """Linker hook: the batch is committed in the store; write it to the index."""
        try:
            if self._written is None or batch != self._written + 1:
                # Not right after what we wrote: batches were committed without us; catch up.
                self.catch_up()
                return
            seqs = store.article_seqs([a.id for a in articles])
            self.index.write(self._docs([(a, seqs[a.id]) for a in articles if a.id in seqs]))
            self._written = batch
            self._pending_commit = True
            self._uncommitted_docs += len(articles)
            if (self._uncommitted_docs >= COMMIT_DOCS
                    or time.monotonic() - self._committed_at >= COMMIT_EVERY_S):
                self.flush()
        except IndexBusy:
            self._written = None
            log.info("search index busy; batch %d will be indexed at the next catch-up", batch)

    def flush(self) -> None:
        """Commit what was written (the end of an ingest, or every few seconds during one)."""
        try:
            if self._pending_commit and self._written is not None:
                self._commit(self._written)
            if any_changed(self.store):
                self.drain_pending()
        except IndexBusy:
            self._written = None
