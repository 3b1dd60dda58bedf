"""ALL-CAPS lines (headlines, tables, datelines): the model reads capitals as names, so each such line
is re-run on a case-restored copy (same length, so offsets map back one to one). Casing comes from
the document itself (how the word is written elsewhere), then from word lists."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from newsdesk.entities.spans import Ent, is_initial, is_known_place_word
from newsdesk.lexicon.english import is_common, stop_words

_LETTER_RUN = re.compile(r"[^\W\d_]+")
_LETTER_RUN_2 = re.compile(r"[^\W\d_]{2,}")


def caps_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the lines written in capitals (headlines, tables, datelines)."""
    out = []
    pos = 0
    for line in text.split("\n"):
        runs = _LETTER_RUN_2.findall(line)  # the runs of two letters or more
        if runs:
            upper = sum(1 for r in runs if r.isupper())
            letters = sum(len(r) for r in runs)
            if upper / len(runs) >= 0.8 and letters >= 4:
                out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def casing_stats(text: str, skip: list[tuple[int, int]]) -> dict[str, Counter[str]]:
    """How each word is written in the ordinary text: lower-cased word -> Counter of its forms."""
    stats: dict[str, Counter[str]] = defaultdict(Counter)
    k = 0
    for m in _LETTER_RUN.finditer(text):
        s = m.start()
        while k < len(skip) and skip[k][1] <= s:
            k += 1
        if k < len(skip) and skip[k][0] <= s < skip[k][1]:
            continue
        w = m.group()
        if w.isupper() and len(w) > 1:
            stats[w.lower()][w] += 1  # an acronym in running text is informative
            continue
        if is_initial(text, s):
            continue
        stats[w.lower()][w] += 1
    return stats


def truecase(line: str, stats: dict[str, Counter[str]]) -> str:
    """The line with each capitalised word in its likely case; always the same length."""
    out = list(line)
    stop = stop_words()
    for m in _LETTER_RUN.finditer(line):
        w = m.group()
        if not w.isupper():
            continue
        low = w.lower()
        forms = stats.get(low)
        nxt = line[m.end():m.end() + 1]
        if forms:
            form = forms.most_common(1)[0][0]
            if form.islower() and is_initial(line, m.start()):
                form = form[0].upper() + form[1:]
        elif len(w) == 1:
            form = w if nxt == "." or is_initial(line, m.start()) else low
        elif is_initial(line, m.start()):
            form = w[0] + w[1:].lower()
        elif low in stop:
            form = low
        elif is_known_place_word(low):
            form = w[0] + w[1:].lower()
        elif is_common(low):
            form = low
        else:
            form = w[0] + w[1:].lower()
        if len(form) == len(w):
            out[m.start():m.end()] = form
    return "".join(out)


def recase_jobs(text: str) -> list[tuple[int, str]]:
    """(start, case-restored line) for each ALL-CAPS line of the document, for the model to re-read."""
    lines = caps_lines(text)
    if not lines:
        return []
    stats = casing_stats(text, lines)
    return [(s, truecase(text[s:e], stats)) for s, e in lines]


def caps_readings(ents: list[Ent], recased: list[tuple[int, int, Ent | None]]) -> list[Ent]:
    """The case-restored reading of each ALL-CAPS line replaces the model's reading of it."""
    if not recased:
        return ents
    ranges = sorted({(s, e) for s, e, _ in recased})
    ents = [x for x in ents if not any(s <= x.start < e or s < x.end <= e for s, e in ranges)]
    return ents + [x for _, _, x in recased if x is not None]
