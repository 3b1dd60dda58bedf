"""The one home of newsdesk's vocabulary: labels, names and titles, groups, sports and English word
lists, outlets (speech verbs live in `lexicon.speech`, other languages in `lexicon.languages`). Pure data and tiny helpers; imports nothing of newsdesk.

The English lists that come from spaCy (stop words, dictionary words) are in `lexicon.english`, imported
from there only, so that importing a label or an honorific does not load spaCy."""

from __future__ import annotations

from newsdesk.lexicon.groups import (
    COMPANY_TAILS,
    DISEASES,
    GROUP_NORPS,
    GROUP_ORGS,
    ORG_HEADS,
    ORG_TAIL_HEADS,
)
from newsdesk.lexicon.labels import NAMED_LABELS, PLACE_LABELS, VALUE_LABELS
from newsdesk.lexicon.names import (
    CONNECTORS,
    HONORIFICS,
    NAME_SUFFIXES,
    POSSESSIVE_DETS,
    ROLE_WORDS,
    TITLE_DEPARTMENTS,
    name_parts,
    name_tokens,
    person_parts,
)
from newsdesk.lexicon.outlets import PHOTO_CREDITS
from newsdesk.lexicon.sports import SPORT_CUES, SPORTS, TABLE_SKIP, TEAM_WORDS

__all__ = [
    "COMPANY_TAILS", "DISEASES", "GROUP_NORPS", "GROUP_ORGS", "ORG_HEADS", "ORG_TAIL_HEADS",
    "NAMED_LABELS", "PLACE_LABELS", "VALUE_LABELS",
    "CONNECTORS", "HONORIFICS", "NAME_SUFFIXES", "POSSESSIVE_DETS", "ROLE_WORDS", "TITLE_DEPARTMENTS",
    "name_parts", "name_tokens", "person_parts", "PHOTO_CREDITS", "SPORT_CUES", "SPORTS", "TABLE_SKIP", "TEAM_WORDS",
]
