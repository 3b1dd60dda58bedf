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

import json
from datetime import UTC, datetime, timedelta

from newsdesk.pipeline.summary import split_sentences
from newsdesk.stories.cluster import cosine, parse_time
from newsdesk.stories.features import content_words
from newsdesk.stories.state import StoryRecord, StoryState

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
    """Recompute span, title, summary and breaking flag of the touched stories."""
    store = state.store
    for sid in sorted(story_ids):
        story = state.get(sid)
        if story is None:
            continue
        span = store.query_one(
            "SELECT MIN(published) AS first, MAX(published) AS last FROM story_members "
            "WHERE story_id = ? AND published IS NOT NULL", (sid,))
        if span:
            story.first_seen, story.last_seen = span["first"], span["last"]
        members = state.members(sid, RECENT_MEMBERS)
        if story.title_article and all(m["article_id"] != story.title_article for m in members):
            holder = store.query_one("SELECT * FROM story_members WHERE article_id = ? AND story_id = ?",
                                     (story.title_article, sid))
            if holder:
                members.append(holder)
        originals = [m for m in members if not m["duplicate_of"]]
        if originals:
            pick_title(story, originals)
            story.summary = story_summary(story, originals)
        story.breaking = is_breaking(state, story)
        state.touch(story)
        if story.last_seen and story.last_seen > (store.get_meta("stories_latest") or ""):
            store.set_meta("stories_latest", story.last_seen)


def pick_title(story: StoryRecord, members: list[dict]) -> None:
    best, best_score = None, -1.0
    for m in sorted(members, key=lambda m: m["seq"]):
        if not (m["title"] or "").strip():
            continue
        score = cosine(json.loads(m["vector"] or "{}"), story.centroid)
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


def is_breaking(state: StoryState, story: StoryRecord) -> bool:
    if not story.last_seen or not story.first_seen or story.size < BREAKING_MIN_ARTICLES:
        return False
    since = iso_hours_before(story.last_seen, BREAKING_HOURS)
    recent = state.store.query(
        "SELECT source FROM story_members WHERE story_id = ? AND duplicate_of IS NULL AND published >= ?",
        (story.id, since))
    n_recent = len(recent)
    if n_recent < BREAKING_MIN_ARTICLES or len({r["source"] for r in recent}) < BREAKING_MIN_SOURCES:
        return False
    earlier = story.size - n_recent
    first, last = parse_time(story.first_seen), parse_time(story.last_seen)
    assert first is not None and last is not None
    windows = max(1.0, (last - BREAKING_HOURS - first) / BREAKING_HOURS)
    return n_recent >= BREAKING_RATE * (earlier / windows)
