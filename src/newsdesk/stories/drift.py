"""Self-correction: a story that drifted over days is split in two.

Each article joins a story because it resembles the story's centroid, yet a chain of such joins can
carry a story somewhere else: days later its newest articles are about another event (a second storm,
a different trial) and no longer resemble its first ones. After every article the linker places,
`check` looks at the story it joined: when its newest `drift_recent` original articles

- were all filed at least `drift_hours` after the story began (stretched on a sparse desk, like the
  clusterer's time window: drift happens over days, one day's coverage is one event),
- resemble one another (each at least `join` similar to the others together: a story of their own),
- and together keep less than `drift_split` cosine with the story's earlier articles together
  (they share almost no words, names or numbers with how the story began),

those articles (and their duplicates) leave it and become a new story; the old story keeps its id and
its earlier articles. Later articles follow whichever part they resemble.

Safe for an analyst: a story that holds any analyst pin (`newsdesk.stories.corrections`) is never
split, so self-correction never undoes a correction. The check runs per article, in order, on state
the linker keeps exact within a batch, so the stories do not depend on the batch size. Its cost is
bounded: two reads of at most `EARLY_MEMBERS` + `drift_recent` member rows, only for a story that
already spans `drift_hours`.

Merging, the other self-correction, is the clusterer's (`Clusterer.merge`): an article that fits two
stories whose centroids are close bridges them into one, and the merged story's id keeps resolving.
"""

from __future__ import annotations

from newsdesk.model import Article, short_hash
from newsdesk.store.changes import mark_changed
from newsdesk.stories import features as feat
from newsdesk.stories.cluster import Clusterer, cosine, parse_time, stretch
from newsdesk.stories.state import pins_in_stories, split_vector

EARLY_MEMBERS = 40  # the story's oldest members its newest are compared with (bounded work)


def _sum(vectors: list[dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for v in vectors:
        for k, x in v.items():
            out[k] = out.get(k, 0.0) + x
    return out


def check(clusterer: Clusterer, story_id: str, article: Article) -> str:
    """After `article` joined story `story_id`: split the story when it drifted; returns the story the
    article is in now."""
    cfg, state = clusterer.config, clusterer.state
    n = cfg.drift_recent
    if not cfg.drift_split or n < 1 or article.duplicate_of:
        return story_id
    story = state.get(story_id)
    t, first = parse_time(article.published), parse_time(story.first_seen if story else None)
    if story is None or story.size < 2 * n or t is None or first is None:
        return story_id
    span = cfg.drift_hours * stretch(state.mean_gap_hours(), cfg)
    if t - first < span:
        return story_id
    state.write_pending()
    store = state.store
    recent = store.query(
        "SELECT * FROM story_members WHERE story_id = ? AND duplicate_of IS NULL ORDER BY seq DESC LIMIT ?",
        (story_id, n))
    times = [parse_time(r["published"]) for r in recent]
    if len(recent) < n or any(x is None or x - first < span for x in times):
        return story_id
    early = store.query(
        "SELECT * FROM story_members WHERE story_id = ? AND duplicate_of IS NULL AND seq < ? ORDER BY seq LIMIT ?",
        (story_id, min(int(r["seq"]) for r in recent), EARLY_MEMBERS))
    if len(early) < n:
        return story_id
    new_vecs = [split_vector(r["vector"])[0] for r in recent]
    old_vecs = [split_vector(r["vector"])[0] for r in early]
    if cosine(_sum(new_vecs), _sum(old_vecs)) >= cfg.drift_split:
        return story_id
    for i, v in enumerate(new_vecs):
        if cosine(v, _sum(new_vecs[:i] + new_vecs[i + 1 :])) < cfg.join:
            return story_id  # the newest articles are strays, not a story of their own
    if pins_in_stories(store, [story_id])[story_id]:
        return story_id  # an analyst decided this story's members
    return split_off(clusterer, story_id, list(reversed(recent)))


def split_off(clusterer: Clusterer, story_id: str, rows: list[dict]) -> str:
    """Move the member `rows` (and their duplicates) out of story `story_id` into a new story."""
    state, store = clusterer.state, clusterer.state.store
    ids = [r["article_id"] for r in rows]
    dups = [r["article_id"] for r in store.select_in(
        "SELECT article_id FROM story_members WHERE duplicate_of IN (?*) ORDER BY seq", ids)]
    in_batch = {a.id: a for a in clusterer.batch_articles}
    stored = store.get_articles([a for a in ids + dups if a not in in_batch])
    articles = {**stored, **in_batch}
    clusterer.forget(ids + dups)
    new = state.new(short_hash("story", "drift", *ids))
    for r in rows:
        art = articles[r["article_id"]]
        vector, emb = split_vector(r["vector"])
        clusterer._add(new, art, vector, feat.extract(art), state.tick(), emb)
    for aid in dups:
        art = articles.get(aid)
        if art is None:
            continue
        new.n_articles += 1
        state.touch(new)
        clusterer._member(art, new, {}, [], duplicate=True)
    # The old story's span without the articles that left (read now: later articles of this batch
    # are damped by it exactly as in a batch of their own).
    old = state.get(story_id)
    if old is not None:
        old.first_seen, old.last_seen = state.spans([story_id])[story_id]
        state.touch(old)
    moved = [a for a in ids + dups if a in stored]
    if moved:
        store.execute_in("UPDATE articles SET story_id = ? WHERE id IN (?*)", moved, before=(new.id,))
        store.executemany(
            "INSERT INTO story_reassigned (article_id, batch) VALUES (?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET batch = excluded.batch",
            [(aid, state.batch) for aid in moved])
        mark_changed(store, moved)
    return new.id
