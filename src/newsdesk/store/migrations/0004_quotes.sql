-- Quotations, one row per quote of every stored article, for querying across the desk.
-- Written only by the `quotes` link step, inside the batch transaction. The article's own JSON
-- annotations keep the full quote (fragments included); this table indexes it.
-- A duplicate article (duplicate_of set) keeps its quotes, with counted = 0: desk-wide listings
-- show each quotation once, from the first article that carried it.
CREATE TABLE IF NOT EXISTS quotes (
    id                TEXT PRIMARY KEY,          -- hash of article id and content span
    article_id        TEXT NOT NULL,
    start_offset      INTEGER NOT NULL,          -- content span in the article text
    end_offset        INTEGER NOT NULL,
    text              TEXT NOT NULL,
    direct            INTEGER NOT NULL,          -- 1 direct (quoted words), 0 reported speech
    cue               TEXT,
    speaker           TEXT,                      -- the source as written ("he", "a senior official")
    speaker_start     INTEGER,
    speaker_end       INTEGER,
    speaker_name      TEXT,                      -- resolved name, or the description
    speaker_entity_id TEXT,                      -- registry entity, when the speaker is known
    published         TEXT,                      -- the article's time (published, else ingest)
    counted           INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id);
CREATE INDEX IF NOT EXISTS quotes_speaker_entity ON quotes (speaker_entity_id, published);
CREATE INDEX IF NOT EXISTS quotes_published ON quotes (published);

-- Entities mentioned inside a quotation's content: the "quotations about" an entity.
CREATE TABLE IF NOT EXISTS quote_entities (
    quote_id   TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    article_id TEXT NOT NULL,
    counted    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (quote_id, entity_id)
);
CREATE INDEX IF NOT EXISTS quote_entities_entity ON quote_entities (entity_id);
CREATE INDEX IF NOT EXISTS quote_entities_article ON quote_entities (article_id);
