-- Watchlists: standing queries every stored article is matched against (newsdesk.watchlists),
-- their matches, the outbox their webhooks are delivered from, and learned categories.
CREATE TABLE IF NOT EXISTS watchlists (
    id         TEXT PRIMARY KEY,                 -- short hash of the name
    name       TEXT NOT NULL UNIQUE,
    query      TEXT NOT NULL,                    -- in the desk's query language
    kind       TEXT NOT NULL DEFAULT 'watchlist',-- 'watchlist', or 'rule' (a rule category)
    webhook    TEXT,                             -- URL a POST goes to for every new match
    secret     TEXT,                             -- HMAC-SHA256 key of the X-Newsdesk-Signature header
    created_at TEXT NOT NULL
);

-- The percolator's index: a key every matching article must carry (see watchlists/percolator.py);
-- '*' for a watchlist checked against every article.
CREATE TABLE IF NOT EXISTS watchlist_terms (
    key          TEXT NOT NULL,
    watchlist_id TEXT NOT NULL,
    PRIMARY KEY (key, watchlist_id)
);
CREATE INDEX IF NOT EXISTS watchlist_terms_watchlist ON watchlist_terms (watchlist_id);

-- One row per (watchlist, article) match. A duplicate is kept with counted = 0: counts, levels
-- and deliveries use counted = 1 only, so each group of copies counts once.
CREATE TABLE IF NOT EXISTS watchlist_matches (
    watchlist_id TEXT NOT NULL,
    article_id   TEXT NOT NULL,
    seq          BIGINT NOT NULL,
    at           TEXT NOT NULL,                  -- ISO UTC: the article's published time, else its ingest time
    counted      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (article_id, watchlist_id)         -- an article's matches (unlink, show) by its prefix
);
-- A watchlist's matches by time (counts, levels, newest first): two indexes per row in all.
CREATE INDEX IF NOT EXISTS watchlist_matches_at ON watchlist_matches (watchlist_id, counted, at);

-- Webhook deliveries: one row per new match of a watchlist with a webhook; delivered at least once.
CREATE TABLE IF NOT EXISTS outbox (
    delivery_id     TEXT PRIMARY KEY,            -- stable: short hash of (watchlist, article)
    watchlist_id    TEXT NOT NULL,
    article_id      TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,               -- ISO UTC; exponential backoff after a failure
    delivered_at    TEXT,
    last_error      TEXT,
    status          TEXT NOT NULL DEFAULT 'pending'  -- pending, delivered, failed (gave up)
);
CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);

-- A learned classifier (newsdesk categories train), serialised (base64 text, portable).
CREATE TABLE IF NOT EXISTS classifiers (
    name       TEXT PRIMARY KEY,
    model      TEXT NOT NULL,
    labels     TEXT NOT NULL,                    -- JSON list
    trained_at TEXT NOT NULL,
    info       TEXT NOT NULL DEFAULT '{}'
);

-- Categories of stored articles: learned (source 'model') or from a rule category ('rule').
CREATE TABLE IF NOT EXISTS article_categories (
    article_id TEXT NOT NULL,
    label      TEXT NOT NULL,
    score      DOUBLE PRECISION NOT NULL,
    source     TEXT NOT NULL DEFAULT 'model',
    PRIMARY KEY (article_id, label)
);
CREATE INDEX IF NOT EXISTS article_categories_label ON article_categories (label, score);
