"""Stores: where a desk lives. `open_store(address)` picks the backend from the address."""

from __future__ import annotations

from collections.abc import Callable

from newsdesk.store.base import Store
from newsdesk.store.sqlite import SQLiteStore

DEFAULT_DB = "newsdesk.db"


def _postgres(address: str) -> Store:
    # optional: pip install newsdesk[postgres] (psycopg); imported when a PostgreSQL desk is opened
    from newsdesk.store.postgres import PostgresStore

    return PostgresStore(address)


# The backends, by address scheme (an explicit table); an address without one is a SQLite file.
# An optional backend is a factory that imports its module when called (see docs/internals.md).
BACKENDS: dict[str, Callable[[str], Store]] = {
    "postgresql://": _postgres,
    "postgres://": _postgres,
}


def resolve_address(address: str | None) -> str:
    """The address itself, or the default desk (NEWSDESK_DB is read into the settings, not here)."""
    return address or DEFAULT_DB


def open_store(address: str | None = None) -> Store:
    """Open (creating and migrating) the desk at `address`: a file path, or postgresql://…"""
    address = resolve_address(address)
    for scheme, factory in BACKENDS.items():
        if address.startswith(scheme):
            return factory(address)
    return SQLiteStore(address)


__all__ = ["Store", "open_store", "resolve_address", "DEFAULT_DB", "BACKENDS"]
