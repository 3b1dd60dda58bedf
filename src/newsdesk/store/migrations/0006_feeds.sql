-- Feeds the desk watches (`newsdesk watch`), with what the next poll needs (validators for a
-- conditional request) and what `newsdesk sources` reports (last success, last error, counts).
CREATE TABLE IF NOT EXISTS feeds (
    id                 TEXT PRIMARY KEY,              -- short hash of the canonical URL
    url                TEXT NOT NULL,
    title              TEXT,
    etag               TEXT,                          -- validators from the last 200 response
    last_modified      TEXT,
    added_at           TEXT NOT NULL,
    last_checked       TEXT,                          -- ISO UTC of the last poll, whatever its outcome
    last_success       TEXT,
    last_error         TEXT,
    last_error_at      TEXT,
    error_count        INTEGER NOT NULL DEFAULT 0,    -- failed polls, in total
    consecutive_errors INTEGER NOT NULL DEFAULT 0,    -- failed polls since the last success
    entry_count        INTEGER NOT NULL DEFAULT 0,    -- distinct entries seen
    article_count      INTEGER NOT NULL DEFAULT 0     -- articles stored from its entries
);
CREATE INDEX IF NOT EXISTS feeds_url ON feeds (url);

-- Entries already taken from each feed: a restart never ingests them again.
CREATE TABLE IF NOT EXISTS feed_entries (
    feed_id    TEXT NOT NULL,
    entry_key  TEXT NOT NULL,                         -- the entry's guid, else its link, else a content hash
    article_id TEXT,                                  -- null when the entry was bad input (reported, skipped)
    first_seen TEXT NOT NULL,
    PRIMARY KEY (feed_id, entry_key)
);
