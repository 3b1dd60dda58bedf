-- The entity registry: canonical people, organisations, places, ... across the desk.
-- Written only by the `registry` link step, inside the batch transaction.
CREATE TABLE IF NOT EXISTS entities (
    id            TEXT PRIMARY KEY,                -- stable hash (see link/registry.py)
    name          TEXT NOT NULL,                   -- the fullest name seen
    type          TEXT NOT NULL,                   -- spaCy label: PERSON, ORG, GPE, LOC, NORP, ...
    name_key      TEXT NOT NULL,                   -- normalised name, for lookups
    surname       TEXT,                            -- persons: normalised last name (lone-surname lookups)
    aliases       TEXT NOT NULL DEFAULT '[]',      -- JSON list of the other names seen
    roles         TEXT NOT NULL DEFAULT '[]',      -- JSON list of titles/roles ("US Defense Secretary")
    mention_count BIGINT NOT NULL DEFAULT 0,       -- mentions in counted (non-duplicate) articles
    article_count BIGINT NOT NULL DEFAULT 0,       -- counted articles mentioning it
    first_seen    TEXT,                            -- earliest / latest article time (published, else ingest)
    last_seen     TEXT,
    lat           DOUBLE PRECISION,
    lon           DOUBLE PRECISION,
    country_code  TEXT,
    geonameid     TEXT,
    feature       TEXT
);
CREATE INDEX IF NOT EXISTS entities_mentions ON entities (mention_count);
CREATE INDEX IF NOT EXISTS entities_type_mentions ON entities (type, mention_count);
CREATE INDEX IF NOT EXISTS entities_name_key ON entities (name_key);
CREATE INDEX IF NOT EXISTS entities_surname ON entities (surname);
CREATE INDEX IF NOT EXISTS entities_geonameid ON entities (geonameid);

-- Every name an entity was written as (normalised), for linking and `find_entities`.
CREATE TABLE IF NOT EXISTS entity_aliases (
    alias_key  TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    alias      TEXT NOT NULL,
    type       TEXT NOT NULL,
    count      BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (alias_key, entity_id)
);
CREATE INDEX IF NOT EXISTS entity_aliases_entity ON entity_aliases (entity_id);

-- Which articles mention which entities: one row per (article, entity). Duplicates of an earlier
-- article are linked too (so their mentions carry entity ids) but with counted = 0, and are left
-- out of every count, timeline and co-occurrence.
CREATE TABLE IF NOT EXISTS article_entities (
    article_id   TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    mentions     INTEGER NOT NULL,                 -- mentions of the entity in the article
    first_offset INTEGER NOT NULL,                 -- character offset of the first mention
    published    TEXT,                             -- the article's time (published, else ingest)
    counted      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (article_id, entity_id)
);
CREATE INDEX IF NOT EXISTS article_entities_entity ON article_entities (entity_id, published);
