"""The shared store: a desk in PostgreSQL, for several writers and many readers at once.

The SQL newsdesk writes is the portable subset (`?` placeholders, see store/base.py); this backend
translates it once per statement text (`?` -> `%s`, literal `%` -> `%%`, SQLite's case-insensitive
`LIKE` -> `ILIKE`, a type for a lone `? IS NULL`). Parameters are bound on the server, strings
untyped so PostgreSQL reads them as the column needs; a statement used more than once on a
connection is prepared, which makes the linking phase's many small lookups about 1.5x faster.

Concurrency comes from PostgreSQL, not from in-process locks: every write transaction first takes
a per-desk advisory lock (`pg_advisory_xact_lock`), so the linking batches of concurrent `ingest`
processes run one after another — as SQLite's `BEGIN IMMEDIATE` makes them — while readers never
wait. Migrations run under a second, session-level advisory lock so two processes opening a fresh
desk at once do not race.

Address: `postgresql://user@host:port/dbname`. A desk may live in its own schema of a shared
database: `postgresql://…/dbname?schema=desk1` (created on first use).
"""

from __future__ import annotations

import hashlib
import re
import threading
import weakref
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg import ClientCursor
from psycopg.adapt import Dumper, Loader
from psycopg.rows import dict_row

from newsdesk.store.base import Store

# First key of the two-key advisory locks, so newsdesk's locks never collide with another
# application's in the same database ("nd" in ASCII).
_LOCK_CLASS_WRITE = 0x6E64
_LOCK_CLASS_MIGRATE = 0x6E65
PREPARE_AFTER = 2
_SCHEMA_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
_IS_NULL = re.compile(r"\s+IS\s+(?:NOT\s+)?NULL\b", re.IGNORECASE)

# Every PostgresStore still open, so a test harness can close a desk's connections before dropping it.
OPEN_STORES: weakref.WeakSet[PostgresStore] = weakref.WeakSet()


class _BoolAsInt(Dumper):
    """SQLite has no boolean type: portable SQL stores flags in INTEGER columns as 0/1."""

    oid = psycopg.adapters.types["int8"].oid

    def dump(self, obj: bool) -> bytes:
        return b"1" if obj else b"0"


class _NumericAsNumber(Loader):
    """SUM()/AVG() return NUMERIC in PostgreSQL; give int or float as SQLite does, not Decimal."""

    def load(self, data: Any) -> int | float:
        s = bytes(data).decode("ascii")
        if s.lstrip("-").isdigit():
            return int(s)
        return float(s)


def split_address(address: str) -> tuple[str, str | None]:
    """(libpq connection URL, schema or None): `schema=` is ours, libpq would reject it."""
    parts = urlsplit(address)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = [(k, v) for k, v in query if k != "schema"]
    if schema is not None and not _SCHEMA_NAME.match(schema):
        raise ValueError(f"invalid schema name {schema!r} (letters, digits and _ only)")
    return urlunsplit(parts._replace(query=urlencode(rest))), schema


_SECRET_KEYS = ("password", "passfile", "sslpassword")
_SECRET_WORD = re.compile(r"\b(" + "|".join(_SECRET_KEYS) + r")\s*=\s*('(?:[^'\\]|\\.)*'|\S+)", re.I)


def public_address(address: str) -> str:
    """The address with any password hidden, for display: in the user part of a URL, in its
    query (`?password=`), and in a key=value connection string."""
    if "://" not in address:
        return _SECRET_WORD.sub(lambda m: f"{m.group(1)}=***", address)
    parts = urlsplit(address)
    if parts.password:
        parts = parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@"))
    query = parse_qsl(parts.query, keep_blank_values=True)
    if any(k.lower() in _SECRET_KEYS for k, _ in query):
        hidden = [(k, "***" if k.lower() in _SECRET_KEYS else v) for k, v in query]
        parts = parts._replace(query=urlencode(hidden, safe="*"))
    return urlunsplit(parts)


@lru_cache(maxsize=4096)
def translate(sql: str, named: bool = False) -> str:
    """Portable SQL -> psycopg: `?` -> `%s` (or `:name` -> `%(name)s`), `%` -> `%%`, LIKE -> ILIKE.

    String literals, quoted identifiers and comments are copied (their `%` doubled, since psycopg
    reads the whole text for placeholders), so a `?` inside a literal stays a question mark."""
    out: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c in ("'", '"'):
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:  # doubled quote inside the literal
                        j += 2
                        continue
                    break
                j += 1
            out.append(sql[i : j + 1].replace("%", "%%"))
            i = j + 1
        elif c == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            out.append(sql[i:j].replace("%", "%%"))
            i = j
        elif c == "/" and sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(sql[i:j].replace("%", "%%"))
            i = j
        elif c == "?" and not named:
            # A parameter alone before IS [NOT] NULL has no type PostgreSQL could infer; any will do.
            out.append("CAST(%s AS TEXT)" if _IS_NULL.match(sql, i + 1) else "%s")
            i += 1
        elif c == ":" and named and i + 1 < n and (sql[i + 1].isalpha() or sql[i + 1] == "_") and (
            i == 0 or sql[i - 1] != ":"
        ):
            j = i + 1
            while j < n and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            out.append(f"%({sql[i + 1 : j]})s")
            i = j
        elif c == "%":
            out.append("%%")
            i += 1
        elif c.isalpha() or c == "_":
            j = i + 1
            while j < n and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            word = sql[i:j]
            # SQLite's LIKE ignores (ASCII) case; PostgreSQL's does not.
            out.append("ILIKE" if word.upper() == "LIKE" else word)
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _key32(text: str) -> int:
    """A stable signed 32-bit key for an advisory lock."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=4).digest(), "big", signed=True)


class _Held:
    """One thread's connection; closed when the thread (and so its thread-local) goes away."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    def close(self) -> None:
        try:
            self.conn.close()
        except psycopg.Error:
            pass

    def __del__(self) -> None:
        self.close()


class PostgresStore(Store):
    dialect = "postgres"

    def __init__(self, address: str) -> None:
        self.raw_address = address
        self.address = public_address(address)
        self.conninfo, self.schema = split_address(address)
        self._local = threading.local()
        # Every thread's connection, weakly: a thread that ends (a web server's worker) drops its
        # thread-local holder, which closes the connection; close() closes the rest.
        self._all: weakref.WeakSet[_Held] = weakref.WeakSet()
        self._lock = threading.Lock()
        conn = self._conn()
        if self.schema:
            try:
                conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"')
            except psycopg.errors.UniqueViolation:
                pass  # created by a concurrent process between the check and the create
        row = conn.execute(
            "SELECT current_database() AS db, coalesce(current_schema(), current_setting('search_path')) AS s"
        ).fetchone()
        # Advisory locks are per database; the desk is the schema within it.
        self.lock_key = _key32(f"newsdesk:{row['s']}")
        self.migrate()
        OPEN_STORES.add(self)

    # --- connections -------------------------------------------------------------------------------
    def _connect(self) -> psycopg.Connection:
        try:
            conn = psycopg.connect(self.conninfo, autocommit=True, row_factory=dict_row, application_name="newsdesk")
        except psycopg.OperationalError as exc:
            raise ConnectionError(f"cannot connect to {self.address}: {str(exc).strip().splitlines()[0]}") from exc
        # Statements run again and again (the linking phase's lookups) are prepared on the server
        # after their second use: parsing and planning are a good part of a small query's cost.
        conn.prepare_threshold = PREPARE_AFTER
        conn.adapters.register_dumper(bool, _BoolAsInt)
        conn.adapters.register_loader("numeric", _NumericAsNumber)
        if self.schema:
            conn.execute(f'SET search_path TO "{self.schema}"')
        return conn

    def _conn(self) -> psycopg.Connection:
        held = getattr(self._local, "held", None)
        conn = held.conn if held is not None else None
        if conn is not None and (conn.closed or conn.broken) and not getattr(self._local, "depth", 0):
            conn = None  # the server went away between transactions: reconnect
        if conn is None:
            conn = self._connect()
            held = _Held(conn)
            self._local.held = held
            self._local.depth = 0
            with self._lock:
                self._all.add(held)
        return conn

    # --- primitives --------------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> None:
        named = isinstance(params, dict)
        self._conn().execute(translate(sql, named), params)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        named = isinstance(rows[0], dict)
        with self._conn().cursor() as cur:
            cur.executemany(translate(sql, named), rows)

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[dict[str, Any]]:
        named = isinstance(params, dict)
        cur = self._conn().execute(translate(sql, named), params)
        return cur.fetchall() if cur.description else []

    def _run_script(self, sql: str) -> None:
        # Sent as one simple-protocol query (no parameters): several statements, $$ bodies and all.
        with ClientCursor(self._conn()) as cur:
            cur.execute(sql)

    def _begin(self) -> None:
        conn = self._conn()
        conn.execute("BEGIN")
        # One writer per desk at a time: batches of concurrent processes queue here (readers do not).
        conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", (_LOCK_CLASS_WRITE, self.lock_key))

    def _commit(self) -> None:
        self._conn().execute("COMMIT")

    def _rollback(self) -> None:
        conn = self._conn()
        if not (conn.closed or conn.broken):
            try:
                conn.execute("ROLLBACK")
            except psycopg.Error:
                pass  # the original error says more; the server rolls back a dead session anyway

    def migrate(self) -> list[str]:
        conn = self._conn()
        conn.execute("SELECT pg_advisory_lock(%s, %s)", (_LOCK_CLASS_MIGRATE, self.lock_key))
        try:
            return super().migrate()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s, %s)", (_LOCK_CLASS_MIGRATE, self.lock_key))

    def close(self) -> None:
        with self._lock:
            for held in list(self._all):
                held.close()
            self._all = weakref.WeakSet()
        self._local = threading.local()
        OPEN_STORES.discard(self)


def drop_desk(address: str) -> None:
    """Remove a desk kept in its own schema (`?schema=`), closing this process's connections to it."""
    conninfo, schema = split_address(address)
    if not schema:
        raise ValueError("only a desk in its own schema (?schema=name) can be dropped")
    for store in list(OPEN_STORES):
        if store.conninfo == conninfo and store.schema == schema:
            store.close()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
