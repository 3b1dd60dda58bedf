"""Shared fixtures: run store-touching tests on every backend this machine has.

`desk_address` is a fresh, empty desk's address, once on SQLite (a file in tmp_path) and, when the
environment variable NEWSDESK_TEST_PG names a PostgreSQL server (scripts/test.sh starts one), once
on PostgreSQL: a schema of its own in that database, dropped after the test. A test that needs more
desks asks `make_desk_address()` for more on the same backend.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

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
