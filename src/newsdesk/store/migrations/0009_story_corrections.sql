-- Analyst corrections to stories (merge / split / move): facts that linking and reprocessing obey.
-- A correction pins articles to a group; articles of one group share one story, a linker never
-- merges stories holding different groups, and a rerun re-applies them. The latest correction of an
-- article wins. Groups are kept by article, not by story id, so they survive relinking.
CREATE TABLE IF NOT EXISTS story_pins (
    article_id TEXT PRIMARY KEY,
    pin        TEXT NOT NULL,
    action     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_pins_pin ON story_pins (pin);
