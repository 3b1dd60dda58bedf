"""Persons and their titles: a full name right after a title is a person, and the roles a person
mention carries (before the name, or after it in apposition)."""

from __future__ import annotations

import re

from newsdesk.entities.spans import Ent, is_place_name, overlaps
from newsdesk.lexicon.english import stop_words
from newsdesk.lexicon.groups import ORG_TAIL_HEADS
from newsdesk.lexicon.names import (
    CONNECTORS,
    HONORIFICS,
    NAME_PARTICLES,
    OCCUPATION_WORDS,
    POSSESSIVE_DETS,
    ROLE_WORDS,
)

_ROLE_AT = re.compile(r"\b([A-Za-z][a-z]+(?:-[a-z]+)?)\b")
_NAME_AFTER = re.compile(r"\s?,?\s((?:[A-Z][a-z'’]+|[A-Z]\.)(?:[ -][A-Z][a-z'’]+){1,2})(?=[\s,.;:'’)]|$)")
_APPOSITION = re.compile(r"^\s*,\s*(?P<role>[^,.;:\n\"“”()]{3,70}?)\s*(?=[,.;:\n)]|$)")
_ROLE_TOKEN = re.compile(r"[\w][\w.'’&-]*")
_NOT_APPOSITION = frozenset({"said", "says", "told", "added", "was", "is", "who", "which", "has", "had", "will"})


def title_names(text: str, ents: list[Ent]) -> list[Ent]:
    """A full name right after a title ("Defense Minister, Anatoly Serdyukov", "lawyer Jan Nowak")
    is a person, when the model left it untagged."""
    taken = sorted((x.start, x.end) for x in ents)
    added = []
    stop = stop_words()
    for m in _ROLE_AT.finditer(text):
        if m.group(1).lower() not in ROLE_WORDS:
            continue
        n = _NAME_AFTER.match(text, m.end())
        if not n:
            continue
        s, e = n.start(1), n.end(1)
        name = n.group(1)
        if overlaps(taken, s, e) or any(w.lower() in stop for w in name.split()):
            continue
        if is_place_name(name) or any(w in ORG_TAIL_HEADS or w.lower() in ROLE_WORDS for w in name.split()):
            continue
        added.append(Ent(s, e, "PERSON", "rule"))
    return ents + added


# "Maria do Carmo Reis": given names, then a particle, before the rest of the name the model read
_GIVEN_BEFORE_PARTICLE = re.compile(
    r"(?<![\w'’-])((?:[A-Z][a-zà-ÿ'’-]+ ){1,2})(?:" + "|".join(sorted(NAME_PARTICLES)) + r") $")


def particle_names(text: str, ents: list[Ent]) -> list[Ent]:
    """A person's name the model cut at a particle ("Maria" + "do Carmo Reis", or "Carmo Reis" alone)
    is one person: the given names before the particle join the name after it."""
    people = [x for x in ents if x.label == "PERSON"]
    if not people:
        return ents
    stop = stop_words()
    for y in people:
        m = _GIVEN_BEFORE_PARTICLE.search(text, max(0, y.start - 40), y.start)
        if m is None or "\n" in text[m.start():y.start]:
            continue
        given = m.group(1).split()
        if given[0].lower() in stop or any(w.lower() in HONORIFICS for w in given):
            continue  # "The de Klerk era", "Mr de Villiers": no given name before the particle
        start = m.start(1)
        # what the model read over the given names goes; anything reaching further left stays put
        inside = [x for x in ents if x is not y and start <= x.start and x.end <= m.end(1)]
        if any(x is not y and x.start < start < x.end for x in ents) or any(
                x.label not in ("PERSON", "NORP") for x in inside):
            continue  # "in Lisbon Maria …" or a name reaching further left: not only given names
        ents = [x for x in ents if x not in inside]
        y.start = start
    return ents


def extract_roles(text: str, start: int, end: int) -> list[str]:
    """Titles and roles attached to a person mention: before the name ("US Defense Secretary Robert
    Gates", "Russian Defense Minister, Anatoly Serdyukov") or after it in apposition
    ("Krzysztof Kitajgrodzki, his Polish lawyer,")."""
    roles = []
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[max(line_start, start - 120):start]
    role = _role_before(prefix)
    if role:
        roles.append(role)
    m = _APPOSITION.match(text[end:end + 90])
    if m:
        phrase = m.group("role").strip()
        words = phrase.split()
        while words and words[0].lower() in POSSESSIVE_DETS:
            words = words[1:]
        if 1 <= len(words) <= 7 and any(_is_role_word(w) for w in words) and not _has_verb_like(words):
            roles.append(" ".join(words))
    return roles


def _is_role_word(word: str) -> bool:
    low = word.lower().strip(".,")
    return low in ROLE_WORDS or low in OCCUPATION_WORDS  # "Farmer Anselmo Ruiz" is a farmer


def _has_verb_like(words: list[str]) -> bool:
    """Appositions are noun phrases; "said", "told reporters" are not."""
    return any(w.lower() in _NOT_APPOSITION for w in words)


def _role_before(prefix: str) -> str | None:
    stripped = prefix.rstrip()
    comma = False
    if stripped.endswith(","):
        stripped = stripped[:-1].rstrip()
        comma = True
    toks = list(_ROLE_TOKEN.finditer(stripped))
    if not toks:
        return None
    # the words right before the name, walking back while they can belong to a title
    stop = stop_words()
    j = len(toks)
    end = len(stripped)
    while j > 0:
        t = toks[j - 1]
        w = t.group()
        gap = stripped[t.end():end]
        if gap.strip():  # punctuation between words ends the title
            break
        if w.endswith(".") and "." not in w[:-1] and len(w) > 3:
            break  # "Moscow." ends the sentence before the title
        low = w.lower()
        acronym = w.isupper() and len(w.rstrip(".")) >= 2
        if acronym or (w[:1].isupper() and low.rstrip(".") not in HONORIFICS and not (low in stop and low not in CONNECTORS)):
            j -= 1
        elif low in ROLE_WORDS or low in CONNECTORS:
            j -= 1
        else:
            break
        end = t.start()
    words = [t.group() for t in toks[j:]]
    while words and not words[0].isupper() and (words[0].lower() in CONNECTORS or words[0].lower() in stop):
        words = words[1:]
    if not words or not any(_is_role_word(w) for w in words):
        return None
    if not _is_role_word(words[-1]) and not comma:
        # "Secretary of State Mike Pompeo": the role word need not be last, but it must be there
        if not any(_is_role_word(w) for w in words[-3:]):
            return None
    if comma and not _is_role_word(words[-1]):
        return None
    return " ".join(words)
