"""Snippets and highlights, computed from the stored text, whatever the search backend.

A snippet is plain text: a window of the body around its densest cluster of query matches, with
"…" where it cuts the text. Highlights are [start, end) offsets into that plain text (or into the
title), never markup: each output escapes the text for itself (Rich markup on a terminal, HTML in
the web desk) and then marks the ranges.

An article in another language is matched as its index holds it (search/analysis.py): each word
by its language's analysis (its stemmer, accents folded), against every form the query's words
take there; Chinese, Japanese and Korean by character pairs, so the characters of a matched word
are marked however the run around them reads. Offsets are always into the text as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from newsdesk.search.analysis import CJK_RUN, analyze, is_english, language_analyzer, stem, variants
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
    # the query's positive words as (field, text), for matching articles in other languages
    words: list[tuple[str | None, str]] = field(default_factory=list)
    _languages: dict[str, LanguageTerms] = field(default_factory=dict, repr=False)

    @classmethod
    def from_query(cls, node: Node) -> HighlightTerms:
        out = cls()
        prefixes: set[str] = set()
        for t in positive_terms(node):
            if t.field not in (None, "title", "text"):
                continue
            out.words.append((t.field, t.text))
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

    def for_language(self, language: str | None) -> HighlightTerms | LanguageTerms:
        """The terms to match in an article of this language (self for English and unknown)."""
        if is_english(language):
            return self
        assert language is not None
        if language not in self._languages:
            self._languages[language] = LanguageTerms.of(self.words, language)
        return self._languages[language]

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


@lru_cache(maxsize=100_000)
def _language_term(language: str, word: str) -> str | None:
    """The index term of one word of an article in `language` (None if it yields none, or several)."""
    terms = language_analyzer(language).analyze(word)
    return terms[0] if len(terms) == 1 else None


@dataclass
class LanguageTerms:
    """The index terms a query looks for in an article of one other language (see the module
    docstring); the same `matches` as HighlightTerms."""

    language: str
    body: set[str] = field(default_factory=set)
    title: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, words: list[tuple[str | None, str]], language: str) -> LanguageTerms:
        out = cls(language)
        for name, text in words:
            # a query word does not say its language: every form it takes in the index may match
            forms = {term for form in variants(text) for term in form}
            if name in (None, "text"):
                out.body |= forms
            if name in (None, "title"):
                out.title |= forms
        return out

    def matches(self, text: str, terms: set[str], limit: int = MAX_SCAN) -> list[tuple[int, int, str]]:
        if not terms:
            return []
        out: list[tuple[int, int, str]] = []
        for m in _WORD.finditer(text[:limit]):
            word = m.group()
            if CJK_RUN.search(word):
                out += _cjk_matches(word, m.start(), terms, self.language)
            else:
                term = _language_term(self.language, word)
                if term in terms:
                    out.append((m.start(), m.end(), term))
            if len(out) >= MAX_MATCHES:
                break
        return out[:MAX_MATCHES]


def _cjk_matches(word: str, at: int, terms: set[str], language: str) -> list[tuple[int, int, str]]:
    """Matches inside a word holding Chinese, Japanese or Korean runs: a run shorter than three
    characters is one term, a longer one its overlapping pairs (as analysis.segment cuts them);
    overlapping matched pairs are marked as one range. Letters beside a run are words of their own."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for run in [*CJK_RUN.finditer(word), None]:
        between = word[pos : run.start() if run else len(word)]
        term = _language_term(language, between) if between else None
        if term in terms:
            out.append((at + pos, at + pos + len(between), term))
        if run is None:
            break
        pos = run.end()
        chars = run.group()
        if len(chars) < 3:
            spans = [(0, len(chars))] if chars in terms else []
        else:
            spans = [(i, i + 2) for i in range(len(chars) - 1) if chars[i : i + 2] in terms]
        merged: list[list[int]] = []
        for s, e in spans:
            if merged and s < merged[-1][1]:
                merged[-1][1] = e
            else:
                merged.append([s, e])
        base = at + run.start()
        out += [(base + s, base + e, chars[s:e]) for s, e in merged]
    return out


def title_highlights(title: str, terms: HighlightTerms, language: str | None = None) -> list[list[int]]:
    """Highlight offsets into a title, matched as an article in `language` is indexed."""
    match = terms.for_language(language)
    return [[s, e] for s, e, _ in match.matches(title, match.title)]


def snippet(text: str, terms: HighlightTerms, width: int = SNIPPET_CHARS, language: str | None = None
            ) -> tuple[str, list[list[int]]]:
    """(plain-text snippet, highlight offsets into it) for the best window of `text`, matched as an
    article in `language` is indexed."""
    match = terms.for_language(language)
    found = match.matches(text, match.body)
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


__all__ = ["HighlightTerms", "LanguageTerms", "snippet", "title_highlights"]
