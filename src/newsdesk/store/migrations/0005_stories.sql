-- Stories: online clusters of articles about one real-world event, and the state the story linker
-- needs to assign the next article without scanning the desk. Everything here is bounded per story
-- (top terms, top names) or per article (one member row), never held in process memory.
CREATE TABLE IF NOT EXISTS stories (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL DEFAULT '',
    title_article TEXT,                          -- the member whose headline is the story's title
    summary       TEXT NOT NULL DEFAULT '',
    first_seen    TEXT,                          -- earliest / latest publication time (ISO UTC), null if undated
    last_seen     TEXT,
    created_seq   BIGINT NOT NULL,               -- story clock (articles linked) when it was created
    updated_seq   BIGINT NOT NULL,               -- ... and when an article last joined
    size          INTEGER NOT NULL DEFAULT 0,    -- distinct articles (duplicates count once)
    n_articles    INTEGER NOT NULL DEFAULT 0,    -- stored articles, duplicates included
    n_sources     INTEGER NOT NULL DEFAULT 0,
    sources       TEXT NOT NULL DEFAULT '{}',    -- JSON {source: distinct articles}
    centroid      TEXT NOT NULL DEFAULT '{}',    -- JSON {feature key: weight}, top keys only
    names         TEXT NOT NULL DEFAULT '{}',    -- JSON {key: [name, type, count, entity_id]}, top names only
    places        TEXT NOT NULL DEFAULT '{}',    -- JSON {key: {name, lat, lon, geonameid, id, count}}
    breaking      INTEGER NOT NULL DEFAULT 0,
    updated_at    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_last_seen ON stories (last_seen);
CREATE INDEX IF NOT EXISTS stories_updated_seq ON stories (updated_seq);

-- Candidate index: feature key (name, rare term, number) -> stories that carry it, newest first.
-- Reading at most a fixed number of postings per key keeps the cost per article flat.
CREATE TABLE IF NOT EXISTS story_index (
    key      TEXT NOT NULL,
    story_id TEXT NOT NULL,
    seq      BIGINT NOT NULL,
    PRIMARY KEY (key, story_id)
);
CREATE INDEX IF NOT EXISTS story_index_recent ON story_index (key, seq, story_id);
CREATE INDEX IF NOT EXISTS story_index_story ON story_index (story_id);

-- Document frequency of every feature key over the desk's distinct articles (for TF-IDF).
CREATE TABLE IF NOT EXISTS story_df (
    key TEXT PRIMARY KEY,
    df  BIGINT NOT NULL
);

-- One row per linked article: its story and the vector it added (to undo it, or to pick titles).
CREATE TABLE IF NOT EXISTS story_members (
    article_id   TEXT PRIMARY KEY,
    story_id     TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    published    TEXT,
    source       TEXT,
    duplicate_of TEXT,
    title        TEXT NOT NULL DEFAULT '',
    summary      TEXT NOT NULL DEFAULT '',
    vector       TEXT NOT NULL DEFAULT '{}',     -- JSON {key: weight}, empty for duplicates
    names        TEXT NOT NULL DEFAULT '[]'      -- JSON [key, ...] names counted into the story
);
CREATE INDEX IF NOT EXISTS story_members_story ON story_members (story_id, seq);
CREATE INDEX IF NOT EXISTS story_members_published ON story_members (story_id, published);

-- Stories merged into others: old ids keep resolving.
CREATE TABLE IF NOT EXISTS story_merges (
    from_id TEXT PRIMARY KEY,
    into_id TEXT NOT NULL,
    batch   BIGINT NOT NULL
);

-- Stored articles whose story_id a merge changed, by batch: the search index re-reads them after
-- the batch commits (an after-commit hook reads `WHERE batch = ?`).
CREATE TABLE IF NOT EXISTS story_reassigned (
    article_id TEXT PRIMARY KEY,
    batch      BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_reassigned_batch ON story_reassigned (batch);
