"""Personal names and titles: honorifics, name suffixes, role words, and the one person-name parser."""

from __future__ import annotations

import re
from functools import lru_cache

# Honorifics written before a name, lower case without the full stop ("Mr." -> "mr").
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "prof", "rev", "mme", "mlle", "herr"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Titles written before a name that tell a person's gender (lower case, with and without the full stop).
FEMALE_TITLES = frozenset({"mrs.", "mrs", "ms.", "ms", "miss", "madam", "queen", "lady", "mother", "sister"})
MALE_TITLES = frozenset({"mr.", "mr", "sir", "king", "lord", "father", "brother"})
# Words that head a role or title (general knowledge, lower case).
ROLE_WORDS = frozenset("""
president president-elect vice-president premier minister secretary chancellor governor mayor senator
congressman congresswoman congressmen lawmaker legislator representative ambassador envoy diplomat consul
spokesman spokeswoman spokesperson chairman chairwoman chair chief director head leader king queen prince
princess emperor empress pope cardinal bishop archbishop imam rabbi ayatollah general colonel commander
admiral lieutenant captain sergeant marshal officer official coach manager striker midfielder defender
goalkeeper lawyer attorney judge justice prosecutor professor scientist researcher economist analyst editor
correspondent reporter journalist founder co-founder owner executive ceo cfo coo treasurer deputy aide
adviser advisor counsel inspector commissioner superintendent sheriff dean principal boss chairperson
speaker whip sultan sheikh emir monarch dictator vice-chairman strategist negotiator mediator investigator
author writer novelist actor actress singer musician director producer designer architect engineer
physician doctor surgeon nurse epidemiologist virologist immunologist expert historian teacher student
""".split())
# Common nouns for what a person does, written capitalised before a full name in news ("Farmer Anselmo
# Ruiz", "Fisherman Tom Reilly"): a description, not part of the name (general knowledge, lower case).
OCCUPATION_WORDS = frozenset("""
farmer fisherman fishermen rancher grower miner shopkeeper trader merchant driver pilot worker villager
resident homeowner landlord tenant activist campaigner protester volunteer organiser organizer pastor
priest vicar chef baker butcher plumber builder carpenter firefighter paramedic veteran survivor witness
councillor councilman councilwoman alderman trustee headteacher headmaster headmistress
""".split())
# Departments that name a minister's or secretary's portfolio (general knowledge).
TITLE_DEPARTMENTS = frozenset("""
defense defence foreign interior justice finance treasury health education energy labor labour
agriculture commerce trade transport transportation environment state home housing culture
economy economic industry development security veterans homeland""".split())
# Small words inside titles and names ("Secretary of State", "Bank for International Settlements").
CONNECTORS = frozenset({"of", "for", "and", "the", "on", "de", "to"})
# Lower-case particles inside personal names ("Maria do Carmo Reis", "Ludwig van Beethoven").
NAME_PARTICLES = frozenset("""da das de del della der den di do dos du van von ter bin ibn""".split())
POSSESSIVE_DETS = frozenset({"the", "his", "her", "their", "its", "a", "an", "our", "my", "your"})


# A possessive after a name: "Clinton's", "Clinton 's", "the Airlines'" (a lone apostrophe only after
# an s, where it cannot be a closing quotation mark).
_POSSESSIVE_END = re.compile(r"\s?['’]s$|(?<=s)\s?['’]$")


@lru_cache(maxsize=1 << 16)
def without_possessive(surface: str) -> str:
    """The name without a possessive after it ("Gates's" -> "Gates"): the model sometimes reads the
    possessive into a name, and the name is the same either way."""
    m = _POSSESSIVE_END.search(surface)
    return surface[:m.start()] if m and m.start() >= 2 else surface


def name_tokens(surface: str) -> list[str]:
    """The whitespace-separated words of a name, without a possessive after it."""
    return without_possessive(surface).split()


def name_parts(words: list[str]) -> tuple[str, str] | None:
    """The one person-name parser: (first, last) of a name given as lower-case words, honorifics
    and suffixes dropped (a trailing full stop ignored); None when fewer than two words remain."""
    toks = [t for t in words if t.rstrip(".") not in HONORIFICS]
    while toks and toks[-1].rstrip(".") in NAME_SUFFIXES:
        toks = toks[:-1]
    if len(toks) < 2:
        return None
    return toks[0], toks[-1]


@lru_cache(maxsize=1 << 16)
def person_parts(surface: str) -> tuple[str, str] | None:
    """(first, last) of a full personal name as written, lower-cased ("Mr. John Smith Jr." ->
    ("john", "smith")); None for a single word."""
    return name_parts([t.strip(",").lower() for t in name_tokens(surface)])
