-- Deduplication and search-index bookkeeping.
-- Exact duplicates are found with the article table's own indexes (fingerprint, canonical_url);
-- near duplicates with the MinHash LSH buckets below.

-- The index catches up batch by batch (articles.batch is the store batch that last wrote a row).
CREATE INDEX IF NOT EXISTS articles_batch ON articles (batch);

-- The MinHash signature of each article that has LSH buckets (long enough, not an exact copy).
CREATE TABLE IF NOT EXISTS dedup_docs (
    article_id TEXT PRIMARY KEY,
    signature  TEXT NOT NULL      -- base64 of the little-endian uint32 MinHash values
);

-- MinHash LSH band buckets: articles sharing a bucket are near-duplicate candidates.
CREATE TABLE IF NOT EXISTS dedup_buckets (
    bucket     BIGINT NOT NULL,   -- signed 64-bit hash of (band number, band values)
    article_id TEXT NOT NULL,
    PRIMARY KEY (bucket, article_id)
);

-- Stored articles changed outside their own batch (story merges, re-rooted duplicates), to be
-- written to the search index again after the commit.
CREATE TABLE IF NOT EXISTS search_pending (
    article_id TEXT PRIMARY KEY
);
