"""Credits: the outlets a story comes from and the reporters who wrote it are the story's source, not
its entities ("By Jane Doe", "Reporting by ...; Editing by ...", "(Reuters)", "told the Atlas
Tribune")."""

from __future__ import annotations

import re
from functools import lru_cache

from newsdesk.entities.spans import Ent
from newsdesk.geo import name_key
from newsdesk.lexicon.outlets import AGENCIES, CREDIT_CUES, OUTLET_HEADS

_CREDIT_LINE_WORDS = 12  # a byline is short; a longer line starting with "By" is a sentence
# "By Jane Doe", "Reporting by Omar Haddad; Editing by Nina Brandt"
_CUE_VERBS = "|".join(sorted({c.split()[-2] for c in CREDIT_CUES if len(c.split()) >= 2}))
_CREDIT_LINE = re.compile(rf"^[ \t]*(?:additional )?(?:(?:{_CUE_VERBS}) )?by\b.*$", re.M | re.I)


@lru_cache(maxsize=1 << 14)
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
    for m in _CREDIT_LINE.finditer(text):
        line = m.group().strip()
        if line[:3].lower() != "by " or len(line.split()) <= _CREDIT_LINE_WORDS:
            out.append((m.start(), m.end()))
    return out


def credits(text: str, ents: list[Ent], source: str | None = None) -> list[Ent]:
    """The entity spans that credit the story: outlets anywhere (the article's own source among them:
    "polled by Northern Wire" in a Northern Wire report), and the names in credit lines."""
    lines = _credit_lines(text)
    own = name_key(source) if source and len(source) > 3 else None
    out = []
    for x in ents:
        if x.label in ("ORG", "PERSON", "FAC", "WORK_OF_ART", "PRODUCT", "GPE", "LOC") and (
                is_outlet(x.text(text)) or (own is not None and name_key(x.text(text)) == own)):
            out.append(x)
        elif x.label in ("PERSON", "ORG") and any(a <= x.start and x.end <= b for a, b in lines):
            out.append(x)
    return out
