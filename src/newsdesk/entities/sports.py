"""Sports reports: a town or county that acts as a team is an organisation, a country stays a place
(the national side is named after it); results tables, competitors "( Croatia )" and tournaments."""

from __future__ import annotations

import bisect
import re

from newsdesk.entities.repairs import INITIAL_NAME, SCORE_TOKEN
from newsdesk.entities.spans import (
    Ent,
    candidates,
    demonym_country,
    is_country,
    is_place_name,
    norm,
    overlaps,
    prev_word,
)
from newsdesk.lexicon.english import ADJECTIVE_ENDINGS, LOCATIVE, TEAM_NOUNS, is_common
from newsdesk.lexicon.labels import NATIONAL_FEATURES, SUBNATIONAL_FEATURES
from newsdesk.lexicon.sports import PLAYER_ROLES, SPORT_CUES, SPORTS, TABLE_SKIP, TEAM_WORDS

_LOWER_WORD = re.compile(r"[a-z\-]+")
_SCORE = re.compile(r"\b\d{1,3}-\d{1,3}\b")
_TABLE_NAME = re.compile(
    r"(?<![\w.])((?:[A-Z]\.\s?){0,2}[A-Z][\w'’.]*(?:[ -](?:[A-Z][\w'’.]*|de|da|van|von|le|la|del|der|di))*)"
)
# a competitor's name: up to four capitalised words, particles allowed ("Ruud van Nistel")
_NAME = r"(?<![\w'’.-])([A-Z][\w'’.-]*(?:[ -](?:[A-Z][\w'’.-]*|de|da|van|von|le|la|del|der|di)){0,3})"
_ATHLETE = re.compile(_NAME + r"\s\( ?([A-Z][\w.'’ -]{1,30}?) ?\)")
# "Scorers : Andy Townsend ( 5th ) , Niall Quinn ( 11th , 61st )": a name and the minutes it scored in
_MINUTES = r"\d{1,3}(?:st|nd|rd|th)(?: minute)?(?: pen(?:alty)?)?"
_SCORER = re.compile(_NAME + rf" \( ?(?:pen(?:alty)? )?{_MINUTES}(?: ?, ?{_MINUTES})* ?\)")
_ROLE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(PLAYER_ROLES)) + r")\s+$")
_TOURNAMENT = r"(?:Open|Grand Prix|Masters|Championships?|Classic|Games|Cup|Trophy|Invitational|Marathon)"
_EVENT_TAIL = re.compile(rf"^ {_TOURNAMENT}\b")
# a name that itself ends in a tournament word is the tournament
_EVENT_END = re.compile(rf"\s{_TOURNAMENT}$")
_INITIAL_BEFORE = re.compile(r"\b[A-Z]\.\s*$")


def is_sports(text: str) -> bool:
    """A sports report: a sport named in the first line, or sports words and scores throughout."""
    head = text[:200].lower()
    first = head.split("\n", 1)[0]
    first_words = set(_LOWER_WORD.findall(first[:40]))
    if first_words & SPORTS:
        return True
    low = text[:5000].lower()
    words = _LOWER_WORD.findall(low)
    cues = sum(1 for w in words if w in SPORT_CUES)
    sports = sum(1 for w in words if w in SPORTS)
    scores = len(_SCORE.findall(low))
    return (sports >= 1 and cues >= 3 and scores >= 1) or (cues >= 6 and scores >= 3)


def table_names(text: str, ents: list[Ent]) -> list[Ent]:
    """Results tables in a sports report ("Somerset 83 and 174 ( P. Simmons 4-38 )"): each name
    followed by figures is a team (a known town or county), or a person (initials, two names)."""
    taken = sorted((x.start, x.end) for x in ents)
    added: list[Ent] = []
    pos = 0
    for line in text.split("\n"):
        toks = line.split()
        nums = sum(1 for t in toks if SCORE_TOKEN.match(t))
        if len(toks) >= 3 and nums >= 2 and nums / len(toks) >= 0.2:
            for m in _TABLE_NAME.finditer(line):
                name = m.group(1).rstrip(".") if not m.group(1).endswith(".") or len(m.group(1)) > 2 else m.group(1)
                s, e = pos + m.start(1), pos + m.start(1) + len(name)
                if name in TABLE_SKIP or len(name) < 2 or overlaps(taken, s, e) or name.isupper() and len(name) <= 3:
                    continue
                rest = line[m.start(1) + len(name):].lstrip()
                venue = rest.startswith(":") and m.start(1) == len(line) - len(line.lstrip())
                if venue:
                    label = "GPE"
                elif not (rest[:1].isdigit() or rest.startswith(("(", ",", ")"))):
                    continue
                elif INITIAL_NAME.match(name) or len(name.split()) >= 2 and not is_place_name(name):
                    label = "PERSON"
                elif is_country(name):
                    label = "GPE"
                else:
                    label = "ORG"
                added.append(Ent(s, e, label, "rule"))
        pos += len(line) + 1
    return ents + added


def athletes(text: str, ents: list[Ent]) -> list[Ent]:
    """Sports results write "Goran Ivanisevic ( Croatia )": a name followed by a nation in brackets
    is a competitor (a person; the nation is a place); "Niall Quinn ( 11th , 61st )", a name followed
    by the minutes it scored in, a scorer."""
    out = list(ents)
    # the spans as given, by start: matches come left to right and never overlap, so what they
    # replace can never run across a later one
    spans = sorted((x.start, x.end) for x in ents)
    starts = [a for a, _ in spans]
    reach = max((b - a for a, b in spans), default=0)
    for i, x in enumerate(out):
        if x.label in ("ORG", "GPE", "NORP") and " " in x.text(text) and _ROLE_BEFORE.search(text, max(0, x.start - 25), x.start) \
                and not is_place_name(x.text(text)):
            out[i] = Ent(x.start, x.end, "PERSON", x.origin)  # "Wimbledon finalist MaliVai Washington"
    found = [(m, m.group(1)) for m in _ATHLETE.finditer(text) if is_country(m.group(2))]
    found += [(m, m.group(1)) for m in _SCORER.finditer(text)]
    found.sort(key=lambda f: f[0].start())
    for m, name in found:
        if is_place_name(name) or is_common(name.lower()):
            continue
        s, e = m.start(1), m.end(1)
        near = spans[bisect.bisect_left(starts, s - reach):bisect.bisect_left(starts, e)]
        if any(a < s < b or a < e < b for a, b in near):
            continue  # a longer name runs across: leave it
        out = [x for x in out if not (s <= x.start and x.end <= e)] + [Ent(s, e, "PERSON", "rule")]
        if m.re is _ATHLETE and not overlaps(spans, m.start(2), m.end(2)):
            out.append(Ent(m.start(2), m.end(2), "GPE", "rule"))  # the nation the model left untagged
    return out


def event_names(text: str, ents: list[Ent]) -> list[Ent]:
    """"Hong Kong Open", "Berlin Grand Prix": a place or sponsor followed by a tournament word."""
    out = []
    for x in ents:
        if x.label in ("ORG", "PERSON", "PRODUCT", "WORK_OF_ART") and _EVENT_END.search(text, x.start, x.end):
            out.append(Ent(x.start, x.end, "EVENT", x.origin))  # "UEFA Cup", "the Greater Milwaukee Open"
            continue
        m = _EVENT_TAIL.match(text[x.end:x.end + 20]) if x.label in ("GPE", "ORG", "LOC", "PERSON", "NORP") else None
        if m and (text[x.end + 1:x.end + 2].isupper()):
            out.append(Ent(x.start, x.end + m.end(), "EVENT", x.origin))
        else:
            out.append(x)
    return out


def sports_team(text: str, x: Ent, persons: dict[str, int]) -> Ent:
    """In a sports report, a town or county acting as a team is an organisation (the CoNLL and
    OntoNotes reading); a country stays a place, and so does a venue ("at Headingley")."""
    if x.label not in ("GPE", "PERSON", "LOC", "FAC", "NORP", "ORG") or x.origin == "dateline":
        return x
    surface = text[x.start:x.end]
    if x.label == "NORP" and (demonym_country(surface) or surface.lower().endswith(ADJECTIVE_ENDINGS)):
        return x  # "Spanish first division team": a people's adjective, no team
    if x.label in ("GPE", "LOC") and _qualifies(text, x):
        return x  # "the Moscow club": the place itself
    if _in_venue(text, x) and is_place_name(surface):
        return Ent(x.start, x.end, "GPE", x.origin)  # "( at Old Trafford , Manchester )"
    if x.label == "ORG":
        cands = candidates(surface)
        if cands and _is_venue(text, x):
            return Ent(x.start, x.end, "GPE", x.origin)
        if cands and (cands[0].feature == "country" or (
                cands[0].feature == "city" and cands[0].population >= 500_000 and not _team_context(text, x))):
            return Ent(x.start, x.end, "GPE", x.origin)
        return x
    if norm(surface) in persons:
        return x
    cands = candidates(surface)
    if not cands:
        return x
    if any(p.feature in NATIONAL_FEATURES for p in cands):
        # the national side is named after the country: still a place
        return Ent(x.start, x.end, "GPE", x.origin) if x.label in ("PERSON", "NORP") and " " not in surface else x
    prev = prev_word(text, x.start)
    if prev in LOCATIVE:
        return x
    if _is_venue(text, x):
        return Ent(x.start, x.end, "GPE", x.origin)
    if x.label == "PERSON" and _INITIAL_BEFORE.search(text[max(0, x.start - 4):x.start]):
        return x  # an initial before the name ("P. Simmons") marks a person
    big_city = any(p.feature == "city" and p.population >= 50_000 for p in cands)
    regional = any(p.feature in SUBNATIONAL_FEATURES for p in cands)
    if x.label == "PERSON" and not regional and not big_city:
        return x  # a small town's name is more often a surname
    if big_city and not regional and not _team_context(text, x):
        return x
    return Ent(x.start, x.end, "ORG", x.origin)


def _qualifies(text: str, x: Ent) -> bool:
    """Is the name a modifier of a team noun ("the Moscow club")?"""
    after = text[x.end:x.end + 10].split()
    return bool(after) and after[0].lower() in TEAM_NOUNS


def _in_venue(text: str, x: Ent) -> bool:
    """"( at Trent Bridge , Nottingham )": the town of a venue named in brackets."""
    bracket = text.rfind("(", max(0, x.start - 40), x.start)
    return bracket >= 0 and ")" not in text[bracket:x.start] and text[bracket + 1:x.start].lstrip().startswith("at ")


def _is_venue(text: str, x: Ent) -> bool:
    """"Portsmouth : Middlesex 199 ...": the place a results line starts with is where they played."""
    line_start = text.rfind("\n", 0, x.start) + 1
    return not text[line_start:x.start].strip() and text[x.end:x.end + 3].lstrip().startswith(":")


def _team_context(text: str, x: Ent) -> bool:
    after = text[x.end:x.end + 25].split()
    nxt = after[0].lower() if after else ""
    return bool(SCORE_TOKEN.match(nxt)) or nxt in TEAM_WORDS or prev_word(text, x.start) in TEAM_WORDS


# A team's name in a results table, with the one- to three-letter town mark some leagues add
# ("Radnicki ( N )", "Mladost ( BJ )").
_TEAM = r"[A-Z][\w'’.&-]*(?: (?:[A-Z][\w'’.&-]*|de|del|la|le|di|do|da))*(?: \( [A-Z]{1,3} \))?"
_NATION = r"(?: \( [A-Z][\w.'’ -]{1,30}? \))?"
# "Hajduk 2 Proleter ( Z ) 0", "Alba ( Germany ) 75 Red Star ( Yugoslavia ) 70 ( 42-41 )"
_MATCH_LINE = re.compile(rf"^[ \t]*(?P<a>{_TEAM}){_NATION} \d{{1,3}} (?P<b>{_TEAM}){_NATION} \d{{1,3}}(?![\d.\-/:])")
# "Partizan 4 3 1 0 13 3 10": played, won, drawn, lost, goals for and against, points
_STANDINGS_LINE = re.compile(rf"^[ \t]*(?P<a>{_TEAM}) (?P<nums>\d{{1,3}}(?: \d{{1,3}}){{4,}})[ \t]*$")
# a fixture: "Walsall v Wrexham", "v Durham ( three days )"
_FIXTURE = re.compile(rf"(?:(?<![\w'’.-])(?P<a>{_TEAM}) )?(?<![\w'’.-])v (?P<b>{_TEAM})(?![\w'’-])")
_SMALL = 30  # a standings line counts games (small numbers); a golfer's line counts strokes (60 and up)


def result_lines(text: str, ents: list[Ent]) -> list[Ent]:
    """Sports results, fixtures and standings lines: the names that score ("Hajduk 2 Proleter ( Z ) 0"),
    meet ("Walsall v Wrexham") or head a row of counts ("Partizan 4 3 1 0 13 3 10") are teams, an organisation each (a country is
    its national side: a place), whatever the model read there."""
    found: list[tuple[int, int]] = []
    for m in _FIXTURE.finditer(text):  # "Walsall v Wrexham", "May 20 v Durham"
        for g in ("a", "b"):
            if m.group(g) and m.group(g) not in TABLE_SKIP:
                found.append((m.start(g), m.end(g)))
    pos = 0
    for line in text.split("\n"):
        m = _MATCH_LINE.match(line)
        if m:
            found += [(pos + m.start(g), pos + m.end(g)) for g in ("a", "b")]
        else:
            m = _STANDINGS_LINE.match(line)
            if m and sum(int(n) < _SMALL for n in m.group("nums").split()) >= 3:
                found.append((pos + m.start("a"), pos + m.end("a")))
        pos += len(line) + 1
    if not found:
        return ents
    out = [x for x in ents if not any(x.start < e and s < x.end for s, e in found)]
    for s, e in found:
        name = text[s:e]
        if name in TABLE_SKIP:
            continue
        out.append(Ent(s, e, "GPE" if is_country(name) else "ORG", "rule"))
    return out
