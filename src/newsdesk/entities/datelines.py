"""Datelines ("LONDON 1996-08-30", "WASHINGTON (Reuters) -"): the place is a GPE, and the agency
credited is an organisation."""

from __future__ import annotations

import re

from newsdesk.entities.spans import Ent
from newsdesk.lexicon.labels import NAMED_LABELS

_UP = "A-ZÀ-ÖØ-Þ"  # capitals, accented ones included ("BOGOTÁ")
_DATELINE = re.compile(
    rf"^(?P<place>[{_UP}][{_UP}'’.\-]*[{_UP}.](?:[ ][{_UP}][{_UP}'’.\-]*[{_UP}.])*)"
    r"(?:[ ]?,[ ]?(?P<region>[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+)*))?"
    r"(?=[ ]*(?:\d{4}-\d\d-\d\d|\([A-Z][\w.&' -]{1,30}\)[ ]*[-–—]|[ ](?:-|–|—|--)[ ]))",
    re.M,
)
# A wire dateline's credit: "ANKARA, March 2 (Northern Wire) – ..." names the agency, not a person.
_AGENCY_CREDIT = re.compile(r"\((?P<agency>[A-Z][\w.&'’ -]{1,40}?)\)[ ]*(?:-|–|—|--)[ ]")
_CREDIT_REACH = 300  # characters from the start of a line where a dateline can be
_LINE = re.compile(r"^.*$", re.M)


def datelines(text: str, ents: list[Ent]) -> list[Ent]:
    """The place (and region) a dateline opens with is a GPE, replacing what the model read there."""
    for m in _DATELINE.finditer(text):
        spans = [(m.start("place"), m.end("place"))]
        if m.group("region"):
            spans.append((m.start("region"), m.end("region")))
        for s, e in spans:
            while e > s and text[e - 1] in ".,":
                e -= 1
            if e - s < 2:
                continue
            ents = [x for x in ents if x.end <= s or x.start >= e]
            ents.append(Ent(s, e, "GPE", "dateline"))
    return ents


def agency_credits(text: str, ents: list[Ent]) -> list[Ent]:
    """The agency credited in a dateline is an organisation, whatever the model called it."""
    if "(" not in text:
        return ents
    for line in _LINE.finditer(text):
        m = _AGENCY_CREDIT.search(text, line.start(), min(line.end(), line.start() + _CREDIT_REACH))
        if not m:
            continue
        s, e = m.start("agency"), m.end("agency")
        for x in ents:
            if x.start == s and x.end == e and x.label in NAMED_LABELS and x.label != "ORG":
                x.label, x.origin = "ORG", "dateline"
    return ents
