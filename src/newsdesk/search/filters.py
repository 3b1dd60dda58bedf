"""Search filters (dates, source, language, entity, story, place), checked once for every backend."""

from __future__ import annotations

import calendar
import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class FilterError(ValueError):
    """A filter value a user gave that cannot be used (one line, for the CLI and the API)."""


@dataclass(frozen=True)
class Filters:
    """What narrows a search, a timeline or facets: the one value the CLI, the API, the pages and the
    Desk build and pass. Built from what a user gave (text), checked and normalised on construction
    (a bad value raises FilterError); `since_day`/`until_day` are the checked dates as YYYYMMDD.

    A new filter is a new field here (and, where a backend must apply it, in the index compilers).
    """

    since: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY (the whole month/year), inclusive
    until: str | None = None
    source: str | None = None
    lang: str | None = None
    entity: str | None = None
    story: str | None = None
    place: str | None = None
    watchlist: str | None = None  # a watchlist's name: its query is ANDed in (watchlists/narrow.py)
    category: str | None = None  # a category's label, learned or rule (an index field, any case)
    include_duplicates: bool = False  # by default each duplicate is folded into its original
    since_day: int | None = field(default=None, init=False, compare=False, repr=False)
    until_day: int | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.init and f.name != "include_duplicates":
                object.__setattr__(self, f.name, _clean(getattr(self, f.name)))
        object.__setattr__(self, "include_duplicates", bool(self.include_duplicates))
        lo = parse_day(self.since, "since", end=False) if self.since else None
        hi = parse_day(self.until, "until", end=True) if self.until else None
        if lo is not None and hi is not None and lo > hi:
            raise FilterError(f"--since {self.since} is after --until {self.until}")
        object.__setattr__(self, "since_day", lo)
        object.__setattr__(self, "until_day", hi)

    @classmethod
    def parse(cls, **values: Any) -> Filters:
        """Filters from keyword values (the field names); unknown names raise FilterError."""
        unknown = sorted(set(values) - set(cls.names()) - {"include_duplicates"})
        if unknown:
            raise FilterError(f"unknown filter(s): {', '.join(unknown)}")
        return cls(**values)

    @classmethod
    def of(cls, filters: Filters | None = None, **values: Any) -> Filters:
        """`filters` with `values` (those not None) put over it: how Desk methods take either."""
        base = filters or cls()
        given = {k: v for k, v in values.items() if v is not None}
        return dataclasses.replace(base, **given) if given else base

    @classmethod
    def names(cls) -> tuple[str, ...]:
        """The text filters' names (every field a user gives but include_duplicates)."""
        return tuple(f.name for f in fields(cls) if f.init and f.name != "include_duplicates")

    @classmethod
    def pick(cls, values: Mapping[str, Any]) -> dict[str, Any]:
        """The filter values among `values` (a command's or a handler's parameters, by name): how the
        CLI, the API and the pages take the filters without spelling the list out again."""
        return {n: values[n] for n in cls.names() if n in values}

    def given(self) -> dict[str, str]:
        """The text filters that are set, by name (as the user gave them, cleaned)."""
        return {n: getattr(self, n) for n in self.names() if getattr(self, n) is not None}

    def is_empty(self) -> bool:
        """No text filter set (include_duplicates does not narrow anything)."""
        return not self.given()


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(str(value).split())
    return value or None


def parse_day(value: str, name: str, end: bool) -> int:
    """'2026-03-02' -> 20260302; '2026-03' -> the month's first (or, for an end, last) day."""
    m = _DATE.match(value.strip())
    if not m:
        raise FilterError(f"--{name} expects a date as YYYY-MM-DD (or YYYY-MM, YYYY), got {value!r}")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    mo = int(month) if month else (12 if end else 1)
    if not 1 <= mo <= 12:
        raise FilterError(f"--{name}: no month {mo} in {value!r}")
    last = calendar.monthrange(year, mo)[1]
    d = int(day) if day else (last if end else 1)
    if not 1 <= d <= last:
        raise FilterError(f"--{name}: no day {d} in {value!r}")
    return year * 10000 + mo * 100 + d


def day_of(published: str | None) -> int | None:
    """YYYYMMDD of an ISO-8601 date or datetime (already UTC in the store), None if absent."""
    if not published or len(published) < 10:
        return None
    try:
        y, m, d = int(published[0:4]), int(published[5:7]), int(published[8:10])
    except ValueError:
        return None
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return y * 10000 + m * 100 + d
