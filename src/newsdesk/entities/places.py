"""Places the model reads as people or organisations: "the port of Koper", "ferries to Skye, Mull and
Barra", "Tallinn's harbour". A name becomes a place only when the gazetteer knows it and the words
around it speak of a place (or it stands in a list with places); a person's surname is put back by
the consistency pass that follows."""

from __future__ import annotations

import re

from newsdesk.entities.spans import Ent, is_place_name
from newsdesk.lexicon.english import (
    FEATURE_HEADS,
    FEATURE_TAILS,
    GEO_MODIFIERS,
    PARK_TAILS,
    PLACE_NOUNS,
    PLACE_PARTS,
    SETTLEMENT_NOUNS,
)

# labels the model gives a town it does not know as a town
_MISREAD = ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC")
# "in Koper", "to Skye", "the port of Koper" right before a name
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|near|outside|to|from|via)|\b(?:" + "|".join(sorted(PLACE_NOUNS)) + r") of)\s+$", re.I)
# before a name the model reads as a person, "to" and "from" say nothing ("spoke to Alan", "wrote to
# Clinton"): only "in", "near", "outside" and "the port of" do
_PLACE_BEFORE_PERSON = re.compile(
    r"(?:\b(?:in|near|outside)|\b(?:" + "|".join(sorted(PLACE_NOUNS)) + r") of)\s+$", re.I)
_POSSESSIVE_PART = re.compile(r"\s?['’]s\s+(\w+)")
# "Pomonal, a town at the foot of the range", "Ruwa, a small mining town in ...": an apposition
# that says what kind of place the name is (the noun heads its phrase: "a city councillor" is not)
_KIND_AFTER = re.compile(
    r"\s*,\s+(?:a|an|the)\s+(?:[a-z-]+\s+){0,3}?(?P<kind>" + "|".join(sorted(SETTLEMENT_NOUNS)) + r")"
    r"(?=\s*[,.;:)]|\s+(?:of|in|on|near|at|about|outside|north|south|east|west|that|which|where|with|some|"
    r"just|whose|close)\b)")
# natural features and parks by the words that end or open their name
_FEATURE_TAIL = re.compile(r"\s(?:" + "|".join(sorted(FEATURE_TAILS)) + r")$")
_PARK_TAIL = re.compile(r"\s(?:" + "|".join(sorted(PARK_TAILS)).replace(" ", r"\s") + r")$")
_FEATURE_HEAD = re.compile(r"^(?:" + "|".join(re.escape(w) for w in sorted(FEATURE_HEADS)) + r")\s[A-Z][\w'’-]+$")
_LIST_JOIN = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
# a region word after the name ("Muş province"), a kind of place in apposition before it ("the
# Armenian capital, Yerevan")
_REGION_AFTER = re.compile(r" (?:province|region|district|county|prefecture|oblast|governorate)\b")
_KIND_BEFORE = re.compile(r"\b(?:capital|town|city|village|port|suburb|island)\s*,\s+$")


def _place_context(text: str, x: Ent) -> bool:
    if text[x.end:x.end + 1] == "-":
        return False  # "Bergamo-based": part of a word, not the place itself
    m = _POSSESSIVE_PART.match(text, x.end, x.end + 25)
    if m:  # "Tallinn's harbour" is a place; "in Scott's murder trial" is not
        return m.group(1).lower() in PLACE_PARTS
    if _REGION_AFTER.match(text, x.end) or _KIND_BEFORE.search(text, max(0, x.start - 30), x.start):
        return True  # "Muş province", "the Armenian capital, Yerevan"
    before = (_PLACE_BEFORE_PERSON if x.label == "PERSON" else _PLACE_BEFORE).search(
        text, max(0, x.start - 16), x.start)
    # no "at": "at" + a known place name is more often a venue or a university ("at Harvard")
    return bool(before)


def places_by_context(text: str, ents: list[Ent]) -> list[Ent]:
    """Relabel misread places: a name the gazetteer knows, in a place's context; the misread names of a
    list ("Skye, Mull and Barra") whose members are mostly places the gazetteer knows and one of which
    is read as a place."""
    ents.sort(key=lambda x: x.start)
    for x in ents:
        if x.label == "WORK_OF_ART":
            words = x.text(text).lower().split()
            if words[:1] == ["the"]:
                words = words[1:]
            if len(words) >= 2 and words[0] in GEO_MODIFIERS and not _quoted(text, x):
                x.label = "LOC"  # "the Outer Hebrides": islands, not a book
        elif (x.label in _MISREAD and text[x.start:x.start + 1].isupper() and _place_context(text, x)
              and is_place_name(x.text(text))):
            x.label = "GPE"
        elif x.label in _MISREAD + ("NORP",) and _KIND_AFTER.match(text, x.end, x.end + 80):
            x.label = "GPE"  # "Pomonal, a town at the foot of the Grampians"
        if x.label in _MISREAD + ("NORP", "GPE"):
            kind = _feature_kind(x.text(text), x.label)
            if kind and not (x.label == "GPE" and is_place_name(x.text(text))):  # "Beverly Hills" is a town
                x.label = kind  # "Grampians National Park", "Lake Bellfield", "the Wimmera River"
    for chain in _lists(text, ents):
        places = [y for y in chain if y.label in ("GPE", "LOC")]
        misread = [y for y in chain if y.label in _MISREAD and " " not in y.text(text).strip()]
        if not places or not misread or len(places) + len(misread) != len(chain):
            continue
        # a list is read as places only where the words before it speak of places ("ferries to Skye,
        # Mull and Barra") or the model already reads most of it so: a team sheet of surnames that
        # are also towns ("Breen, Staunton, Irwin") or "Blackburn and Southampton" as clubs is not
        if len(places) < len(misread) and not _PLACE_BEFORE.search(text, max(0, chain[0].start - 16), chain[0].start):
            continue
        if len(chain) < 3:  # "from Portugal and Pedro I": a pair mixes people and places
            misread = [y for y in misread if y.label != "PERSON"]
        known = [y for y in chain if is_place_name(y.text(text))]
        if 2 * len(known) > len(chain):
            for y in misread:
                y.label = "GPE" if is_place_name(y.text(text)) else "LOC"
    return ents


def _feature_kind(name: str, label: str) -> str | None:
    """FAC for a park or a reserve, LOC for a natural feature, by the words of its name; None
    otherwise. A person's surname can be a feature word ("Beth Basin"): only a park's two-word tail
    or a feature's opening word ("Lake", "Mount") changes what the model read as a person."""
    name = name.strip()
    if name.lower().startswith("the "):
        name = name[4:]
    words = name.split()
    if len(words) < 2 or not all(w[:1].isupper() for w in words):
        return None
    if _PARK_TAIL.search(name):
        return "FAC"
    if _FEATURE_HEAD.match(name) or (label != "PERSON" and _FEATURE_TAIL.search(name)):
        return "LOC"
    return None


def _quoted(text: str, x: Ent) -> bool:
    return text[max(0, x.start - 2):x.start].strip()[-1:] in "\"“‘'`" if x.start else False


def _lists(text: str, ents: list[Ent]) -> list[list[Ent]]:
    """Runs of two or more names joined by commas, "and" or "or"."""
    out: list[list[Ent]] = []
    run: list[Ent] = []
    for x in ents:
        if run and x.start - run[-1].end <= 7 and _LIST_JOIN.fullmatch(text, run[-1].end, x.start):
            run.append(x)
            continue
        if len(run) >= 2:
            out.append(run)
        run = [x]
    if len(run) >= 2:
        out.append(run)
    return out
