"""The Desk's core: open a desk, ingest, read articles back, stats, export, reprocess."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from newsdesk.config import IngestOptions
from newsdesk.desk.export import LABEL_FIELDS, export_fields, export_rows, with_labels, write_rows
from newsdesk.desk.ingest import IngestReport, run_ingest
from newsdesk.engines import make_engine
from newsdesk.link import Linker
from newsdesk.model import Article, RawRecord, Skipped
from newsdesk.settings import Settings, load_settings
from newsdesk.store import Store, open_store
from newsdesk.store import articles as stored

EXPORT_FIELDS = [
    "id", "url", "source", "title", "text", "published", "language", "flags", "duplicate_of", "story_id",
    "byline", "summary", "keywords", "fingerprint", "pipeline_version", "origin", "position",
    "source_id", "extra",  # the record's own id and its unmapped fields (meta), so nothing is lost
]


class DeskCore:
    """Shared state of a desk; feature mixins (search, entities, stories, sources) build on it."""

    def __init__(self, address: str | None = None, store: Store | None = None,
                 settings: Settings | None = None) -> None:
        """`settings`: what the entry point read (newsdesk.toml, environment, flags); without it the
        Python API reads them here, once (the file in the desk's folder or the current one)."""
        if settings is None:
            local = address and not address.startswith(("postgresql://", "postgres://"))
            settings = load_settings(folder=Path(address).parent if local else None)  # type: ignore[arg-type]
        self.settings = settings
        self.store: Store = store or open_store(address or settings.db)
        self.address = self.store.address
        self._commit_hooks: list[Callable] = []
        # Run when a write (an ingest, a reprocess) ends, however it ends: features flush here.
        self._write_done_hooks: list[Callable[[], None]] = []
        self._on_open()

    # Mixins extend these hooks (call super()).
    def _on_open(self) -> None:
        pass

    def _make_linker(self, understanding: bool) -> Linker:
        linker = Linker(self.store, understanding=understanding,
                        options={"dedup": {"fallback": self.settings.dedup_threshold}})
        linker.after_commit.extend(self._commit_hooks)
        return linker

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> DeskCore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- ingest ----------------------------------------------------------------------------------
    def ingest(
        self,
        paths: list[str],
        options: IngestOptions | None = None,
        on_skip: Callable[[Skipped], None] | None = None,
        on_batch: Callable[[IngestReport], None] | None = None,
    ) -> IngestReport:
        """Read `paths` (files, folders, .gz, "-" for stdin), enrich, link and store every article."""
        options = options or IngestOptions()
        engine, linker = self._engine_and_linker(options)
        try:
            items = engine.read_inputs(paths, options)
        except BaseException:
            engine.close()
            raise
        with self._writing():
            return run_ingest(self.store, items, options, engine, linker, on_skip, on_batch)

    def ingest_records(
        self,
        items: Iterable[RawRecord | Skipped | dict[str, Any]],
        options: IngestOptions | None = None,
        on_skip: Callable[[Skipped], None] | None = None,
        on_batch: Callable[[IngestReport], None] | None = None,
    ) -> IngestReport:
        """Ingest records already in memory (RawRecords, or dicts with the usual field names)."""
        options = options or IngestOptions()
        engine, linker = self._engine_and_linker(options)
        with self._writing():
            return run_ingest(self.store, _as_records(items, options), options, engine, linker, on_skip, on_batch)

    @contextmanager
    def _writing(self) -> Iterator[None]:
        try:
            yield
        finally:
            for hook in self._write_done_hooks:
                hook()

    def _engine_and_linker(self, options: IngestOptions) -> tuple:
        """The engine for the options' pipeline, and a linker that runs the matching link steps
        (a bulk pipeline without language understanding skips the registry and stories)."""
        work_dir = f"{self.store.path}.ray" if getattr(self.store, "path", None) else None
        engine = make_engine(options.engine, options.pipeline, options.resolved_workers(), options.engine_address,
                             work_dir=work_dir, step_options=self.settings.pipeline.step_options(),
                             tmp_base=self.settings.ray_tmp)
        understanding = any(s.understanding for s in engine.pipeline.steps)
        return engine, self._make_linker(understanding)

    def reprocess(
        self,
        options: IngestOptions | None = None,
        on_batch: Callable[[IngestReport], None] | None = None,
        all_articles: bool = False,
    ) -> IngestReport:
        """Enrich again the stored articles whose pipeline version is older than the current one."""
        options = options or IngestOptions()
        engine, linker = self._engine_and_linker(options)
        where, params = _stale_where(engine.pipeline.version, all_articles)
        stale = [a.id for a in self.store.iter_articles(where, params)]

        def ordered() -> Iterator[RawRecord]:
            # get_articles returns a dict; keep canonical (seq) order.
            for i in range(0, len(stale), 200):
                got = self.store.get_articles(stale[i : i + 200])
                for aid in stale[i : i + 200]:
                    if aid in got:
                        yield _article_as_record(got[aid])

        # Reprocessing replaces articles in place (same id, same seq), in canonical order.
        with self._writing():
            return run_ingest(self.store, ordered(), options, engine, linker, None, on_batch)

    def count_stale(self, options: IngestOptions | None = None, all_articles: bool = False) -> int:
        """How many articles `reprocess` with these options would enrich again (a progress total)."""
        # heavy: the pipeline package (every step); commands that only read a desk never load it
        from newsdesk.pipeline import build_pipeline

        options = options or IngestOptions()
        version = build_pipeline(options.pipeline, self.settings.pipeline.step_options()).version
        return self.store.count_articles(*_stale_where(version, all_articles))

    # --- reading -----------------------------------------------------------------------------------
    def get(self, article_id: str) -> Article | None:
        """An article by id (a unique prefix of at least 6 characters also works)."""
        art = self.store.get_article(article_id)
        if art is None and len(article_id) >= 6:
            ids = stored.ids_starting(self.store, article_id)
            if len(ids) == 1:
                art = self.store.get_article(ids[0])
        return art

    def ids_starting(self, prefix: str, limit: int = 2) -> list[str]:
        """Up to `limit` article ids that start with `prefix`."""
        return stored.ids_starting(self.store, prefix, limit)

    def articles(self, where: str = "", params: tuple = ()) -> Iterator[Article]:
        return self.store.iter_articles(where, params)

    def stats(self) -> dict[str, Any]:
        out: dict[str, Any] = {"desk": self.address, "schema_version": self.store.schema_version(),
                               **stored.summary(self.store)}
        out.update(self._extra_stats())
        return out

    def _extra_stats(self) -> dict[str, Any]:
        return {}

    # --- export ------------------------------------------------------------------------------------
    def export_records(self) -> Iterator[dict[str, Any]]:
        records = ({f: a.meta.get(f) if f in ("source_id", "extra") else getattr(a, f) for f in EXPORT_FIELDS}
                   for a in self.store.iter_articles())
        return with_labels(self.store, records)  # + categories and watchlists (desk/export.py)

    def export(self, fmt: str, out: IO[bytes] | None = None) -> int:
        """Write every stored article (duplicates included) as jsonl, csv or parquet. Returns count."""
        out = out or sys.stdout.buffer
        if fmt in ("jsonl", "csv"):
            return write_rows(self.export_records(), [*EXPORT_FIELDS, *LABEL_FIELDS], fmt, out)
        if fmt == "parquet":
            # heavy: pyarrow takes 0.13 s to import and only a Parquet export needs it: not at start-up.
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = pa.schema([
                (f, pa.list_(pa.string()) if f in ("flags", "keywords") else
                 pa.int64() if f == "position" else pa.string()) for f in EXPORT_FIELDS
            ] + [("categories", pa.list_(pa.struct([("label", pa.string()), ("score", pa.float64())]))),
                 ("watchlists", pa.list_(pa.string()))])
            writer = None
            n = 0
            batch: list[dict] = []
            sink = pa.PythonFile(out, mode="w")
            try:
                writer = pq.ParquetWriter(sink, schema)
                for rec in self.export_records():
                    batch.append({**rec, "extra": json.dumps(rec["extra"], ensure_ascii=False) if rec["extra"] else None})
                    if len(batch) >= 1000:
                        writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                        n += len(batch)
                        batch = []
                if batch or n == 0:
                    writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                    n += len(batch)
            finally:
                if writer is not None:
                    writer.close()
            return n
        raise ValueError(f"unknown export format {fmt!r} (choose jsonl, csv or parquet)")

    def export_rows(self, what: str = "articles") -> Iterator[dict[str, Any]]:
        """The rows of one export: articles, entities, quotes, stories or places (desk/export.py)."""
        return export_rows(self.store, what, self.export_records)

    def export_what(self, what: str = "articles", fmt: str = "jsonl", out: IO[bytes] | None = None) -> int:
        """Write one export as jsonl or csv, each row with the ids and spans that join it back to the
        articles. Returns the count."""
        fields = export_fields(what, [*EXPORT_FIELDS, *LABEL_FIELDS])
        return write_rows(self.export_rows(what), fields, fmt, out or sys.stdout.buffer)


def _article_as_record(a: Article) -> RawRecord:
    rec = RawRecord(
        origin=a.origin or "desk", position=a.position or 0, text=a.text, title=a.title, url=a.url,
        source=a.source, byline=a.byline, published=a.published, language=a.language, meta=dict(a.meta),
        flags=[f for f in a.flags if f not in ("derived_title", "truncated")],
    )
    if "derived_title" in a.flags:
        rec.title = None
    rec.record_id = None
    # Keep the stored id: reprocessing replaces the article in place.
    rec.meta["_keep_id"] = a.id
    rec.meta["_keep_hash"] = a.content_hash
    return rec


_FIELD_ALIASES = {
    "text": ("text", "body", "content"), "title": ("title", "headline"), "url": ("url", "link"),
    "published": ("published", "date"), "source": ("source",), "byline": ("author", "byline"),
    "record_id": ("id",), "language": ("language", "lang"),
}


def _as_records(items: Iterable[RawRecord | Skipped | dict[str, Any]], options: IngestOptions) -> Iterator:
    for i, item in enumerate(items, 1):
        if isinstance(item, RawRecord | Skipped):
            yield item
            continue
        if not isinstance(item, dict):
            yield Skipped("records", i, "not a JSON object")
            continue
        fields: dict[str, Any] = {}
        for ours, names in _FIELD_ALIASES.items():
            for n in names:
                if item.get(n) not in (None, ""):
                    fields[ours] = str(item[n])
                    break
        if not fields.get("text") and fields.get("title"):
            fields["text"] = fields["title"]
        if not fields.get("text"):
            yield Skipped("records", i, "no text field")
            continue
        yield RawRecord(origin="records", position=i, **fields)


def _stale_where(version: str, all_articles: bool) -> tuple[str, tuple]:
    """The articles to enrich again: all of them, or those enriched by another pipeline version."""
    return ("", ()) if all_articles else ("pipeline_version IS NULL OR pipeline_version <> ?", (version,))
