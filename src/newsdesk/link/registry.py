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

The lookups are set-based per batch (`_BatchRegistry`): what the batch's names could link to is read
in a few `IN (...)` queries up front, each article is then resolved in order against those rows plus
what earlier articles of the batch wrote (kept in memory), and the batch's writes go back in one
`executemany` per table at the end. The result is the same as looking every name up one at a time.

Duplicates (`duplicate_of` set by dedup) are linked too, so their mentions carry entity ids, but
are counted once: their rows in `article_entities` have counted = 0 and they add nothing to mention
or article counts, first/last seen, timelines or co-occurrences.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from newsdesk.lexicon.labels import PLACE_LABELS
from newsdesk.lexicon.names import name_parts
from newsdesk.link.base import LinkStep
from newsdesk.model import Article, DocEntity, short_hash
from newsdesk.store import entities as tables
from newsdesk.store.base import Store, now_iso

MAX_ALIASES = 40
MAX_ROLES = 20
_NON_WORD = re.compile(r"[^\w' ]+")
_SPACES = re.compile(r"\s+")


# Pure functions of a name, asked about the same names over and over (every mention of an entity, every
# alias of a row written back): each distinct name is worked out once per process.
@lru_cache(maxsize=1 << 16)
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


@lru_cache(maxsize=1 << 16)
def person_parts(name: str) -> tuple[str, str] | None:
    """(first, last) of a personal name's key, honorifics and suffixes dropped; None for one word."""
    return name_parts(alias_key(name).split())


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


SURNAME_TOP = 50  # the most people any surname lookup reads


class _BatchRegistry:
    """The registry as one batch sees it: stored rows read set-based, the batch's writes in memory.

    Every answer equals what the one-at-a-time SQL lookup would give at that point of the batch:
    - entities: rows read by id (or with an alias or surname lookup) and then kept current in memory;
    - aliases: every stored (alias key, type) pair the batch asks for is read up front, whole; a pair
      the batch writes for a stored entity whose stored row is unknown (the type of an existing pair
      never changes) is read when a lookup of that key needs it;
    - surnames: the 50 strongest stored people per surname (mention counts only grow during linking,
      so nobody below them can overtake one of them) plus the people the batch holds; if one of those
      50 changed surname, the batch is written out and the database answers;
    - co-occurrence: stored article-entity pairs in one query per lookup, plus the batch's own.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.rows: dict[str, dict[str, Any] | None] = {}  # entity id -> current row (None: no such entity)
        self.stored: set[str] = set()  # ids with a row in the database
        self.created: set[str] = set()  # ids this batch created
        self.dirty: dict[str, None] = {}  # ids to write back, in first-write order
        self.alias_types: dict[str, dict[str, str]] = {}  # alias key -> {entity id: type}, known pairs
        self.alias_unknown: dict[str, dict[str, str]] = {}  # alias key -> {entity id: type written}
        self.alias_read: set[tuple[str, str]] = set()  # (alias key, type) read whole from the database
        self.alias_pending: dict[tuple[str, str], list[Any]] = {}  # (key, id) -> [alias, type, count]
        self.surname_top: dict[str, list[str]] = {}  # surname -> stored leaders' ids
        self.people: dict[str, set[str]] = {}  # current surname -> ids of the people held here
        self.links_pending: dict[tuple[str, str], tuple[Any, ...]] = {}
        self.batch_links: dict[str, set[str]] = {}  # article id -> entity ids, this batch's articles

    # --- reading ----------------------------------------------------------------------------------
    def _cache(self, row: dict[str, Any]) -> None:
        eid = row["id"]
        if eid in self.rows:
            return  # what the batch holds is current
        self.rows[eid] = row
        self.stored.add(eid)
        if row["type"] == "PERSON":
            self.people.setdefault(row["surname"], set()).add(eid)

    def prefetch(self, articles: Sequence[Article]) -> None:
        """Read what the batch's names could link to: a few queries for the whole batch."""
        ids: set[str] = set()
        surnames: set[str] = set()
        lookups: dict[str, set[str]] = {}
        for article in articles:
            for e in article.entities:
                key = alias_key(e.name)
                if not key:
                    continue
                if e.label in PLACE_LABELS and e.lat is not None:
                    ids.add(short_hash("geo", e.geonameid) if e.geonameid
                            else short_hash("place", e.label, key, e.country_code or ""))
                elif e.label == "PERSON":
                    parts = person_parts(e.name)
                    if parts is not None:
                        lookups.setdefault("PERSON", set()).add(key)
                        surnames.add(parts[1])
                        ids.add(short_hash("person", key))
                    else:
                        surnames.add(key)
                        ids.add(short_hash("person-surname", key, article.id))
                else:
                    if _maybe_surname(e):
                        surnames.add(key)
                    keys = lookups.setdefault(e.label, set())
                    keys.add(key)
                    keys.update(alias_key(a) for a in e.aliases)
                    ids.add(short_hash("entity", e.label, key))
        self._read_aliases(lookups)
        self._read_people(surnames)
        self._read_entities(ids)

    def _read_entities(self, ids: Iterable[str]) -> None:
        todo = sorted(i for i in set(ids) if i not in self.rows)
        for r in tables.by_id(self.store, todo):
            self._cache(r)
        for i in todo:
            self.rows.setdefault(i, None)

    def _read_aliases(self, lookups: dict[str, set[str]]) -> None:
        for label in sorted(lookups):
            todo = sorted(k for k in lookups[label] if (k, label) not in self.alias_read)
            for r in tables.by_alias(self.store, label, todo):
                k, eid = r.pop("alias_key_"), r.pop("alias_entity_")
                self._cache(r)
                self._know_alias(k, eid, label)
            self.alias_read.update((k, label) for k in todo)

    def _know_alias(self, k: str, eid: str, stored_type: str) -> None:
        known = self.alias_types.setdefault(k, {})
        if eid not in known:
            known[eid] = stored_type
        unknown = self.alias_unknown.get(k)
        if unknown:
            unknown.pop(eid, None)

    def _read_people(self, surnames: Iterable[str]) -> None:
        todo = sorted(s for s in set(surnames) if s not in self.surname_top)
        for s in todo:
            self.surname_top[s] = []
        for r in tables.top_people(self.store, todo, SURNAME_TOP):
            self.surname_top[r["surname"]].append(r["id"])
            self._cache(r)

    def entity(self, eid: str) -> dict[str, Any] | None:
        if eid not in self.rows:
            self._read_entities([eid])
        return self.rows[eid]

    def alias_best(self, k: str, label: str) -> str | None:
        """The entity of that type with that alias and the most mentions (`ORDER BY mention_count
        DESC, id LIMIT 1`), or None."""
        if (k, label) not in self.alias_read:
            self._read_aliases({label: {k}})
        unknown = self.alias_unknown.pop(k, None)
        if unknown:
            # Pairs this batch wrote for stored entities: a stored pair keeps its stored type.
            ids = sorted(unknown)
            found = tables.alias_types(self.store, k, ids)
            known = self.alias_types.setdefault(k, {})
            for eid in ids:
                known.setdefault(eid, found.get(eid, unknown[eid]))
        best: tuple[tuple[int, str], str] | None = None
        for eid, t in self.alias_types.get(k, {}).items():
            row = self.rows.get(eid)
            if t != label or row is None:
                continue
            rank = (-int(row["mention_count"]), eid)
            if best is None or rank < best[0]:
                best = (rank, eid)
        return best[1] if best else None

    def people_named(self, surname: str, limit: int) -> list[dict[str, Any]]:
        """People with this surname, most mentioned first (`ORDER BY mention_count DESC, id LIMIT n`)."""
        if surname not in self.surname_top:
            self._read_people([surname])
        top = self.surname_top[surname]

        def current(eid: str) -> bool:
            row = self.rows.get(eid)
            return row is not None and row["type"] == "PERSON" and row["surname"] == surname

        if len(top) >= SURNAME_TOP and not all(current(i) for i in top):
            # A stored leader changed surname: who comes next only the database knows.
            self.flush()
            rows = tables.people_named(self.store, surname, limit)
            for r in rows:
                self._cache(r)
            return [self.rows[r["id"]] or r for r in rows]
        found = [self.rows[i] for i in set(top) | self.people.get(surname, set()) if current(i)]
        found.sort(key=lambda r: (-int(r["mention_count"]), r["id"]))  # type: ignore[index]
        return found[:limit]  # type: ignore[return-value]

    def shared(self, candidates: list[str], others: list[str]) -> dict[str, int]:
        """For each candidate: how many of `others` appear in an article together with it."""
        pairs: dict[str, set[str]] = {c: set() for c in candidates}
        wanted = sorted(set(others))
        for c, o in tables.co_mentioned(self.store, candidates, wanted):
            pairs[c].add(o)
        want = set(wanted)
        for ids in self.batch_links.values():  # this batch's articles, not yet (all) written
            for c in candidates:
                if c in ids:
                    pairs[c].update(ids & want)
        return {c: len(v) for c, v in pairs.items()}

    # --- writing ----------------------------------------------------------------------------------
    def put_entity(self, row: dict[str, Any]) -> None:
        eid = row["id"]
        old = self.rows.get(eid)
        if old is None:
            self.created.add(eid)
        elif old["type"] == "PERSON":
            self.people.get(old["surname"], set()).discard(eid)
        if row["type"] == "PERSON":
            self.people.setdefault(row["surname"], set()).add(eid)
        self.rows[eid] = row
        self.dirty[eid] = None

    def add_alias(self, k: str, eid: str, alias: str, label: str, count: int) -> None:
        pending = self.alias_pending.get((k, eid))
        if pending is None:
            self.alias_pending[(k, eid)] = [alias, label, count]
        else:
            pending[2] += count
        if eid in self.alias_types.get(k, {}) or eid in self.alias_unknown.get(k, {}):
            return  # the pair exists: its type stays
        if eid in self.created:
            self.alias_types.setdefault(k, {})[eid] = label
        else:
            self.alias_unknown.setdefault(k, {})[eid] = label

    def link_article(self, article_id: str, eid: str, row: tuple[Any, ...]) -> None:
        self.links_pending[(article_id, eid)] = row
        self.batch_links.setdefault(article_id, set()).add(eid)

    def flush(self) -> None:
        """Write what the batch changed: one statement (`executemany`) per table."""
        store = self.store
        if self.dirty:
            # New and stored entities in one upsert: every column but the type is the batch's result.
            tables.put_entities(store, [self.rows[i] for i in self.dirty])  # type: ignore[misc]
            self.stored.update(self.dirty)
            self.dirty.clear()
        if self.alias_pending:
            tables.add_aliases(store, [(k, eid, a, t, n) for (k, eid), (a, t, n) in self.alias_pending.items()])
            self.alias_pending.clear()
        if self.links_pending:
            tables.put_article_links(store, list(self.links_pending.values()))
            self.links_pending.clear()


class Registry(LinkStep):
    name = "registry"
    understanding = True

    # --- unlink -----------------------------------------------------------------------------------
    def unlink(self, store: Store, articles: Sequence[Article]) -> None:
        """Take replaced articles out of the registry: their counts, and entities nobody else names."""
        ids = list(dict.fromkeys(a.id for a in articles))
        rows = tables.take_article_links(store, ids)
        if not rows:
            return
        less: dict[str, list[int]] = {}  # entity id -> [mentions, articles] to take off
        for r in rows:
            d = less.setdefault(r["entity_id"], [0, 0])
            if r["counted"]:
                d[0] += int(r["mentions"])
                d[1] += 1
        tables.subtract_counts(store, [(m, n, eid) for eid, (m, n) in less.items() if n])
        self._refresh_seen(store, list(less))

    @staticmethod
    def _refresh_seen(store: Store, entity_ids: list[str]) -> None:
        """Recompute first/last seen from the articles left; forget an entity no article mentions."""
        left = tables.still_named(store, entity_ids)
        gone = [eid for eid in entity_ids if eid not in left or not left[eid]["n"]]
        tables.forget(store, gone)
        tables.set_seen(store, [(left[eid]["first"], left[eid]["last"], eid) for eid in entity_ids
                                if eid in left and left[eid]["n"]])

    # --- link -------------------------------------------------------------------------------------
    def link(self, store: Store, articles: Sequence[Article]) -> None:
        todo = [a for a in articles if a.entities]
        if not todo:
            return
        view = _BatchRegistry(store)
        view.prefetch(todo)
        for article in todo:
            self._link_article(view, article)
        view.flush()

    def _link_article(self, view: _BatchRegistry, article: Article) -> None:
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
            eid = self._resolve(view, article, e, list(resolved.values()))
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
            self._write(view, article, link, counted, when)

    @staticmethod
    def _is_lone_surname(e: DocEntity) -> bool:
        return (e.label == "PERSON" and person_parts(e.name) is None) or _maybe_surname(e)

    # --- resolution -------------------------------------------------------------------------------
    def _resolve(self, view: _BatchRegistry, article: Article, e: DocEntity, context: list[str]) -> str | None:
        key = alias_key(e.name)
        if not key:
            return None
        if e.label in PLACE_LABELS and e.lat is not None:
            if e.geonameid:
                return short_hash("geo", e.geonameid)
            return short_hash("place", e.label, key, e.country_code or "")
        if e.label == "PERSON":
            return self._resolve_person(view, article, e, key, context)
        if _maybe_surname(e):
            # "Gates" that the model called an organisation, in a story about a known Gates: the
            # person, when the document shares at least two other entities with him (one type per
            # entity across the desk)
            eid = self._supported_person(view, key, context, need=2)
            if eid is not None:
                e.label = "PERSON"
                for m in article.mentions:
                    if m.entity_key == e.key:
                        m.label = "PERSON"
                return eid
        # other types: any alias of an entity of that type
        for k in [key] + [alias_key(a) for a in e.aliases]:
            found = view.alias_best(k, e.label)
            if found is not None:
                return found
        return short_hash("entity", e.label, key)

    def _resolve_person(self, view: _BatchRegistry, article: Article, e: DocEntity, key: str,
                        context: list[str]) -> str:
        parts = person_parts(e.name)
        if parts is not None:
            first, last = parts
            found = view.alias_best(key, "PERSON")
            if found is not None:
                return found
            # "R. Gates" and "Robert Gates", "Robert M. Gates": same surname, compatible first name
            mine = _first_forms(e.name, first)
            for r in view.people_named(last, 50):
                other = person_parts(r["name"])
                if other and any(_compatible_first(a, b) for a in mine for b in _first_forms(r["name"], other[0])):
                    return r["id"]
            return short_hash("person", key)
        # a lone surname: only with the support of the document's other entities
        eid = self._supported_person(view, key, context)
        if eid is not None:
            return eid
        # on its own: this article's entity (unrelated articles never merge on a surname)
        return short_hash("person-surname", key, article.id)

    def _supported_person(self, view: _BatchRegistry, surname: str, context: list[str],
                          need: int | None = None) -> str | None:
        """The one person with this surname that shares enough of the document's entities."""
        rows = view.people_named(surname, 20)
        others = [c for c in context if c]
        if not rows or not others:
            return None
        shared = view.shared([r["id"] for r in rows], others)
        bar = need if need is not None else (1 if len(rows) == 1 else 2)
        good = [r["id"] for r in rows if shared[r["id"]] >= bar]
        return good[0] if len(good) == 1 else None

    # --- writing ----------------------------------------------------------------------------------
    def _write(self, view: _BatchRegistry, article: Article, link: _Link, counted: bool, when: str) -> None:
        e = link.entity
        row = view.entity(link.entity_id)
        if row is None:
            name = _display(e.name)
            aliases = [n for n in link.names if n != name][:MAX_ALIASES]
            view.put_entity({
                "id": link.entity_id, "name": name, "type": e.label, "name_key": alias_key(name),
                "surname": surname_of(name) if e.label == "PERSON" else None,
                "aliases": json.dumps(aliases, ensure_ascii=False),
                "roles": json.dumps(link.roles[:MAX_ROLES], ensure_ascii=False),
                "mention_count": link.mentions if counted else 0, "article_count": 1 if counted else 0,
                "first_seen": when if counted else None, "last_seen": when if counted else None,
                "lat": e.lat, "lon": e.lon, "country_code": e.country_code, "geonameid": e.geonameid,
                "feature": e.feature,
            })
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
            new = dict(row)
            new.update({
                "name": name, "name_key": alias_key(name), "surname": surname_of(name) if row["type"] == "PERSON" else None,
                "aliases": json.dumps(aliases, ensure_ascii=False), "roles": json.dumps(roles, ensure_ascii=False),
                "mention_count": int(row["mention_count"]) + (link.mentions if counted else 0),
                "article_count": int(row["article_count"]) + (1 if counted else 0),
                "first_seen": first, "last_seen": last,
            })
            mine = {"lat": e.lat, "lon": e.lon, "country_code": e.country_code, "geonameid": e.geonameid,
                    "feature": e.feature}
            for c in tables.MERGED_COLS:
                if new[c] is None:
                    new[c] = mine[c]
            view.put_entity(new)
        for n in link.names:
            k = alias_key(n)
            if k:
                view.add_alias(k, link.entity_id, n, e.label, 1 if counted else 0)
        view.link_article(article.id, link.entity_id,
                          (article.id, link.entity_id, link.mentions, link.first_offset, when, 1 if counted else 0))


def _maybe_surname(e: DocEntity) -> bool:
    """A single capitalised word the model typed as a thing ("Gates" as ORG): perhaps a surname."""
    name = e.name.strip()
    return (e.label in ("ORG", "PRODUCT", "WORK_OF_ART") and " " not in name and name[:1].isupper()
            and not name.isupper() and len(name) > 2)


_INITIALS = re.compile(r"^\s*(?:[A-Z]\.\s?){1,3}(?=\s*[A-Z])")


def _first_forms(name: str, first: str) -> tuple[str, ...]:
    """The first name's key, and for initials written together ("J.D. Whitcombe" keys as "jd") the
    first initial too."""
    return (first, first[0]) if _INITIALS.match(name) and len(first) > 1 else (first,)


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
