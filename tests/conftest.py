"""Shared fixtures: run store-touching tests on every backend this machine has.

`desk_address` is a fresh, empty desk's address, once on SQLite (a file in tmp_path) and, when the
environment variable NEWSDESK_TEST_PG names a PostgreSQL server (scripts/test.sh starts one), once
on PostgreSQL: a schema of its own in that database, dropped after the test. A test that needs more
desks asks `make_desk_address()` for more on the same backend. `desk` is an open, empty Desk there
(a test module may define its own `desk`, e.g. one with articles already ingested).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsdesk.desk import Desk

PG_URL = os.environ.get("NEWSDESK_TEST_PG", "").strip()
BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])
_PARAMS = [pytest.param(b, id=b, marks=[pytest.mark.postgres] if b == "postgres" else []) for b in BACKENDS]


def pg_desk_address(name: str = "") -> str:
    """A new desk address in its own schema of the test database."""
    schema = f"t_{name[:20]}_{uuid.uuid4().hex[:12]}".lower().replace("-", "_")
    schema = "".join(c if c.isalnum() or c == "_" else "_" for c in schema)
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}schema={schema}"


@pytest.fixture(scope="session")
def _pg_server() -> str:
    """Fail loudly (not skip) when a PostgreSQL server was promised but cannot be reached."""
    import psycopg

    with psycopg.connect(PG_URL, connect_timeout=10) as conn:
        conn.execute("SELECT 1")
    return PG_URL


@pytest.fixture(params=_PARAMS)
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgres":
        request.getfixturevalue("_pg_server")
    return request.param


@pytest.fixture
def make_desk_address(backend: str, tmp_path: Path) -> Iterator[Callable[[str], str]]:
    made: list[str] = []

    def make(name: str = "d") -> str:
        if backend == "sqlite":
            address = str(tmp_path / f"{name}.db")
        else:
            address = pg_desk_address(name)
        made.append(address)
        return address

    yield make
    if backend == "postgres":
        from newsdesk.store.postgres import drop_desk

        for address in made:
            drop_desk(address)


@pytest.fixture
def desk_address(make_desk_address: Callable[[str], str]) -> str:
    return make_desk_address("d")


@pytest.fixture
def desk(desk_address: str) -> Iterator[Desk]:
    """An open, empty desk on the test's backend, closed after the test."""
    with Desk(desk_address) as d:
        yield d


# --- one desk per backend for a whole session ------------------------------------------------------------
@pytest.fixture(scope="session", params=_PARAMS)
def session_backend(request: pytest.FixtureRequest) -> str:
    """The backend of session- and module-scoped desks (`backend` is per test)."""
    if request.param == "postgres":
        request.getfixturevalue("_pg_server")
    return request.param


@pytest.fixture(scope="session")
def _sample_desks() -> Iterator[tuple[dict[str, str], list[str]]]:
    """(backend -> address of the built sample desk, every address made); PostgreSQL schemas are
    dropped at session end.

    Kept apart from `sample_db` so that a session-scoped parametrised fixture switching back and
    forth between backends never builds one twice.
    """
    built: dict[str, str] = {}
    made: list[str] = []
    yield built, made
    from newsdesk.store.postgres import drop_desk

    for address in made:
        if address.startswith(("postgresql://", "postgres://")):
            drop_desk(address)


@pytest.fixture(scope="session")
def sample_db(session_backend: str, _sample_desks: tuple[dict[str, str], list[str]],
              tmp_path_factory: pytest.TempPathFactory) -> str:
    """The address of the sample desk (examples/sample.jsonl plus a hostile article, full pipeline),
    built once per backend per session and shared by the web, API and browser tests: a SQLite file
    path or a PostgreSQL URL with ?schema=."""
    built, made = _sample_desks
    if session_backend not in built:
        from tests.test_web import build_sample_desk

        if session_backend == "sqlite":
            address = str(tmp_path_factory.mktemp("web-sample") / "desk.db")
        else:
            address = pg_desk_address("web_sample")
        made.append(address)  # dropped at the end even if the build fails
        build_sample_desk(address)
        built[session_backend] = address
    return built[session_backend]
