"""Entity spans and the small text and gazetteer helpers every family of passes uses."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.geo import Gazetteer, Place, get_gazetteer
from newsdesk.lexicon.labels import NATIONAL_FEATURES
from newsdesk.lexicon.names import name_tokens

_WORD = re.compile(r"\S+")


@dataclass
class Ent:
    """One entity span: character offsets into the document, a label and where it came from."""

    start: int
    end: int
    label: str
    origin: str = "model"  # model | caps | dateline | propagated | rule

    def text(self, text: str) -> str:
        return text[self.start:self.end]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return get_gazetteer()


# The gazetteer never changes once loaded, so its answers are cached by name: the passes ask about
# the same names many times in a document, and the same common names across documents.
_NAMES_CACHED = 1 << 16


@lru_cache(maxsize=_NAMES_CACHED)
def candidates(name: str) -> tuple[Place, ...]:
    """Every place the name may be, most important first."""
    return tuple(gazetteer().candidates(name))


@lru_cache(maxsize=_NAMES_CACHED)
def is_country(name: str) -> bool:
    return any(p.feature == "country" for p in candidates(name))


@lru_cache(maxsize=_NAMES_CACHED)
def demonym_country(word: str) -> str | None:
    """"Russian" -> "RU"."""
    return gazetteer().country_of_demonym(word)


@lru_cache(maxsize=_NAMES_CACHED)
def place_kinds(name: str) -> frozenset[str]:
    """Feature kinds the gazetteer knows this name as ("country", "city", ...)."""
    return frozenset(p.feature for p in candidates(name))


def is_place_name(name: str) -> bool:
    return bool(place_kinds(name))


@lru_cache(maxsize=_NAMES_CACHED)
def is_major_place(name: str) -> bool:
    """A country, first-level region or city of 100,000 people or more."""
    return any(p.feature in NATIONAL_FEATURES or p.feature == "admin1"
               or (p.feature == "city" and p.population >= 100_000) for p in candidates(name))


@lru_cache(maxsize=_NAMES_CACHED)
def is_known_place_word(low: str) -> bool:
    if demonym_country(low):
        return True
    return any(p.feature != "city" or p.population >= 100_000 for p in candidates(low))


def is_initial(text: str, pos: int) -> bool:
    """Does the word at `pos` start a sentence or line (where capitals say nothing)?"""
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in ".!?\n\"“”:;-—–(["


def prev_word(text: str, pos: int) -> str:
    m = re.search(r"(\S+)\s*$", text[max(0, pos - 30):pos])
    return m.group(1).lower() if m else ""


def tokens(surface: str) -> list[str]:
    return name_tokens(surface)


@lru_cache(maxsize=_NAMES_CACHED)
def norm(surface: str) -> str:
    return " ".join(t.strip(".,").lower().replace("’", "'") for t in tokens(surface))


def overlaps(sorted_spans: list[tuple[int, int]], s: int, e: int) -> bool:
    """Does (s, e) overlap one of these (start-sorted, non-nested) spans?"""
    i = bisect.bisect_left(sorted_spans, (s, s))
    for j in (i - 1, i):
        if 0 <= j < len(sorted_spans):
            a, b = sorted_spans[j]
            if a < e and s < b:
                return True
    return False


def no_overlaps(ents: list[Ent]) -> list[Ent]:
    """Sorted by start, longest first; a span overlapping an earlier one is dropped."""
    ents.sort(key=lambda x: (x.start, -(x.end - x.start)))
    out: list[Ent] = []
    for x in ents:
        if out and x.start < out[-1].end:
            continue
        out.append(x)
    return out


def words_in(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """(start, end) of each whitespace-separated word of text[s:e], as document offsets."""
    return [(m.start() + s, m.end() + s) for m in _WORD.finditer(text[s:e])]
