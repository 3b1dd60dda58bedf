"""Snippets and highlights, computed from the stored text, whatever the search backend.

A snippet is plain text: a window of the body around its densest cluster of query matches, with
"…" where it cuts the text. Highlights are [start, end) offsets into that plain text (or into the
title), never markup: each output escapes the text for itself (Rich markup on a terminal, HTML in
the web desk) and then marks the ranges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from newsdesk.search.analysis import analyze, stem
from newsdesk.search.query import Node, positive_terms

SNIPPET_CHARS = 220
# Scanning stops here: a snippet from the first 50k characters of a huge text is good enough.
MAX_SCAN = 50_000
MAX_MATCHES = 400
_WORD = re.compile(r"[^\W_]+")
ELLIPSIS = "…"


@dataclass
class HighlightTerms:
    """The index terms a query looks for, per field, and a regex for words that may be them."""

    body: set[str] = field(default_factory=set)
    title: set[str] = field(default_factory=set)
    pattern: re.Pattern[str] | None = None  # on lower-cased text
    pattern_ci: re.Pattern[str] | None = None  # for the rare text whose lower case changes length

    @classmethod
    def from_query(cls, node: Node) -> HighlightTerms:
        out = cls()
        prefixes: set[str] = set()
        for t in positive_terms(node):
            if t.field not in (None, "title", "text"):
                continue
            stems = set(analyze(t.text))
            if t.field in (None, "text"):
                out.body |= stems
            if t.field in (None, "title"):
                out.title |= stems
            # Stems and the words typed both give prefixes of the words that may stem to a term
            # ("hoping" -> "hope": prefix "hop"); candidates are then checked with the analyzer.
            for s in [*stems, *(w.lower() for w in _WORD.findall(t.text))]:
                prefixes.add(s[:-1] if len(s) > 3 else s)
        if prefixes:
            alternation = "|".join(sorted((re.escape(p) for p in prefixes), key=len, reverse=True))
            out.pattern = re.compile(rf"(?:{alternation})[^\W_]*")
            out.pattern_ci = re.compile(rf"(?:{alternation})[^\W_]*", re.IGNORECASE)
        return out

    def matches(self, text: str, terms: set[str], limit: int = MAX_SCAN) -> list[tuple[int, int, str]]:
        """(start, end, term) for each word of `text` whose index term is one of `terms`."""
        if not terms or self.pattern is None or self.pattern_ci is None:
            return []
        scan = text[:limit]
        low = scan.lower()
        # A case-sensitive search of the lower-cased text is several times faster than IGNORECASE;
        # it needs lower() to keep every offset (true unless a character like "İ" expands).
        pattern = self.pattern if len(low) == len(scan) else self.pattern_ci
        target = low if pattern is self.pattern else scan
        out = []
        for m in pattern.finditer(target):
            start = m.start()
            if start and target[start - 1].isalnum():
                continue  # inside a word, not at its start
            s = stem(scan[start : m.end()])
            if s in terms:
                out.append((start, m.end(), s))
                if len(out) >= MAX_MATCHES:
                    break
        return out


def title_highlights(title: str, terms: HighlightTerms) -> list[list[int]]:
    return [[s, e] for s, e, _ in terms.matches(title, terms.title)]


def snippet(text: str, terms: HighlightTerms, width: int = SNIPPET_CHARS) -> tuple[str, list[list[int]]]:
    """(plain-text snippet, highlight offsets into it) for the best window of `text`."""
    found = terms.matches(text, terms.body)
    if not found:
        start, end = 0, _cut_end(text, min(len(text), width), 0)
        return _render(text, start, end, [])
    best = _best_window(found, width)
    first, last = found[best[0]], found[best[1]]
    room = max(0, width - (last[1] - first[0]))  # characters to spare around the matches
    start = _cut_start(text, first[0] - room // 3, first[0], first[0] - room)
    end = _cut_end(text, max(start + width, last[1]), last[1])
    inside = [(s, e) for s, e, _ in found if s >= start and e <= end]
    return _render(text, start, end, inside)


def _best_window(found: list[tuple[int, int, str]], width: int) -> tuple[int, int]:
    """Indexes (i, j) of the run of matches within `width` characters with the most distinct
    terms, then the most matches; the earliest such run wins ties."""
    best, best_score = (0, 0), (-1, -1)
    j = 0
    for i in range(len(found)):
        j = max(j, i)
        while j + 1 < len(found) and found[j + 1][1] - found[i][0] <= width:
            j += 1
        score = (len({t for _, _, t in found[i : j + 1]}), j - i + 1)
        if score > best_score:
            best, best_score = (i, j), score
    return best


def _cut_start(text: str, start: int, first_match: int, earliest: int) -> int:
    """Begin at a sentence or line start between `earliest` and the first match if there is one,
    else at the word start at or after `start`."""
    if start <= 0:
        return 0
    lo = max(0, earliest)
    window = text[lo:first_match]
    for sep in ("\n", ". ", "? ", "! "):
        k = window.rfind(sep)
        if k >= 0:
            return lo + k + len(sep)
    start = max(0, start)
    while start < first_match and not text[start - 1].isspace():
        start += 1
    return start


def _cut_end(text: str, end: int, last_match: int) -> int:
    """End at a word end at or before `end`, never before the last match."""
    if end >= len(text):
        return len(text)
    k = text.rfind(" ", last_match, end)
    return k if k > 0 else end


def _render(text: str, start: int, end: int, spans: Iterable[tuple[int, int]]) -> tuple[str, list[list[int]]]:
    body = text[start:end]
    lead = len(body) - len(body.lstrip())
    body = body.strip().replace("\n", " ").replace("\r", " ").replace("\t", " ")
    prefix = ELLIPSIS + " " if start > 0 else ""
    suffix = " " + ELLIPSIS if end < len(text) else ""
    shift = len(prefix) - start - lead
    marks = [[s + shift, e + shift] for s, e in spans if s - start - lead >= 0 and e - start - lead <= len(body)]
    return prefix + body + suffix, marks


__all__ = ["HighlightTerms", "snippet", "title_highlights"]
