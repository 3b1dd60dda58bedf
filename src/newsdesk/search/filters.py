"""Search filters (dates, source, language, entity, story, place), checked once for every backend."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class FilterError(ValueError):
    """A filter value a user gave that cannot be used (one line, for the CLI and the API)."""


@dataclass(frozen=True)
class Filters:
    since_day: int | None = None  # YYYYMMDD, inclusive
    until_day: int | None = None  # YYYYMMDD, inclusive
    source: str | None = None
    lang: str | None = None
    entity: str | None = None
    story: str | None = None
    place: str | None = None

    @classmethod
    def parse(
        cls,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
        lang: str | None = None,
        entity: str | None = None,
        story: str | None = None,
        place: str | None = None,
    ) -> Filters:
        """Check and normalise filter values. Dates: YYYY-MM-DD, YYYY-MM or YYYY (whole month/year)."""
        lo = parse_day(since, "since", end=False) if since else None
        hi = parse_day(until, "until", end=True) if until else None
        if lo is not None and hi is not None and lo > hi:
            raise FilterError(f"--since {since} is after --until {until}")
        return cls(lo, hi, _clean(source), _clean(lang), _clean(entity), _clean(story), _clean(place))

    def is_empty(self) -> bool:
        return all(v is None for v in self.__dict__.values())


def filter_kwargs(since: str | None, until: str | None, source: str | None, lang: str | None,
                  entity: str | None, story: str | None, place: str | None,
                  include_duplicates: bool) -> dict[str, object]:
    """The filter keywords of Desk.search / timeline / facets, as the CLI and the API pass them."""
    return {"since": since, "until": until, "source": source, "lang": lang, "entity": entity,
            "story": story, "place": place, "include_duplicates": include_duplicates}


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
