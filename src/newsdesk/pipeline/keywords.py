"""The `keywords` step: a handful of keyphrases per article, cheaply.

No parser and no background corpus: candidates are the article's named entities (by mentions and how
early they come) and its content phrases (runs of one to three words between stop words, by
frequency, spread and position, in the manner of YAKE and RAKE). Phrases already inside a chosen
name are dropped, and the result mixes both kinds: the names say who and where, the phrases what.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache

from newsdesk.lexicon.english import KEYPHRASE_STOP, stop_words
from newsdesk.lexicon.labels import TOPIC_LABELS
from newsdesk.model import Article
from newsdesk.pipeline.base import Step, register

MAX_KEYWORDS = 8
MIN_KEYWORDS = 5
# A word (group 1), or a character that breaks a phrase (never part of a word).
_TOKEN_OR_BREAK = re.compile(r"([A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z])|[.!?;:,()\[\]\"“”«»—–\n]")


@lru_cache(maxsize=1)
def _stop() -> frozenset[str]:
    return stop_words() | KEYPHRASE_STOP


def phrases(text: str, max_words: int = 3) -> dict[str, list[int]]:
    """Content phrases (lower case) and the offsets where they occur."""
    out: dict[str, list[int]] = defaultdict(list)
    cache = _PHRASE_WORD
    if len(cache) > 200_000:
        cache.clear()
    run: list[tuple[str, int]] = []
    # One pass over tokens and break characters (no token holds one): a break or a stop word ends a run.
    for m in _TOKEN_OR_BREAK.finditer(text):
        token = m.group(1)
        word = None
        if token is not None:
            word = cache.get(token, _UNSEEN)
            if word is _UNSEEN:
                word = cache[token] = _phrase_word(token)
        if word is None:
            if run:  # most breaks end no run: no call
                _flush(run, out, max_words)
                run = []
        else:
            run.append((word, m.start()))
    _flush(run, out, max_words)
    return out


_UNSEEN = object()
_PHRASE_WORD: dict[str, str | None] = {}  # token -> its phrase word, None when it ends a run


def _phrase_word(token: str) -> str | None:
    w = token.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if w in _stop() or len(w) < 3 or w.isdigit():
        return None
    return w


def _flush(run: list[tuple[str, int]], out: dict[str, list[int]], max_words: int) -> None:
    if not run:
        return
    for word, at in run:  # single words need no join
        out[word].append(at)
    words = [w for w, _ in run]
    for n in range(2, max_words + 1):
        for i in range(len(run) - n + 1):
            out[" ".join(words[i:i + n])].append(run[i][1])


def keywords(article: Article, limit: int = MAX_KEYWORDS) -> list[str]:
    text = article.text
    size = max(len(text), 1)
    # names
    named: list[tuple[float, str]] = []
    first_at: dict[str, int] = {}
    for m in article.mentions:
        first_at.setdefault(m.entity_key or "", m.start)
    for e in article.entities:
        if e.label not in TOPIC_LABELS or len(e.name) < 2:
            continue
        pos = first_at.get(e.key, size) / size
        weight = 0.6 if e.label == "NORP" else 1.0
        named.append((weight * (1 + math.log(e.mention_count or 1)) * (1.5 - pos), e.name))
    named.sort(key=lambda t: -t[0])
    # content phrases
    found = phrases(text)
    words = Counter({p: len(v) for p, v in found.items() if " " not in p})
    scored: list[tuple[float, str]] = []
    for p, offsets in found.items():
        n = len(offsets)
        if n < 2:
            continue  # said once: neither a word nor a phrase is a keyphrase (most candidates end here)
        parts = p.split()
        # frequent, early, spread out; a phrase is worth its words' weight, and rarer as it grows
        spread = (offsets[-1] - offsets[0]) / size
        early = 1.0 - offsets[0] / size
        base = n * (1 + spread) * (0.5 + early)
        if len(parts) > 1:
            base *= 1.2 * sum(math.log(1 + words[w]) for w in parts) / len(parts)
        scored.append((base, p))
    scored.sort(key=lambda t: (-t[0], t[1]))
    chosen: list[str] = []
    lowered: list[str] = []

    def take(phrase: str) -> bool:
        low = phrase.lower()
        if any(low in c or c in low for c in lowered):
            return False
        chosen.append(phrase)
        lowered.append(low)
        return True

    n_names = 0
    for _, name in named:
        if n_names >= limit // 2:
            break
        if take(name):
            n_names += 1
    for _, p in scored:
        if len(chosen) >= limit:
            break
        take(p)
    for _, name in named:  # few phrases: fill up with names
        if len(chosen) >= min(limit, MIN_KEYWORDS):
            break
        take(name)
    return chosen[:limit]


@register
class Keywords(Step):
    name = "keywords"
    requires = ("mentions", "entities")
    assigns = ("keywords",)
    version = "1"
    understanding = True

    def process(self, article: Article) -> Article:
        if (article.language or "en") == "en" and article.text.strip():
            article.keywords = keywords(article)
        return article
