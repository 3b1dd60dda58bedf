-- Full-text search inside PostgreSQL (search/postgres.py): a weighted tsvector per article
-- (title A, body B, source C) with a GIN index, and the filter and facet columns of the index.
-- SQLite desks search with tantivy beside the store instead (0007_fulltext.sqlite.sql is empty).

-- The analysis matches the tantivy analyzer's: words are runs of letters and digits (made so in
-- Python before PostgreSQL sees the text), accents folded (unaccent, when it can be installed),
-- lower-cased and stemmed with English Snowball — without a stop-word list, as tantivy has none.
DO $$
DECLARE
    dict_schema text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_dict WHERE dictname = 'newsdesk_stem'
                   AND dictnamespace = current_schema()::regnamespace) THEN
        CREATE TEXT SEARCH DICTIONARY newsdesk_stem (TEMPLATE = snowball, Language = english);
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'newsdesk'
                   AND cfgnamespace = current_schema()::regnamespace) THEN
        CREATE TEXT SEARCH CONFIGURATION newsdesk (COPY = pg_catalog.simple);
    END IF;
    BEGIN
        CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public;
    EXCEPTION WHEN OTHERS THEN
        NULL;  -- no privilege or no contrib package: search without accent folding
    END;
    SELECT n.nspname INTO dict_schema FROM pg_ts_dict d JOIN pg_namespace n ON n.oid = d.dictnamespace
     WHERE d.dictname = 'unaccent' ORDER BY n.nspname = 'public' DESC LIMIT 1;
    IF dict_schema IS NOT NULL THEN
        EXECUTE format('ALTER TEXT SEARCH CONFIGURATION newsdesk ALTER MAPPING FOR asciiword, word, '
                       'numword, hword, hword_part, hword_asciipart, asciihword, numhword, hword_numpart '
                       'WITH %I.unaccent, newsdesk_stem', dict_schema);
    ELSE
        ALTER TEXT SEARCH CONFIGURATION newsdesk ALTER MAPPING FOR asciiword, word, numword, hword,
            hword_part, hword_asciipart, asciihword, numhword, hword_numpart WITH newsdesk_stem;
    END IF;
END
$$;

CREATE TABLE IF NOT EXISTS search_docs (
    id        TEXT PRIMARY KEY,
    seq       BIGINT NOT NULL,
    grp       BIGINT NOT NULL,             -- seq of the original (its own seq for an original)
    dup       INTEGER NOT NULL DEFAULT 0,  -- 1: recorded as a duplicate
    source    TEXT,
    source_kw TEXT,                        -- the source as filters match it (trimmed, lower case)
    lang      TEXT,
    day       INTEGER,                     -- YYYYMMDD of publication
    story     TEXT,
    tsv       tsvector NOT NULL
);
CREATE INDEX IF NOT EXISTS search_docs_tsv ON search_docs USING GIN (tsv);
CREATE INDEX IF NOT EXISTS search_docs_seq ON search_docs (seq);
CREATE INDEX IF NOT EXISTS search_docs_grp ON search_docs (grp);
CREATE INDEX IF NOT EXISTS search_docs_day ON search_docs (day);
CREATE INDEX IF NOT EXISTS search_docs_source_kw ON search_docs (source_kw);
CREATE INDEX IF NOT EXISTS search_docs_story ON search_docs (story);

-- Entities and places an indexed article mentions (the entity and place filters and facets).
CREATE TABLE IF NOT EXISTS search_entities (
    article_id TEXT NOT NULL,
    kind       TEXT NOT NULL,              -- 'entity' or 'place'
    value      TEXT NOT NULL,
    PRIMARY KEY (article_id, kind, value)
);
CREATE INDEX IF NOT EXISTS search_entities_value ON search_entities (kind, value);
