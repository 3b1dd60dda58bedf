"""Credits: the outlets a story comes from and the reporters who wrote it are the story's source, not
its entities ("By Jane Doe", "Reporting by ...; Editing by ...", "(Reuters)", "told the Atlas
Tribune")."""

from __future__ import annotations

import re

from newsdesk.entities.spans import Ent
from newsdesk.lexicon.outlets import AGENCIES, CREDIT_CUES, OUTLET_HEADS

_CREDIT_LINE_WORDS = 12  # a byline is short; a longer line starting with "By" is a sentence
_LINE = re.compile(r"^.*$", re.M)


def is_outlet(surface: str) -> bool:
    """A wire agency, or a name ending in a newspaper word ("Atlas Tribune", "ATLAS TRIBUNE")."""
    low = " ".join(surface.lower().split())
    if low.startswith("the "):
        low = low[4:]
    words = low.split()
    return low in AGENCIES or (len(words) >= 2 and words[-1] in OUTLET_HEADS)


def _credit_lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the byline and "Reporting by" lines."""
    out = []
    for m in _LINE.finditer(text):
        line = m.group().strip().lower()
        if not line:
            continue
        if line.startswith("by ") and len(line.split()) <= _CREDIT_LINE_WORDS:
            out.append((m.start(), m.end()))
        elif any(cue in line for cue in CREDIT_CUES[1:]) and ";" in line or line.startswith(CREDIT_CUES[1:]):
            out.append((m.start(), m.end()))
    return out


def credits(text: str, ents: list[Ent]) -> list[Ent]:
    """The entity spans that credit the story: outlets anywhere, and the names in credit lines."""
    lines = _credit_lines(text)
    out = []
    for x in ents:
        if x.label in ("ORG", "PERSON", "FAC", "WORK_OF_ART", "PRODUCT", "GPE") and is_outlet(x.text(text)):
            out.append(x)
        elif x.label in ("PERSON", "ORG") and any(a <= x.start and x.end <= b for a, b in lines):
            out.append(x)
    return out
