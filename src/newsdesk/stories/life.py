"""Story life: title, summary, span and the breaking signal, refreshed for the stories a batch touched.

Work per touched story is bounded: it reads at most `RECENT_MEMBERS` member rows.

**Current centre**: what the story is about *now*: its members published within `CURRENT_HOURS`
of its latest article (at least the `CURRENT_MIN` newest), their vectors summed. Title and summary
are judged against the story's whole centroid and this current centre, weighed equally, so they
follow the story as it grows instead of keeping the first day's angle.

**Title**: the headline of the current member most similar to that blend (the most typical report
of the story as it stands; the newer one on a tie). It is recomputed from the members every time,
never kept because it was chosen before: an early headline does not outlive the story's centre.

**Summary**: up to `SUMMARY_SENTENCES` sentences (at most `SUMMARY_WORDS` words) taken from the
members' own summaries, datelines ("OSLO (Reuters) -") removed: first the current members' sentence
closest to the blend, then the sentences closest to it from any recent member, skipping any that
repeats one already chosen (`REDUNDANT_OVERLAP`), in chronological order.

**Breaking**: a story is breaking when, in the `BREAKING_HOURS` up to its latest article, it gained
at least `BREAKING_MIN_ARTICLES` distinct articles (duplicates count once) from at least
`BREAKING_MIN_SOURCES` sources, and that is at least `BREAKING_RATE` times its own earlier average
pace (articles per `BREAKING_HOURS` over its earlier life, counted as at least one window; a new
story has no earlier life and qualifies on the counts alone). `Desk.stories(breaking=True)` only
lists breaking stories whose latest article is within `BREAKING_HOURS` of the desk's newest
article, so a story stops being "breaking" once the news moves on. Undated stories never break.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from newsdesk.stories.cluster import cosine, parse_time
from newsdesk.stories.features import content_words
from newsdesk.stories.sentences import split_sentences
from newsdesk.stories.state import StoryRecord, StoryState, split_vector
from newsdesk.text import strip_dateline

RECENT_MEMBERS = 40
SUMMARY_SENTENCES = 3
SUMMARY_WORDS = 70
# Outlets report one development within about a day (the clusterer's own window is 12 h each side):
# what the story's members said in its last day is what it is about now.
CURRENT_HOURS = 24.0
CURRENT_MIN = 3  # at least this many newest members, so one late article does not define the story
# Two sentences are one statement when most content words of the shorter one are in the other
# (overlap coefficient, |A & B| / min(|A|, |B|)): two outlets' leads of one event share the who,
# what and where and differ in a verb or an adjective, while a sentence that adds a fact (a toll,
# a reaction, a cause) brings at least half of its content words new.
REDUNDANT_OVERLAP = 0.5
BREAKING_HOURS = 24.0
BREAKING_MIN_ARTICLES = 3
BREAKING_MIN_SOURCES = 2
BREAKING_RATE = 2.0

# A dateline opening an article ("OSLO, March 12 (Reuters) -", "LIMA --") says where one outlet filed
# it, not what the story is: it is dropped from sentences taken into a story summary.

_COMPLETE = re.compile(r"[.!?][\"'”’)\]]*$")
_TRAILING = re.compile(r"(?:\.\.\.|…)[\"'”’)\]]*$")


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
        originals = [m for m in recent[story.id] if not m["duplicate_of"]]
        if originals:
            centre = story_centre(story, originals)
            titled = [m for m in current_members(originals) if (m["title"] or "").strip()]
            pick_title(story, titled or originals, centre)  # untitled current news: any recent headline
            story.summary = story_summary(story, originals, centre)
    sources = recent_sources(state, stories)
    latest = stored = store.get_meta("stories_latest") or ""
    for story in stories:
        story.breaking = is_breaking(state, story, sources.get(story.id))
        state.touch(story)
        if story.last_seen and story.last_seen > latest:
            latest = story.last_seen
    if latest != stored:
        store.set_meta("stories_latest", latest)


def _newest_first(members: list[dict]) -> list[dict]:
    """Members newest first: by publication time (undated ones after dated), then arrival."""
    def key(m: dict) -> tuple[int, float, int]:
        t = parse_time(m["published"])
        return (0 if t is not None else 1, -(t or 0.0), -int(m["seq"]))
    return sorted(members, key=key)


def current_members(members: list[dict]) -> list[dict]:
    """The members that say what the story is about now: those within `CURRENT_HOURS` of its latest
    dated article, and at least the `CURRENT_MIN` newest (newest first)."""
    ordered = _newest_first(members)
    latest = parse_time(ordered[0]["published"]) if ordered else None
    if latest is None:
        return ordered[:CURRENT_MIN]
    within = [m for m in ordered if (t := parse_time(m["published"])) is not None and latest - t <= CURRENT_HOURS]
    return ordered[: max(len(within), CURRENT_MIN)]


def _unit(vec: dict[str, float]) -> dict[str, float]:
    n = sum(v * v for v in vec.values()) ** 0.5
    return {k: v / n for k, v in vec.items()} if n else {}


def story_centre(story: StoryRecord, members: list[dict]) -> dict[str, float]:
    """The whole centroid and the current members' centre, each of unit length, summed."""
    now: dict[str, float] = {}
    for m in current_members(members):
        for k, v in split_vector(m["vector"])[0].items():
            now[k] = now.get(k, 0.0) + v
    centre = dict(_unit(story.centroid))
    for k, v in _unit(now).items():
        centre[k] = centre.get(k, 0.0) + v
    return centre


def pick_title(story: StoryRecord, members: list[dict], centre: dict[str, float] | None = None) -> None:
    """The headline of the member (of `members`) closest to `centre` (the centroid when None);
    the newer on a tie."""
    centre = story.centroid if centre is None else centre
    best, best_score = None, -1.0
    for m in reversed(_newest_first(members)):
        if not (m["title"] or "").strip():
            continue
        score = cosine(split_vector(m["vector"])[0], centre)
        if score >= best_score - 1e-9:
            best, best_score = m, score
    if best is not None:
        story.title, story.title_article = best["title"], best["article_id"]


def complete(sentence: str) -> bool:
    """Whether a sentence ends as a sentence does: a summary cut to its word budget, or an excerpt
    that trails off ("..."), leaves a fragment that reads as an error in a story summary."""
    return bool(_COMPLETE.search(sentence)) and not _TRAILING.search(sentence)


def redundant(a: set[str], b: set[str]) -> bool:
    """Whether two sentences (their content words) say the same thing (`REDUNDANT_OVERLAP`)."""
    return len(a & b) / max(1, min(len(a), len(b))) > REDUNDANT_OVERLAP


def story_summary(story: StoryRecord, members: list[dict], centre: dict[str, float] | None = None) -> str:
    """Up to `SUMMARY_SENTENCES` non-redundant sentences of the members' summaries closest to `centre`
    (words only), the first from a current member, in chronological order."""
    centre = story.centroid if centre is None else centre
    words_centre = {k[2:]: v for k, v in centre.items() if k.startswith("w:")}
    current = {m["article_id"] for m in current_members(members)}
    candidates = []
    for m in members:
        text = m["summary"] or ""
        for s, e in split_sentences(text):
            sent = strip_dateline(" ".join(text[s:e].split()))
            words = content_words(sent)
            if len(sent.split()) < 5 or not words:
                continue
            vec: dict[str, float] = {}
            for w in words:
                vec[w] = vec.get(w, 0.0) + 1.0
            candidates.append((cosine(vec, words_centre), m["published"] or "", m["seq"], s, sent, set(words),
                               m["article_id"] in current, complete(sent)))
    if any(c[7] for c in candidates):  # fragments only where nothing else is there (headline-only news)
        candidates = [c for c in candidates if c[7]]
    candidates.sort(key=lambda c: (-c[0], c[2], c[3]))
    # The story as it stands leads: the best sentence of a current member goes first.
    first = next((c for c in candidates if c[6]), None)
    if first is not None:
        candidates.remove(first)
        candidates.insert(0, first)
    chosen: list[tuple] = []
    n = 0
    for c in candidates:
        if len(chosen) >= SUMMARY_SENTENCES or n >= SUMMARY_WORDS * 0.6:
            break
        words = len(c[4].split())
        if n + words > SUMMARY_WORDS and chosen:
            continue
        # Many outlets share a lead: a sentence that repeats one already chosen is left out.
        if any(redundant(c[5], o[5]) for o in chosen):
            continue
        chosen.append(c)
        n += words
    chosen.sort(key=lambda c: (parse_time(c[1]) or 0.0, c[2], c[3]))
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
