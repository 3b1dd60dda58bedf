"""Story life: title, summary, span and the breaking signal, refreshed for the stories a batch touched.

Work per touched story is bounded: it reads at most `RECENT_MEMBERS` member rows.

**Title**: the headline of the member most similar to the story's centroid (the most typical
report), among the recent members and the current title holder.

**Summary**: up to `SUMMARY_SENTENCES` sentences (at most `SUMMARY_WORDS` words) taken from the
members' own summaries: the sentences whose words are closest to the story's centroid, skipping any
that repeat one already chosen, in chronological order.

**Breaking**: a story is breaking when, in the `BREAKING_HOURS` up to its latest article, it gained
at least `BREAKING_MIN_ARTICLES` distinct articles (duplicates count once) from at least
`BREAKING_MIN_SOURCES` sources, and that is at least `BREAKING_RATE` times its own earlier average
pace (articles per `BREAKING_HOURS` over its earlier life, counted as at least one window; a new
story has no earlier life and qualifies on the counts alone). `Desk.stories(breaking=True)` only
lists breaking stories whose latest article is within `BREAKING_HOURS` of the desk's newest
article, so a story stops being "breaking" once the news moves on. Undated stories never break.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsdesk.stories.cluster import cosine, parse_time
from newsdesk.stories.features import content_words
from newsdesk.stories.sentences import split_sentences
from newsdesk.stories.state import StoryRecord, StoryState, split_vector

RECENT_MEMBERS = 40
SUMMARY_SENTENCES = 3
SUMMARY_WORDS = 70
BREAKING_HOURS = 24.0
BREAKING_MIN_ARTICLES = 3
BREAKING_MIN_SOURCES = 2
BREAKING_RATE = 2.0


def iso_hours_before(iso: str, hours: float) -> str:
    t = parse_time(iso)
    assert t is not None
    dt = datetime.fromtimestamp(t * 3600.0, UTC) - timedelta(hours=hours)
    return dt.replace(microsecond=0).isoformat()


def refresh(state: StoryState, story_ids: set[str]) -> None:
    """Recompute span, title, summary and breaking flag of the touched stories (a few set-based
    reads for all of them, not a few per story)."""
    store = state.store
    state.load(sorted(story_ids))
    stories = [s for sid in sorted(story_ids) if (s := state.get(sid)) is not None]
    ids = [s.id for s in stories]
    spans = state.spans(ids)
    recent = state.recent_members(ids, RECENT_MEMBERS)
    for story in stories:
        story.first_seen, story.last_seen = spans[story.id]
        members = recent[story.id]
        if story.title_article and all(m["article_id"] != story.title_article for m in members):
            holder = store.query_one("SELECT * FROM story_members WHERE article_id = ? AND story_id = ?",
                                     (story.title_article, story.id))
            if holder:
                members.append(holder)
        originals = [m for m in members if not m["duplicate_of"]]
        if originals:
            pick_title(story, originals)
            story.summary = story_summary(story, originals)
    sources = recent_sources(state, stories)
    latest = stored = store.get_meta("stories_latest") or ""
    for story in stories:
        story.breaking = is_breaking(state, story, sources.get(story.id))
        state.touch(story)
        if story.last_seen and story.last_seen > latest:
            latest = story.last_seen
    if latest != stored:
        store.set_meta("stories_latest", latest)


def pick_title(story: StoryRecord, members: list[dict]) -> None:
    best, best_score = None, -1.0
    for m in sorted(members, key=lambda m: m["seq"]):
        if not (m["title"] or "").strip():
            continue
        score = cosine(split_vector(m["vector"])[0], story.centroid)
        if score > best_score + 1e-9:
            best, best_score = m, score
    if best is not None:
        story.title, story.title_article = best["title"], best["article_id"]


def story_summary(story: StoryRecord, members: list[dict]) -> str:
    centre = {k[2:]: v for k, v in story.centroid.items() if k.startswith("w:")}
    candidates = []
    for m in members:
        text = m["summary"] or ""
        for s, e in split_sentences(text):
            sent = " ".join(text[s:e].split())
            words = content_words(sent)
            if len(sent.split()) < 5 or not words:
                continue
            vec: dict[str, float] = {}
            for w in words:
                vec[w] = vec.get(w, 0.0) + 1.0
            candidates.append((cosine(vec, centre), m["published"] or "", m["seq"], s, sent, set(words)))
    candidates.sort(key=lambda c: (-c[0], c[2], c[3]))
    chosen: list[tuple] = []
    n = 0
    for c in candidates:
        if len(chosen) >= SUMMARY_SENTENCES or n >= SUMMARY_WORDS * 0.6:
            break
        words = len(c[4].split())
        if n + words > SUMMARY_WORDS and chosen:
            continue
        # Skip a sentence that mostly repeats one already chosen (many outlets share a lead).
        if any(len(c[5] & o[5]) / max(1, min(len(c[5]), len(o[5]))) > 0.5 for o in chosen):
            continue
        chosen.append(c)
        n += words
    chosen.sort(key=lambda c: (c[1], c[2], c[3]))
    return " ".join(c[4] for c in chosen)


def _may_break(story: StoryRecord) -> bool:
    return bool(story.last_seen and story.first_seen and story.size >= BREAKING_MIN_ARTICLES)


def recent_sources(state: StoryState, stories: list[StoryRecord]) -> dict[str, list[str | None]]:
    """The sources of each story's distinct articles in its last `BREAKING_HOURS`: one query for all."""
    todo = [(s.id, iso_hours_before(s.last_seen, BREAKING_HOURS)) for s in stories if _may_break(s)]
    out: dict[str, list[str | None]] = {sid: [] for sid, _ in todo}
    for i in range(0, len(todo), 200):
        chunk = todo[i : i + 200]
        cond = " OR ".join("(story_id = ? AND published >= ?)" for _ in chunk)
        for r in state.store.query(
            f"SELECT story_id, source FROM story_members WHERE duplicate_of IS NULL AND ({cond})",
            [p for pair in chunk for p in pair],
        ):
            out[r["story_id"]].append(r["source"])
    return out


def is_breaking(state: StoryState, story: StoryRecord, recent: list[str | None] | None = None) -> bool:
    """`recent`: the sources of the story's articles in its last window, when already read."""
    if not _may_break(story):
        return False
    if recent is None:
        recent = recent_sources(state, [story])[story.id]
    n_recent = len(recent)
    if n_recent < BREAKING_MIN_ARTICLES or len(set(recent)) < BREAKING_MIN_SOURCES:
        return False
    assert story.first_seen is not None and story.last_seen is not None
    earlier = story.size - n_recent
    first, last = parse_time(story.first_seen), parse_time(story.last_seen)
    assert first is not None and last is not None
    windows = max(1.0, (last - BREAKING_HOURS - first) / BREAKING_HOURS)
    return n_recent >= BREAKING_RATE * (earlier / windows)
