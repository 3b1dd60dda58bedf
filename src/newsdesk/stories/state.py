"""Story state in the store: stories, the candidate index, document frequencies, members.

`StoryState` is the linker's window on these tables for one batch. It caches what the batch reads
(stories, document frequencies) and writes dirty stories back in `flush()`; nothing survives the
batch in memory, so memory stays bounded whatever the size of the desk. The batch's candidate
postings and member rows are held too and written in one statement each (`write_pending`) before
any SQL that reads or rewrites those tables; candidate lookups see them merged with the stored ones,
so every answer is what the one-row-at-a-time writes would have given.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from newsdesk.store.base import Store, now_iso

CENTROID_KEYS = 200  # strongest keys kept in a story's centroid
STORY_NAMES = 120  # most frequent names kept per story
STORY_PLACES = 40


@dataclass
class StoryRecord:
    """A story as the linker works on it (one row of `stories`, JSON columns decoded)."""

    id: str
    created_seq: int
    updated_seq: int
    title: str = ""
    title_article: str | None = None
    summary: str = ""
    first_seen: str | None = None
    last_seen: str | None = None
    size: int = 0
    n_articles: int = 0
    sources: dict[str, int] = field(default_factory=dict)
    centroid: dict[str, float] = field(default_factory=dict)
    names: dict[str, list[Any]] = field(default_factory=dict)  # key -> [name, type, count, entity_id]
    places: dict[str, dict[str, Any]] = field(default_factory=dict)
    breaking: bool = False
    # Sum of the members' unit sentence embeddings (empty without the embeddings extra); kept in the
    # centroid column under EMBEDDING_KEY so desks without it need no new column.
    embedding: list[float] = field(default_factory=list)

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> StoryRecord:
        centroid, embedding = split_vector(r["centroid"])
        return cls(
            id=r["id"], created_seq=int(r["created_seq"]), updated_seq=int(r["updated_seq"]), title=r["title"] or "",
            title_article=r["title_article"], summary=r["summary"] or "", first_seen=r["first_seen"],
            last_seen=r["last_seen"], size=int(r["size"]), n_articles=int(r["n_articles"]),
            sources=json.loads(r["sources"] or "{}"), centroid=centroid, embedding=embedding,
            names=json.loads(r["names"] or "{}"), places=json.loads(r["places"] or "{}"),
            breaking=bool(r["breaking"]),
        )

    def to_row(self) -> tuple:
        return (
            self.id, self.title, self.title_article, self.summary, self.first_seen, self.last_seen,
            self.created_seq, self.updated_seq, self.size, self.n_articles,
            sum(1 for v in self.sources.values() if v > 0),
            json.dumps(self.sources, ensure_ascii=False, sort_keys=True),
            # Full precision: what the next batch reads back equals what this batch held in memory.
            json.dumps(with_embedding(self.centroid, self.embedding), ensure_ascii=False, sort_keys=True),
            json.dumps(self.names, ensure_ascii=False, sort_keys=True),
            json.dumps(self.places, ensure_ascii=False, sort_keys=True), int(self.breaking), now_iso(),
        )

    def trim(self) -> None:
        """Keep the per-story state bounded: strongest centroid keys, most frequent names and places."""
        if len(self.centroid) > CENTROID_KEYS:
            self.centroid = dict(sorted(self.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:CENTROID_KEYS])
        if len(self.names) > STORY_NAMES:
            self.names = dict(sorted(self.names.items(), key=lambda kv: (-kv[1][2], kv[0]))[:STORY_NAMES])
        if len(self.places) > STORY_PLACES:
            self.places = dict(sorted(self.places.items(), key=lambda kv: (-kv[1]["count"], kv[0]))[:STORY_PLACES])


EMBEDDING_KEY = "~emb"  # never a feature key: those are "<kind>:<value>"


def split_vector(stored: str | None) -> tuple[dict[str, float], list[float]]:
    """A stored centroid or member vector: its sparse keys, and its embedding ([] when none)."""
    vector = json.loads(stored or "{}")
    embedding = vector.pop(EMBEDDING_KEY, None) or []
    return vector, embedding


def with_embedding(vector: dict[str, float], embedding: list[float] | None) -> dict[str, Any]:
    """The stored form of a sparse vector with its embedding."""
    return {**vector, EMBEDDING_KEY: embedding} if embedding else dict(vector)


_STORY_COLS = ("id", "title", "title_article", "summary", "first_seen", "last_seen", "created_seq", "updated_seq",
               "size", "n_articles", "n_sources", "sources", "centroid", "names", "places", "breaking",
               "updated_at")


_META = ("stories_docs", "stories_clock", "last_batch", "stories_first_hour", "stories_last_hour", "stories_dated")
_POSTING_KEYS = 50  # bounded subqueries per UNION ALL statement


class StoryState:
    """Batch-scoped access to the story tables, with a cache of what the batch touched."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._stories: dict[str, StoryRecord | None] = {}
        self._df: dict[str, int] = {}
        self._df_delta: Counter[str] = Counter()
        self.dirty: set[str] = set()
        self.deleted: set[str] = set()
        # Written at the next write_pending(): (key, story id) -> seq, by key too; article id -> row.
        self._postings: dict[tuple[str, str], int] = {}
        self._postings_by_key: dict[str, dict[str, int]] = {}
        self._members: dict[str, tuple[Any, ...]] = {}
        meta = {r["key"]: r["value"] for r in store.select_in("SELECT key, value FROM desk_meta WHERE key IN (?*)", _META)}
        self.n_docs = int(meta.get("stories_docs") or 0)
        self.clock = int(meta.get("stories_clock") or 0)
        self.batch = int(meta.get("last_batch") or 0) + 1
        # The desk's publication span and how many dated articles fill it: how dense its news is.
        first, last = meta.get("stories_first_hour") or "", meta.get("stories_last_hour") or ""
        self.first_hour: float | None = float(first) if first else None
        self.last_hour: float | None = float(last) if last else None
        self.n_dated = int(meta.get("stories_dated") or 0)

    # --- document frequencies -------------------------------------------------------------------
    def df(self, keys: Iterable[str]) -> dict[str, int]:
        missing = [k for k in keys if k not in self._df]
        found = {r["key"]: int(r["df"]) for r in self.store.select_in(
            "SELECT key, df FROM story_df WHERE key IN (?*)", missing)}
        for k in missing:
            self._df[k] = found.get(k, 0)
        return {k: self._df[k] for k in keys}

    def count_document(self, keys: Iterable[str]) -> None:
        """One more distinct article carrying `keys` (visible to the next article at once)."""
        keys = list(keys)
        self.df(keys)
        for k in keys:
            self._df[k] += 1
            self._df_delta[k] += 1
        self.n_docs += 1

    def count_time(self, hour: float | None) -> None:
        """One more article published at `hour` (hours since the epoch; None when undated)."""
        if hour is None:
            return
        self.n_dated += 1
        self.first_hour = hour if self.first_hour is None else min(self.first_hour, hour)
        self.last_hour = hour if self.last_hour is None else max(self.last_hour, hour)

    def mean_gap_hours(self) -> float | None:
        """Average hours between the desk's dated articles (None until two are dated)."""
        if self.n_dated < 2 or self.first_hour is None or self.last_hour is None:
            return None
        return (self.last_hour - self.first_hour) / (self.n_dated - 1)

    # --- candidates -----------------------------------------------------------------------------
    def postings(self, key: str, limit: int) -> list[str]:
        """The stories most recently given `key` (newest first), at most `limit`."""
        return self.postings_of([key], limit)[key]

    def postings_of(self, keys: Sequence[str], limit: int) -> dict[str, list[str]]:
        """For each key, the stories most recently given it (newest first), at most `limit`: one
        query for all the keys (a bounded index scan each), merged with this batch's postings.

        Exact: a stored posting below a key's stored top `limit` is one this batch did not touch
        (those are merged in with their new seq, and seqs only grow), so it stays below them."""
        keys = list(dict.fromkeys(keys))
        found: dict[str, list[tuple[int, str]]] = {k: [] for k in keys}
        for i in range(0, len(keys), _POSTING_KEYS):
            chunk = keys[i : i + _POSTING_KEYS]
            sql = " UNION ALL ".join(
                "SELECT * FROM (SELECT key, story_id, seq FROM story_index WHERE key = ?"
                f" ORDER BY seq DESC, story_id DESC LIMIT {int(limit)}) p{n}" for n in range(len(chunk)))
            for r in self.store.query(sql, chunk):
                found[r["key"]].append((int(r["seq"]), r["story_id"]))
        out = {}
        for k in keys:
            rows = found[k]
            mine = self._postings_by_key.get(k)
            if mine:
                merged = {sid: seq for seq, sid in rows}
                merged.update(mine)
                rows = [(seq, sid) for sid, seq in merged.items()]
            rows.sort(reverse=True)  # seq DESC, story_id DESC
            out[k] = [sid for _, sid in rows[:limit]]
        return out

    def add_postings(self, story_id: str, keys: Sequence[str], seq: int) -> None:
        for k in keys:
            self._postings[(k, story_id)] = seq
            self._postings_by_key.setdefault(k, {})[story_id] = seq

    def write_pending(self) -> None:
        """Write the batch's held postings and member rows (before SQL that reads or moves them)."""
        if self._postings:
            self.store.executemany(
                "INSERT INTO story_index (key, story_id, seq) VALUES (?, ?, ?) "
                "ON CONFLICT (key, story_id) DO UPDATE SET seq = excluded.seq",
                [(k, sid, seq) for (k, sid), seq in self._postings.items()],
            )
            self._postings.clear()
            self._postings_by_key.clear()
        if self._members:
            self.store.executemany(
                "INSERT INTO story_members (article_id, story_id, seq, published, source, duplicate_of, title, summary,"
                " vector, names) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (article_id) DO UPDATE SET"
                " story_id = excluded.story_id, seq = excluded.seq, published = excluded.published,"
                " source = excluded.source, duplicate_of = excluded.duplicate_of, title = excluded.title,"
                " summary = excluded.summary, vector = excluded.vector, names = excluded.names",
                list(self._members.values()),
            )
            self._members.clear()

    # --- stories --------------------------------------------------------------------------------
    def get(self, story_id: str) -> StoryRecord | None:
        if story_id not in self._stories:
            self.load([story_id])
        return self._stories.get(story_id)

    def load(self, ids: Iterable[str]) -> dict[str, StoryRecord]:
        ids = list(dict.fromkeys(ids))
        missing = [i for i in ids if i not in self._stories]
        got = {r["id"]: StoryRecord.from_row(r)
               for r in self.store.select_in("SELECT * FROM stories WHERE id IN (?*)", missing)}
        for sid in missing:
            self._stories[sid] = got.get(sid)
        return {i: s for i in ids if (s := self._stories.get(i)) is not None}

    def new(self, story_id: str) -> StoryRecord:
        s = StoryRecord(id=story_id, created_seq=self.clock, updated_seq=self.clock)
        self._stories[story_id] = s
        self.dirty.add(story_id)
        self.deleted.discard(story_id)
        return s

    def touch(self, story: StoryRecord) -> None:
        self.dirty.add(story.id)

    def delete(self, story_id: str) -> None:
        self._stories[story_id] = None
        self.dirty.discard(story_id)
        self.deleted.add(story_id)

    def tick(self) -> int:
        self.clock += 1
        return self.clock

    # --- members --------------------------------------------------------------------------------
    def add_member(self, article_id: str, story_id: str, published: str | None, source: str | None,
                   duplicate_of: str | None, title: str, summary: str, vector: dict[str, Any],
                   names: list[str]) -> None:
        self._members[article_id] = (
            article_id, story_id, self.clock, published, source, duplicate_of, title, summary,
            json.dumps(vector, ensure_ascii=False), json.dumps(names))

    def member_story(self, article_id: str) -> str | None:
        held = self._members.get(article_id)
        if held is not None:
            return held[1]
        return self.store.scalar("SELECT story_id FROM story_members WHERE article_id = ?", (article_id,))

    def members(self, story_id: str, limit: int) -> list[dict[str, Any]]:
        """The story's most recent members (newest first)."""
        return self.recent_members([story_id], limit)[story_id]

    def recent_members(self, story_ids: Sequence[str], limit: int) -> dict[str, list[dict[str, Any]]]:
        """Each story's most recent members (newest first), at most `limit`: one query for many."""
        self.write_pending()
        ids = list(dict.fromkeys(story_ids))
        out: dict[str, list[dict[str, Any]]] = {sid: [] for sid in ids}
        for i in range(0, len(ids), _POSTING_KEYS):
            chunk = ids[i : i + _POSTING_KEYS]
            sql = " UNION ALL ".join(
                f"SELECT * FROM (SELECT * FROM story_members WHERE story_id = ? ORDER BY seq DESC LIMIT {int(limit)}) m{n}"
                for n in range(len(chunk)))
            for r in self.store.query(sql, chunk):
                out[r["story_id"]].append(r)
        return out

    def spans(self, story_ids: Sequence[str]) -> dict[str, tuple[str | None, str | None]]:
        """(first, last) publication time of each story's members (None, None when none is dated)."""
        self.write_pending()
        ids = list(dict.fromkeys(story_ids))
        out: dict[str, tuple[str | None, str | None]] = {sid: (None, None) for sid in ids}
        for r in self.store.select_in(
            "SELECT story_id, MIN(published) AS first, MAX(published) AS last FROM story_members"
            " WHERE story_id IN (?*) AND published IS NOT NULL GROUP BY story_id", ids):
            out[r["story_id"]] = (r["first"], r["last"])
        return out

    # --- writing back ---------------------------------------------------------------------------
    def flush(self) -> None:
        store = self.store
        self.write_pending()
        for sid in sorted(self.deleted):
            store.execute("DELETE FROM stories WHERE id = ?", (sid,))
            store.execute("DELETE FROM story_index WHERE story_id = ?", (sid,))
        rows = []
        for sid in sorted(self.dirty):
            s = self._stories.get(sid)
            if s is not None:
                s.trim()
                rows.append(s.to_row())
        if rows:
            cols = ", ".join(_STORY_COLS)
            marks = ", ".join("?" for _ in _STORY_COLS)
            updates = ", ".join(f"{c} = excluded.{c}" for c in _STORY_COLS if c != "id")
            store.executemany(
                f"INSERT INTO stories ({cols}) VALUES ({marks}) ON CONFLICT (id) DO UPDATE SET {updates}", rows)
        if self._df_delta:
            store.executemany(
                "INSERT INTO story_df (key, df) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET df = story_df.df + excluded.df",
                sorted(self._df_delta.items()),
            )
        store.set_meta("stories_docs", str(self.n_docs))
        store.set_meta("stories_clock", str(self.clock))
        store.set_meta("stories_dated", str(self.n_dated))
        if self.first_hour is not None and self.last_hour is not None:
            store.set_meta("stories_first_hour", repr(self.first_hour))
            store.set_meta("stories_last_hour", repr(self.last_hour))
        self._df_delta.clear()
        self.dirty.clear()
        self.deleted.clear()


# --- analyst corrections (table story_pins; see newsdesk.stories.corrections) -------------------
def pins_of(store: Store, article_ids: Sequence[str]) -> dict[str, str]:
    """article id -> its pin group, for the pinned ones among `article_ids`."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, str] = {}
    out.update((r["article_id"], r["pin"])
               for r in store.select_in("SELECT article_id, pin FROM story_pins WHERE article_id IN (?*)", ids))
    return out


def story_of_pin(store: Store, pin: str) -> str | None:
    """The story that holds a member of pin group `pin` now (None when no member is linked)."""
    return store.scalar(
        "SELECT m.story_id FROM story_pins p JOIN story_members m ON m.article_id = p.article_id "
        "WHERE p.pin = ? ORDER BY m.seq LIMIT 1", (pin,))


def pins_in_stories(store: Store, story_ids: Sequence[str]) -> dict[str, set[str]]:
    """story id -> the pin groups its members hold."""
    ids = list(dict.fromkeys(story_ids))
    out: dict[str, set[str]] = {sid: set() for sid in ids}
    for r in store.select_in(
            "SELECT DISTINCT m.story_id, p.pin FROM story_members m JOIN story_pins p ON p.article_id = m.article_id "
            "WHERE m.story_id IN (?*)", ids):
        out[r["story_id"]].add(r["pin"])
    return out
