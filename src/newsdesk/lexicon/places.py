"""Words around a place name that say which kind of place it is ("New York state", "the Quebec
government": the region, not its big city of the same name)."""

from __future__ import annotations

import re

# written right after a name: the first-level region (a state, province) is meant
REGION_WORDS_AFTER = re.compile(
    r"\s*(?:state\b|state's\b|statewide\b|province\b|provincial\b|gov\.|governor\b|government\b|"
    r"legislature\b|premier\b|lawmakers\b|assembly\b|senate\b|health minister\b)",
    re.IGNORECASE,
)
# written right before a name
REGION_WORDS_BEFORE = re.compile(r"(?:\bstate|\bprovince|\bcommonwealth)\s+of\s+(?:the\s+)?$", re.IGNORECASE)
# between the items of a list of places ("Georgia, Oklahoma and Ohio")
LIST_GAP = re.compile(r"\s*(?:,\s*and|,\s*or|,|;|\band\b|\bor\b)\s*")
# a generic region word after a name ("Sichuan province", "West Virginia State"): the name is the region
REGION_WORD_TAIL = re.compile(r"^(.+?)\s+(?:province|state|region|prefecture|oblast|governorate)$", re.IGNORECASE)
# words that are also the short names of regions ("Distrito Federal" -> "Federal", "Western" Kenya):
# inside an organisation's name they are words, not places
GENERIC_WORDS = frozenset({"federal", "capital", "central", "national", "metropolitan", "western", "eastern",
                           "northern", "southern", "coastal", "interior", "union", "independence"})
