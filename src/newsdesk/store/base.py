"""The store interface: what sources, pipeline and linking may ask of a backend.

SQL in newsdesk is written once, in the subset SQLite and PostgreSQL share (`?` placeholders, TEXT /
BIGINT / DOUBLE PRECISION columns, `INSERT ... ON CONFLICT`); a backend translates placeholders and
runs it. Only what truly differs (full-text search, locking) is backend-specific.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import resources
from typing import Any, TypeVar

from newsdesk.model import Article, Span
from newsdesk.text import canonical_url

ARTICLE_COLUMNS = (
    "id", "seq", "url", "canonical_url", "source", "title", "byline", "published", "language", "text",
    "summary", "flags", "fingerprint", "content_hash", "duplicate_of", "story_id", "pipeline_version",
    "origin", "position", "meta", "annotations", "ingested_at", "batch",
)
# Values per statement of a chunked IN list: under SQLite's and PostgreSQL's parameter limits with room
# for the statement's other parameters.
CHUNK = 500
IN_LIST = "(?*)"  # where select_in / execute_in put a chunk's placeholders
T = TypeVar("T")
_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)(?:\.(sqlite|postgres))?\.sql$")


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def article_to_row(article: Article, seq: int, batch: int) -> dict[str, Any]:
    ann = {
        "mentions": [m.__dict__ for m in article.mentions],
        "entities": [e.__dict__ for e in article.entities],
        "quotes": [_quote_json(q) for q in article.quotes],
        "keywords": article.keywords,
    }
    return {
        "id": article.id, "seq": seq, "url": article.url,
        "canonical_url": canonical_url(article.url) if article.url else None,
        "source": article.source, "title": article.title or "", "byline": article.byline,
        "published": article.published, "language": article.language, "text": article.text,
        "summary": article.summary, "flags": json.dumps(article.flags), "fingerprint": article.fingerprint,
        "content_hash": article.content_hash, "duplicate_of": article.duplicate_of,
        "story_id": article.story_id, "pipeline_version": article.pipeline_version,
        "origin": article.origin, "position": article.position,
        "meta": json.dumps(article.meta, ensure_ascii=False, default=str),
        "annotations": json.dumps(ann, ensure_ascii=False), "ingested_at": now_iso(), "batch": batch,
    }


def _quote_json(q: Any) -> dict[str, Any]:
    """`asdict(q)` without its deep copies (a quote's leaves are strings, numbers and None; its spans,
    alone or in lists, become dicts), as the mentions and entities above are read from `__dict__`."""
    d = dict(q.__dict__)
    for k, v in d.items():
        if isinstance(v, Span):
            d[k] = dict(v.__dict__)
        elif isinstance(v, list):
            d[k] = [dict(x.__dict__) if isinstance(x, Span) else x for x in v]
    return d


def row_to_article(row: dict[str, Any]) -> Article:
    ann = json.loads(row.get("annotations") or "{}")
    d = {k: row.get(k) for k in (
        "id", "url", "source", "title", "byline", "published", "language", "text", "summary",
        "fingerprint", "content_hash", "duplicate_of", "story_id", "pipeline_version", "origin", "position",
    )}
    d["flags"] = json.loads(row.get("flags") or "[]")
    d["meta"] = json.loads(row.get("meta") or "{}")
    d["mentions"] = ann.get("mentions", [])
    d["entities"] = ann.get("entities", [])
    d["quotes"] = ann.get("quotes", [])
    d["keywords"] = ann.get("keywords", [])
    return Article.from_dict(d)


class Store:
    """Base class of the backends. Subclasses provide the connection-level primitives."""

    dialect: str = "base"
    address: str = ""

    # --- primitives (backend-specific) -------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> None:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _begin(self) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic unit: everything inside commits together or not at all. A nested call joins
        the outer transaction (per thread: each thread has its own connection)."""
        local = self._local  # threading.local of the backend, holding the connection
        if getattr(local, "depth", 0):
            local.depth += 1
            try:
                yield
            finally:
                local.depth -= 1
            return
        local.depth = 1
        try:
            self._begin()
            yield
        except BaseException:
            self._rollback()
            raise
        else:
            self._commit()
        finally:
            local.depth = 0

    def close(self) -> None:
        pass

    def _run_script(self, sql: str) -> None:
        raise NotImplementedError

    # --- shared logic ------------------------------------------------------------------------------
    def query_one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self.query_one(sql, params)
        return next(iter(row.values())) if row else None

    def select_in(self, sql: str, values: Iterable[Any], before: Sequence[Any] = (), after: Sequence[Any] = (),
                  size: int = CHUNK) -> list[dict[str, Any]]:
        """The rows of `sql` for every value: the statement runs once per chunk of `values`, with the
        chunk's placeholders where it says `(?*)` (`... WHERE id IN (?*)`), between the parameters
        `before` and `after` it. Rows come chunk by chunk (an ORDER BY holds within a chunk)."""
        out: list[dict[str, Any]] = []
        for chunk in chunks(list(values), size):
            out.extend(self.query(in_list(sql, len(chunk)), (*before, *chunk, *after)))
        return out

    def execute_in(self, sql: str, values: Iterable[Any], before: Sequence[Any] = (), after: Sequence[Any] = (),
                   size: int = CHUNK) -> None:
        """`sql` (an UPDATE or DELETE with `(?*)`) run once per chunk of `values`, as select_in."""
        for chunk in chunks(list(values), size):
            self.execute(in_list(sql, len(chunk)), (*before, *chunk, *after))

    def migrations(self) -> list[tuple[str, str, str]]:
        """(version, name, sql) for every migration, the backend's own variant preferred."""
        pkg = resources.files("newsdesk.store") / "migrations"
        chosen: dict[str, tuple[str, str, str, bool]] = {}
        for entry in pkg.iterdir():
            m = _MIGRATION_NAME.match(entry.name)
            if not m:
                continue
            version, name, dialect = m.groups()
            if dialect and dialect != self.dialect:
                continue
            specific = dialect is not None
            if version in chosen and chosen[version][3] and not specific:
                continue
            chosen[version] = (version, name, entry.read_text(encoding="utf-8"), specific)
        return [(v, n, s) for v, n, s, _ in sorted(chosen.values())]

    def migrate(self) -> list[str]:
        """Apply every migration not yet applied, each in its own transaction. Returns what ran."""
        self._run_script(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL)"
        )
        done = {r["version"] for r in self.query("SELECT version FROM schema_migrations")}
        ran = []
        for version, name, sql in self.migrations():
            if version in done:
                continue
            with self.transaction():
                self._run_script(sql)
                self.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (version, name, now_iso()),
                )
            ran.append(f"{version}_{name}")
        return ran

    def schema_version(self) -> str | None:
        return self.scalar("SELECT MAX(version) FROM schema_migrations")

    # desk_meta
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.query_one("SELECT value FROM desk_meta WHERE key = ?", (key,))
        return row["value"] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO desk_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # articles
    def next_seq(self) -> int:
        return int(self.scalar("SELECT COALESCE(MAX(seq), 0) FROM articles") or 0) + 1

    def put_articles(self, articles: Sequence[Article], batch: int) -> None:
        """Insert or replace articles (call inside a transaction). Replacing keeps the row's seq."""
        if not articles:
            return
        existing = self.article_seqs([a.id for a in articles])
        seq = self.next_seq()
        rows = []
        for a in articles:
            if a.id in existing:
                rows.append(article_to_row(a, existing[a.id], batch))
            else:
                rows.append(article_to_row(a, seq, batch))
                seq += 1
        cols = ", ".join(ARTICLE_COLUMNS)
        marks = ", ".join("?" for _ in ARTICLE_COLUMNS)
        updates = ", ".join(f"{c} = excluded.{c}" for c in ARTICLE_COLUMNS if c not in ("id", "seq"))
        self.executemany(
            f"INSERT INTO articles ({cols}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {updates}",
            [tuple(r[c] for c in ARTICLE_COLUMNS) for r in rows],
        )

    def article_seqs(self, ids: Sequence[str]) -> dict[str, int]:
        rows = self.select_in("SELECT id, seq FROM articles WHERE id IN (?*)", ids)
        return {r["id"]: int(r["seq"]) for r in rows}

    def content_hashes(self, ids: Sequence[str]) -> dict[str, str | None]:
        """id -> stored content hash, for the ids already in the desk."""
        rows = self.select_in("SELECT id, content_hash FROM articles WHERE id IN (?*)", ids)
        return {r["id"]: r["content_hash"] for r in rows}

    def get_article(self, article_id: str) -> Article | None:
        row = self.query_one("SELECT * FROM articles WHERE id = ?", (article_id,))
        return row_to_article(row) if row else None

    def get_articles(self, ids: Sequence[str]) -> dict[str, Article]:
        return {r["id"]: row_to_article(r) for r in self.select_in("SELECT * FROM articles WHERE id IN (?*)", ids)}

    def iter_articles(self, where: str = "", params: Sequence[Any] = (), page: int = 500) -> Iterator[Article]:
        """Articles in canonical (seq) order, read page by page so memory stays bounded."""
        last = 0
        cond = f" AND ({where})" if where else ""
        while True:
            rows = self.query(
                f"SELECT * FROM articles WHERE seq > ?{cond} ORDER BY seq LIMIT {int(page)}", (last, *params)
            )
            if not rows:
                return
            for r in rows:
                yield row_to_article(r)
            last = int(rows[-1]["seq"])

    def count_articles(self, where: str = "", params: Sequence[Any] = ()) -> int:
        cond = f" WHERE {where}" if where else ""
        return int(self.scalar(f"SELECT COUNT(*) FROM articles{cond}", params) or 0)


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[list[T]]:
    """`items` in consecutive lists of at most `size`."""
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def marks(n: int) -> str:
    """`?, ?, ?` for n values (at least one: an empty IN list is not SQL)."""
    return ", ".join("?" * max(1, n))


def in_list(sql: str, n: int) -> str:
    """`sql` with its `(?*)` made the placeholders of n values."""
    if IN_LIST not in sql:
        raise ValueError("a chunked statement needs an IN (?*) list")
    return sql.replace(IN_LIST, f"({marks(n)})")
