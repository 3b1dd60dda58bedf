"""The entity registry's tables: `entities`, `entity_aliases` and `article_entities` (the SQL the
registry link step, newsdesk.link.registry, runs; set-based, chunked IN lists)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from newsdesk.store.base import CHUNK, Store, marks

ENTITY_COLS = ("id", "name", "type", "name_key", "surname", "aliases", "roles", "mention_count", "article_count",
               "first_seen", "last_seen", "lat", "lon", "country_code", "geonameid", "feature")
MERGED_COLS = ("lat", "lon", "country_code", "geonameid", "feature")  # kept once known (COALESCE)


# --- reading -----------------------------------------------------------------------------------------
def by_id(store: Store, ids: Sequence[str]) -> list[dict[str, Any]]:
    return store.select_in("SELECT * FROM entities WHERE id IN (?*)", ids)


def names(store: Store, ids: Sequence[str]) -> dict[str, str]:
    """id -> the registry's name, for the stored ones of these entity ids."""
    return {r["id"]: r["name"] for r in store.select_in("SELECT id, name FROM entities WHERE id IN (?*)", ids)}


def by_alias(store: Store, label: str, keys: Sequence[str]) -> list[dict[str, Any]]:
    """Entity rows with the alias (`alias_key_`) and alias entity (`alias_entity_`) that found them:
    the entities with one of these alias keys recorded under type `label`."""
    return store.select_in(
        "SELECT a.alias_key AS alias_key_, a.entity_id AS alias_entity_, e.* FROM entity_aliases a"
        " JOIN entities e ON e.id = a.entity_id WHERE a.type = ? AND a.alias_key IN (?*)",
        keys, before=(label,))


def top_people(store: Store, surnames: Sequence[str], top: int) -> list[dict[str, Any]]:
    """For each surname, its `top` most mentioned people (by surname, most mentioned first)."""
    rows = store.select_in(
        "SELECT * FROM (SELECT e.*, ROW_NUMBER() OVER (PARTITION BY e.surname ORDER BY e.mention_count DESC,"
        " e.id) AS rank_ FROM entities e WHERE e.type = 'PERSON' AND e.surname IN (?*)) ranked"
        f" WHERE rank_ <= {int(top)} ORDER BY surname, rank_",
        surnames)
    for r in rows:
        r.pop("rank_")
    return rows


def people_named(store: Store, surname: str, limit: int) -> list[dict[str, Any]]:
    return store.query(
        "SELECT * FROM entities WHERE surname = ? AND type = 'PERSON' ORDER BY mention_count DESC, id LIMIT ?",
        (surname, int(limit)))


def alias_types(store: Store, key: str, ids: Sequence[str]) -> dict[str, str]:
    """entity id -> the type its alias `key` is stored under, for these ids."""
    rows = store.select_in("SELECT entity_id, type FROM entity_aliases WHERE alias_key = ? AND entity_id IN (?*)",
                           ids, before=(key,))
    return {r["entity_id"]: r["type"] for r in rows}


def co_mentioned(store: Store, candidates: Sequence[str], others: Sequence[str]) -> list[tuple[str, str]]:
    """(candidate, other) pairs named together in some stored article."""
    rows = store.select_in(
        "SELECT DISTINCT a.entity_id AS c, b.entity_id AS o FROM article_entities a JOIN article_entities b"
        f" ON a.article_id = b.article_id WHERE a.entity_id IN ({marks(len(candidates))})"
        " AND b.entity_id IN (?*)",
        others, before=candidates, size=CHUNK - len(candidates))
    return [(r["c"], r["o"]) for r in rows]


def still_named(store: Store, entity_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """entity id -> {n, first, last}: how many articles still name it and when (counted ones)."""
    rows = store.select_in(
        "SELECT entity_id, COUNT(*) AS n, MIN(CASE WHEN counted = 1 THEN published END) AS first,"
        " MAX(CASE WHEN counted = 1 THEN published END) AS last FROM article_entities"
        " WHERE entity_id IN (?*) GROUP BY entity_id",
        entity_ids)
    return {r["entity_id"]: r for r in rows}


# --- writing -----------------------------------------------------------------------------------------
def put_entities(store: Store, rows: Iterable[dict[str, Any]]) -> None:
    """Upsert entity rows: every column but the type is the caller's, the merged ones kept once known."""
    merged = ", ".join(f"{c} = COALESCE(entities.{c}, excluded.{c})" for c in MERGED_COLS)
    updated = ", ".join(f"{c} = excluded.{c}" for c in ENTITY_COLS if c not in ("id", "type", *MERGED_COLS))
    store.executemany(
        f"INSERT INTO entities ({', '.join(ENTITY_COLS)}) VALUES ({marks(len(ENTITY_COLS))})"
        f" ON CONFLICT (id) DO UPDATE SET {updated}, {merged}",
        [tuple(r[c] for c in ENTITY_COLS) for r in rows])


def add_aliases(store: Store, rows: Sequence[tuple[str, str, str, str, int]]) -> None:
    """(alias key, entity id, alias, type, count) rows; counts add up, a stored pair keeps its type."""
    store.executemany(
        "INSERT INTO entity_aliases (alias_key, entity_id, alias, type, count) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (alias_key, entity_id) DO UPDATE SET count = entity_aliases.count + excluded.count",
        rows)


def put_article_links(store: Store, rows: Sequence[tuple[Any, ...]]) -> None:
    """(article id, entity id, mentions, first offset, published, counted) rows."""
    store.executemany(
        "INSERT INTO article_entities (article_id, entity_id, mentions, first_offset, published, counted)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (article_id, entity_id) DO UPDATE SET"
        " mentions = excluded.mentions, first_offset = excluded.first_offset, published = excluded.published,"
        " counted = excluded.counted",
        rows)


def take_article_links(store: Store, article_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Remove these articles' entity links; returns them ({entity_id, mentions, counted})."""
    rows = store.select_in("SELECT entity_id, mentions, counted FROM article_entities WHERE article_id IN (?*)",
                           article_ids)
    if rows:
        store.execute_in("DELETE FROM article_entities WHERE article_id IN (?*)", article_ids)
    return rows


def subtract_counts(store: Store, rows: Sequence[tuple[int, int, str]]) -> None:
    """(mentions, articles, entity id): take these off the entities' counts."""
    store.executemany(
        "UPDATE entities SET mention_count = mention_count - ?, article_count = article_count - ? WHERE id = ?", rows)


def forget(store: Store, entity_ids: Sequence[str]) -> None:
    """Delete these entities and their aliases."""
    store.execute_in("DELETE FROM entity_aliases WHERE entity_id IN (?*)", entity_ids)
    store.execute_in("DELETE FROM entities WHERE id IN (?*)", entity_ids)


def set_seen(store: Store, rows: Sequence[tuple[str | None, str | None, str]]) -> None:
    """(first seen, last seen, entity id) rows."""
    if rows:
        store.executemany("UPDATE entities SET first_seen = ?, last_seen = ? WHERE id = ?", rows)


# --- whole-table reads (export) -----------------------------------------------------------------------
def listing(store: Store) -> list[dict[str, Any]]:
    """Every entity's id, name, type, aliases and roles (JSON text), counts and first/last seen, by id."""
    return store.query("SELECT id, name, type, aliases, roles, mention_count, article_count, first_seen, "
                       "last_seen FROM entities ORDER BY id")


def located(store: Store) -> list[dict[str, Any]]:
    """Every entity with a location: id, name, type, lat, lon, country code, GeoNames id, feature and
    counts, by id."""
    return store.query("SELECT id, name, type, lat, lon, country_code, geonameid, feature, mention_count, "
                       "article_count FROM entities WHERE lat IS NOT NULL AND lon IS NOT NULL ORDER BY id")


# --- the Desk's entity reads -----------------------------------------------------------------------------
def find(store: Store, *, top: int, offset: int = 0, type_: str | None = None, language: str | None = None,
         name_parts: Sequence[str] = ()) -> list[dict[str, Any]]:
    """Entity rows, most mentioned first: of spaCy label `type_`; mentioned in an article in
    `language`; whose name key contains every one of `name_parts` (alias keys)."""
    where: list[str] = []
    params: list[Any] = []
    if type_:
        where.append("type = ?")
        params.append(type_)
    if language:
        where.append("id IN (SELECT ae.entity_id FROM article_entities ae JOIN articles a"
                     " ON a.id = ae.article_id WHERE a.language = ?)")
        params.append(language)
    for part in name_parts:
        where.append("name_key LIKE ?")
        params.append(f"%{part}%")
    cond = f"WHERE {' AND '.join(where)}" if where else ""
    return store.query(
        f"SELECT * FROM entities {cond} ORDER BY mention_count DESC, article_count DESC, name, id LIMIT ? OFFSET ?",
        (*params, int(top), int(offset)),
    )


def called(store: Store, id_or_name: str, key: str, limit: int = 100) -> list[dict[str, Any]]:
    """Entities whose id is `id_or_name`, or whose name, alias or (a person's) surname has alias key
    `key`; most mentioned first."""
    return store.query(
        "SELECT * FROM entities WHERE id = ? OR name_key = ? OR (type = 'PERSON' AND surname = ?)"
        " OR id IN (SELECT entity_id FROM entity_aliases WHERE alias_key = ?)"
        f" ORDER BY mention_count DESC, article_count DESC, name, id LIMIT {int(limit)}",
        (id_or_name, key, key, key),
    )


def get(store: Store, entity_id: str) -> dict[str, Any] | None:
    return store.query_one("SELECT * FROM entities WHERE id = ?", (entity_id,))


def articles_of(store: Store, entity_id: str, limit: int) -> list[dict[str, Any]]:
    """{id, title, published, source} of the counted articles naming the entity, newest first."""
    return store.query(
        "SELECT a.id, a.title, a.published, a.source FROM article_entities ae JOIN articles a ON a.id = ae.article_id"
        " WHERE ae.entity_id = ? AND ae.counted = 1"
        " ORDER BY CASE WHEN a.published IS NULL THEN 1 ELSE 0 END, a.published DESC, a.seq DESC LIMIT ?",
        (entity_id, limit),
    )


def cooccurring(store: Store, entity_id: str, limit: int) -> list[dict[str, Any]]:
    """{id, name, type, n}: the entities named in the most counted articles with this one."""
    return store.query(
        "SELECT e.id, e.name, e.type, COUNT(*) AS n FROM article_entities a"
        " JOIN article_entities b ON b.article_id = a.article_id AND b.entity_id <> a.entity_id"
        " JOIN entities e ON e.id = b.entity_id"
        " WHERE a.entity_id = ? AND a.counted = 1 AND b.counted = 1"
        " GROUP BY e.id, e.name, e.type ORDER BY n DESC, e.mention_count DESC, e.id LIMIT ?",
        (entity_id, limit),
    )


def mentions_per_day(store: Store, entity_id: str) -> list[dict[str, Any]]:
    """{period (YYYY-MM-DD), n}: the entity's mentions in counted, dated articles, by day."""
    return store.query(
        "SELECT SUBSTR(published, 1, 10) AS period, SUM(mentions) AS n FROM article_entities"
        " WHERE entity_id = ? AND counted = 1 AND published IS NOT NULL"
        " GROUP BY SUBSTR(published, 1, 10) ORDER BY period",
        (entity_id,),
    )


def stories_of(store: Store, entity_id: str, limit: int) -> list[dict[str, Any]]:
    """{id, title, size, n}: the stories with the most counted articles naming the entity (none on a
    desk made before stories existed)."""
    has_stories = store.query_one("SELECT 1 AS ok FROM schema_migrations WHERE name LIKE ? LIMIT 1", ("%stories%",))
    if not has_stories:
        return []
    return store.query(
        "SELECT s.id, s.title, s.size, COUNT(*) AS n FROM article_entities ae"
        " JOIN articles a ON a.id = ae.article_id JOIN stories s ON s.id = a.story_id"
        " WHERE ae.entity_id = ? AND ae.counted = 1 GROUP BY s.id, s.title, s.size"
        " ORDER BY n DESC, s.size DESC, s.id LIMIT ?",
        (entity_id, limit),
    )


def located_mentions(store: Store, *, limit: int, since: str | None = None, until: str | None = None,
                     story: str | None = None, language: str | None = None) -> list[dict[str, Any]]:
    """Located place entities with their counted `mentions` and `articles` and best `confidence`, most
    mentioned first: in articles published at or after `since` and up to `until` (a date-only bound
    includes that whole day), of one story, in one language."""
    where = ["ae.counted = 1", "e.lat IS NOT NULL", "e.type IN ('GPE', 'LOC', 'FAC')"]
    params: list[Any] = []
    if since:
        where.append("ae.published >= ?")
        params.append(since)
    if until:
        where.append("ae.published < ?" if len(until) > 10 else "SUBSTR(ae.published, 1, 10) <= ?")
        params.append(until)
    join = " JOIN articles a ON a.id = ae.article_id" if story or language else ""
    if story:
        where.append("a.story_id = ?")
        params.append(story)
    if language:
        where.append("a.language = ?")
        params.append(language)
    return store.query(
        "SELECT e.id, e.name, e.lat, e.lon, e.country_code, e.geonameid, e.feature, c.confidence,"
        " SUM(ae.mentions) AS mentions, COUNT(DISTINCT ae.article_id) AS articles"
        f" FROM article_entities ae JOIN entities e ON e.id = ae.entity_id{join}"
        " LEFT JOIN place_confidence c ON c.entity_id = e.id"
        f" WHERE {' AND '.join(where)}"
        " GROUP BY e.id, e.name, e.lat, e.lon, e.country_code, e.geonameid, e.feature, c.confidence"
        " ORDER BY mentions DESC, articles DESC, e.id LIMIT ?",
        (*params, int(limit)),
    )


def counts_by_type(store: Store) -> tuple[int, dict[str, int]]:
    """(entities, entities per type, most first)."""
    total = int(store.scalar("SELECT COUNT(*) FROM entities") or 0)
    return total, {r["type"]: int(r["n"]) for r in store.query(
        "SELECT type, COUNT(*) AS n FROM entities GROUP BY type ORDER BY n DESC")}
