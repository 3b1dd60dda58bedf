"""One type per entity: identical names vote on one label; a surname of a person ("Gates" after
"Robert Gates") is that person whatever the model said; names tagged somewhere are tagged everywhere
they recur."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from newsdesk.entities.spans import (
    Ent,
    demonym_country,
    is_country,
    is_initial,
    is_major_place,
    is_place_name,
    norm,
    overlaps,
    prev_word,
    tokens,
)
from newsdesk.lexicon.english import LOCATIVE, is_common, stop_words
from newsdesk.lexicon.groups import ORG_TAIL_HEADS
from newsdesk.lexicon.labels import NAMED_LABELS, PLACE_LABELS
from newsdesk.lexicon.names import ROLE_WORDS, person_parts

# Model and dateline readings count more than case guesses.
_WEIGHT = {"model": 2, "dateline": 3, "caps": 1, "rule": 2, "propagated": 1}
_INITIALS_BEFORE = re.compile(r"\b[A-Z]\.\s?(?:[A-Z]\.\s?)?$")
# Labels one name keeps throughout a document; a facility, work, event, product or law may share its
# name with a person, organisation or place ("the United Nations" as a building, a show named after
# its hero), so votes never move a mention into or out of those.
_ONE_READING = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT"})
_FIRST_NAME_BEFORE = re.compile(r"(?<![\w.])([A-Z][a-z]+(?:-[A-Z][a-z]+)?) $")


def consistent(text: str, ents: list[Ent]) -> tuple[list[Ent], dict[str, int]]:
    """Every mention of a name gets the name's voted label; returns the entities (named first) and
    the surnames of the document's persons (surname -> how many full names end in it)."""
    named = [x for x in ents if x.label in NAMED_LABELS]
    others = [x for x in ents if x.label not in NAMED_LABELS]
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for x in named:
        votes[norm(x.text(text))][x.label] += _WEIGHT.get(x.origin, 1)
    # a well-known place name leans to being the place ("Edmonton" ORG once, GPE once: GPE)
    for key, counter in votes.items():
        if "GPE" in counter or "LOC" in counter or counter.keys() & {"ORG", "NORP", "PERSON"}:
            if is_major_place(key) and not demonym_country(key):
                place = "LOC" if counter.get("LOC", 0) > counter.get("GPE", 0) else "GPE"
                counter[place] += 1.5
    # a person's surname alone is that person
    persons: dict[str, int] = {}
    for x in named:
        if x.label == "PERSON":
            parts = person_parts(x.text(text))
            if parts:
                persons[parts[1]] = persons.get(parts[1], 0) + 1
    shorts = _org_short_names(text, named)
    best: dict[str, str] = {}
    for key, counter in votes.items():
        label = counter.most_common(1)[0][0]
        if key in persons and label != "PERSON" and not is_country(key):
            label = "PERSON"
        elif key in shorts and label == "PERSON":
            label = "ORG"  # "Magna" after "Magna International Inc": the company, not a person
        best[key] = label
    for x in named:
        label = best.get(norm(x.text(text)), x.label)
        if label != x.label and not {label, x.label} <= _ONE_READING:
            continue  # a building, work or event may share a name with who or what it is named for
        if (label == "PERSON" and x.label in PLACE_LABELS and prev_word(text, x.start) in LOCATIVE | {"to"}
                and is_place_name(x.text(text))):
            continue  # "in Washington" stays the city even when a Mr Washington is in the story
        x.label = label
    return named + others, persons


def _org_short_names(text: str, named: list[Ent]) -> set[str]:
    """The first words of the document's organisations that name them alone ("Magna" of "Magna
    International Inc", "Pirelli" of "Pirelli Cables"): not a place, a common word, a title or a
    word that heads organisations ("Bank", "National")."""
    out: set[str] = set()
    for x in named:
        if x.label != "ORG":
            continue
        words = x.text(text).split()
        if words and words[0].lower() == "the":
            words = words[1:]
        if len(words) < 2:
            continue
        first = words[0]
        if (not first[:1].isupper() or len(first) < 3 or first.isupper() or is_common(first.lower())
                or first.lower() in stop_words() or first in ORG_TAIL_HEADS or first.lower() in ROLE_WORDS
                or is_place_name(first) or demonym_country(first)):
            continue
        out.add(norm(first))
    return out


_NAME_START = re.compile(r"(?<![\w'’-])[^\W\d_]")  # a letter that starts a word
# the same, skipping words in ASCII or Latin-1 lower case: enough when every name is capitalised
_CAPITAL_START = re.compile(r"(?<![\w'’-])[^\W\d_a-zß-ÿ]")
_NAME_GOES_ON = re.compile(r"[\w-]")


def find_names(text: str, names: Iterable[str]) -> list[tuple[int, int, str]]:
    r"""(start, end, name) of each whole-word occurrence of the names (each starting with a letter),
    leftmost first, the longest name at a place winning, never overlapping: what one regular
    expression `(?<![\w'’-])(longest|...|shortest)(?![\w-])` finds, without compiling one per document."""
    by_first: dict[str, list[str]] = {}
    for name in sorted(names, key=len, reverse=True):
        by_first.setdefault(name[0], []).append(name)
    out: list[tuple[int, int, str]] = []
    end = 0
    starts = _CAPITAL_START if all(first.isupper() for first in by_first) else _NAME_START
    for m in starts.finditer(text):
        i = m.start()
        if i < end:
            continue
        for name in by_first.get(text[i], ()):
            j = i + len(name)
            if text.startswith(name, i) and not _NAME_GOES_ON.match(text, j):
                out.append((i, j, name))
                end = j
                break
    return out


def propagate(text: str, ents: list[Ent], caps: list[tuple[int, int]]) -> list[Ent]:
    """Tag the other occurrences of names the model tagged somewhere in the document."""
    stop = stop_words()
    surfaces: dict[str, str] = {}
    for x in ents:
        if x.label not in NAMED_LABELS:
            continue
        s = x.text(text)
        if not s[:1].isupper() or s.isupper() and len(s) <= 3:
            continue
        toks = tokens(s)
        if len(toks) == 1 and (s.lower() in stop or len(s) < 3):
            continue
        surfaces.setdefault(s, x.label)
        if x.label == "PERSON":
            parts = person_parts(s)
            if parts:
                last = toks[-1]
                if last[:1].isupper() and last.lower() not in stop and len(last) >= 3:
                    surfaces.setdefault(last, "PERSON")
    if not surfaces:
        return ents
    taken = sorted((x.start, x.end) for x in ents)
    added: list[Ent] = []
    hits = [(s, e, surfaces[found], found) for s, e, found in find_names(text, surfaces)]
    # inside ALL-CAPS lines the names are written in capitals
    upper = {s.upper(): lab for s, lab in surfaces.items() if len(s) > 3}
    if caps and upper:
        for a, b in caps:
            hits += [(a + s, a + e, upper[found], found) for s, e, found in find_names(text[a:b], upper)]
    for s, e, label, surface in hits:
        if overlaps(taken, s, e):
            continue
        # a capitalised word opening a sentence may be an ordinary word ("Bush fires"), except the
        # surname of a person the document names ("Gates met ministers")
        if " " not in surface and label != "PERSON" and is_initial(text, s) and is_common(surface.lower()):
            continue
        if label != "PERSON" and _inside_longer_name(text, s, e):
            continue  # "Black Soul" inside "Positive Black Soul", "Dow" in "Dow Jones": another name
        if label == "PERSON":
            im = _INITIALS_BEFORE.search(text[max(0, s - 6):s])
            fm = _FIRST_NAME_BEFORE.search(text[max(0, s - 25):s])
            if im:
                s = s - (len(text[max(0, s - 6):s]) - im.start())
            elif (fm and " " not in surface and fm.group(1).lower() not in stop and fm.group(1).lower() not in ROLE_WORDS
                  and not is_initial(text, s - len(fm.group(0))) and not is_common(fm.group(1).lower())
                  and not overlaps(taken, s - len(fm.group(0)), s)):
                s -= len(fm.group(0))  # "Anatoly Serdyukov" when only "Serdyukov" was tagged
        added.append(Ent(s, e, label, "propagated"))
    return ents + added


_CAPITALISED_AFTER = re.compile(r" [A-Z][\w'’.-]*")
_CAPITALISED_BEFORE = re.compile(r"(?<![\w'’.-])[A-Z][\w'’.-]* $")


def _inside_longer_name(text: str, s: int, e: int) -> bool:
    """Is text[s:e] run together with a capitalised word before (not opening a sentence) or after:
    a part of a longer name?"""
    if _CAPITALISED_AFTER.match(text, e):
        return True
    m = _CAPITALISED_BEFORE.search(text, max(0, s - 30), s)
    return bool(m) and not is_initial(text, m.start())
