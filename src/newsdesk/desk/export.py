"""Export what the desk knows, not only its articles: entities, quotations, stories and places, each
row with the ids and character spans that join it back to the articles (`Desk.export_what`, `Desk.export_rows`).

    articles   the stored articles (the fields of `Desk.export`)
    entities   id, name, type, aliases, roles, counts, and every mention: article id, start, end, surface
    quotes     id, article id, content span and text, speaker span, speaker name and entity id
    stories    id, title, summary, first/last seen, size and the ids of its articles (in ingest order)
    places     entity id, name, lat, lon, country, geonames id, and every mention as for entities

Rows stream out in a stable order (ids, or ingest order for articles); the mentions of entities and
places are gathered in one pass over the articles, so memory grows with the mentions exported.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from newsdesk.store import Store, entities, quotes, stories, watchlists

WHATS = ("articles", "entities", "quotes", "stories", "places")
# What an article row carries besides the article: its categories ([{label, score}], best first)
# and the names of the watchlists it matches (as `show --json` gives them).
LABEL_FIELDS = ["categories", "watchlists"]
_LABEL_PAGE = 500
FORMATS = ("jsonl", "csv")

ENTITY_FIELDS = ["id", "name", "type", "aliases", "roles", "mention_count", "article_count", "first_seen",
                 "last_seen", "mentions"]
QUOTE_FIELDS = ["id", "article_id", "start", "end", "text", "direct", "cue", "speaker", "speaker_start",
                "speaker_end", "speaker_name", "speaker_entity_id", "published", "counted"]
STORY_FIELDS = ["id", "title", "summary", "first_seen", "last_seen", "size", "n_sources", "article_ids"]
PLACE_FIELDS = ["entity_id", "name", "type", "lat", "lon", "country", "geonames_id", "feature", "mention_count",
                "article_count", "mentions"]


def export_fields(what: str, article_fields: list[str]) -> list[str]:
    """The columns of one kind of export (the CSV header)."""
    return {"articles": article_fields, "entities": ENTITY_FIELDS, "quotes": QUOTE_FIELDS,
            "stories": STORY_FIELDS, "places": PLACE_FIELDS}[check_what(what)]


def check_what(what: str) -> str:
    if what not in WHATS:
        raise ValueError(f"unknown export {what!r} (choose {', '.join(WHATS)})")
    return what


def _json_list(value: Any) -> list:
    if isinstance(value, list):
        return value
    try:
        got = json.loads(value or "[]")
    except (TypeError, ValueError):
        return []
    return got if isinstance(got, list) else []


def _mentions_by_entity(store: Store, only: set[str] | None = None) -> dict[str, list[dict[str, Any]]]:
    """entity id -> its mentions ({article_id, start, end, surface}), in ingest order."""
    found: dict[str, list[dict[str, Any]]] = {}
    for art in store.iter_articles():
        for m in art.mentions:
            if m.entity_id and (only is None or m.entity_id in only):
                found.setdefault(m.entity_id, []).append(
                    {"article_id": art.id, "start": m.start, "end": m.end, "surface": m.surface})
    return found


def entity_rows(store: Store) -> Iterator[dict[str, Any]]:
    mentions = _mentions_by_entity(store)
    for r in entities.listing(store):
        yield {**r, "aliases": _json_list(r["aliases"]), "roles": _json_list(r["roles"]),
               "mentions": mentions.get(r["id"], [])}


def place_rows(store: Store) -> Iterator[dict[str, Any]]:
    places = entities.located(store)
    mentions = _mentions_by_entity(store, {p["id"] for p in places})
    for p in places:
        yield {"entity_id": p["id"], "name": p["name"], "type": p["type"], "lat": p["lat"], "lon": p["lon"],
               "country": p["country_code"], "geonames_id": p["geonameid"], "feature": p["feature"],
               "mention_count": p["mention_count"], "article_count": p["article_count"],
               "mentions": mentions.get(p["id"], [])}


def quote_rows(store: Store) -> Iterator[dict[str, Any]]:
    for r in quotes.listing(store):
        row = dict(r)
        row["start"], row["end"] = row.pop("start_offset"), row.pop("end_offset")
        row["direct"], row["counted"] = bool(row["direct"]), bool(row["counted"])
        yield {f: row.get(f) for f in QUOTE_FIELDS}


def story_rows(store: Store) -> Iterator[dict[str, Any]]:
    members = stories.members(store)
    for r in stories.listing(store):
        yield {**r, "article_ids": members.get(r["id"], [])}


def with_labels(store: Store, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Article rows with their `categories` and `watchlists`, looked up a page of rows at a time."""
    page: list[dict[str, Any]] = []
    for rec in records:
        page.append(rec)
        if len(page) >= _LABEL_PAGE:
            yield from _labelled(store, page)
            page = []
    yield from _labelled(store, page)


def _labelled(store: Store, page: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    ids = list(dict.fromkeys(r["id"] for r in page))
    cats: dict[str, list[dict[str, Any]]] = {}
    for r in sorted(watchlists.categories_of(store, ids), key=lambda r: (-float(r["score"]), r["label"])):
        cats.setdefault(r["article_id"], []).append({"label": r["label"], "score": round(float(r["score"]), 4)})
    watched: dict[str, list[str]] = {}
    for r in sorted(watchlists.watchlists_of(store, ids), key=lambda r: r["name"]):
        watched.setdefault(r["article_id"], []).append(r["name"])
    for rec in page:
        yield {**rec, "categories": cats.get(rec["id"], []), "watchlists": watched.get(rec["id"], [])}


def write_rows(rows: Iterator[dict[str, Any]], fields: list[str], fmt: str, out: IO[bytes]) -> int:
    """Write `rows` to `out` as JSON lines or CSV (lists and objects as JSON in a cell). Returns the count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (choose {', '.join(FORMATS)})")
    n = 0
    if fmt == "jsonl":
        for rec in rows:
            out.write((json.dumps(rec, ensure_ascii=False, default=str) + "\n").encode("utf-8"))
            n += 1
        return n
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for rec in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v
                         for k, v in rec.items()})
        n += 1
    text.flush()
    text.detach()
    return n


def export_rows(store: Store, what: str, articles: Callable[[], Iterator[dict[str, Any]]]) -> Iterator[dict[str, Any]]:
    """The rows of one export (articles, entities, quotes, stories or places), as dicts; `articles`
    gives the article rows (the Desk's own export records)."""
    check_what(what)
    if what == "articles":
        return articles()
    return {"entities": entity_rows, "quotes": quote_rows, "stories": story_rows, "places": place_rows}[what](store)
