"""From a structured record (a JSON object, a CSV row) to a RawRecord: which field is the text?

Field names are matched case-insensitively against the usual names of each dataset family;
`--map text=body,title=headline` (IngestOptions.field_map) overrides the guess for a field, and may
name a nested field with dots (`source.name`); a mapped column the input does not have is a usage
error (`MapError`, naming the columns there are). Fields not used go to `meta["extra"]` and the
record's own id to `meta["source_id"]`, so nothing is lost and both are exported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from newsdesk.config import IngestOptions
from newsdesk.model import RawRecord, Skipped

# Our field -> the names datasets use for it, in order of preference.
FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "uuid", "doc_id"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article", "story", "maintext"),
    "url": ("url", "link", "canonical_url"),
    "published": ("published", "date", "pubdate", "published_at", "datetime", "timestamp", "time"),
    "source": ("source", "publisher", "site", "outlet", "source_name", "domain"),
    "author": ("author", "byline", "authors"),
    "language": ("lang", "language"),
}
# Spellings accepted on the left of --map.
MAP_ALIASES = {"date": "published", "byline": "author", "lang": "language", "headline": "title",
               "body": "text", "link": "url"}


class MapError(ValueError):
    """--map names a column the input does not have: a usage error that stops the ingest."""


def normalise_field_map(field_map: Mapping[str, str]) -> dict[str, str]:
    """--map keys checked and put in our spelling; an unknown key is a usage error, not bad input."""
    out: dict[str, str] = {}
    for key, value in field_map.items():
        ours = MAP_ALIASES.get(key.strip().lower(), key.strip().lower())
        if ours not in FIELD_NAMES:
            raise ValueError(f"unknown field in --map: {key!r} (known: {', '.join(FIELD_NAMES)})")
        out[ours] = value.strip()
    return out


class FieldMapper:
    """Turns one input's records into RawRecords; built once per input (the --map is checked once)."""

    def __init__(self, options: IngestOptions):
        self.options = options
        self.field_map = normalise_field_map(options.field_map)
        self.candidates = {ours: (self.field_map[ours],) if ours in self.field_map else names
                           for ours, names in FIELD_NAMES.items()}
        self._checked: set[str] = set()

    def check_columns(self, columns: list[str], origin: str) -> None:
        """Raise MapError when a --map column is not among an input's columns (its first record's keys)."""
        if origin in self._checked:
            return
        self._checked.add(origin)
        have = {str(c).lower() for c in columns}
        for ours, column in self.field_map.items():
            if column.lower().split(".")[0] not in have:
                shown = ", ".join(str(c) for c in columns[:30]) or "none"
                raise MapError(f"--map {ours}={column}: {origin} has no column {column!r} (columns: {shown})")

    def __call__(self, obj: Mapping[str, Any], origin: str, position: int,
                 meta: dict[str, Any] | None = None) -> RawRecord | Skipped:
        """A RawRecord from one record's fields, or Skipped when it has no text (nor even a title)."""
        self.check_columns([str(k) for k in obj], origin)
        lower = {str(k).lower(): k for k in obj}
        used: set[Any] = set()
        values: dict[str, str] = {}
        for ours, names in self.candidates.items():
            for name in names:
                found, top = _lookup(obj, lower, name)
                value = _as_text(found, ours)
                if value and ours == "text" and ours not in self.field_map and _is_label(value):
                    continue  # an id or a label ("story": "dd8x..."), not an article
                if value:
                    values[ours] = value
                    used.add(top)
                    break
        title, text = values.get("title"), values.get("text")
        flags: list[str] = []
        if not text:
            if not title:
                return Skipped(origin, position,
                               f"no text field (looked for {', '.join(self.candidates['text'])})")
            text = title  # headline-only datasets: the headline is all the text there is
            flags.append("headline_only")
        limit = self.options.limits.max_article_chars
        if len(text) > limit:
            return Skipped(origin, position, f"record too large ({len(text):,} characters > limit {limit:,})")
        record_meta = dict(meta or {})
        extra = {str(k): v for k, v in obj.items() if k not in used and v is not None}
        if extra:
            record_meta["extra"] = extra
        if values.get("id"):
            record_meta["source_id"] = values["id"]
        return RawRecord(
            origin=origin, position=position, text=text, title=title, url=values.get("url"),
            record_id=values.get("id"), source=values.get("source") or self.options.source,
            byline=values.get("author"), published=values.get("published"),
            language=values.get("language"), meta=record_meta, flags=flags,
        )


def _is_label(value: str) -> bool:
    value = value.strip()
    # Chinese and Japanese text has no spaces between words: a short CJK sentence is text, not an id.
    return len(value) < 64 and not any(c.isspace() or _is_cjk(c) for c in value)


def _is_cjk(char: str) -> bool:
    return "\u3040" <= char <= "\u30ff" or "\u3400" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" \
        or char in "。！？，"


def _lookup(obj: Mapping[str, Any], lower: dict[str, Any], name: str) -> tuple[Any, Any]:
    """The value at `name` (case-insensitive, dots for nesting) and the top-level key it came from."""
    parts = name.lower().split(".")
    top = lower.get(parts[0])
    if top is None:
        return None, None
    value: Any = obj[top]
    for part in parts[1:]:
        if not isinstance(value, Mapping):
            return None, top
        keys = {str(k).lower(): k for k in value}
        if part not in keys:
            return None, top
        value = value[keys[part]]
    return value, top


def _as_text(value: Any, field: str) -> str | None:
    """A field's value as a string, or None when it holds nothing usable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip() if field != "text" else value
        return value if value.strip() else None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        # {"name": "Reuters", "id": ...} (NewsAPI's source, an author object)
        for key in ("name", "title", "text", "value"):
            if isinstance(value.get(key), str) and value[key].strip():
                return value[key].strip()
        return None
    if isinstance(value, list | tuple):
        items = [t for t in (_as_text(v, "author" if field == "author" else "title") for v in value) if t]
        if not items:
            return None
        # Authors are a list; paragraphs of a body are joined as paragraphs.
        return "\n\n".join(items) if field == "text" else "; ".join(items)
    return None
