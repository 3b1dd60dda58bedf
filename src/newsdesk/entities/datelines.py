"""Datelines ("LONDON 1996-08-30", "WASHINGTON (Reuters) -"): the place is a GPE, and the agency
credited is an organisation."""

from __future__ import annotations

import re

from newsdesk.entities.spans import Ent, is_place_name
from newsdesk.lexicon.labels import NAMED_LABELS
from newsdesk.lexicon.sports import SPORTS

_UP = "A-ZÀ-ÖØ-Þ"  # capitals, accented ones included ("BOGOTÁ")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    rf"^(?P<place>[{_UP}][{_UP}'’.\-]*[{_UP}.](?:[ ][{_UP}][{_UP}'’.\-]*[{_UP}.])*)"
    r"(?:[ ]?,[ ]?(?P<region>[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+)*))?"
    # a wire service's date after the place: "ANKARA, March 2 (Agency) –", "PARIS, 2 March –"
    rf"(?:[ ]?,[ ]?(?P<date>{_MONTH}[ ]\d{{1,2}}(?:,[ ]\d{{4}})?|\d{{1,2}}[ ]{_MONTH}(?:[ ]\d{{4}})?))?"
    r"(?=[ ]*(?P<dated>\d{4}-\d\d-\d\d|\([A-Z][\w.&' -]{1,30}\)[ ]*[-–—])|[ ](?:-|–|—|--)[ ])",
    re.M,
)
# A wire dateline's credit: "ANKARA, March 2 (Northern Wire) – ..." names the agency, not a person.
_AGENCY_CREDIT = re.compile(r"\((?P<agency>[A-Z][\w.&'’ -]{1,40}?)\)[ ]*(?:-|–|—|--)[ ]")
_CREDIT_REACH = 300  # characters from the start of a line where a dateline can be
_LINE = re.compile(r"^.*$", re.M)


def datelines(text: str, ents: list[Ent]) -> list[Ent]:
    """The place (and region) a dateline opens with is a GPE, replacing what the model read there.
    Capitals and a dash alone ("OSLO —") make a dateline only when the gazetteer knows the place:
    headings are written the same way ("EUROBONDS - ...", "NOTE - ...", "CRICKET - ...");
    a date or an agency's credit after the capitals ("TAVILDARA 1996-08-30", "KOUROU, French Guiana,
    March 8 (Agency) –") is a dateline anyway."""
    for m in _DATELINE.finditer(text):
        place = m.group("place").rstrip(".,")
        dated = m.group("dated") or m.group("date")
        if place.lower() in SPORTS or dated is None and not is_place_name(place):
            continue
        spans = [(m.start("place"), m.end("place"))]
        if m.group("region"):
            spans.append((m.start("region"), m.end("region")))
        for s, e in spans:
            while e > s and (text[e - 1] == "," or text[e - 1] == "." and "." not in text[s:e - 1]):
                e -= 1  # "OSLO." loses its stop, "N.H." keeps it
            if e - s < 2:
                continue
            kept = [x for x in ents if x.end <= s or x.start >= e]
            # what the model ran across the dateline ("Jane Doe\nOSLO") keeps its part outside it
            for x in ents:
                if not (x.end <= s or x.start >= e):
                    kept.extend(_outside(text, x, s, e))
            ents = kept
            ents.append(Ent(s, e, "GPE", "dateline"))
    return ents


def _outside(text: str, x: Ent, s: int, e: int) -> list[Ent]:
    """The parts of `x` on the lines before and after the dateline's (a byline above it), trimmed."""
    out = []
    for a, b in ((x.start, s), (e, x.end)):
        if "\n" not in text[a:b]:
            continue  # "GERMANY - Bunds": the rest of the dateline's own line is no name of its own
        while a < b and not text[a].isalnum():
            a += 1
        while b > a and not (text[b - 1].isalnum() or text[b - 1] == "."):
            b -= 1
        if b > a and any(c.isalpha() for c in text[a:b]):
            out.append(Ent(a, b, x.label, x.origin))
    return out


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
