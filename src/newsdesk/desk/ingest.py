"""The ingest loop: sources -> (engine) pure enrichment -> one writer, batch by batch, in input order."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from newsdesk.config import IngestOptions
from newsdesk.engines import Engine
from newsdesk.link import Linker
from newsdesk.model import Article, RawRecord, Skipped
from newsdesk.store.base import Store
from newsdesk.text import strip_controls

# Articles per task sent to a worker: small, so two workers share a short input evenly.
ENRICH_CHUNK = 16
# Exit statuses of ingest-like commands (documented in the README).
EXIT_OK, EXIT_ERROR, EXIT_PARTIAL, EXIT_INTERRUPTED = 0, 1, 3, 130
# Per-item outcomes kept in a report (enough for any HTTP batch; a huge ingest keeps counts only).
MAX_OUTCOMES = 10_000
# A lone UTF-16 surrogate (from JSON "\\ud800" escapes): not a character, cannot be stored or encoded.
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class IngestReport:
    read: int = 0  # records read from the inputs
    stored: int = 0  # new or replaced articles committed
    unchanged: int = 0  # already in the desk with the same content (a repeated or resumed ingest)
    duplicates: int = 0  # stored articles recorded as duplicates of an earlier one
    skipped: int = 0  # bad items reported and left out
    batches: int = 0
    words: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    skipped_items: list[str] = field(default_factory=list)  # the first few, for summaries
    repaired: int = 0  # records stored with characters replaced (flag "repaired")
    # What became of each item, in input order (the first MAX_OUTCOMES): origin, position, status
    # (stored / duplicate / unchanged / skipped), the article id, and the reason of a skip.
    outcomes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        # Repaired records are stored, but not as they came: like a skip, the user must look.
        return EXIT_PARTIAL if self.skipped or self.repaired else EXIT_OK

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in (
            "read", "stored", "unchanged", "duplicates", "skipped", "repaired", "batches", "words",
            "interrupted")}
        d["seconds"] = round(self.seconds, 3)
        d["articles_per_second"] = round(self.stored / self.seconds, 1) if self.seconds else None
        d["exit_status"] = self.exit_status
        return d


def _repair_text(value: Any) -> tuple[Any, bool]:
    """`value` with lone surrogates replaced by U+FFFD (in strings, lists and dicts), and whether any were."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            return _SURROGATE.sub("\ufffd", value), True
        return value, False
    if isinstance(value, list):
        pairs = [_repair_text(v) for v in value]
        return [v for v, _ in pairs], any(c for _, c in pairs)
    if isinstance(value, dict):
        out, changed = {}, False
        for k, v in value.items():
            k2, c1 = _repair_text(k)
            v2, c2 = _repair_text(v)
            out[k2] = v2
            changed = changed or c1 or c2
        return out, changed
    return value, False


def repair_record(raw: RawRecord) -> RawRecord:
    """A record whose strings hold lone surrogates, with each replaced by U+FFFD and flag `repaired`.

    Each record stands alone: one bad character must not fail the batch it is stored in.
    """
    changes: dict[str, Any] = {}
    for name in ("text", "title", "url", "record_id", "source", "byline", "published", "language", "meta"):
        fixed, changed = _repair_text(getattr(raw, name))
        if changed:
            changes[name] = fixed
    if not changes:
        return raw
    flags = list(raw.flags) + (["repaired"] if "repaired" not in raw.flags else [])
    return replace(raw, flags=flags, **changes)


def record_to_article(raw: RawRecord, default_source: str | None = None) -> Article:
    meta = dict(raw.meta)
    # A stored article sent round again (reprocess) keeps its id.
    kept_id = meta.pop("_keep_id", None)
    kept_hash = meta.pop("_keep_hash", None)
    # The short fields never pass the clean step: control characters go here (a NUL in a title
    # would fail the whole batch on PostgreSQL).
    article = Article(
        id=kept_id or raw.article_id(),
        text=raw.text,
        title=(strip_controls(raw.title) or "").strip(),
        url=strip_controls(raw.url),
        source=strip_controls(raw.source or default_source),
        byline=strip_controls(raw.byline),
        published=strip_controls(raw.published),
        language=strip_controls(raw.language),
        flags=list(raw.flags),
        content_hash=kept_hash or raw.content_hash(),
        origin=raw.origin,
        position=raw.position,
        meta=meta,
    )
    if kept_id:
        article.scratch["reprocess"] = True
    return article


def run_ingest(
    store: Store,
    items: Iterable[RawRecord | Skipped],
    options: IngestOptions,
    engine: Engine,
    linker: Linker,
    on_skip: Callable[[Skipped], None] | None = None,
    on_batch: Callable[[IngestReport], None] | None = None,
) -> IngestReport:
    report = IngestReport()
    started = time.perf_counter()
    limit = options.limits.max_article_chars

    def outcome(origin: str, position: int, status: str, **extra: Any) -> None:
        if len(report.outcomes) < MAX_OUTCOMES:
            report.outcomes.append({"origin": origin, "position": position, "status": status, **extra})

    def skip(item: Skipped) -> None:
        report.skipped += 1
        outcome(item.origin, item.position, "skipped", reason=item.reason)
        if len(report.skipped_items) < 50:
            report.skipped_items.append(str(item))
        if on_skip:
            on_skip(item)

    def fresh(raws: list[RawRecord]) -> list[Article]:
        """Leave out what the desk already holds unchanged (a repeated or resumed ingest)."""
        articles = [record_to_article(r, options.source) for r in raws]
        stored = store.content_hashes([a.id for a in articles])
        out, seen = [], set()
        for a in articles:
            forced = a.scratch.pop("reprocess", False)
            if not forced and (stored.get(a.id) == a.content_hash or (a.id, a.content_hash) in seen):
                report.unchanged += 1
                outcome(a.origin, a.position, "unchanged", id=a.id)
                continue
            seen.add((a.id, a.content_hash))
            out.append(a)
            if "repaired" in a.flags:
                # counted when stored: a repaired record already in the desk is not news on a re-run
                report.repaired += 1
        return out

    def chunks() -> Iterator[list[Article]]:
        pending: list[RawRecord] = []
        for item in items:
            if isinstance(item, Skipped):
                skip(item)
                continue
            report.read += 1
            item = repair_record(item)
            if len(item.text) > limit:
                skip(Skipped(item.origin, item.position,
                             f"article too large ({len(item.text):,} characters > limit {limit:,})"))
                continue
            if not item.text.strip():
                skip(Skipped(item.origin, item.position, "no text"))
                continue
            pending.append(item)
            if len(pending) >= ENRICH_CHUNK:
                batch = fresh(pending)
                pending = []
                if batch:
                    yield batch
        if pending:
            batch = fresh(pending)
            if batch:
                yield batch

    buffer: list[Article] = []

    def commit() -> None:
        nonlocal buffer
        if not buffer:
            return
        linker.commit_batch(buffer)
        report.batches += 1
        report.stored += len(buffer)
        report.duplicates += sum(1 for a in buffer if a.duplicate_of)
        for a in buffer:
            if a.duplicate_of:
                outcome(a.origin, a.position, "duplicate", id=a.id, duplicate_of=a.duplicate_of)
            else:
                outcome(a.origin, a.position, "stored", id=a.id)
        report.words += sum(len(a.text.split()) for a in buffer)
        buffer = []
        report.seconds = time.perf_counter() - started
        if on_batch:
            on_batch(report)

    try:
        for enriched in engine.enrich(chunks()):
            buffer.extend(enriched)
            if len(buffer) >= options.batch_size:
                commit()
        commit()
    except KeyboardInterrupt:
        # The batch in flight is lost (its transaction never began or rolled back); all else stays.
        report.interrupted = True
    finally:
        engine.close()
        report.seconds = time.perf_counter() - started
    return report
