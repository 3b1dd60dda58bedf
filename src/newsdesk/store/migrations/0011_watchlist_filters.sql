-- A watchlist's filters beside its query (watchlists/filters.py): a JSON object with any of
-- entity, place, source, lang, category, checked after the percolator's query match.
ALTER TABLE watchlists ADD COLUMN filters TEXT NOT NULL DEFAULT '{}';
