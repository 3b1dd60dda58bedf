"""Feature mixins of Desk, gathered in one place so a missing feature module degrades cleanly."""

from __future__ import annotations

from newsdesk.desk.core import DeskCore

try:
    from newsdesk.desk.search import SearchAPI
except ModuleNotFoundError:  # feature not built yet
    class SearchAPI(DeskCore):  # type: ignore[no-redef]
        pass

try:
    from newsdesk.desk.entities import EntitiesAPI
except ModuleNotFoundError:
    class EntitiesAPI(DeskCore):  # type: ignore[no-redef]
        pass

try:
    from newsdesk.desk.quotes import QuotesAPI
except ModuleNotFoundError:
    class QuotesAPI(DeskCore):  # type: ignore[no-redef]
        pass

try:
    from newsdesk.desk.stories import StoriesAPI
except ModuleNotFoundError:
    class StoriesAPI(DeskCore):  # type: ignore[no-redef]
        pass

try:
    from newsdesk.desk.feeds import SourcesAPI
except ModuleNotFoundError:
    class SourcesAPI(DeskCore):  # type: ignore[no-redef]
        pass
