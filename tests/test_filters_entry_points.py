"""One Filters value: every place a user gives search filters (CLI search and timeline, the API's
filter parameters, the search page) takes each of its fields, and hands them over by name."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import pytest

from newsdesk.cli.search import search, timeline
from newsdesk.search.filters import Filters
from newsdesk.web.api import search_filters
from newsdesk.web.pages import search_page


@pytest.mark.parametrize("entry", [search, timeline, search_filters, search_page], ids=lambda f: f.__name__)
def test_every_filter_entry_point_takes_every_filter(entry: Callable) -> None:
    missing = set(Filters.names()) - set(inspect.signature(entry).parameters)
    assert not missing, f"{entry.__module__}.{entry.__name__} lacks {sorted(missing)}"


def test_pick_keeps_the_filter_values_of_a_parameter_list() -> None:
    params = {"query": "harbour fire", "db": "x.db", "since": "2026-03", "place": None, "limit": 10}
    assert Filters.pick(params) == {"since": "2026-03", "place": None}
    assert Filters(**Filters.pick(params)) == Filters(since="2026-03")


def test_the_api_filter_parameters_build_one_checked_filters_value() -> None:
    f = search_filters(since="2026-03", until=None, source="Wire Desk", lang=None, entity=None, story=None,
                       place=None, category="sport", watchlist=None, include_duplicates=True)
    assert f == Filters(since="2026-03", source="Wire Desk", category="sport", include_duplicates=True)
