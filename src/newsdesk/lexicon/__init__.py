"""The one home of newsdesk's vocabulary: entity labels and gazetteer feature classes, names and
titles, groups, sports, outlets (speech verbs live in `lexicon.speech`, other languages in
`lexicon.languages`, Chinese, Japanese and Korean names in `lexicon.cjk_names`). Pure data and tiny
helpers; imports nothing of newsdesk.

The English word lists (spaCy's stop words, the news words keyphrases and stories skip, dictionary
words) are in `lexicon.english`, imported from there only, so that importing a label or an honorific
does not load spaCy."""

from __future__ import annotations

from newsdesk.lexicon.groups import (
    COMPANY_TAILS,
    DISEASES,
    GROUP_NORPS,
    GROUP_ORGS,
    ORG_HEADS,
    ORG_TAIL_HEADS,
)
from newsdesk.lexicon.labels import (
    NAMED_LABELS,
    NATIONAL_FEATURES,
    PLACE_LABELS,
    SUBNATIONAL_FEATURES,
    TOPIC_LABELS,
    VALUE_LABELS,
    WIDE_FEATURES,
)
from newsdesk.lexicon.names import (
    CONNECTORS,
    FEMALE_TITLES,
    HONORIFICS,
    MALE_TITLES,
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
    "NAMED_LABELS", "PLACE_LABELS", "TOPIC_LABELS", "VALUE_LABELS",
    "NATIONAL_FEATURES", "SUBNATIONAL_FEATURES", "WIDE_FEATURES",
    "CONNECTORS", "FEMALE_TITLES", "HONORIFICS", "MALE_TITLES", "NAME_SUFFIXES", "POSSESSIVE_DETS", "ROLE_WORDS", "TITLE_DEPARTMENTS",
    "name_parts", "name_tokens", "person_parts", "PHOTO_CREDITS", "SPORT_CUES", "SPORTS", "TABLE_SKIP", "TEAM_WORDS",
]
