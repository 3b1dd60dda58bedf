"""Online, single-pass story clustering: each article joins the best story or starts one.

For each article, in canonical order:

1. its features (`features.extract`) are weighted TF-IDF against the desk's document frequencies
   (kept in the store, counted article by article so batch size never changes a result);
2. candidate stories come from the candidate index: for the article's strongest keys (names, rare
   words, numbers), the few stories that most recently carried each key. Reading a bounded number of
   postings per key keeps the cost per article flat however large the desk grows;
3. each candidate is scored against the story's *centroid* (the sum of its members' vectors, top keys
   only), not its last article, so one wrong early join cannot drag a story off course; the score is
   damped by the time between the article and the story's span (no penalty within a window, then a
   half-life decay down to a floor; undated articles or stories are not damped). Window and
   half-life stretch with the desk's mean gap between articles: a sparse archive's stories span months;
4. it joins the best candidate when the similarity clears `join` (`join_single` for a one-article
   story) *and* another signal agrees (they share a name, or the similarity alone is `strong`), or
   when a full article shares several rare names with it at a lower similarity (`named_join`), or
   when the plain TF-IDF cosine of the words alone clears `word_join` (dated articles and stories:
   outlets of different leanings name different people about one event, but its words meet). A
   report in another language is judged on the keys every language writes alike (registry ids of
   people and places, numbers, dates: `foreign_join`), since its words are not English stems.
   (An optional "dominance" rescue of weaker matches is off by default.) Otherwise the article
   starts a new story; an article an analyst pinned (`newsdesk.stories.corrections`) goes to its
   group's story whatever the scores say;
5. stories that turn out to be one are merged, the smaller into the larger: when the article clears
   the bar for two stories whose centroids are close (`merge`), or when the runners-up of a weak
   match are fragments of its story (`kin`).

A duplicate (``article.duplicate_of``) joins its original's story without counting again.
The constants of `Config` were chosen by leave-one-set-out (bench/bench_stories_loso.py).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import mul

from newsdesk.model import Article, short_hash
from newsdesk.store.changes import mark_changed
from newsdesk.stories import embeddings
from newsdesk.stories import features as feat
from newsdesk.stories.sentences import summarise_text
from newsdesk.stories.state import (
    StoryRecord,
    StoryState,
    pins_in_stories,
    pins_of,
    split_vector,
    story_of_pin,
    with_embedding,
)


@dataclass(frozen=True)
class Config:
    """One configuration for every desk (never tuned per file)."""

    # Chosen by leave-one-set-out over the development story sets (bench/bench_stories_loso.py):
    # the configuration best on the other sets for every held-out set. With the plain-word route
    # (`word_join`) the worst held-out BCubed F1 is 0.853 (ECB+), against 0.827 without it and 0.849
    # for the TF-IDF baseline on that set; the same configuration is chosen with or without embeddings.
    article_keys: int = 200  # strongest keys kept in an article's vector
    query_keys: int = 16  # keys looked up in the candidate index per article
    postings_per_key: int = 12  # newest stories read per key
    candidates: int = 24  # candidates scored in full
    index_keys: int = 24  # keys an article adds to its story's postings
    join: float = 0.18  # similarity to a story's centroid needed to join it ...
    strong: float = 0.35  # ... with a shared name, or this much without one
    join_single: float = 0.26  # the bar to join a one-article story: its centroid is one article's noise
    named_join: float = 0.08  # a full article (`named_words` words or more) sharing `named_names` rare
    named_names: int = 3  # names with a story joins it at a lower similarity: in a long text the cosine
    named_words: int = 150  # is diluted by background, while shared people and places are not;
    named_share: float = 0.15  # rare = in at most this share of the desk's articles (or 5)
    # The "dominance" rescue (a weak match far above every rival joins) is off (weak = 1): it pulled
    # unrelated stories of one topic together on coverage-diverse sets (allsides 0.74 -> 0.80 without).
    weak: float = 1.0
    weak_names: int = 2
    dominance: float = 4.0
    dominance_floor: float = 0.05
    kin: float = 0.15  # centroid similarity at which a runner-up is a fragment of the top story, not a rival
    merge: float = 0.45  # centroid similarity at which two stories the article fits are one
    # Time: outlets cover one event within about a day, so no penalty within `window_hours` of the
    # story's span, then the score halves every `half_life_hours`, never below `time_floor` (an old
    # story can still be recognised). Undated articles or stories are never damped.
    window_hours: float = 12.0
    half_life_hours: float = 48.0
    time_floor: float = 0.3
    # A sparse desk (an archive, a digest) is weeks between articles: its clock runs in articles, not
    # days. Window and half-life stretch by the desk's mean gap between articles over
    # `dense_gap_hours` (so on a sparse desk the window is 4 mean gaps, the half-life 16), up to
    # `max_stretch`; a live desk, minutes apart, is never stretched.
    dense_gap_hours: float = 3.0
    max_stretch: float = 300.0
    # Scale-free rule (0 = off; measured, not chosen): join when the similarity reaches `relative` x
    # the story's own cohesion (the norm of its mean member vector, 1 for one article).
    relative: float = 0.0
    # Sentence embeddings (the `embeddings` extra; ignored without it): the similarity an article has
    # to a story is (1 - w) x the sparse cosine + w x the cosine of their embeddings (negative -> 0).
    # Two outlets' wordings of one event meet in the embedding where their words do not.
    embedding_weight: float = 0.0
    # Unrelated news stories sit around 0 to 0.4 apart in the embedding (one topic, one language);
    # only the cosine above `embedding_floor`, rescaled to 0..1, counts as evidence.
    embedding_floor: float = 0.0
    # Or as a second opinion on the sparse decision: a join whose embedding cosine is below
    # `embedding_veto` is refused (same words, another event), and an article sharing a name with a
    # story whose embedding cosine reaches `embedding_join` joins it at `embedding_sparse` (another
    # outlet's wording of the same event). 0 = off.
    embedding_veto: float = 0.2
    embedding_join: float = 0.0
    embedding_sparse: float = 0.08
    # Self-correction (newsdesk.stories.drift): a story whose newest `drift_recent` articles, filed at
    # least `drift_hours` (stretched like the window) after its first, cohere among themselves yet keep
    # less than `drift_split` similarity with its earlier articles is split in two. 0 = off. The bar is
    # `join`'s: together they would not have joined the story as it began (one developing story's
    # days stay above it: 0.25 or more on MultiLing; two events in one village fall below).
    drift_split: float = 0.18
    drift_recent: int = 3
    drift_hours: float = 24.0
    # Plain TF-IDF cosine over the words alone (``w:`` keys of the article and of the story's
    # centroid): outlets of different leanings name different people and quote different numbers
    # about one event, but its vocabulary meets. An article joins when this cosine, time-damped,
    # reaches `word_join`, whatever the names say. Only when both are dated: undated, two events of
    # one kind (two earthquakes, two elections) read alike; it is their nearness in time that makes
    # a shared vocabulary one event. 0 = off.
    word_join: float = 0.2
    # Another language: the features' words are English stems, so a report in another language can
    # meet its story only through what every language writes alike: names (``e:`` registry ids,
    # ``n:`` names), numbers, years and dates. Such an article joins a story with which it shares
    # `foreign_names` registry ids (a capitalised word of another language may be a mere article,
    # "Le", "Die") when the cosine over those keys alone, time-damped, reaches
    # `foreign_join` (set by reason, not by LOSO: the development sets are English only).
    foreign_join: float = 0.2
    foreign_names: int = 2


DEFAULT = Config()
SUMMARY_WORDS, SUMMARY_SENTENCES = 60, 3  # an article's stand-in summary (as pipeline.summary's default)


def parse_time(value: str | None) -> float | None:
    """ISO date or datetime -> hours since the epoch (date-only values count as 00:00 UTC)."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp() / 3600.0


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # map(mul, ...) rather than a generator: the same products summed in the same order, 2-3x faster.
    shared = [k for k in a if k in b]
    return sum(map(mul, map(a.__getitem__, shared), map(b.__getitem__, shared)))


def norm(a: dict[str, float]) -> float:
    return math.sqrt(sum(map(mul, a.values(), a.values())))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    na, nb = norm(a), norm(b)
    return dot(a, b) / (na * nb) if na and nb else 0.0


# Every feature key is one kind letter and a colon (features.py), so the first character tells the
# kind: comparing it is faster than startswith("w:") over a long centroid, read for every candidate.
def words_of(vector: dict[str, float]) -> dict[str, float]:
    """The plain-word part of a feature vector (``w:`` keys)."""
    return {k: v for k, v in vector.items() if k[0] == "w"}


def language_free(vector: dict[str, float]) -> dict[str, float]:
    """The keys of a feature vector that read alike in every language: names, numbers, dates."""
    return {k: v for k, v in vector.items() if k[0] != "w"}


def words_cosine(word_vec: dict[str, float], word_norm: float, vector: dict[str, float]) -> float:
    """`cosine(word_vec, words_of(vector))` for a vector of words only whose norm is `word_norm`,
    without building the words part of `vector` (a story's long centroid) as a dict: the same
    products, norms and sums in the same order."""
    values = [v for k, v in vector.items() if k[0] == "w"]
    if len(word_vec) > len(values):
        return cosine(word_vec, words_of(vector))  # `dot` would walk the shorter side's keys
    nb = math.sqrt(sum(map(mul, values, values)))
    if not (word_norm and nb):
        return 0.0
    shared = [k for k in word_vec if k in vector]  # a word key is in the words part iff in the vector
    return sum(map(mul, map(word_vec.__getitem__, shared), map(vector.__getitem__, shared))) / (word_norm * nb)


def dense_cosine(a: Sequence[float], b: Sequence[float]) -> float:
    """Cosine of two dense vectors (0 when either is missing)."""
    if not a or not b:
        return 0.0
    # map(mul, ...) as in `dot`: the same products summed in the same order, without a generator.
    na = math.sqrt(sum(map(mul, a, a)))
    nb = math.sqrt(sum(map(mul, b, b)))
    if not (na and nb):
        return 0.0
    if len(a) != len(b):
        raise ValueError(f"embeddings of different sizes ({len(a)}, {len(b)})")
    return sum(map(mul, a, b)) / (na * nb)


def add_into(total: list[float], v: Sequence[float], sign: float = 1.0) -> list[float]:
    """`total` + sign x `v` (a new list; an empty total starts from zero)."""
    if not v:
        return total
    if not total:
        total = [0.0] * len(v)
    return [round(t + sign * x, 6) for t, x in zip(total, v, strict=True)]


def blend(sparse: float, dense: float | None, config: Config) -> float:
    """The similarity used for every decision: the sparse cosine, blended with the embedding cosine
    when both sides have an embedding."""
    if dense is None or not config.embedding_weight:
        return sparse
    w = config.embedding_weight
    floor = config.embedding_floor
    return (1.0 - w) * sparse + w * max(0.0, (dense - floor) / (1.0 - floor))


def story_similarity(a: StoryRecord, b: StoryRecord, config: Config) -> float:
    """How alike two stories are (centroids, blended with their embeddings)."""
    dense = dense_cosine(a.embedding, b.embedding) if a.embedding and b.embedding else None
    return blend(cosine(a.centroid, b.centroid), dense, config)


def time_factor(t: float | None, story: StoryRecord, config: Config, stretch: float = 1.0) -> float:
    """1 inside the story's span +- the window, then halving every `half_life_hours` (both times
    `stretch`, for a sparse desk)."""
    if t is None:
        return 1.0
    first, last = parse_time(story.first_seen), parse_time(story.last_seen)
    if first is None or last is None:
        return 1.0
    gap = max(first - t, t - last, 0.0)
    window = config.window_hours * stretch
    if gap <= window:
        return 1.0
    return max(config.time_floor, 0.5 ** ((gap - window) / (config.half_life_hours * stretch)))


def stretch(mean_gap_hours: float | None, config: Config) -> float:
    """How much slower a story's clock runs on this desk than on a live one (>= 1)."""
    if mean_gap_hours is None:
        return 1.0
    return min(config.max_stretch, max(1.0, mean_gap_hours / config.dense_gap_hours))


@dataclass
class Scored:
    story: StoryRecord
    score: float
    similarity: float
    shared_names: int
    rare_names: int = 0
    cohesion: float = 1.0
    dense: float | None = None  # embedding cosine (None without embeddings)
    words: float = 0.0  # time-damped cosine of the words alone
    foreign: float = 0.0  # time-damped cosine of the language-independent keys (another language only)
    shared_ids: int = 0  # registry ids (``e:``) shared with the story
    decay: float = 1.0  # the time damping applied (time_floor: the story is old news to this article)

    def agrees(self, config: Config) -> bool:
        if self.dense is not None and self.dense < config.embedding_veto:
            return False
        if (self.dense is not None and config.embedding_join and self.dense >= config.embedding_join
                and self.score >= config.embedding_sparse and self.shared_names > 0):
            return True
        if config.word_join and self.words >= config.word_join:
            return True
        if config.foreign_join and self.foreign >= config.foreign_join and self.shared_ids >= config.foreign_names:
            return True
        if config.relative:
            bar = config.relative * self.cohesion
            return self.score >= bar and (self.shared_names > 0 or self.score >= config.strong)
        if self.score >= config.named_join and self.rare_names >= config.named_names:
            return True
        bar = config.join_single if self.story.size <= 1 else config.join
        return self.score >= bar and (self.shared_names > 0 or self.score >= config.strong)


class Clusterer:
    """Assigns a batch's articles to stories through a `StoryState` (one per batch)."""

    def __init__(self, state: StoryState, config: Config = DEFAULT) -> None:
        self.state = state
        self.config = config
        self.in_batch: dict[str, str] = {}  # article id -> story id, for duplicates within the batch
        self.batch_articles: list[Article] = []
        self.touched: set[str] = set()
        self.merged: dict[str, str] = {}  # old story id -> surviving id
        self._kin: list[Scored] = []  # fragments of the story an article joined, to merge in
        self._features: dict[str, feat.Features] = {}  # read ahead by prepare()
        self._embeddings: dict[str, list[float]] = {}  # article id -> unit embedding (prepare())
        self._pins: dict[str, str] = {}  # article id -> analyst pin group (read ahead by prepare())
        self._pin_story: dict[str, str] = {}  # pin group -> story, for this batch

    def prepare(self, articles: Sequence[Article]) -> None:
        """Extract the batch's features up front and read their document frequencies in a few
        queries (stored values: the batch's own counts are added article by article in memory)."""
        for a in articles:
            if not a.duplicate_of:
                self._features[a.id] = feat.extract(a)
        self.state.df(sorted({k for f in self._features.values() for k in f.counts}))
        if self.config.embedding_weight or self.config.embedding_veto or self.config.embedding_join:
            todo = [a for a in articles if not a.duplicate_of]
            vectors = embeddings.embed([embeddings.lead_text(self._title(a), a.text) for a in todo])
            if vectors is not None:
                self._embeddings = {a.id: v for a, v in zip(todo, vectors, strict=True)}
        self._pins = pins_of(self.state.store, [a.id for a in articles])

    @staticmethod
    def _title(article: Article) -> str:
        return article.title if "derived_title" not in article.flags else ""

    # --- one article ------------------------------------------------------------------------------
    def assign(self, article: Article) -> str:
        state = self.state
        self.batch_articles.append(article)
        seq = state.tick()
        if article.duplicate_of:
            original = self.resolve(self.in_batch.get(article.duplicate_of) or state.member_story(article.duplicate_of))
            story = state.get(original) if original else None
            if story is not None:
                story.n_articles += 1
                story.updated_seq = seq
                state.touch(story)
                self._member(article, story, {}, [], duplicate=True)
                return story.id
        f = self._features.pop(article.id, None)
        if f is None:
            f = feat.extract(article)
        emb = self._embeddings.pop(article.id, None)
        if emb is None and (self.config.embedding_weight or self.config.embedding_veto or self.config.embedding_join):
            emb = (embeddings.embed([embeddings.lead_text(self._title(article), article.text)]) or [None])[0]
        state.count_document(f.counts)
        vec = feat.weigh(f.counts, state.df(f.counts), state.n_docs, self.config.article_keys)
        t = parse_time(article.published)
        state.count_time(t)
        df = state.df(vec)
        # Only keys some earlier article carried can lead to a story (df counts this article too).
        shared = {k: v for k, v in vec.items() if df[k] > 1}
        pin = self._pins.get(article.id)
        if pin is not None:
            # An analyst's correction: the article goes where its group is, whatever the scores say.
            story = self._pinned_story(pin)
            if story is None:
                # A group named "s:<id>" (newsdesk.stories.corrections) gets back the id the analyst saw.
                named = pin[2:] if pin.startswith("s:") else None
                story = state.new(named if named and state.get(named) is None else short_hash("story", article.id))
            self._pin_story[pin] = story.id
            self._add(story, article, vec, f, seq, emb)
            return story.id
        full_text = len(article.text.split()) >= self.config.named_words
        foreign = bool(article.language) and article.language != feat.LANGUAGE
        scored = self._score(vec, shared, t, full_text, emb, foreign)
        best = next((sc for sc in scored if sc.agrees(self.config)), None)
        if best is None and scored and not self.config.relative:
            best = self._dominant(scored)
        if best is None:
            story = state.new(short_hash("story", article.id))
        else:
            story = best.story
        self._add(story, article, vec, f, seq, emb)
        for kin in self._kin:
            if kin.story.id != story.id and state.get(kin.story.id) is not None:
                story = self.merge(story, kin.story)
        self._kin = []
        if best is not None:
            # The article fits a second story as well: if the two stories are one, merge them. Only
            # stories of its time: one whose damping has reached its floor is old news that the article
            # may still join (recognised), but never a bridge to another (two years' floods are two).
            floor = self.config.time_floor
            for other in scored[:4] if best.decay > floor else ():
                if (other is not best and other.agrees(self.config) and other.story.id != story.id
                        and other.decay > floor):
                    if story_similarity(story, other.story, self.config) >= self.config.merge:
                        story = self.merge(story, other.story)
        return story.id

    def _pinned_story(self, pin: str) -> StoryRecord | None:
        sid = self.resolve(self._pin_story.get(pin))
        if sid is None:
            self.state.write_pending()
            sid = self.resolve(story_of_pin(self.state.store, pin))
        return self.state.get(sid) if sid else None

    def _dominant(self, scored: list[Scored]) -> Scored | None:
        """A weaker match that shares several names and stands far above every rival story: the
        same developing story coming back after a while, worded differently. Judged on similarity
        before the time damping: when nothing else comes close, the gap in time is no counter-evidence."""
        cfg = self.config
        ranked = sorted(scored, key=lambda sc: (-sc.similarity, sc.story.created_seq, sc.story.id))
        top = ranked[0]
        if top.similarity < cfg.weak or top.shared_names < cfg.weak_names:
            return None
        # Runners-up close to the top story are its own fragments, not rivals: they are merged in.
        kin = [sc for sc in ranked[1:4]
               if sc.similarity >= cfg.weak and cosine(top.story.centroid, sc.story.centroid) >= cfg.kin]
        rivals = [sc for sc in ranked[1:] if sc not in kin]
        second = rivals[0].similarity if rivals else 0.0
        if top.similarity >= cfg.dominance * max(second, cfg.dominance_floor):
            self._kin = kin
            return top
        return None

    def _score(self, vec: dict[str, float], shared: dict[str, float], t: float | None,
               full_text: bool = False, emb: list[float] | None = None, foreign: bool = False) -> list[Scored]:
        cfg, state = self.config, self.state
        hits: dict[str, float] = {}
        strongest = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))[: cfg.query_keys]
        postings = state.postings_of([key for key, _ in strongest], cfg.postings_per_key)
        for key, w in strongest:
            for sid in postings[key]:
                sid = self.resolve(sid)
                hits[sid] = hits.get(sid, 0.0) + w
        ranked = sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[: cfg.candidates]
        stories = state.load([sid for sid, _ in ranked])
        name_keys = [k for k in vec if k[0] in "ne"]
        k = stretch(state.mean_gap_hours(), cfg)
        name_df = state.df(name_keys)
        rare_cap = max(5.0, cfg.named_share * state.n_docs)
        rare_keys = [n for n in name_keys if name_df[n] <= rare_cap] if full_text else []
        word_vec = words_of(vec) if cfg.word_join else {}
        name_vec = language_free(vec) if foreign else {}
        vec_norm = norm(vec)
        word_norm = norm(word_vec)
        out = []
        for sid, _ in ranked:
            s = stories.get(sid)
            if s is None or not s.centroid:
                continue
            dense = dense_cosine(emb, s.embedding) if emb and s.embedding else None
            centroid_norm = norm(s.centroid)  # once per story: the centroid is the long vector
            sparse = dot(vec, s.centroid) / (vec_norm * centroid_norm) if vec_norm and centroid_norm else 0.0
            sim = blend(sparse, dense, cfg)
            n_shared = sum(1 for n in name_keys if n in s.names)
            n_rare = sum(1 for n in rare_keys if n in s.names)
            cohesion = min(1.0, centroid_norm / max(1, s.size))
            decay = time_factor(t, s, cfg, k)
            dated = t is not None and s.last_seen is not None
            words = words_cosine(word_vec, word_norm, s.centroid) * decay if word_vec and dated else 0.0
            alike = cosine(name_vec, language_free(s.centroid)) * decay if name_vec else 0.0
            n_ids = sum(1 for n in name_keys if n[0] == "e" and n in s.names) if name_vec else 0
            out.append(Scored(s, sim * decay, sim, n_shared, n_rare, cohesion, dense, words, alike, n_ids, decay))
        out.sort(key=lambda sc: (-sc.score, sc.story.created_seq, sc.story.id))
        return out

    def _add(self, story: StoryRecord, article: Article, vec: dict[str, float], f: feat.Features, seq: int,
             emb: list[float] | None = None) -> None:
        state = self.state
        for k, v in vec.items():
            story.centroid[k] = story.centroid.get(k, 0.0) + v
        if emb:
            story.embedding = add_into(story.embedding, emb)
        names = list(f.names)
        for k in names:
            name, label = f.names[k]
            entry = story.names.setdefault(k, [name, label, 0, k[2:] if k.startswith("e:") else None])
            entry[2] += 1
            if label != "NAME" and entry[1] == "NAME":
                entry[1] = label
        for k, p in f.places.items():
            entry = story.places.setdefault(k, {**p, "count": 0})
            entry["count"] += 1
        story.size += 1
        story.n_articles += 1
        src = article.source or "unknown"
        story.sources[src] = story.sources.get(src, 0) + 1
        if article.published:
            if story.first_seen is None or article.published < story.first_seen:
                story.first_seen = article.published
            if story.last_seen is None or article.published > story.last_seen:
                story.last_seen = article.published
        story.updated_seq = seq
        story.trim()  # after every article, so the batch size never changes what the next one sees
        state.touch(story)
        keys = [k for k, _ in sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[: self.config.index_keys]]
        state.add_postings(story.id, keys, seq)
        self._member(article, story, with_embedding(vec, emb), names, duplicate=False)

    def _member(self, article: Article, story: StoryRecord, vec: dict, names: list[str],
                duplicate: bool) -> None:
        article.story_id = story.id
        self.in_batch[article.id] = story.id
        self.touched.add(story.id)
        summary = article.summary
        if not summary and not duplicate:
            # Bulk-loaded or older articles have no summary yet: their lead sentences stand in.
            summary = summarise_text(article.text, SUMMARY_WORDS, SUMMARY_SENTENCES)
        self.state.add_member(
            article.id, story.id, article.published, article.source, article.duplicate_of if duplicate else None,
            article.title or "", summary or "", vec, names)

    # --- merging ----------------------------------------------------------------------------------
    def resolve(self, story_id: str | None) -> str | None:
        while story_id in self.merged:
            story_id = self.merged[story_id]
        return story_id

    def merge(self, a: StoryRecord, b: StoryRecord) -> StoryRecord:
        """Merge the smaller of two stories into the larger (the older on ties); returns the survivor."""
        keep, gone = (a, b) if (a.size, -a.created_seq) >= (b.size, -b.created_seq) else (b, a)
        state, store = self.state, self.state.store
        state.write_pending()
        pins = pins_in_stories(store, [a.id, b.id])
        if pins[a.id] and pins[b.id] and pins[a.id] != pins[b.id]:
            return a  # an analyst kept these apart: never undone by the linker
        for k, v in gone.centroid.items():
            keep.centroid[k] = keep.centroid.get(k, 0.0) + v
        keep.embedding = add_into(keep.embedding, gone.embedding)
        for k, entry in gone.names.items():
            mine = keep.names.setdefault(k, [entry[0], entry[1], 0, entry[3]])
            mine[2] += entry[2]
        for k, p in gone.places.items():
            mine = keep.places.setdefault(k, {**p, "count": 0})
            mine["count"] += p["count"]
        for src, n in gone.sources.items():
            keep.sources[src] = keep.sources.get(src, 0) + n
        keep.size += gone.size
        keep.n_articles += gone.n_articles
        for attr, pick in (("first_seen", min), ("last_seen", max)):
            vals = [v for v in (getattr(keep, attr), getattr(gone, attr)) if v]
            setattr(keep, attr, pick(vals) if vals else None)
        keep.created_seq = min(keep.created_seq, gone.created_seq)
        keep.updated_seq = max(keep.updated_seq, gone.updated_seq)
        keep.trim()
        state.touch(keep)
        state.write_pending()  # the SQL below moves the batch's postings and members too
        # Stored articles of the merged story point to the survivor; the search index re-reads them.
        moved = [r["id"] for r in store.query("SELECT id FROM articles WHERE story_id = ?", (gone.id,))]
        if moved:
            store.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", (keep.id, gone.id))
            store.executemany(
                "INSERT INTO story_reassigned (article_id, batch) VALUES (?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET batch = excluded.batch",
                [(aid, state.batch) for aid in moved])
            mark_changed(store, moved)
        store.execute("UPDATE story_members SET story_id = ? WHERE story_id = ?", (keep.id, gone.id))
        store.execute(
            "INSERT INTO story_index (key, story_id, seq) SELECT key, ?, seq FROM story_index WHERE story_id = ? "
            "ON CONFLICT (key, story_id) DO UPDATE SET seq = CASE WHEN excluded.seq > story_index.seq "
            "THEN excluded.seq ELSE story_index.seq END",
            (keep.id, gone.id))
        store.execute("DELETE FROM story_index WHERE story_id = ?", (gone.id,))
        store.execute(
            "INSERT INTO story_merges (from_id, into_id, batch) VALUES (?, ?, ?) "
            "ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id, batch = excluded.batch",
            (gone.id, keep.id, state.batch))
        # Earlier merges into the merged story now lead to the survivor.
        store.execute("UPDATE story_merges SET into_id = ? WHERE into_id = ?", (keep.id, gone.id))
        state.delete(gone.id)
        self.merged[gone.id] = keep.id
        self.touched.discard(gone.id)
        self.touched.add(keep.id)
        for art in self.batch_articles:
            if art.story_id == gone.id:
                art.story_id = keep.id
        for aid, sid in list(self.in_batch.items()):
            if sid == gone.id:
                self.in_batch[aid] = keep.id
        return keep

    # --- forgetting -------------------------------------------------------------------------------
    def forget(self, article_ids: Sequence[str]) -> None:
        """Take replaced articles out of their stories (their vectors, names and counts)."""
        state, store = self.state, self.state.store
        state.write_pending()
        ids = list(dict.fromkeys(article_ids))
        found: dict[str, dict] = {}
        found.update((r["article_id"], r) for r in store.select_in(
            "SELECT * FROM story_members WHERE article_id IN (?*)", ids))
        store.execute_in("DELETE FROM story_members WHERE article_id IN (?*)", ids)
        state.load(sorted({r["story_id"] for r in found.values()}))
        for aid in ids:
            row = found.get(aid)
            if row is None:
                continue
            story = state.get(row["story_id"])
            if story is None:
                continue
            story.n_articles = max(0, story.n_articles - 1)
            if not row["duplicate_of"]:
                vector, emb = split_vector(row["vector"])
                story.embedding = add_into(story.embedding, emb, -1.0)
                for k, v in vector.items():
                    left = story.centroid.get(k, 0.0) - v
                    if left > 1e-6:
                        story.centroid[k] = left
                    else:
                        story.centroid.pop(k, None)
                for k in json.loads(row["names"] or "[]"):
                    if k in story.names:
                        story.names[k][2] -= 1
                        if story.names[k][2] <= 0:
                            del story.names[k]
                story.size = max(0, story.size - 1)
                src = row["source"] or "unknown"
                if src in story.sources:
                    story.sources[src] -= 1
                    if story.sources[src] <= 0:
                        del story.sources[src]
            if story.n_articles == 0:
                state.delete(story.id)
                self.touched.discard(story.id)
            else:
                state.touch(story)
                self.touched.add(story.id)
