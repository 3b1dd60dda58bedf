"""Analyst corrections to stories: merge two stories, split articles off, move an article.

A correction is kept as *pins* (table `story_pins`, migration 0009): each corrected article is
pinned to a group, and the articles of one group belong to one story. The linker obeys them on
every later run (`Clusterer.assign` puts a pinned article straight into its group's story, and
`Clusterer.merge` never joins two stories that hold different groups), so reprocessing the desk
re-applies every correction. A group is named after the story the analyst made ("s:<story id>"),
and relinking gives that id back to the group's story, so a story id an analyst noted (and the ids
merged into it) keeps working after reprocessing. The latest correction of an article wins.

The functions here also apply a correction to the stored stories at once (inside one transaction):
the articles leave their stories (`Clusterer.forget`) and join the target, and the touched stories'
titles and summaries are recomputed.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.model import short_hash
from newsdesk.store.articles import ids_starting
from newsdesk.store.base import Store, now_iso
from newsdesk.store.changes import mark_changed
from newsdesk.stories import features as feat
from newsdesk.stories.cluster import DEFAULT, Clusterer, Config
from newsdesk.stories.life import refresh
from newsdesk.stories.state import StoryState, pins_in_stories

__all__ = ["CorrectionError", "merge", "move", "split", "corrections"]


class CorrectionError(ValueError):
    """A correction that cannot be made (unknown story or article): one line for the user."""


def _set_pins(store: Store, article_ids: Sequence[str], pin: str, action: str) -> None:
    now = now_iso()
    store.executemany(
        "INSERT INTO story_pins (article_id, pin, action, created_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (article_id) DO UPDATE SET pin = excluded.pin, action = excluded.action, "
        "created_at = excluded.created_at",
        [(aid, pin, action, now) for aid in dict.fromkeys(article_ids)])


def _members(store: Store, story_id: str) -> list[str]:
    return [r["article_id"] for r in store.query(
        "SELECT article_id FROM story_members WHERE story_id = ? ORDER BY seq", (story_id,))]


def _story_id(store: Store, story_id: str) -> str:
    """A story id (or an id merged into one, or a unique prefix) -> the stored story's id."""
    if store.scalar("SELECT id FROM stories WHERE id = ?", (story_id,)):
        return story_id
    moved = store.scalar("SELECT into_id FROM story_merges WHERE from_id = ?", (story_id,))
    if moved:
        return str(moved)
    if len(story_id) >= 6:
        rows = store.query("SELECT id FROM stories WHERE id LIKE ? LIMIT 2", (story_id + "%",))
        if len(rows) == 1:
            return str(rows[0]["id"])
    raise CorrectionError(f"no story {story_id!r}")


def _article_ids(store: Store, article_ids: Sequence[str]) -> list[str]:
    """Article ids as typed (whole, or a unique prefix of at least 6 characters, as the CLI shows
    them) -> stored ids; an id that matches nothing is kept, to be reported by the caller."""
    out = []
    for aid in dict.fromkeys(article_ids):
        if len(aid) >= 6 and not store.scalar("SELECT id FROM articles WHERE id = ?", (aid,)):
            found = ids_starting(store, aid)
            if len(found) == 1:
                aid = found[0]
        out.append(aid)
    return list(dict.fromkeys(out))


def _group_of(store: Store, story_id: str) -> str:
    """The pin group a story stands for: the one its members already hold, else a new one."""
    held = sorted(pins_in_stories(store, [story_id])[story_id])
    return held[0] if held else f"s:{story_id}"


def merge(store: Store, keep: str, other: str, config: Config = DEFAULT) -> dict[str, object]:
    """Merge story `other` into story `keep`: {"story": the survivor's id, "articles": moved ids}."""
    with store.transaction():
        keep, other = _story_id(store, keep), _story_id(store, other)
        if keep == other:
            raise CorrectionError("a story cannot be merged with itself")
        group = _group_of(store, keep)
        _set_pins(store, _members(store, keep) + _members(store, other), group, "merge")
        moved = _members(store, other)
        survivor = _move(store, moved, keep, config)
        # The merged story's id keeps resolving (as after the linker's own merges).
        batch = int(store.get_meta("last_batch", "0") or 0)
        store.execute(
            "INSERT INTO story_merges (from_id, into_id, batch) VALUES (?, ?, ?) "
            "ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id, batch = excluded.batch",
            (other, survivor, batch))
        store.execute("UPDATE story_merges SET into_id = ? WHERE into_id = ?", (survivor, other))
        return {"story": survivor, "articles": moved, "merged": other}


def move(store: Store, article_ids: Sequence[str], to: str, config: Config = DEFAULT) -> dict[str, object]:
    """Move articles into story `to`: {"story": its id, "articles": the moved ids}."""
    with store.transaction():
        to = _story_id(store, to)
        article_ids = _article_ids(store, article_ids)
        group = _group_of(store, to)
        _set_pins(store, _members(store, to), group, "move")
        _set_pins(store, article_ids, group, "move")
        return {"story": _move(store, article_ids, to, config), "articles": list(dict.fromkeys(article_ids))}


def split(store: Store, story_id: str, article_ids: Sequence[str], config: Config = DEFAULT) -> dict[str, object]:
    """Split articles off story `story_id` into a new story: {"story": the new id, "articles": ids,
    "from": the story split}."""
    with store.transaction():
        story_id = _story_id(store, story_id)
        members = _members(store, story_id)
        ids = _article_ids(store, article_ids)
        stray = [a for a in ids if a not in members]
        if stray:
            raise CorrectionError(f"article {stray[0]!r} is not in story {story_id}")
        if len(ids) >= len(members):
            raise CorrectionError("a split must leave at least one article in the story")
        stay = [a for a in members if a not in ids]
        _set_pins(store, stay, _group_of(store, story_id), "split")
        new_id = short_hash("story", "split", *ids, now_iso())
        _set_pins(store, ids, f"s:{new_id}", "split")
        return {"story": _move(store, ids, new_id, config), "articles": ids, "from": story_id}


def _move(store: Store, article_ids: Sequence[str], to: str, config: Config) -> str:
    """Take the articles out of their stories and put them in story `to` (new when there is none)."""
    ids = list(dict.fromkeys(article_ids))
    articles = store.get_articles(ids)
    missing = [a for a in ids if a not in articles]
    if missing:
        raise CorrectionError(f"no article {missing[0]!r}")
    state = StoryState(store)
    clusterer = Clusterer(state, config)
    clusterer.forget(ids)
    target = state.get(to)
    if target is None:  # a new story (a split), or the target lost its last article to this very move
        target = state.new(to)
    for aid in ids:
        article = articles[aid]
        seq = state.tick()
        if article.duplicate_of:
            target.n_articles += 1
            target.updated_seq = seq
            state.touch(target)
            clusterer._member(article, target, {}, [], duplicate=True)
            continue
        f = feat.extract(article)
        vec = feat.weigh(f.counts, state.df(f.counts), state.n_docs, config.article_keys)
        clusterer._add(target, article, vec, f, seq)
    state.write_pending()
    store.execute_in("UPDATE articles SET story_id = ? WHERE id IN (?*)", ids, before=(target.id,))
    mark_changed(store, ids)
    refresh(state, clusterer.touched | {target.id})
    state.flush()
    return target.id


def corrections(store: Store, story_id: str) -> list[dict[str, object]]:
    """The pins held by a story's members (what an analyst changed), oldest first."""
    rows = store.query(
        "SELECT p.article_id, p.pin, p.action, p.created_at FROM story_pins p JOIN story_members m "
        "ON m.article_id = p.article_id WHERE m.story_id = ? ORDER BY p.created_at, p.article_id", (story_id,))
    return [dict(r) for r in rows]
