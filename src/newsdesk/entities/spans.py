"""Entity spans and the small text and gazetteer helpers every family of passes uses."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.geo import Gazetteer, get_gazetteer
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


def place_kinds(name: str) -> set[str]:
    """Feature kinds the gazetteer knows this name as ("country", "city", ...)."""
    return {p.feature for p in gazetteer().candidates(name)}


def is_place_name(name: str) -> bool:
    return bool(place_kinds(name))


def is_major_place(name: str) -> bool:
    """A country, first-level region or city of 100,000 people or more."""
    return any(p.feature in ("country", "admin1", "continent", "ocean", "sea", "region")
               or (p.feature == "city" and p.population >= 100_000) for p in gazetteer().candidates(name))


def is_known_place_word(low: str) -> bool:
    g = gazetteer()
    if g.country_of_demonym(low):
        return True
    return any(p.feature != "city" or p.population >= 100_000 for p in g.candidates(low))


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
