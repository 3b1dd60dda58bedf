"""What an article carries that tells which story it belongs to, as namespaced sparse keys.

Every feature is a key in one sparse bag so a single TF-IDF weighting (document frequencies kept in
the store) covers them all:

- ``w:<stem>``   content words of the title and text (stop words dropped, Porter-stemmed);
- ``n:<name>``   names: the document's entities (``article.entities``) when the pipeline found
  them, and always capitalised phrases of the text, so the linker works before NER has run;
- ``e:<id>``     desk-level entity ids set by the registry linker (aliases share one key);
- ``#:<num>``    numbers the article states (death tolls, magnitudes, scores, amounts);
- ``y:<year>``   years, ``d:<mon>-<day>`` calendar dates mentioned in the text.

Names, numbers and dates are what separate two stories of one topic (two earthquakes, two
shootings), so they get more weight than words (see `KIND_BOOST`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from newsdesk.lexicon.english import STORY_STOP
from newsdesk.lexicon.english import stop_words as english_stop_words
from newsdesk.lexicon.labels import PLACE_LABELS, TOPIC_LABELS
from newsdesk.lexicon.languages import stop_words as language_stop_words
from newsdesk.model import Article
from newsdesk.text import normalise

LANGUAGE = "en"  # the language of the word features (stop words, Porter stems)
# Weight of each key kind relative to plain words.
KIND_BOOST = {"w": 1.0, "n": 1.3, "e": 1.3, "#": 1.3, "y": 0.8, "d": 1.2}
TITLE_BOOST = 2  # title words count this many times
MAX_TEXT_CHARS = 12_000  # the start of a long article says what it is about; bounded cost

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(?:\s*(million|billion|bn|m|per ?cent|%))?(?![\w])",
                     re.IGNORECASE)
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE = re.compile(
    r"\b(?:(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+(\d{1,2})(?!\d)"
    r"|(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*)\b"
)
# A capitalised phrase: capitalised words, possibly joined by a few lower-case particles.
_NAME = re.compile(
    r"(?<![\w'’])(?:[A-Z][\w'’.-]*[\w]|[A-Z])(?:\s+(?:(?:of|de|del|la|le|van|von|der|al|bin|da|di|du)\s+)?"
    r"(?:[A-Z][\w'’.-]*[\w]|[A-Z]\.?))*",
    re.UNICODE,
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”]\s+|\n\s*)$")

@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    return english_stop_words() | STORY_STOP  # news boilerplate that carries no story


def foreign_stop_words(lang: str | None) -> frozenset[str]:
    """The stop words of an article's own language when it is not English: two French reports of
    different events must not meet on "les" and "dans" (nor take "Le" for a name)."""
    return language_stop_words(lang) if lang and lang != LANGUAGE else frozenset()


@lru_cache(maxsize=1)
def _stemmer():
    # heavy: nltk takes about a second to import; every CLI command loads this module
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer().stem(word)


@dataclass
class Features:
    """An article's story features: raw key counts, the names it mentions, its places, its time."""

    counts: Counter[str] = field(default_factory=Counter)
    names: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (display name, type)
    places: dict[str, dict] = field(default_factory=dict)  # key -> {name, lat, lon, geonameid, entity_id}


def content_words(text: str, lang: str | None = None) -> list[str]:
    """Lower-cased, stemmed content words (no stop words of English or of `lang`, no one-letter tokens)."""
    foreign = foreign_stop_words(lang)
    # Each distinct token is judged once per process (summaries and stories read every sentence).
    cache = _CONTENT_WORD
    if len(cache) > 200_000:
        cache.clear()
    out = []
    for token in _WORD.findall(text):
        if foreign and token.lower() in foreign:
            continue
        word = cache.get(token, _UNSEEN)
        if word is _UNSEEN:
            word = cache[token] = _content_word(token)
        if word is not None:
            out.append(word)
    return out


_UNSEEN = object()
_CONTENT_WORD: dict[str, str | None] = {}  # token -> its stem, None for a stop word or one letter


def _content_word(token: str) -> str | None:
    w = token.lower().replace("’", "'")
    if len(w) < 2 or w in stop_words():
        return None
    if w.endswith("'s"):
        w = w[:-2]
    return stem(w)


@lru_cache(maxsize=1 << 16)  # pure, and asked about the same names in every article that names them
def name_key(name: str) -> str:
    """The matching form of a name: normalised, lower-case, no possessive, single spaces."""
    n = normalise(name).lower().replace("’", "'")
    n = re.sub(r"'s$", "", n)
    n = re.sub(r"^(the|a|an)\s+", "", n)
    return " ".join(n.replace(".", "").split())


def capitalised_names(text: str, context: str | None = None, lang: str | None = None) -> list[str]:
    """Capitalised phrases that look like names. A single capitalised word counts only if it is
    never written in lower case in the text or its `context` (a headline's article), so 'The' and
    'Rescue' are dropped and 'Bingöl' kept."""
    stops = stop_words() | foreign_stop_words(lang)
    lower_words = _lower_words(text) | _lower_words(context) if context else _lower_words(text)
    out = []
    for m in _NAME.finditer(text):
        phrase = m.group(0).strip().rstrip(".")
        parts = phrase.split()
        # Drop leading sentence words such as "The", "In", "But".
        while parts and parts[0].lower() in stops:
            parts = parts[1:]
        if not parts:
            continue
        phrase = " ".join(parts)
        if len(parts) == 1:
            w = parts[0].lower().replace("’", "'")
            if len(w) < 2 or w in stops or w in lower_words:
                continue
            if phrase.isupper() and len(phrase) > 5:
                continue  # shouted headline words ("BREAKING")
        out.append(phrase)
    return out


@lru_cache(maxsize=8)
def _lower_words(text: str) -> frozenset[str]:
    """The words of `text` written in lower case, lower-cased. Kept for the last few texts: an
    article's text is read for its headline's names and then for its own."""
    return frozenset(w.lower() for w in _WORD.findall(text) if w[:1].islower())


def numbers(text: str) -> list[str]:
    """Salient numbers: at least two digits or a decimal, with their scale ("4.2 million" -> 4.2m).
    Years are returned separately by `years`."""
    out = []
    for m in _NUMBER.finditer(text):
        whole, frac, scale = m.group(1).replace(",", ""), m.group(2), (m.group(3) or "").lower()
        if not frac and not scale and len(whole) == 4 and whole[:2] in ("19", "20"):
            continue  # a year
        if not frac and len(whole) < 2:
            continue
        value = whole + (f".{frac}" if frac else "")
        if scale in ("million", "m"):
            value += "m"
        elif scale in ("billion", "bn"):
            value += "bn"
        elif scale.startswith("per") or scale == "%":
            value += "%"
        out.append(value)
    return out


def years(text: str) -> list[str]:
    return re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)


def calendar_dates(text: str) -> list[str]:
    out = []
    for m in _DATE.finditer(text):
        mon = (m.group(1) or m.group(4) or "").lower()[:3]
        day = m.group(2) or m.group(3)
        if mon in _MONTHS and day and 1 <= int(day) <= 31:
            out.append(f"{mon}-{int(day)}")
    return out


def extract(article: Article) -> Features:
    """The story features of one article (pure: text, title and the pipeline's annotations)."""
    f = Features()
    text = article.text[:MAX_TEXT_CHARS]
    title = article.title if "derived_title" not in article.flags else ""
    lang = article.language
    title_words = content_words(title, lang)
    for w in title_words:
        f.counts[f"w:{w}"] += TITLE_BOOST
    f.counts.update(f"w:{w}" for w in content_words(text, lang))  # as += 1 per word, keys in the same order
    both = f"{title}\n{text}" if title else text
    for n in numbers(both):
        f.counts[f"#:{n}"] += 1
    for y in years(both):
        f.counts[f"y:{y}"] += 1
    for d in calendar_dates(both):
        f.counts[f"d:{d}"] += 1
    # Names: the pipeline's entities when present (typed, linked), capitalised phrases always.
    seen_entity_names: set[str] = set()
    for ent in article.entities:
        if ent.label not in TOPIC_LABELS:
            continue
        key = name_key(ent.name)
        if not key:
            continue
        weight = max(1, ent.mention_count or 1)
        # One key per name: the desk entity when the registry linked it (aliases agree), else the name.
        ekey = f"e:{ent.entity_id}" if ent.entity_id else f"n:{key}"
        f.counts[ekey] += weight
        f.names.setdefault(ekey, (ent.name, ent.label))
        seen_entity_names.add(f"n:{key}")
        for alias in ent.aliases:
            seen_entity_names.add(f"n:{name_key(alias)}")
        if ent.label in PLACE_LABELS and ent.lat is not None and ent.lon is not None:
            f.places[ekey] = {"id": ent.entity_id, "name": ent.name, "lat": ent.lat, "lon": ent.lon,
                              "geonameid": ent.geonameid}
    for phrase in capitalised_names(title, context=text, lang=lang):
        key = f"n:{name_key(phrase)}"
        f.counts[key] += TITLE_BOOST if key not in seen_entity_names else 0
        f.names.setdefault(key, (phrase, "NAME"))
    for phrase in capitalised_names(text, lang=lang):
        key = f"n:{name_key(phrase)}"
        if key in seen_entity_names:
            continue  # already counted from the entity list
        f.counts[key] += 1
        f.names.setdefault(key, (phrase, "NAME"))
    f.counts = Counter({k: v for k, v in f.counts.items() if v > 0 and len(k) > 2})
    return f


def idf(df: int, n_docs: int) -> float:
    """Smoothed inverse document frequency over the desk (df counts the current article too)."""
    return math.log((n_docs + 1) / (df + 1)) + 1.0


def weigh(counts: Counter[str], df: dict[str, int], n_docs: int, top: int) -> dict[str, float]:
    """TF-IDF weights (sublinear tf, kind boost), the `top` strongest kept, L2-normalised."""
    raw = {}
    for key, tf in counts.items():
        boost = KIND_BOOST.get(key[0], 1.0)
        raw[key] = (1.0 + math.log(tf)) * idf(df.get(key, 1), n_docs) * boost
    if len(raw) > top:
        raw = dict(sorted(raw.items(), key=lambda kv: (-kv[1], kv[0]))[:top])
    norm = math.sqrt(sum(v * v for v in raw.values())) or 1.0
    return {k: v / norm for k, v in raw.items()}
