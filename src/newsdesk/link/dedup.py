"""Duplicates, against everything already stored: exact copies and near-copies.

Runs first in each linking batch, inside its transaction, in canonical order, so the first article
in input order is the original and later copies point at it (`duplicate_of`, always the root
original, never another duplicate). Earlier articles of the same batch count like stored ones.

- Exact: the same normalised text (`Article.fingerprint`), or the same canonical URL under another
  id, found through the article table's indexes. (The same URL without a record id of its own
  gives the same article id: a newer version that replaces the older one, not a duplicate.)
- Near: MinHash (rensa, 128 permutations) over word 5-shingles of the normalised text, with LSH
  band buckets kept in the store (`dedup_buckets`), so memory does not grow with the desk. A
  candidate sharing a bucket counts when its estimated Jaccard similarity comes within a margin
  of the threshold and the exact Jaccard of the two shingle sets (the stored text shingled again)
  reaches it.

The threshold (default 0.8) is set per desk (`desk_meta` key `dedup_threshold`), by the
environment (NEWSDESK_DEDUP_THRESHOLD) or with `Dedup(threshold=...)`. The banding is fixed and
finds pairs from about 0.7 upwards (0.98 of them at 0.7), so thresholds from 0.7 to 1 work on an
existing desk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from newsdesk.dedup import (
    BUCKETS_META,
    MIN_SHINGLES,
    SIGNATURE_META,
    band_buckets,
    clamp_threshold,
    decode_signature,
    encode_signature,
    jaccard,
    likely,
    shingle_hashes,
    signatures,
    text_fingerprint,
)
from newsdesk.link.base import LinkStep
from newsdesk.model import Article
from newsdesk.store import articles as stored
from newsdesk.store import dedup as dedup_tables
from newsdesk.store.base import Store
from newsdesk.store.changes import mark_changed
from newsdesk.text import canonical_url


@dataclass
class _Seen:
    """An article dedup can match against: stored, or earlier in this batch."""

    id: str
    root: str | None  # None: a stored candidate not looked up yet (only likely ones are)
    order: tuple[int, int]  # (0, seq) for stored articles, (1, position) for this batch
    signature: np.ndarray | None = None
    text: str | None = None  # known for batch articles; read from the store when needed
    shingles: np.ndarray | None = None


@dataclass
class _Prepared:
    article: Article
    fingerprint: str
    url_key: str | None
    signature: np.ndarray | None = None
    buckets: list[int] = field(default_factory=list)
    shingles: np.ndarray | None = None  # computed when a candidate needs the exact check


class Dedup(LinkStep):
    name = "dedup"
    understanding = False

    def __init__(self, threshold: float | None = None, fallback: float | None = None) -> None:
        """`threshold` overrides the desk's own (`desk_meta`); `fallback` (from the settings) is
        used where the desk has none."""
        self.threshold = threshold
        self.fallback = fallback
        # Articles of the batch being linked that replace stored ones: id -> stored duplicate_of.
        self._replaced: dict[str, str | None] = {}

    def resolved_threshold(self, store: Store) -> float:
        value = self.threshold
        if value is None:
            value = store.get_meta("dedup_threshold") or self.fallback
        return clamp_threshold(value)

    # --- forgetting a replaced version -------------------------------------------------------------
    def unlink(self, store: Store, articles: Sequence[Article]) -> None:
        ids = [a.id for a in articles]
        self._replaced = {i: r["duplicate_of"] for i, r in stored.duplicate_links(store, ids).items()}
        gone = [(bucket, i) for i, sig in dedup_tables.signatures_of(store, ids).items()
                for bucket in band_buckets(decode_signature(sig))]
        dedup_tables.forget(store, gone, ids)

    # --- linking a batch ---------------------------------------------------------------------------
    def link(self, store: Store, articles: Sequence[Article]) -> None:
        replaced, self._replaced = self._replaced, {}
        if not articles:
            return
        threshold = self.resolved_threshold(store)
        prepared = self._prepare(articles)
        by_fp = self._stored_exact(store, "fingerprint", {p.fingerprint for p in prepared}, replaced)
        by_url = self._stored_exact(store, "canonical_url", {p.url_key for p in prepared if p.url_key}, replaced)
        bucket_ids = self._stored_buckets(store, prepared)
        seen = self._stored_seen(store, {i for ids in bucket_ids.values() for i in ids if i not in replaced})

        batch_fp: dict[str, _Seen] = {}
        batch_url: dict[str, _Seen] = {}
        batch_buckets: dict[int, list[str]] = {}
        doc_rows, bucket_rows, rerooted = [], [], []
        for pos, p in enumerate(prepared):
            a = p.article
            exact = _first_other(a.id, batch_fp.get(p.fingerprint), by_fp.get(p.fingerprint))
            if exact is None and p.url_key:
                exact = _first_other(a.id, batch_url.get(p.url_key), by_url.get(p.url_key))
            root = exact.root if exact else None
            if root is None and p.signature is not None:
                ids = {i for b in p.buckets for i in (*bucket_ids.get(b, ()), *batch_buckets.get(b, ()))}
                options = [seen[i] for i in ids if i in seen and i != a.id]
                near = self._best_near(store, p, options, threshold, a.id)
                root = near.root if near else None
            a.duplicate_of = root
            me = _Seen(a.id, root or a.id, (1, pos), p.signature, a.text, p.shingles)
            seen[a.id] = me
            batch_fp.setdefault(p.fingerprint, me)
            if p.url_key:
                batch_url.setdefault(p.url_key, me)
            # An exact copy's buckets would be its original's: only the others get buckets.
            if p.signature is not None and exact is None:
                for b in p.buckets:
                    batch_buckets.setdefault(b, []).append(a.id)
                    bucket_rows.append((b, a.id))
                doc_rows.append((a.id, encode_signature(p.signature)))
            if root and a.id in replaced and replaced[a.id] is None:
                rerooted.append((root, a.id))
        dedup_tables.put_signatures(store, doc_rows)
        dedup_tables.put_buckets(store, bucket_rows)
        self._reroot(store, rerooted)

    def _prepare(self, articles: Sequence[Article]) -> list[_Prepared]:
        out = []
        for a in articles:
            fp = a.fingerprint or text_fingerprint(a.text)
            a.fingerprint = fp
            p = _Prepared(a, fp, canonical_url(a.url) if a.url else None)
            carried = a.meta.pop(SIGNATURE_META, None)
            carried_buckets = a.meta.pop(BUCKETS_META, None)
            if carried:
                p.signature = decode_signature(carried)
                p.buckets = carried_buckets or None
            elif carried is None:  # not computed by the pipeline: compute it here
                (p.shingles,) = shingle_hashes([a.text])
            out.append(p)
        todo = [p for p in out if p.shingles is not None and len(p.shingles) >= MIN_SHINGLES]
        for p, sig in zip(todo, signatures([p.shingles for p in todo]), strict=True):
            p.signature = sig
        for p in out:
            if p.signature is not None and not p.buckets:
                p.buckets = band_buckets(p.signature)
        return out

    def _stored_exact(self, store: Store, column: str, keys: set[str], replaced: dict[str, str | None]
                      ) -> dict[str, _Seen]:
        """The earliest stored article for each key (replaced versions left out: their new text is
        in this batch)."""
        out: dict[str, _Seen] = {}
        for r in stored.earliest_by(store, column, keys):
            if r["id"] not in replaced and r["k"] not in out:
                out[r["k"]] = _Seen(r["id"], r["duplicate_of"] or r["id"], (0, int(r["seq"])))
        return out

    def _stored_buckets(self, store: Store, prepared: list[_Prepared]) -> dict[int, list[str]]:
        return dedup_tables.bucket_members(store, {b for p in prepared for b in p.buckets})

    def _stored_seen(self, store: Store, ids: set[str]) -> dict[str, _Seen]:
        """Signatures of the stored candidates (their roots are read only for the likely ones)."""
        return {i: _Seen(i, None, (0, 0), decode_signature(sig))
                for i, sig in dedup_tables.signatures_of(store, ids).items()}

    def _best_near(self, store: Store, p: _Prepared, candidates: list[_Seen], threshold: float, me: str
                   ) -> _Seen | None:
        """The most similar candidate at or over the threshold (the earliest on ties), or None.
        Candidates that are `me` or its own duplicates do not count."""
        assert p.signature is not None
        close = [c for c in candidates if c.signature is not None and likely(c.signature, p.signature, threshold)]
        unresolved = [c for c in close if c.root is None]
        if unresolved:
            found = stored.duplicate_links(store, [c.id for c in unresolved])
            for c in unresolved:
                r = found.get(c.id)
                if r is not None:
                    c.root, c.order = r["duplicate_of"] or r["id"], (0, int(r["seq"]))
        close = [c for c in close if c.root is not None and c.root != me]
        if not close:
            return None
        if p.shingles is None:
            (p.shingles,) = shingle_hashes([p.article.text])
        unread = [c for c in close if c.shingles is None and c.text is None]
        if unread:
            texts = stored.texts(store, [c.id for c in unread])
            for c in unread:
                c.text = texts.get(c.id)
        todo = [c for c in close if c.shingles is None and c.text is not None]
        for c, sh in zip(todo, shingle_hashes([c.text for c in todo]), strict=True):
            c.shingles = sh
        best, best_key = None, None
        for c in close:
            if c.shingles is None:
                continue
            j = jaccard(p.shingles, c.shingles)  # type: ignore[arg-type]
            key = (-j, c.order)
            if j >= threshold and (best_key is None or key < best_key):
                best, best_key = c, key
        return best

    def _reroot(self, store: Store, rerooted: list[tuple[str, str]]) -> None:
        """A replaced article that was an original and is now a duplicate: the copies that pointed
        at it follow it to its root (a duplicate never points at another duplicate)."""
        if not rerooted:
            return
        for root, old in rerooted:
            ids = stored.copies_of(store, old)
            if ids:
                stored.repoint_copies(store, old, root)
                mark_changed(store, ids)


def _first_other(me: str, *found: _Seen | None) -> _Seen | None:
    """The earliest match that is neither the article itself nor one of its own duplicates."""
    options = [f for f in found if f is not None and f.id != me and f.root != me]
    return min(options, key=lambda f: f.order) if options else None
