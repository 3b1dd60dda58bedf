"""`Desk`: the Python API. The CLI, the HTTP API and the web pages are thin layers over it.

    >>> from newsdesk import Desk
    >>> desk = Desk("newsdesk.db")
    >>> report = desk.ingest(["examples/sample.jsonl"])
    >>> desk.stats()["articles"]

Features live in mixins, one module each (search, entities, quotes, stories, feeds), over the
shared core (store, ingest, export).
"""

from __future__ import annotations

from newsdesk.desk.categories import CategoriesAPI
from newsdesk.desk.core import DeskCore
from newsdesk.desk.entities import EntitiesAPI
from newsdesk.desk.feeds import SourcesAPI
from newsdesk.desk.ingest import IngestReport
from newsdesk.desk.places import PlacesAPI
from newsdesk.desk.quotes import QuotesAPI
from newsdesk.desk.search import SearchAPI
from newsdesk.desk.stories import StoriesAPI
from newsdesk.desk.watchlists import WatchlistsAPI


class Desk(SearchAPI, EntitiesAPI, PlacesAPI, QuotesAPI, StoriesAPI, SourcesAPI, WatchlistsAPI, CategoriesAPI, DeskCore):
    """A news desk stored at `address` (a SQLite path, or a postgresql:// URL)."""


__all__ = ["Desk", "IngestReport"]
