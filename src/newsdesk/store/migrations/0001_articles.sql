-- The article table: one row per stored record, duplicates included.
-- Annotations (mentions, document entities, quotations, keywords) travel as JSON with the row so an
-- article can always be rebuilt whole; feature tables index them for querying.
CREATE TABLE IF NOT EXISTS articles (
    id               TEXT PRIMARY KEY,
    seq              BIGINT NOT NULL UNIQUE,      -- canonical ingest order
    url              TEXT,
    canonical_url    TEXT,
    source           TEXT,
    title            TEXT NOT NULL DEFAULT '',
    byline           TEXT,
    published        TEXT,                        -- ISO-8601, UTC
    language         TEXT,
    text             TEXT NOT NULL,
    summary          TEXT,
    flags            TEXT NOT NULL DEFAULT '[]',  -- JSON list
    fingerprint      TEXT,
    content_hash     TEXT,
    duplicate_of     TEXT,
    story_id         TEXT,
    pipeline_version TEXT,
    origin           TEXT,
    position         BIGINT,
    meta             TEXT NOT NULL DEFAULT '{}',  -- JSON object
    annotations      TEXT NOT NULL DEFAULT '{}',  -- JSON: mentions, entities, quotes, keywords
    ingested_at      TEXT NOT NULL,
    batch            BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
CREATE INDEX IF NOT EXISTS articles_source ON articles (source);
CREATE INDEX IF NOT EXISTS articles_canonical_url ON articles (canonical_url);
CREATE INDEX IF NOT EXISTS articles_fingerprint ON articles (fingerprint);
CREATE INDEX IF NOT EXISTS articles_duplicate_of ON articles (duplicate_of);
CREATE INDEX IF NOT EXISTS articles_story ON articles (story_id);
CREATE INDEX IF NOT EXISTS articles_pipeline_version ON articles (pipeline_version);

-- Small key/value facts about the desk (last committed batch, index position, settings).
CREATE TABLE IF NOT EXISTS desk_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
