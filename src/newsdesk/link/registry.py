"""The entity registry: each document entity linked to a canonical entity of the desk.

Runs after `dedup` inside the batch transaction, article by article in canonical order (so an
article can link to an entity an earlier article of the same batch created).

Linking is conservative; a wrong merge is worse than a missed one:
- Places located by the `places` step are keyed by GeoNames id ("Pacific" and "Pacific Ocean" are
  one entity); located places without an id by their name and country.
- People with a full name link to the person with that name (any alias of it, "R. Gates" included
  through its surname and initial). A lone surname ("Gates") whose document has no full name links
  only when the context supports it: among the desk's people with that surname (or known only by it),
  exactly one shares at least two other entities with the document (one, if it is the only
  candidate). Otherwise it becomes an entity of its own: two people who share a surname in
  unrelated articles are never merged.
- Everything else (organisations, groups, events, ...) links by type and normalised name, any alias
  included (an acronym the document defined, "BAI", links to its long form's entity).

Duplicates (`duplicate_of` set by dedup) are linked too, so their mentions carry entity ids, but
are counted once: their rows in `article_entities` have counted = 0 and they add nothing to mention
or article counts, first/last seen, timelines or co-occurrences.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from newsdesk.link.base import LinkStep, register_linker
from newsdesk.model import Article, DocEntity, short_hash
from newsdesk.store.base import Store, now_iso

MAX_ALIASES = 40
MAX_ROLES = 20
PLACE_TYPES = ("GPE", "LOC", "FAC")
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "rev"}
_NON_WORD = re.compile(r"[^\w' ]+")
_SPACES = re.compile(r"\s+")


def alias_key(name: str) -> str:
    """Normalised form of a name: accents folded, lower case, no dots, possessive or leading "the"."""
    s = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"(?<=\b\w)\.", "", s).replace(".", " ")
    s = _NON_WORD.sub(" ", s.replace("-", " "))
    s = _SPACES.sub(" ", s).strip()
    if s.endswith(" 's") or s.endswith("'s"):
        s = s[:-2].rstrip(" '")
    if s.startswith("the "):
        s = s[4:]
    return s


def person_parts(name: str) -> tuple[str, str] | None:
    """(first, last) of a personal name's key, honorifics and suffixes dropped; None for one word."""
    toks = [t for t in alias_key(name).split() if t not in HONORIFICS]
    while toks and toks[-1] in ("jr", "sr", "ii", "iii", "iv"):
        toks = toks[:-1]
    if len(toks) < 2:
        return None
    return toks[0], toks[-1]


def surname_of(name: str) -> str:
    parts = person_parts(name)
    if parts:
        return parts[1]
    toks = alias_key(name).split()
    return toks[-1] if toks else ""


@dataclass
class _Link:
    """What one article contributes to one canonical entity."""

    entity_id: str
    entity: DocEntity
    names: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    mentions: int = 0
    first_offset: int = 1 << 30


def _when(article: Article) -> str:
    return article.published or now_iso()


@register_linker
class Registry(LinkStep):
    name = "registry"
    understanding = True

    # --- unlink -----------------------------------------------------------------------------------
    def unlink(self, store: Store, articles: Sequence[Article]) -> None:
        for article in articles:
            rows = store.query(
                "SELECT entity_id, mentions, counted FROM article_entities WHERE article_id = ?", (article.id,)
            )
            if not rows:
                continue
            store.execute("DELETE FROM article_entities WHERE article_id = ?", (article.id,))
            for r in rows:
                if r["counted"]:
                    store.execute(
                        "UPDATE entities SET mention_count = mention_count - ?, article_count = article_count - 1"
                        " WHERE id = ?",
                        (int(r["mentions"]), r["entity_id"]),
                    )
                self._refresh_seen(store, r["entity_id"])

    @staticmethod
    def _refresh_seen(store: Store, entity_id: str) -> None:
        """Recompute first/last seen from the articles left; forget an entity no article mentions."""
        left = store.query_one(
            "SELECT COUNT(*) AS n, MIN(CASE WHEN counted = 1 THEN published END) AS first,"
            " MAX(CASE WHEN counted = 1 THEN published END) AS last FROM article_entities WHERE entity_id = ?",
            (entity_id,),
        )
        if not left or not left["n"]:
            store.execute("DELETE FROM entity_aliases WHERE entity_id = ?", (entity_id,))
            store.execute("DELETE FROM entities WHERE id = ?", (entity_id,))
            return
        store.execute("UPDATE entities SET first_seen = ?, last_seen = ? WHERE id = ?",
                      (left["first"], left["last"], entity_id))

    # --- link -------------------------------------------------------------------------------------
    def link(self, store: Store, articles: Sequence[Article]) -> None:
        for article in articles:
            if article.entities:
                self._link_article(store, article)

    def _link_article(self, store: Store, article: Article) -> None:
        counted = article.duplicate_of is None
        first_offsets: dict[str, int] = {}
        for m in article.mentions:
            if m.entity_key and m.entity_key not in first_offsets:
                first_offsets[m.entity_key] = m.start
        links: dict[str, _Link] = {}
        resolved: dict[str, str] = {}
        # full names and places first: they give the context lone surnames are judged by
        order = sorted(article.entities, key=lambda e: (self._is_lone_surname(e), first_offsets.get(e.key, 0)))
        for e in order:
            eid = self._resolve(store, article, e, list(resolved.values()))
            if eid is None:
                continue
            resolved[e.key] = eid
            link = links.get(eid)
            if link is None:
                link = links[eid] = _Link(eid, e)
            link.mentions += e.mention_count
            link.first_offset = min(link.first_offset, first_offsets.get(e.key, 0))
            for n in [e.name, *e.aliases]:
                if n not in link.names:
                    link.names.append(n)
            for r in e.roles:
                if r not in link.roles:
                    link.roles.append(r)
        for e in article.entities:
            e.entity_id = resolved.get(e.key)
        for m in article.mentions:
            m.entity_id = resolved.get(m.entity_key or "")
        when = _when(article)
        for link in links.values():
            self._write(store, article, link, counted, when)

    @staticmethod
    def _is_lone_surname(e: DocEntity) -> bool:
        return (e.label == "PERSON" and person_parts(e.name) is None) or _maybe_surname(e)

    # --- resolution -------------------------------------------------------------------------------
    def _resolve(self, store: Store, article: Article, e: DocEntity, context: list[str]) -> str | None:
        key = alias_key(e.name)
        if not key:
            return None
        if e.label in PLACE_TYPES and e.lat is not None:
            if e.geonameid:
                return short_hash("geo", e.geonameid)
            return short_hash("place", e.label, key, e.country_code or "")
        if e.label == "PERSON":
            return self._resolve_person(store, article, e, key, context)
        if _maybe_surname(e):
            # "Gates" that the model called an organisation, in a story about a known Gates: the
            # person, when the document shares at least two other entities with him (one type per
            # entity across the desk)
            eid = self._supported_person(store, key, context, need=2)
            if eid is not None:
                e.label = "PERSON"
                for m in article.mentions:
                    if m.entity_key == e.key:
                        m.label = "PERSON"
                return eid
        # other types: any alias of an entity of that type
        keys = [key] + [alias_key(a) for a in e.aliases]
        for k in keys:
            row = store.query_one(
                "SELECT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
                " WHERE a.alias_key = ? AND a.type = ? ORDER BY e.mention_count DESC, e.id LIMIT 1",
                (k, e.label),
            )
            if row:
                return row["entity_id"]
        return short_hash("entity", e.label, key)

    def _resolve_person(self, store: Store, article: Article, e: DocEntity, key: str, context: list[str]) -> str:
        parts = person_parts(e.name)
        if parts is not None:
            first, last = parts
            row = store.query_one(
                "SELECT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id"
                " WHERE a.alias_key = ? AND a.type = 'PERSON' ORDER BY e.mention_count DESC, e.id LIMIT 1",
                (key,),
            )
            if row:
                return row["entity_id"]
            # "R. Gates" and "Robert Gates", "Robert M. Gates": same surname, compatible first name
            for r in store.query(
                "SELECT id, name FROM entities WHERE surname = ? AND type = 'PERSON' ORDER BY mention_count DESC, id"
                " LIMIT 50",
                (last,),
            ):
                other = person_parts(r["name"])
                if other and _compatible_first(first, other[0]):
                    return r["id"]
            return short_hash("person", key)
        # a lone surname: only with the support of the document's other entities
        eid = self._supported_person(store, key, context)
        if eid is not None:
            return eid
        # on its own: this article's entity (unrelated articles never merge on a surname)
        return short_hash("person-surname", key, article.id)

    def _supported_person(self, store: Store, surname: str, context: list[str], need: int | None = None) -> str | None:
        """The one person with this surname that shares enough of the document's entities."""
        rows = store.query(
            "SELECT id FROM entities WHERE surname = ? AND type = 'PERSON' ORDER BY mention_count DESC, id LIMIT 20",
            (surname,),
        )
        others = [c for c in context if c]
        if not rows or not others:
            return None
        scored = [(self._shared(store, r["id"], others), r["id"]) for r in rows]
        bar = need if need is not None else (1 if len(rows) == 1 else 2)
        good = [eid for n, eid in scored if n >= bar]
        return good[0] if len(good) == 1 else None

    @staticmethod
    def _shared(store: Store, entity_id: str, others: list[str]) -> int:
        """How many of `others` appear in a counted article together with `entity_id`."""
        marks = ", ".join("?" for _ in others)
        row = store.query_one(
            "SELECT COUNT(DISTINCT b.entity_id) AS n FROM article_entities a JOIN article_entities b"
            f" ON a.article_id = b.article_id WHERE a.entity_id = ? AND b.entity_id IN ({marks})",
            (entity_id, *others),
        )
        return int(row["n"]) if row else 0

    # --- writing ----------------------------------------------------------------------------------
    def _write(self, store: Store, article: Article, link: _Link, counted: bool, when: str) -> None:
        e = link.entity
        row = store.query_one("SELECT * FROM entities WHERE id = ?", (link.entity_id,))
        if row is None:
            name = _display(e.name)
            aliases = [n for n in link.names if n != name][:MAX_ALIASES]
            store.execute(
                "INSERT INTO entities (id, name, type, name_key, surname, aliases, roles, mention_count,"
                " article_count, first_seen, last_seen, lat, lon, country_code, geonameid, feature)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (link.entity_id, name, e.label, alias_key(name), surname_of(name) if e.label == "PERSON" else None,
                 json.dumps(aliases, ensure_ascii=False), json.dumps(link.roles[:MAX_ROLES], ensure_ascii=False),
                 link.mentions if counted else 0, 1 if counted else 0, when if counted else None,
                 when if counted else None, e.lat, e.lon, e.country_code, e.geonameid, e.feature),
            )
        else:
            name = row["name"]
            better = _display(e.name)
            if _fuller(better, name, e.label):
                name = better
            aliases = json.loads(row["aliases"] or "[]")
            for n in [row["name"], *link.names]:
                if n != name and n not in aliases and len(aliases) < MAX_ALIASES:
                    aliases.append(n)
            aliases = [a for a in aliases if a != name]
            roles = json.loads(row["roles"] or "[]")
            low = {r.lower() for r in roles}
            for r in link.roles:
                if r.lower() not in low and len(roles) < MAX_ROLES:
                    roles.append(r)
                    low.add(r.lower())
            first, last = row["first_seen"], row["last_seen"]
            if counted:
                first = min(first, when) if first else when
                last = max(last, when) if last else when
            store.execute(
                "UPDATE entities SET name = ?, name_key = ?, surname = ?, aliases = ?, roles = ?,"
                " mention_count = mention_count + ?, article_count = article_count + ?, first_seen = ?, last_seen = ?,"
                " lat = COALESCE(lat, ?), lon = COALESCE(lon, ?), country_code = COALESCE(country_code, ?),"
                " geonameid = COALESCE(geonameid, ?), feature = COALESCE(feature, ?) WHERE id = ?",
                (name, alias_key(name), surname_of(name) if row["type"] == "PERSON" else None,
                 json.dumps(aliases, ensure_ascii=False), json.dumps(roles, ensure_ascii=False),
                 link.mentions if counted else 0, 1 if counted else 0, first, last,
                 e.lat, e.lon, e.country_code, e.geonameid, e.feature, link.entity_id),
            )
        for n in link.names:
            k = alias_key(n)
            if k:
                store.execute(
                    "INSERT INTO entity_aliases (alias_key, entity_id, alias, type, count) VALUES (?, ?, ?, ?, ?)"
                    " ON CONFLICT (alias_key, entity_id) DO UPDATE SET count = entity_aliases.count + excluded.count",
                    (k, link.entity_id, n, e.label, 1 if counted else 0),
                )
        store.execute(
            "INSERT INTO article_entities (article_id, entity_id, mentions, first_offset, published, counted)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, entity_id) DO UPDATE SET"
            " mentions = excluded.mentions, first_offset = excluded.first_offset, published = excluded.published,"
            " counted = excluded.counted",
            (article.id, link.entity_id, link.mentions, link.first_offset, when, 1 if counted else 0),
        )


def _maybe_surname(e: DocEntity) -> bool:
    """A single capitalised word the model typed as a thing ("Gates" as ORG): perhaps a surname."""
    name = e.name.strip()
    return (e.label in ("ORG", "PRODUCT", "WORK_OF_ART") and " " not in name and name[:1].isupper()
            and not name.isupper() and len(name) > 2)


def _compatible_first(a: str, b: str) -> bool:
    """"robert" ~ "robert", "r" ~ "robert"."""
    if a == b:
        return True
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _display(name: str) -> str:
    name = name.strip()
    return name[4:] if name[:4].lower() == "the " and len(name) > 6 else name


def _fuller(new: str, old: str, label: str) -> bool:
    """Is `new` a better canonical name than `old`? More words for people; never ALL CAPS over mixed."""
    if new == old:
        return False
    if new.isupper() and not old.isupper():
        return False
    if old.isupper() and not new.isupper() and alias_key(new) == alias_key(old):
        return True
    if label == "PERSON":
        return len(new.split()) > len(old.split())
    return False


def entity_row(row: dict[str, Any]) -> dict[str, Any]:
    """A registry row as the JSON-ready dict the desk returns."""
    return {
        "id": row["id"], "name": row["name"], "type": row["type"],
        "mentions": int(row["mention_count"] or 0), "articles": int(row["article_count"] or 0),
        "aliases": json.loads(row["aliases"] or "[]"), "roles": json.loads(row["roles"] or "[]"),
        "first_seen": row["first_seen"], "last_seen": row["last_seen"],
        "lat": row["lat"], "lon": row["lon"], "country_code": row["country_code"], "geonameid": row["geonameid"],
    }
