"""Publication dates: the record's own date normalised to UTC ISO-8601, else one the text states."""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from functools import lru_cache

import dateparser

from newsdesk.model import Article
from newsdesk.pipeline.base import Step, register

_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# Dates as datelines and bylines state them: "March 3, 2021", "3 March 2021", "2021-03-03".
TEXT_DATE = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}},?\s+(?:19|20)\d\d|\d{{1,2}}\s+{_MONTHS}\s+(?:19|20)\d\d|(?:19|20)\d\d-[01]\d-[0-3]\d)\b"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")
# Dates a news record can truly carry: none before the first newspapers we could hold, none far ahead.
EARLIEST_YEAR = 1800
LATEST_YEAR = 2200
# A publication date more than this far after the ingest is a wrong date (time zones, embargoes aside).
FUTURE_SLACK = timedelta(days=2)


@lru_cache(maxsize=4096)
def parse_date(value: str) -> str | None:
    """Any common date form -> ISO-8601 in UTC (date-only values stay dates); None if unparseable."""
    value = str(value).strip()
    if not value or len(value) > 200:
        return None
    if _ISO_DATE.match(value):
        try:
            day = datetime.strptime(value, "%Y-%m-%d")
        except ValueError:
            return None
        return value if EARLIEST_YEAR <= day.year <= LATEST_YEAR else None
    if _EPOCH.match(value):
        n = float(value)
        if n > 1e11:  # milliseconds
            n /= 1000
        try:
            return datetime.fromtimestamp(n, UTC).replace(microsecond=0).isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    if len(value) == 8 and value.isdigit():  # 20260301
        try:
            day = datetime.strptime(value, "%Y%m%d")
        except ValueError:
            return None
        return day.date().isoformat() if EARLIEST_YEAR <= day.year <= LATEST_YEAR else None
    if _looks_numeric(value):
        return None  # -1, 1e308, NaN, inf, a lone small number: not a date
    dt = None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            dt = None
    if dt is None:
        try:
            dt = dateparser.parse(value, settings={"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC",
                                                   "PREFER_DAY_OF_MONTH": "first"})
        except (ValueError, OverflowError, TypeError, RecursionError):
            dt = None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    if not (EARLIEST_YEAR <= dt.year <= LATEST_YEAR):
        return None
    try:
        return dt.astimezone(UTC).replace(microsecond=0).isoformat()
    except (OverflowError, ValueError):
        return None


def _looks_numeric(value: str) -> bool:
    """A number that is not an epoch timestamp (negative, exponent, NaN, infinity, a few digits)."""
    try:
        number = float(value)
    except ValueError:
        return False
    return math.isnan(number) or math.isinf(number) or not value.isdigit() or len(value) < 9


def is_future(iso: str, now: datetime | None = None) -> bool:
    """True when an ISO date or datetime lies more than FUTURE_SLACK after `now` (the ingest)."""
    now = now or datetime.now(UTC)
    try:
        when = datetime.fromisoformat(iso)
    except ValueError:
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when > now + FUTURE_SLACK


def check_date(value: str) -> str | None:
    """A record's date as ISO-8601 UTC, or None when it cannot be true (unparseable, impossible, ahead)."""
    parsed = parse_date(value)
    if parsed is None or is_future(parsed):
        return None
    return parsed


def date_in_text(text: str) -> str | None:
    """A date stated near the start of the text (dateline or byline), as an ISO date."""
    m = TEXT_DATE.search(text[:400])
    if not m:
        return None
    iso = parse_date(m.group(0))
    return iso[:10] if iso and not is_future(iso) else None


@register
class Dates(Step):
    name = "dates"
    requires = ()
    assigns = ("published",)
    version = "2"

    def process(self, article: Article) -> Article:
        if article.published:
            parsed = check_date(article.published)
            if parsed is None:
                # Impossible or unreadable: no date rather than a wrong one; the raw value is kept.
                article.meta["raw_published"] = article.published
                article.flag("bad_date")
            article.published = parsed
        if not article.published:
            found = date_in_text(article.text)
            if found:
                article.published = found
                article.flag("date_from_text")
        return article
