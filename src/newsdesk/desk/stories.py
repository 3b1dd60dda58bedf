"""Stories on the desk: list them, open one (articles, timeline, entities, places, quotations).

Stories are built by the "stories" linker as articles arrive (see `newsdesk.stories`); these methods
only read. Listing order: the day of the latest article, newest first; within a day, the biggest
stories first (then the latest). Undated stories come after dated ones, biggest first.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from newsdesk.desk.core import DeskCore
from newsdesk.search.analysis import keyword
from newsdesk.search.filters import Filters
from newsdesk.store import stories as story_rows
from newsdesk.stories import corrections
from newsdesk.stories.cluster import parse_time
from newsdesk.stories.life import BREAKING_HOURS, iso_hours_before

UNTYPED = "NAME"  # stories.features' label for a capitalised phrase no entity typed
MAX_STORY_ARTICLES = 1000  # articles listed by story(); the size still counts them all
TOP_ENTITIES = 10


class StoriesAPI(DeskCore):
    def stories(
        self,
        since: str | None = None,
        breaking: bool = False,
        top: int = 20,
        offset: int = 0,
        query: str | None = None,
        lang: str | None = None,
    ) -> list[dict[str, Any]]:
        """Stories, newest day first and biggest first within a day.

        `since`: only stories with an article published at or after this date/time; `breaking`: only
        stories flagged breaking whose latest article is within a day of the desk's newest one;
        `query`: words that must appear in the title, summary or names (case-insensitive); `lang`:
        only stories with an article in this language (ISO 639-1 code)."""
        if top < 0 or offset < 0:
            raise ValueError("top and offset must not be negative")
        since_iso = _parse_since(since) if since else None  # a bad date is an error whatever else is asked
        breaking_after = None
        if breaking:
            latest = self.store.get_meta("stories_latest")
            if not latest:
                return []
            breaking_after = iso_hours_before(latest, BREAKING_HOURS)
        language = Filters(lang=lang).lang
        rows = story_rows.find(self.store, top=top, offset=offset, since=since_iso,
                               breaking_after=breaking_after, language=keyword(language) if language else None,
                               words=[w.lower() for w in (query or "").split()])
        return [_story_dict(r) for r in rows]

    def story(self, story_id: str) -> dict[str, Any] | None:
        """One story with its articles (chronological), timeline, entities, places and quotations.
        A story merged into another is found under its old id too; a unique id prefix works."""
        row = self._story_row(story_id)
        if row is None:
            return None
        out = _story_dict(row)
        out["entities"] = top_entities(json.loads(row["names"] or "{}"), 30)
        sid = row["id"]
        arts = story_rows.articles(self.store, sid, MAX_STORY_ARTICLES)
        out["articles"] = [dict(a) for a in arts]
        # the languages the story is reported in, most articles first ("und" where none was detected)
        langs: dict[str, int] = {}
        for a in out["articles"]:
            if not a["duplicate_of"]:
                langs[a["language"] or "und"] = langs.get(a["language"] or "und", 0) + 1
        out["languages"] = dict(sorted(langs.items(), key=lambda kv: (-kv[1], kv[0])))
        out["timeline"] = timeline([a["published"] for a in arts if not a["duplicate_of"]])
        places = json.loads(row["places"] or "{}")
        out["places"] = [
            {"id": p.get("id"), "name": p.get("name"), "lat": p.get("lat"), "lon": p.get("lon"), "count": p["count"]}
            for _, p in sorted(places.items(), key=lambda kv: (-kv[1]["count"], kv[0]))
        ]
        out["quotes"] = self._story_quotes(sid)
        return out

    # --- analyst corrections (kept as pins; obeyed by every later linking and reprocessing) -----------
    def merge_stories(self, keep: str, other: str) -> dict[str, Any]:
        """Merge story `other` into story `keep`. Raises CorrectionError (a ValueError) when unknown."""
        return self._corrected(corrections.merge(self.store, keep, other))

    def split_story(self, story_id: str, article_ids: list[str]) -> dict[str, Any]:
        """Split these articles off `story_id` into a new story (they stay together, apart from it)."""
        if not article_ids:
            raise corrections.CorrectionError("name at least one article to split off")
        return self._corrected(corrections.split(self.store, story_id, article_ids))

    def move_articles(self, article_ids: list[str], to: str) -> dict[str, Any]:
        """Move articles into story `to`."""
        if not article_ids:
            raise corrections.CorrectionError("name at least one article to move")
        return self._corrected(corrections.move(self.store, article_ids, to))

    def _corrected(self, result: dict[str, Any]) -> dict[str, Any]:
        with self._writing():
            reindex = getattr(self, "reindex_articles", None)
            if reindex is not None:  # a desk with a search index: the moved articles' story changed
                reindex(list(result["articles"]))
        return result

    def _story_row(self, story_id: str) -> dict[str, Any] | None:
        return story_rows.get(self.store, story_id)

    def _story_quotes(self, story_id: str) -> list[Any]:
        quotes = getattr(self, "quotes", None)
        if quotes is None:
            return []
        try:
            return list(quotes(story=story_id))
        except TypeError:  # a QuotesAPI without story filtering
            return []

    def _extra_stats(self) -> dict[str, Any]:
        out = super()._extra_stats()
        out["stories"], out["stories_multi"] = story_rows.counts(self.store)
        return out


def _parse_since(value: str) -> str:
    # heavy: the pipeline package (every step) and dateparser; only a --since date needs them
    from newsdesk.pipeline.dates import parse_date

    parsed = parse_date(value)
    if parsed is None:
        raise ValueError(f"cannot read the date {value!r} (try 2026-03-01 or 2026-03-01T12:00)")
    return parsed


def _story_dict(row: dict[str, Any]) -> dict[str, Any]:
    sources = json.loads(row["sources"] or "{}")
    return {
        "id": row["id"],
        "title": row["title"],
        "summary": row["summary"],
        "size": int(row["size"]),
        "sources": [s for s, n in sorted(sources.items(), key=lambda kv: (-kv[1], kv[0])) if n > 0],
        "n_sources": int(row["n_sources"]),
        "first_seen": row["first_seen"],
        "last_seen": row["last_seen"],
        "top_entities": top_entities(json.loads(row["names"] or "{}"), TOP_ENTITIES),
        "breaking": bool(row["breaking"]),
    }


def top_entities(names: dict[str, list[Any]], limit: int) -> list[dict[str, Any]]:
    """The story's most frequent names; a linked entity (e:) wins over the same name unlinked (n:)."""
    linked = {str(v[0]).lower() for k, v in names.items() if k.startswith("e:")}
    items = []
    for key, (name, label, count, entity_id) in names.items():
        if key.startswith("n:") and str(name).lower() in linked:
            continue
        # "NAME" is the clusterer's internal label for an untyped capitalised phrase: never shown.
        items.append({"id": entity_id, "name": name, "type": None if label == UNTYPED else label,
                      "count": int(count)})
    # Untyped capitalised phrases that only restate a typed entity ("Arslan", "Interior Minister
    # Kemal Arslan" beside PERSON "Kemal Arslan") are left out of the list.
    typed = [str(e["name"]).lower() for e in items if e["type"] is not None]
    # An untyped phrase of one article only ("Officials", "Tuesday Night") is more often a stray
    # capital than a name: shown only once a second article repeats it.
    items = [e for e in items if e["type"] is not None
             or (e["count"] >= 2 and not any(t in str(e["name"]).lower() or str(e["name"]).lower() in t
                                            for t in typed))]
    # Ties (every name of a one-article story counts 1) go by salience: the order the names come in,
    # first mention first, as an article leads with who and what it is about; never the alphabet.
    order = {id(e): i for i, e in enumerate(items)}
    items.sort(key=lambda e: (-e["count"], e["type"] is None, order[id(e)]))
    return items[:limit]


def timeline(published: list[str | None]) -> list[dict[str, Any]]:
    """Articles per day, or per hour when the story spans less than two days."""
    stamps = sorted(p for p in published if p)
    if not stamps:
        return []
    first, last = parse_time(stamps[0]), parse_time(stamps[-1])
    hourly = first is not None and last is not None and last - first < 48 and all("T" in p for p in stamps)
    width = 13 if hourly else 10  # "2026-03-02T04" or "2026-03-02"
    counts = Counter(p[:width] for p in stamps)
    return [{"period": (k + ":00" if hourly else k), "count": n} for k, n in sorted(counts.items())]
