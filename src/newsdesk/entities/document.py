"""Document entities: mentions grouped into the entities of one document. Person variants merged
(surname, initials, title + name, possessives), roles kept, acronyms in brackets joined to their long
form, the short form of an organisation ("Supreme Court") joined to the long one, country aliases
("US", "United States") joined through the gazetteer."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from newsdesk.entities.persons import extract_roles
from newsdesk.entities.spans import Ent, candidates, demonym_country, norm, tokens
from newsdesk.geo import name_key
from newsdesk.lexicon.names import HONORIFICS, person_parts, without_possessive
from newsdesk.model import DocEntity, Mention

_ACRONYM_AFTER = re.compile(r"^\s*\(\s*([A-Z][A-Za-z&.\-]{1,10})\s*\)")


@dataclass
class _Cluster:
    label: str
    mentions: list[Ent] = field(default_factory=list)
    surfaces: list[str] = field(default_factory=list)
    tokens: tuple[str, ...] = ()  # the fullest name seen, as lower-cased tokens
    roles: list[str] = field(default_factory=list)
    key: str = ""


def build_entities(text: str, ents: list[Ent]) -> tuple[list[Mention], list[DocEntity]]:
    """The mentions (each with its entity's key) and the entities of a document, in order of first mention."""
    clusters: list[_Cluster] = []
    by_key: dict[tuple[str, str], _Cluster] = {}
    person_full: list[_Cluster] = []
    acronyms = _acronyms(text, ents)
    country_of: dict[str, str] = {}

    def new_cluster(label: str, key: tuple[str, str], toks: tuple[str, ...]) -> _Cluster:
        c = _Cluster(label=label, tokens=toks)
        clusters.append(c)
        by_key[key] = c
        return c

    assignment: list[tuple[Ent, _Cluster]] = []
    pending_single: list[Ent] = []
    for x in ents:
        surface = without_possessive(x.text(text))  # "Gates's" is Gates
        if x.label == "PERSON":
            parts = person_parts(surface)
            if parts is None:
                pending_single.append(x)
                continue
            toks = tuple(t.strip(",").lower() for t in tokens(surface) if t.rstrip(".").lower() not in HONORIFICS)
            c = _match_person(person_full, toks)
            if c is None:
                c = new_cluster("PERSON", ("PERSON", " ".join(toks)), toks)
                person_full.append(c)
            elif len(toks) > len(c.tokens) or (len(toks) == len(c.tokens) and len(toks[0]) > len(c.tokens[0])):
                c.tokens = toks
            assignment.append((x, c))
            continue
        key = _entity_key(x.label, surface, acronyms, country_of)
        c = by_key.get((x.label, key)) or new_cluster(x.label, (x.label, key), tuple(norm(surface).split()))
        assignment.append((x, c))
    # single-word persons: the nearest earlier full name with that surname (or first name), else any
    for x in pending_single:
        w = norm(x.text(text)).replace("'s", "")
        before = [c for c in person_full if c.tokens and (c.tokens[-1] == w) and _first_at(c, assignment) < x.start]
        anywhere = [c for c in person_full if c.tokens and c.tokens[-1] == w]
        # a first name alone is not merged: "Joe" may well be someone (or something) else
        pick = before[-1] if before else anywhere[0] if anywhere else None
        if pick is None:
            pick = by_key.get(("PERSON", w)) or new_cluster("PERSON", ("PERSON", w), (w,))
        assignment.append((x, pick))
    _merge_org_short_forms(clusters, assignment)
    # roles of persons
    for x, c in assignment:
        if c.label == "PERSON":
            for role in extract_roles(text, x.start, x.end):
                if role.lower() not in (r.lower() for r in c.roles):
                    c.roles.append(role)
    # mentions and entities, in order of first mention
    assignment.sort(key=lambda pair: pair[0].start)
    order: list[_Cluster] = []
    seen: set[int] = set()
    for _, c in assignment:
        if id(c) not in seen:
            seen.add(id(c))
            order.append(c)
    keys: dict[int, str] = {id(c): f"e{i}" for i, c in enumerate(order, 1)}
    mentions: list[Mention] = []
    members: dict[int, list[str]] = defaultdict(list)
    for x, c in assignment:
        surface = x.text(text)
        mentions.append(Mention(x.start, x.end, surface, c.label, keys[id(c)]))
        members[id(c)].append(without_possessive(surface))
    entities: list[DocEntity] = []
    for c in order:
        surfaces = members[id(c)]
        name = _best_name(surfaces)
        aliases = []
        for s in surfaces:
            if s != name and s not in aliases:
                aliases.append(s)
        entities.append(DocEntity(key=keys[id(c)], name=name, label=c.label, aliases=aliases, roles=c.roles,
                                  mention_count=len(surfaces)))
    return mentions, entities


def _first_at(c: _Cluster, assignment: list[tuple[Ent, _Cluster]]) -> int:
    return min((x.start for x, o in assignment if o is c), default=1 << 30)


def _match_person(full: list[_Cluster], toks: tuple[str, ...]) -> _Cluster | None:
    """A full name matches a cluster with the same surname and a compatible first name or initial."""
    first, last = toks[0], toks[-1]
    for c in reversed(full):
        cf, cl = c.tokens[0], c.tokens[-1]
        if cl != last:
            continue
        if cf == first:
            return c
        a, b = first.rstrip("."), cf.rstrip(".")
        if (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b)):
            return c
    return None


def _entity_key(label: str, surface: str, acronyms: dict[str, str], country_of: dict[str, str]) -> str:
    key = norm(surface)
    if key.startswith("the "):
        key = key[4:]
    if label in ("GPE", "LOC"):
        # "US", "U.S." and "United States" are one country
        if key not in country_of:
            cands = candidates(surface)
            country_of[key] = (
                # the country's own name, not its code: England and Scotland share "GB" but are two
                "country:" + name_key(cands[0].name) if cands and cands[0].feature == "country" else name_key(surface)
            )
        return country_of[key]
    if label == "ORG" and key in acronyms:
        return acronyms[key]
    if label == "NORP":
        cc = demonym_country(surface)
        if cc:
            return "demonym:" + cc  # "Russian" and "Russians"
    return key


def _acronyms(text: str, ents: list[Ent]) -> dict[str, str]:
    """Acronyms defined in brackets after an organisation: "Bureau of Animal Industry (BAI)"."""
    out: dict[str, str] = {}
    for x in ents:
        if x.label != "ORG":
            continue
        m = _ACRONYM_AFTER.match(text[x.end:x.end + 20])
        if m:
            long = norm(x.text(text))
            out[norm(m.group(1))] = long[4:] if long.startswith("the ") else long
    return out


def _merge_org_short_forms(clusters: list[_Cluster], assignment: list[tuple[Ent, _Cluster]]) -> None:
    """"Supreme Court" after "Polish Supreme Court": the short form is the same organisation."""
    orgs = [c for c in clusters if c.label == "ORG" and len(c.tokens) >= 2]
    for short in orgs:
        longer = [c for c in orgs if c is not short and len(c.tokens) > len(short.tokens)
                  and c.tokens[-len(short.tokens):] == short.tokens]
        if len(longer) == 1:
            target = longer[0]
            for i, (x, c) in enumerate(assignment):
                if c is short:
                    assignment[i] = (x, target)


def _best_name(surfaces: list[str]) -> str:
    """The fullest name: longest, preferring ordinary casing over ALL CAPS."""
    def score(s: str) -> tuple[int, int, int]:
        return (0 if s.isupper() and len(s) > 3 else 1, len(s.split()), len(s))  # "Oslo" over a dateline's "OSLO"

    best = max(surfaces, key=score)
    return best[4:] if best[:4].lower() == "the " and len(best) > 6 else best
