"""Places the model reads as people or organisations: "the port of Koper", "ferries to Skye, Mull and
Barra", "Tallinn's harbour". A name becomes a place only when the gazetteer knows it and the words
around it speak of a place (or it stands in a list with places); a person's surname is put back by
the consistency pass that follows."""

from __future__ import annotations

import re

from newsdesk.entities.spans import Ent, is_place_name
from newsdesk.lexicon.english import GEO_MODIFIERS, PLACE_NOUNS, PLACE_PARTS

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
_LIST_JOIN = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")


def _place_context(text: str, x: Ent) -> bool:
    if text[x.end:x.end + 1] == "-":
        return False  # "Bergamo-based": part of a word, not the place itself
    m = _POSSESSIVE_PART.match(text, x.end, x.end + 25)
    if m:  # "Tallinn's harbour" is a place; "in Scott's murder trial" is not
        return m.group(1).lower() in PLACE_PARTS
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
