"""Publication dates: the record's own date normalised to UTC ISO-8601, else one the text states."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache

from newsdesk.model import Article
from newsdesk.pipeline.base import Step, register

_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# Dates as datelines and bylines state them: "March 3, 2021", "3 March 2021", "2021-03-03".
TEXT_DATE = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}},?\s+(?:19|20)\d\d|\d{{1,2}}\s+{_MONTHS}\s+(?:19|20)\d\d|(?:19|20)\d\d-[01]\d-[0-3]\d)\b"
)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EPOCH = re.compile(r"^\d{9,13}(?:\.\d+)?$")


@lru_cache(maxsize=4096)
def parse_date(value: str) -> str | None:
    """Any common date form -> ISO-8601 in UTC (date-only values stay dates); None if unparseable."""
    value = str(value).strip()
    if not value:
        return None
    if _ISO_DATE.match(value):
        try:
            datetime.strptime(value, "%Y-%m-%d")
            return value
        except ValueError:
            return None
    if _EPOCH.match(value):
        n = float(value)
        if n > 1e11:  # milliseconds
            n /= 1000
        return datetime.fromtimestamp(n, UTC).replace(microsecond=0).isoformat()
    dt = None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            dt = None
    if dt is None:
        import dateparser

        dt = dateparser.parse(value, settings={"RETURN_AS_TIMEZONE_AWARE": True, "TO_TIMEZONE": "UTC",
                                               "PREFER_DAY_OF_MONTH": "first"})
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    if not (1900 <= dt.year <= 2200):
        return None
    return dt.astimezone(UTC).replace(microsecond=0).isoformat()


def date_in_text(text: str) -> str | None:
    """A date stated near the start of the text (dateline or byline), as an ISO date."""
    m = TEXT_DATE.search(text[:400])
    if not m:
        return None
    iso = parse_date(m.group(0))
    return iso[:10] if iso else None


@register
class Dates(Step):
    name = "dates"
    requires = ()
    assigns = ("published",)
    version = "1"

    def process(self, article: Article) -> Article:
        if article.published:
            parsed = parse_date(article.published)
            if parsed is None:
                article.meta["unparsed_date"] = article.published
                article.flag("bad_date")
            article.published = parsed
        if not article.published:
            found = date_in_text(article.text)
            if found:
                article.published = found
                article.flag("date_from_text")
        return article
