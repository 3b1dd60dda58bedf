"""Stores: where a desk lives. `open_store(address)` picks the backend from the address."""

from __future__ import annotations

from newsdesk.store.base import Store

DEFAULT_DB = "newsdesk.db"


def resolve_address(address: str | None) -> str:
    """The address itself, or the default desk (NEWSDESK_DB is read into the settings, not here)."""
    return address or DEFAULT_DB


def open_store(address: str | None = None) -> Store:
    """Open (creating and migrating) the desk at `address`: a file path, or postgresql://…"""
    address = resolve_address(address)
    if address.startswith(("postgresql://", "postgres://")):
        from newsdesk.store.postgres import PostgresStore

        return PostgresStore(address)
    from newsdesk.store.sqlite import SQLiteStore

    return SQLiteStore(address)


__all__ = ["Store", "open_store", "resolve_address", "DEFAULT_DB"]
