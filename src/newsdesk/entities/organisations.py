"""Organisations: names the model cut into pieces or stopped short, names joined by "and", one-word
names the text speaks of as a company, and departments that only qualify a title."""

from __future__ import annotations

import re
from collections import defaultdict

from newsdesk.entities.spans import (
    Ent,
    demonym_country,
    is_initial,
    is_known_place_word,
    is_place_name,
    overlaps,
    tokens,
)
from newsdesk.lexicon.english import CALENDAR, is_common, stop_words
from newsdesk.lexicon.groups import COMPANY_TAILS, ORG_HEADS, ORG_TAIL_HEADS
from newsdesk.lexicon.labels import PLACE_LABELS
from newsdesk.lexicon.names import CONNECTORS, ROLE_WORDS, TITLE_DEPARTMENTS, person_parts

_ORG_OF = re.compile(r"^ (?:of|for|on) (?:the )?([A-Z][\w'’.\-]*(?: (?:[A-Z][\w'’.\-]*|and|of|for|the|on))*)")
_CAP = r"[A-Z][\w'’.&-]*"
_ORG_NAME = re.compile(
    rf"(?<![\w'’.-])({_CAP}(?:\s(?:{_CAP}|and|of|for|the|&))*?\s((?:"
    + "|".join(sorted(ORG_TAIL_HEADS | {"Society", "Association", "Institute", "Academy", "Foundation"}))
    + rf"))(?:\s(?:of|for|on)\s(?:the\s)?{_CAP}(?:\s{_CAP})*)?)(?![\w'’-])"
)
_NEXT_WORD = re.compile(r"^ ([A-Za-z-]+)")

# What the text says of a one-word name that only an organisation is ("Lumenfield, which ...").
_ORG_KINDS = ("company|firm|provider|maker|group|bank|operator|developer|start-?up|retailer|insurer|carrier|"
              "airline|manufacturer|supplier|agency|publisher|broadcaster|newspaper|network|chain|lender|"
              "business|conglomerate|subsidiary|platform|brand|utility|charity|organi[sz]ation|outlet")
_ORG_OWNED = ("chief executive|chief executives|CEO|chairman|chairwoman|founder|co-founder|spokesperson|"
              "spokesman|spokeswoman|owners?|shareholders|investors|customers|clients|employees|staff|"
              "shares|board|subsidiary|headquarters")
_WORDNAME = r"\b(\w[\w'’-]*)"  # the one-word name a cue speaks of, captured
_ORG_CUES = tuple(re.compile(c) for c in (
    _WORDNAME + r",\s+which\b",
    _WORDNAME + r",\s+(?:a|an|the)\s+(?:[\w'’-]+\s+){0,4}?(?:" + _ORG_KINDS + r")\b",
    r"\b(?:" + _ORG_OWNED + r")\s+(?:of|at|in)\s+" + _WORDNAME + r"\b",
    _WORDNAME + r"(?:'s|’s)\s+(?:" + _ORG_OWNED + r"|systems|servers|software|products|website)\b",
))
_PERSON_CUES = tuple(re.compile(c) for c in (
    _WORDNAME + r",\s+who\b",
    r"\b(?:Mr|Ms|Mrs|Dr|Prof|Sir|Dame)\.?\s+" + _WORDNAME + r"\b",
    _WORDNAME + r",\s+\d{1,3},",
    _WORDNAME + r"\s+(?:said|says|told)\s+(?:he|she)\b",
))


def in_title(text: str, x: Ent) -> bool:
    """An organisation's short name that only qualifies a role: "Defense" in "Defense Secretary"."""
    if x.label != "ORG" or " " in text[x.start:x.end]:
        return False
    m = _NEXT_WORD.match(text[x.end:x.end + 25])
    return bool(m) and m.group(1).lower() in ROLE_WORDS and text[x.start:x.end].lower() in TITLE_DEPARTMENTS


def org_names(text: str, ents: list[Ent]) -> list[Ent]:
    """Organisation names the model cut into pieces: a run of capitalised words that ends in an
    organisation's head word ("Australian and New Zealand Society for Immunology", model: NORP +
    GPE). "X and Y" belongs to one name only when X is an adjective ("Australian and ...")."""
    out = list(ents)
    stop = stop_words()
    for m in _ORG_NAME.finditer(text):
        s, e = m.start(1), m.end(1)
        seg = text[s:e]
        if "\n" in seg:
            continue
        words = seg.split()
        # "Britain and the European Union": only an adjective joins a name across "and"
        cut = False
        while " and " in " ".join(words):
            i = words.index("and") if "and" in words else -1
            if i > 0 and demonym_country(words[i - 1]):
                break
            words = words[i + 1:]
            cut = True
        # a sentence's first word is capitalised anyway: "Following the Supreme Court"
        while words and (words[0].lower() in stop or (
                words[0] not in ORG_TAIL_HEADS and is_common(words[0].lower())
                and not is_known_place_word(words[0].lower()) and is_initial(text, e - len(" ".join(words))))):
            words = words[1:]
        if len(words) < 2:
            continue
        s = e - len(" ".join(words))
        if text[s:e] != " ".join(words):
            continue
        inside = [x for x in out if s <= x.start and x.end <= e]
        crossing = [x for x in out if x.start < e and s < x.end and x not in inside]
        if crossing or any(x.label not in ("NORP", "GPE", "LOC", "ORG", "FAC") for x in inside):
            continue
        if _model_reading_stands(text, m, inside, s, e):
            continue
        if len(inside) == 1 and inside[0].start == s and inside[0].end == e:
            continue
        if not inside and (len(words) < 3 or cut):
            continue  # nothing the model saw, and a short run or one cut at "and" ("Test and County ..."): leave it
        out = [x for x in out if x not in inside] + [Ent(s, e, "ORG", "rule")]
    return out


def _model_reading_stands(text: str, m: re.Match[str], inside: list[Ent], s: int, e: int) -> bool:
    """Where the model's own reading of the run is already a sound one, the run is not one name:
    two organisations ("BBC News for The World"), a nationality before an organisation ("German" +
    "Foreign Ministry"), or a head word that is part of a place ("Jewish West Bank")."""
    orgs = [x for x in inside if x.label == "ORG"]
    if len(orgs) >= 2:
        return True
    if orgs and orgs[0].end == e and orgs[0].start > s and all(
            x.label == "NORP" for x in inside if x is not orgs[0]):
        return True
    head_end = m.end(2)
    return any(x.label in PLACE_LABELS and x.start < head_end <= x.end for x in inside)


def extend_orgs(text: str, ents: list[Ent]) -> list[Ent]:
    """"University" + " of Oxford", "Commission" + " on China": the small model often stops an
    organisation's name at its head word."""
    out: list[Ent] = []
    drop: list[tuple[int, int]] = []
    for x in ents:
        if x.label == "ORG" and text[x.start:x.end].split()[-1] in ORG_TAIL_HEADS:
            m = _ORG_OF.match(text[x.end:x.end + 80])
            if m:
                tail = m.group(1)
                words = []
                for w in tail.split():
                    if w in CALENDAR or any(c.isdigit() for c in w):
                        break  # "Court on Friday", "Oxford COVID-19": the name has ended
                    words.append(w)
                while words and words[-1] in ("and", "of", "for", "the", "on"):
                    words = words[:-1]
                if words:
                    end = x.end + m.start(1) + len(" ".join(words))
                    drop.append((x.end, end))
                    x = Ent(x.start, end, "ORG", x.origin)
        out.append(x)
    if drop:
        out = [y for y in out if not any(a <= y.start and y.end <= b for a, b in drop)]
    return out


def split_and(text: str, ents: list[Ent]) -> list[Ent]:
    """"AstraZeneca and University of Oxford" -> two organisations; but "Securities and Exchange
    Commission", "Australian and New Zealand Society for Immunology" and "Procter and Gamble" are one."""
    out: list[Ent] = []
    for x in ents:
        seg = text[x.start:x.end]
        if x.label != "ORG" or " and " not in seg:
            out.append(x)
            continue
        i = seg.index(" and ")
        left, right = seg[:i], seg[i + 5:]
        lw = left.split()
        rw = right.split()
        standalone = (
            bool(lw) and bool(rw) and rw[0] in ORG_HEADS and len(rw) >= 2
            and not demonym_country(lw[-1])
            and not is_place_name(left)
            and lw[-1].lower() not in CONNECTORS
        )
        if standalone:
            out.append(Ent(x.start, x.start + i, "ORG", x.origin))
            out.append(Ent(x.start + i + 5, x.end, "ORG", x.origin))
        else:
            out.append(x)
    return out


def _cued(text: str, cues: tuple[re.Pattern[str], ...]) -> set[str]:
    """The words the cues speak of in `text`: a few scans per document, whatever its names."""
    return {m.group(1) for cue in cues for m in cue.finditer(text)}


def organisations_by_context(text: str, ents: list[Ent]) -> list[Ent]:
    """A one-word name the model took for a person (or an unknown place) is an organisation when the
    text speaks of it as one ("Lumenfield, which ...", "the chief executive of Lumenfield",
    "Lumenfield, the Dublin payroll company") and never as a person ("Lumenfield, who ...",
    "Mr Lumenfield"); a full name's surname is left to the person."""
    surnames = {p[1] for x in ents if x.label == "PERSON" and (p := person_parts(x.text(text)))}
    words: dict[str, list[Ent]] = defaultdict(list)
    for x in ents:
        surface = x.text(text)
        if x.label in ("PERSON", "GPE") and len(tokens(surface)) == 1 and surface[:1].isupper():
            words[surface].append(x)
    candidates = {surface: found for surface, found in words.items() if surface.lower() not in surnames
                  and not any(x.label == "GPE" and is_place_name(surface) for x in found)}
    if not candidates:
        return ents  # most documents: their one-word names are surnames or known places
    as_org = _cued(text, _ORG_CUES).intersection(candidates)
    if not as_org:
        return ents
    as_person = _cued(text, _PERSON_CUES)
    for surface in as_org - as_person:
        for x in candidates[surface]:
            x.label, x.origin = "ORG", "rule"
    return ents


# "Central Narcotics Bureau ( CNB )", "the Iraqi News Agency (INA)"
_BRACKETED_ACRONYM = re.compile(r"[ ]?\([ ]?([A-Z][A-Z&]{1,7})[ ]?\)")
_COMPANY_RUN = re.compile(
    rf"(?<![\w'’.-])((?:{_CAP}\s(?:(?:of|and|&)\s)?){{1,5}}(?:{'|'.join(sorted(t for t in COMPANY_TAILS if t[:1].isupper()))}))(?![\w'’-])"
)


def acronyms(text: str, ents: list[Ent]) -> list[Ent]:
    """An acronym defined in brackets after a name ("Kurdistan Democratic Party ( KDP )") is that
    name's kind of entity, there and wherever the document uses it again ("KDP fighters")."""
    defined: dict[str, str] = {}
    taken = sorted((x.start, x.end) for x in ents)
    added: list[Ent] = []
    for x in ents:
        if x.label not in ("ORG", "FAC", "LAW", "EVENT", "PRODUCT", "NORP", "GPE", "LOC"):
            continue
        m = _BRACKETED_ACRONYM.match(text, x.end)
        if not m:
            continue
        acr = m.group(1)
        initials = [w[0] for w in tokens(x.text(text)) if w[:1].isupper()]
        if len(initials) < 2 or acr[0] != initials[0] and acr[0] not in initials:
            continue  # "( AP )" after "Paris" credits an agency; an acronym shares the name's capitals
        defined.setdefault(acr, x.label)
    if not defined:
        return ents
    for m in re.finditer(r"(?<![\w&.-])(" + "|".join(sorted(defined, key=len, reverse=True)) + r")(?![\w&-])", text):
        s, e = m.start(1), m.end(1)
        if not overlaps(taken, s, e):
            added.append(Ent(s, e, defined[m.group(1)], "rule"))
    return ents + added


def company_names(text: str, ents: list[Ent]) -> list[Ent]:
    """A run of capitalised words ending in a company word ("Jeans Mate Corp") that the model left
    untagged is an organisation."""
    taken = sorted((x.start, x.end) for x in ents)
    added = []
    for m in _COMPANY_RUN.finditer(text):
        s, e = m.start(1), m.end(1)
        while s < e and (is_initial(text, s) and text[s:text.find(" ", s)].lower() in stop_words()):
            s = text.find(" ", s) + 1  # "The Harbour Foods Ltd" at a sentence start
        if " " in text[s:e] and not overlaps(taken, s, e):
            added.append(Ent(s, e, "ORG", "rule"))
    return ents + added
