-- Analyst corrections to places: "Clyde here is the Scottish river, not the Australian town".
-- A pin is kept by the place's name (normalised, see geo.name_key) and obeyed by linking: every
-- place entity of that name, in later articles and on reprocess, gets the pinned location.
CREATE TABLE IF NOT EXISTS place_pins (
    name_key     TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    lat          DOUBLE PRECISION NOT NULL,
    lon          DOUBLE PRECISION NOT NULL,
    geonameid    TEXT,
    country_code TEXT,
    feature      TEXT,
    created_at   TEXT NOT NULL
);

-- How sure the places step was of each located place entity (the best of its articles; 1 = pinned).
CREATE TABLE IF NOT EXISTS place_confidence (
    entity_id  TEXT PRIMARY KEY,
    confidence DOUBLE PRECISION NOT NULL
);
