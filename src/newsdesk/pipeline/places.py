"""The `places` step: GPE, LOC and FAC entities located offline.

Each place entity of a document is looked up in the gazetteer (`newsdesk.geo`) under its name and
aliases; its candidates are ranked by what they are (a country before a region before a town), by
population, and by the document's context: the countries it names (or whose people it names:
"Russian"), the regions it names, and the places already located. Places are resolved in two passes:
the unambiguous ones first, so they can inform the rest ("Melbourne" with "Australia" is the
Australian city; "Georgia" with "Atlanta" the US state).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from newsdesk.geo import COUNTY_WORDS, Gazetteer, Place, get_gazetteer, name_key
from newsdesk.lexicon.labels import NATIONAL_FEATURES, PLACE_LABELS, SUBNATIONAL_FEATURES
from newsdesk.lexicon.places import (
    GENERIC_WORDS,
    LIST_GAP,
    REGION_WORD_TAIL,
    REGION_WORDS_AFTER,
    REGION_WORDS_BEFORE,
)
from newsdesk.model import Article, DocEntity, Mention
from newsdesk.pipeline.base import Step, register
from newsdesk.text import host_of

FEATURE_BONUS = {"continent": 9.0, "ocean": 9.0, "country": 4.0, "sea": 8.0, "region": 7.0, "admin1": 0.8,
                 "admin2": -0.6, "city": 0.0}
NEAR_KM = 400.0
# a town this big is a fair guess even with nothing in the document pointing at it (a prior only)
STRONG_PRIOR = 100_000
# a town smaller than this (GeoNames cities500 reaches hamlets of 500 people, and many share their
# names with words and with bigger places) is taken only with local evidence: its region named, a
# "Town, Region" qualifier, or located places nearby; a country named is not enough
SMALL_TOWN = 1000
# a city known by another name than its region ("New York City") stands for the region's name only
# when it holds this share of the region's people (chosen by leave-one-set-out on the dev sets)
CITY_SHARE = 0.2
BIG_REGION = 1_000_000
REGION_FEATURES = frozenset({"continent", "ocean", "sea", "region", "country", "admin1"})
# "Springfield, Ill.", "Paris, Texas", "Cairo, Egypt": the writer names the region or country the
# town is in, which outweighs any population prior
QUALIFIED_BONUS = 5.0
_QUALIFIER_GAP = re.compile(r"\s*,\s*")
_LOCATIVE = re.compile(r"\b(?:in|of|at|from|near|to|outside|across|around|throughout)\s+(?:the\s+)?$")
_NEXT_CAP = re.compile(r" [A-Z][a-z]")
# "Ringgold, GA", "Dalton, Ga.", "Moncton, N.B.": up to four capitalised words, a comma, and a postal
# code or a news abbreviation of a region, not followed by more of a name ("Tunnel Hill, Ga.,")
_TOWN_REGION = re.compile(
    r"\b(?P<town>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,3}),\s(?P<region>[A-Z]{2,3}\b(?![.’'-]\w)|"
    r"(?:[A-Z]\.){2}|[A-Z][a-z]{1,4}\.(?: ?[A-Z][a-z]?\.)?)(?! ?[A-Z][a-z])")
# a place-taking preposition, then perhaps the first items of a list of places, right before a name:
# "from Marshall", "from Marshall, Cottage Grove and DeForest"
_PLACE_LIST_BEFORE = re.compile(
    r"\b(?:in|from|near|outside|to|at)\s+(?:[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2},\s+)*"
    r"(?:[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2},?\s+(?:and|or)\s+)?$")
# how far from the story's own towns a neighbouring town the model read as a name may lie
NEIGHBOUR_KM = 60.0
COMPASS = {"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
           "north east", "north west", "south east", "south west", "centre", "center", "central"}


def _km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _names(entity: DocEntity) -> list[str]:
    names = [entity.name] + [a for a in entity.aliases if a != entity.name]
    out = []
    for n in names:
        n = n.strip()
        for candidate in (n, n.removesuffix("'s").removesuffix("’s")):
            if candidate and candidate not in out:
                out.append(candidate)
    return out


def candidates(entity: DocEntity) -> list[Place]:
    gaz = get_gazetteer()
    seen: set[int] = set()
    out: list[Place] = []
    names = _names(entity)
    # "Sichuan province", "West Virginia State": the name with a generic region word after it
    names += [m.group(1) for n in names if (m := REGION_WORD_TAIL.match(n))]
    for n in names:
        for p in gaz.candidates(n):
            if id(p) not in seen:
                seen.add(id(p))
                out.append(p)
        if out:
            break
    return out


def _base_score(p: Place, name: str) -> float:
    score = math.log10(p.population + 10) + FEATURE_BONUS.get(p.feature, 0.0)
    if name_key(p.name) == name_key(name):
        score += 0.5  # its own name, not an alternate spelling
    return score


def _is_place_name(entity: DocEntity) -> bool:
    """A name that can be looked up at all: capitalised ("bell tower" is not a toponym), and not a
    bare compass word ("the West", "South": a direction or a political bloc, not the Cameroonian
    region or a town of that name)."""
    name = entity.name.strip()
    if not any(c.isupper() for c in name):
        return False
    return name_key(name) not in COMPASS


def add_qualified_towns(article: Article) -> None:
    """ "Ringgold, GA": a town written with its region's postal code or news abbreviation is a place
    even where the model missed it, when the gazetteer has a town of that name in that region. The
    missing mentions (town, region or both) are added as GPEs; a region code the model did find
    learns its region's name ("GA" -> Georgia) so that it can be located."""
    gaz = get_gazetteer()
    text = article.text
    taken = sorted((m.start, m.end) for m in article.mentions)
    by_span = {(m.start, m.end): m for m in article.mentions}
    by_key = {e.key: e for e in article.entities}
    by_name = {name_key(e.name): e for e in article.entities if e.label in PLACE_LABELS}
    added = 0
    for m in _TOWN_REGION.finditer(text):
        region = _region_of(m.group("region"), gaz)
        if region is None:
            continue
        words = m.group("town").split(" ")
        # the longest tail of the capitalised run that is a town of that region ("Police in" never
        # matches: lower-case words end the run; "Residents Ringgold" -> "Ringgold")
        for i in range(len(words)):
            town = " ".join(words[i:])
            if any(_within(p, region) for p in gaz.candidates(town) if p.feature in ("city", "admin2")):
                break
        else:
            continue
        spans = [(m.end("town") - len(town), m.end("town"), town), (m.start("region"), m.end("region"), m.group("region"))]
        for start, end, surface in spans:
            found = by_span.get((start, end))
            misread = by_key.get(found.entity_key or "") if found is not None else None
            if misread is not None and misread.label in _MISREAD_AS:
                _relabel(article, misread)  # the model's person or organisation "Ringgold": the town
                by_name.setdefault(name_key(misread.name), misread)
                continue
            if any(a < end and start < b for a, b in taken):
                continue
            key = name_key(surface)
            e = by_name.get(key)
            if e is None:
                added += 1
                e = DocEntity(key=f"q{added}", name=surface.rstrip("."), label="GPE")
                article.entities.append(e)
                by_name[key] = e
            e.mention_count += 1
            article.mentions.append(Mention(start, end, surface, e.label, e.key))
            taken.append((start, end))
        code = by_name.get(name_key(m.group("region")))
        if code is not None and region.name not in code.aliases and not gaz.candidates(code.name):
            code.aliases.append(region.name)
    if added:
        article.mentions.sort(key=lambda x: x.start)


# labels the model gives a town or a region code it does not know ("Ringgold" a person, "TN" an org)
_MISREAD_AS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT"})


def _relabel(article: Article, entity: DocEntity) -> None:
    entity.label = "GPE"
    for m in article.mentions:
        if m.entity_key == entity.key:
            m.label = "GPE"


def _region_of(token: str, gaz: Gazetteer) -> Place | None:
    """The first-level region a postal code ("GA") or abbreviation ("Ga.", "N.B.") names."""
    if token.isupper() and token.isalpha():
        return gaz.region_of_code(token)
    return next((p for p in gaz.candidates(token)[:3] if p.feature == "admin1"), None)


def relabel_located_orgs(article: Article) -> None:
    """An "organisation" whose whole name is a place the gazetteer knows and that the text uses as a
    place ("a woman of Edmonton,", "in Kentucky") is that place: the entity becomes a GPE. Only a
    mention right after a locative preposition counts ("Edmonton Oilers", "Texas said" stay ORG)."""
    gaz = get_gazetteer()
    text = article.text
    for e in article.entities:
        if e.label != "ORG" or not _is_place_name(e) or not gaz.candidates(e.name):
            continue
        mentions = [m for m in article.mentions if m.entity_key == e.key]
        if not any(_LOCATIVE.search(text[max(0, m.start - 12):m.start]) and not _followed_by_name(text, m.end)
                   for m in mentions):
            continue
        e.label = "GPE"
        for m in mentions:
            m.label = "GPE"


def locate_neighbour_towns(article: Article) -> None:
    """A name the model read as a person or an organisation ("Crews from Marshall, Cottage Grove and
    DeForest") is a town when every mention of it stands where a place does (after "in", "from", ...
    or in a list after one) and the gazetteer has a town of that name near the towns the story is
    already located in: local news names the next towns along without their state."""
    anchors = [e for e in article.entities if e.label in PLACE_LABELS and e.lat is not None
               and e.feature in ("city", "admin2")]
    if not anchors:
        return
    gaz = get_gazetteer()
    text = article.text
    surnames = {e.name.split()[-1] for e in article.entities if e.label == "PERSON" and " " in e.name}
    for e in article.entities:
        if e.label not in ("PERSON", "ORG") or e.name in surnames or not _is_place_name(e) or len(e.name.split()) > 3:
            continue
        mentions = [m for m in article.mentions if m.entity_key == e.key]
        if not mentions or not all(_PLACE_LIST_BEFORE.search(text, max(0, m.start - 80), m.start)
                                   and not _followed_by_name(text, m.end) for m in mentions):
            continue
        near = [(min(_km(p, a) for a in anchors), p) for p in gaz.candidates(e.name)[:30]
                if p.feature == "city" and name_key(p.name) == name_key(e.name)]
        near = [(d, p) for d, p in near if d <= NEIGHBOUR_KM]
        if not near:
            continue
        p = min(near, key=lambda dp: dp[0])[1]
        e.label = "GPE"
        e.lat, e.lon, e.country_code, e.geonameid, e.feature = p.lat, p.lon, p.country_code, p.geonameid, p.feature
        e.confidence = 0.6
        for m in mentions:
            m.label = "GPE"


def _followed_by_name(text: str, end: int) -> bool:
    """"in Edmonton Oilers' arena": the place word is part of a longer capitalised name."""
    return bool(_NEXT_CAP.match(text, end))


def geocode(article: Article) -> None:
    """Set lat, lon, country_code, geonameid, feature and confidence on the article's place entities.
    A name whose best reading has nothing in the document to back it and only a weak prior (a small
    town abroad) is left unresolved rather than guessed."""
    places = [e for e in article.entities if e.label in PLACE_LABELS and _is_place_name(e)]
    if not places:
        return
    gaz = get_gazetteer()
    cands = {e.key: candidates(e) for e in places}
    # context: countries named, directly or through their people ("Russian", "Poles")
    countries: Counter[str] = Counter()
    for e in article.entities:
        if e.label == "NORP":
            cc = gaz.country_of_demonym(e.name)
            if cc:
                countries[cc] += 0.5 * e.mention_count
    for e in places:
        c = cands[e.key]
        if c and c[0].feature == "country" and not _rivals(c):
            countries[c[0].country_code or ""] += e.mention_count
    home = home_country(article.url)
    if home:
        countries[home] += 0.5  # the source's country: a local paper's "London" is its own
    # "Springfield, Ill.": a town and its region; but "Georgia, Oklahoma, Pennsylvania" is a list of
    # regions, not the town of Oklahoma, Pa. (two names whose first readings are alike: a list)
    qualifiers = {k: [q for q in v if not _alike(cands[k], cands.get(q, []))]
                  for k, v in qualifiers_of(article, places).items()}
    resolved: dict[str, Place] = {}
    confidence: dict[str, float] = {}
    # pass 1: names with one clear reading (countries, oceans, unique names); "Georgia" (a country
    # and a US state) waits for the context
    for e in places:
        c = cands[e.key]
        if not c:
            continue
        if c[0].feature in NATIONAL_FEATURES and not _rivals(c):
            resolved[e.key] = c[0]
            confidence[e.key] = 0.95
        elif len(c) == 1 and (c[0].feature != "city" or c[0].population >= STRONG_PRIOR):
            resolved[e.key] = c[0]
            confidence[e.key] = 0.85
    for p in resolved.values():
        if p.country_code and p.feature != "country":
            countries[p.country_code] += 0.5
    regions = {name_key(p.name) for p in resolved.values() if p.feature in SUBNATIONAL_FEATURES}
    regions |= {name_key(e.name) for e in places}
    # first-level regions each name may be ("Ill." -> Illinois), for "Town, Region" and for lists
    # of regions
    admin1_of = {e.key: [p for p in cands[e.key][:8] if p.feature == "admin1"] for e in places}
    # pass 2: the rest, in the light of the document; names qualified by their region first
    # ("Springfield, Ill."), so that they can anchor the others
    # a second look at the names left open, once the others are placed ("Sun Prairie" beside the
    # "Madison" placed after it)
    placed_before = -1
    for look in range(2):
        pending = sorted((e for e in places if cands[e.key] and e.key not in resolved),
                         key=lambda e: 0 if qualifiers.get(e.key) else 1)
        if look and (not pending or len(resolved) == placed_before):
            break  # nothing new placed: a second look would see what the first saw
        placed_before = len(resolved)
        for e in pending:
            c = cands[e.key]
            points = [p for k, p in resolved.items() if k != e.key and p.feature in ("city", "admin2")]
            containers = [p for k, p in resolved.items() if k != e.key and p.feature == "admin1"]
            # the likely readings of the other places still open ("Atlanta" beside "Georgia")
            others = [[p for p in cands[o.key][:12] if p.feature in ("city", "admin1", "country")][:3]
                      for o in places if o.key != e.key and o.key not in resolved and o.name != e.name]
            quals = [q for k in qualifiers.get(e.key, ()) for q in _qualifier_readings(k, resolved, cands)]
            # other names of the document that are first-level regions of a country: a list of states
            sibling_regions = Counter(p.country_code for o in places if o.key != e.key and o.name != e.name
                                      for p in ([resolved[o.key]] if o.key in resolved else admin1_of[o.key][:1])
                                      if p.feature == "admin1")
            main = countries.most_common(1)[0][0] if countries else None
            own = name_key(e.name)
            other_names = {name_key(p.name) for k, p in resolved.items() if k != e.key and p.feature in SUBNATIONAL_FEATURES}
            scored: list[tuple[float, float, Place]] = []
            for p in c[:60]:
                s = _base_score(p, e.name)
                ctx = 0.0
                local = 0.0  # the part of ctx that says where in the country: region, qualifier, neighbours
                if p.country_code and countries.get(p.country_code):
                    ctx += 1.5 + min(1.0, 0.5 * countries[p.country_code])
                    if p.country_code == main:
                        ctx += 0.5
                # its region named elsewhere (not by this very name: "New York" is no evidence for the
                # city of New York in the state of New York)
                if p.admin1 and name_key(p.admin1) in regions and p.feature in ("city", "admin2") and (
                        name_key(p.admin1) != own or name_key(p.admin1) in other_names):
                    ctx += 2.5
                    local += 2.5
                if quals and any(_within(p, q) for q in quals):
                    ctx += QUALIFIED_BONUS
                    local += QUALIFIED_BONUS
                if p.feature == "admin1":
                    # a region among regions of its country ("California, Oregon and Nevada"), or the
                    # region of a town already placed
                    if sibling_regions.get(p.country_code):
                        ctx += 1.5 * min(1.0, 0.5 * sibling_regions[p.country_code])
                    if any(_within(t, p) for t in points):
                        ctx += 2.0
                if p.feature in ("city", "admin2"):
                    near = max((_near(p, a) for a in points), default=0.0)
                    maybe = max((max((_near(p, q) for q in group if q.feature == "city"), default=0.0)
                                 for group in others if group), default=0.0)
                    ctx += 3.0 * near + 1.5 * maybe
                    local += 3.0 * near + 1.5 * maybe
                    if any(_within(p, a) for a in containers) and not (p.admin1 and name_key(p.admin1) in regions):
                        ctx += 1.0
                scored.append((s + ctx, ctx, local, p))
            scored.sort(key=lambda t: -t[0])
            best_score, ctx, local, best = scored[0]
            margin = best_score - scored[1][0] if len(scored) > 1 else 3.0
            if ctx == 0.0 and best.feature in ("city", "admin2") and (best.population < STRONG_PRIOR or (
                    best.feature == "admin2" and not _names_county(e))) and (countries or points or len(scored) > 1):
                continue  # a guess: nothing in the document backs this small place (or bare county name)
            if best.feature == "city" and best.population < SMALL_TOWN and local == 0.0:
                continue  # a hamlet of that name somewhere in a country the document names: a guess
            resolved[e.key] = best
            confidence[e.key] = round(min(0.95, 0.3 + 0.1 * min(margin, 3.0) + 0.1 * min(ctx, 3.0)
                                          + (0.1 if best.population >= STRONG_PRIOR else 0.0)), 2)
            if best.country_code and best.feature != "country":
                countries[best.country_code] += 0.5
    region_meant = _regions_meant(article, places, resolved, qualifiers)
    for e in places:
        p = resolved.get(e.key)
        if p is None:
            continue
        if e.key not in region_meant:
            p = _prefer_city(p, cands[e.key])
        e.lat, e.lon = p.lat, p.lon
        e.country_code = p.country_code
        e.geonameid = p.geonameid
        e.feature = p.feature
        e.confidence = confidence.get(e.key, 0.5)
        _gazetteer_case(e, p.name)
    _locate_facilities(places)


def _gazetteer_case(entity: DocEntity, place_name: str) -> None:
    """A place named only in capitals ("GLASGOW —" of a dateline) takes the gazetteer's spelling of
    the same name; an acronym ("UAE") or a name the gazetteer spells otherwise keeps its own."""
    name = entity.name
    if len(name) > 3 and name.isupper() and place_name.upper() == name and place_name != name:
        entity.name = place_name
        if name not in entity.aliases:
            entity.aliases.append(name)


def home_country(url: str | None) -> str | None:
    """The country of a source whose address ends in a country code ("cbc.ca" -> CA, "bbc.co.uk" ->
    GB); None for generic endings (".com", ".org")."""
    host = host_of(url) or ""
    tld = host.rsplit(".", 1)[-1].upper() if "." in host else ""
    code = "GB" if tld == "UK" else tld
    return code if len(code) == 2 and get_gazetteer().country(code) is not None else None


def _locate_facilities(places: list[DocEntity]) -> None:
    """Streets, buildings, airports the gazetteer does not know ("Hutcheson Road") are placed at the
    town the document is about (its most mentioned located town or county), without a GeoNames id
    and with feature "facility", so a map can still show them."""
    towns = [e for e in places if e.feature in ("city", "admin2") and e.lat is not None]
    if not towns:
        return
    town = max(towns, key=lambda e: e.mention_count)
    for e in places:
        if e.label == "FAC" and e.lat is None:
            e.lat, e.lon, e.country_code, e.feature = town.lat, town.lon, town.country_code, "facility"
            e.confidence = round(0.5 * (town.confidence or 0.5), 2)


def qualifiers_of(article: Article, places: list[DocEntity]) -> dict[str, list[str]]:
    """Entity key -> keys of the places written right after it, after a comma, that may say where it
    is: "Lafayette, La.", "Paris, Texas", "Kourou, French Guiana"."""
    keys = {e.key for e in places}
    mentions = sorted((m for m in article.mentions if m.entity_key in keys), key=lambda m: m.start)
    starts = {m.start: m for m in mentions}
    out: dict[str, list[str]] = {}
    for m in mentions:
        nxt = starts.get(_comma_after(article.text, m.end) or -1)
        if nxt is not None and nxt.entity_key != m.entity_key and m.entity_key:
            quals = out.setdefault(m.entity_key, [])
            if nxt.entity_key not in quals:
                quals.append(nxt.entity_key or "")
    return out


def _alike(a: list[Place], b: list[Place]) -> bool:
    """Two names whose first readings are regions of one kind ("Oklahoma" and "Pennsylvania")."""
    return bool(a and b) and a[0].feature in REGION_FEATURES and a[0].feature == b[0].feature


def _comma_after(text: str, end: int) -> int | None:
    """Where the next word starts when a comma follows `end` ("Lafayette, La."), else None."""
    gap = _QUALIFIER_GAP.match(text, end)
    return gap.end() if gap and "," in gap.group() else None


def _qualifier_readings(key: str, resolved: dict[str, Place], cands: dict[str, list[Place]]) -> list[Place]:
    """What a qualifying name may be: its located place, else its region and country readings."""
    if key in resolved:
        return [resolved[key]]
    return [p for p in cands.get(key, [])[:8] if p.feature in ("admin1", "country")]


def _names_county(entity: DocEntity) -> bool:
    """"Cook County", "St. Martin Parish": a second-level region named as one (a bare "El Dorado" is
    rather one of the towns of that name)."""
    return any(w in COUNTY_WORDS for n in _names(entity) for w in n.split())


def _near(p: Place, q: Place) -> float:
    """How much the place q (located, or a likely reading) backs reading p by being close: 1 at the
    same point, falling with distance to 0 at NEAR_KM (spatial minimality: the readings of a
    document's names lie near each other)."""
    return max(0.0, 1 - _km(p, q) / NEAR_KM)


def _within(p: Place, region: Place) -> bool:
    """p lies in region: the region is p's country, or p's first-level region."""
    if region.feature == "country":
        return p.country_code == region.country_code
    return (region.feature == "admin1" and p.country_code == region.country_code and bool(p.admin1)
            and name_key(p.admin1) == name_key(region.name))


def _rivals(c: list[Place]) -> list[Place]:
    """Other serious readings of a name whose first reading is a country or the like."""
    return [p for p in c[1:] if p.feature in ("admin1", "country") or (p.feature == "city" and p.population >= 500_000)]


def _regions_meant(article: Article, places: list[DocEntity], resolved: dict[str, Place],
                   qualifiers: dict[str, list[str]]) -> set[str]:
    """Keys of the places located as regions whose text says the region is meant, not its big city
    of the same name: a town's qualifier ("Buffalo, New York"), an item of a list of regions of its
    country ("Oregon, New York and Ohio"), a region word beside it ("New York state", "the Quebec
    government", "state of Washington"), or a region holding another town the document placed
    ("police in Montreal ... not allowed to stay in Quebec")."""
    out = {q for quals in qualifiers.values() for q in quals}
    admin1 = {k: p for k, p in resolved.items() if p.feature == "admin1"}
    towns = [(k, p) for k, p in resolved.items() if p.feature in ("city", "admin2")]
    for k, p in admin1.items():
        if any(t != k and name_key(q.name) != name_key(p.name) and _within(q, p) for t, q in towns):
            out.add(k)
    text = article.text
    keys = {e.key for e in places}
    mentions = sorted((m for m in article.mentions if m.entity_key in keys), key=lambda m: m.start)
    for a, b in zip(mentions, mentions[1:], strict=False):
        gap = LIST_GAP.fullmatch(text, a.end, b.start)
        pa, pb = resolved.get(a.entity_key or ""), resolved.get(b.entity_key or "")
        if gap and pa and pb and pa.feature == pb.feature == "admin1" and pa.country_code == pb.country_code:
            out |= {a.entity_key or "", b.entity_key or ""}
    for m in mentions:
        if REGION_WORDS_AFTER.match(text, m.end) or REGION_WORDS_BEFORE.search(text, max(0, m.start - 30), m.start):
            out.add(m.entity_key or "")
    return out


def _prefer_city(p: Place, cands: list[Place]) -> Place:
    """A region named after its big city ("Moscow", "Melbourne") means the city in the news. A city
    known by another name ("New York City") only when it holds a good part of the region's people:
    "Oklahoma" is the state, not Oklahoma City."""
    if p.feature not in SUBNATIONAL_FEATURES:
        return p
    for c in cands:
        if c.feature != "city" or c.country_code != p.country_code:
            continue
        share = c.population >= CITY_SHARE * max(p.population, 1)
        if share or (name_key(c.name) == name_key(p.name) and c.population >= 100_000):
            return c
    return p


def locate_demonyms(article: Article) -> None:
    """A nationality ("Russian", "Syrians") points at its country: the NORP entity gets the
    country's place data (feature "demonym"), which also feeds each document's country context."""
    gaz = get_gazetteer()
    for e in article.entities:
        if e.label != "NORP":
            continue
        cc = gaz.country_of_demonym(e.name)
        country = gaz.country(cc) if cc else None
        if country is not None:
            e.lat, e.lon, e.country_code, e.geonameid = country.lat, country.lon, country.country_code, country.geonameid
            e.feature = "demonym"
            e.confidence = 0.9


def locate_by_embedded_place(article: Article) -> None:
    """An organisation whose name contains a place ("University of Kentucky", "Edmonton Police
    Service", "Statistics Canada") is located at that place, with feature "embedded" (news geoparsing
    corpora annotate such embedded toponyms, and the map can show where an organisation is). The
    place must be one the document has located under that name, or a name with one clear reading:
    a country, region or first-level region, or a big town of a country the document names."""
    gaz = get_gazetteer()
    located: dict[str, DocEntity] = {}
    countries: set[str] = set()
    for e in article.entities:
        if e.label in PLACE_LABELS and e.lat is not None and e.feature not in ("facility", None):
            for n in _names(e):
                located.setdefault(name_key(n), e)
            if e.country_code:
                countries.add(e.country_code)
    lower_words = frozenset(_LOWER_WORD.findall(article.text))
    for e in article.entities:
        # an organisation, a facility the gazetteer does not know ("Guiana Space Centre": placed by
        # the place in its name rather than at the town the document is about), or a place name the
        # gazetteer does not know that contains one it does ("Eastern China", "City of Santa Ana")
        if not (e.label == "ORG" and e.lat is None or e.label == "FAC" and e.feature in (None, "facility")
                or e.label in ("GPE", "LOC") and e.lat is None and _is_place_name(e) and not candidates(e)):
            continue
        found = _embedded_place(e.name, located, countries, gaz, lower_words)
        if found is None:
            continue
        e.lat, e.lon, e.country_code, e.geonameid, conf = found
        e.feature = "embedded"
        e.confidence = round(0.8 * conf, 2)


_WORD = re.compile(r"[^\s-]+")
_LOWER_WORD = re.compile(r"\b[a-z]+\b")


def _capitalised_runs(name: str) -> list[tuple[int, int, str]]:
    """(start, end, phrase) of the runs of capitalised words in a name, longest first, leftmost first:
    "New York State Police" -> "New York State Police", "New York State", ..., "Police"."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(name)]
    out = []
    for size in range(min(4, len(words)), 0, -1):
        for i in range(len(words) - size + 1):
            run = words[i:i + size]
            if all(w[2][:1].isupper() for w in run):
                phrase = name[run[0][0]:run[-1][1]]
                for suffix in ("'s", "’s"):
                    phrase = phrase.removesuffix(suffix)
                out.append((run[0][0], run[0][0] + len(phrase), phrase))
    return out


def _embedded_place(name: str, located: dict[str, DocEntity], countries: set[str], gaz: Gazetteer,
                    lower_words: frozenset[str] = frozenset()) -> tuple[float, float, str | None, str | None, float] | None:
    for _, _, phrase in _capitalised_runs(name):
        key = name_key(phrase)
        if not key or key in COMPASS or len(key) < 3 and "." not in phrase and not phrase.isupper():
            continue  # two letters are a place's name only as an abbreviation ("U.S.", "UK")
        e = located.get(key)
        if e is not None and e.lat is not None and e.lon is not None:
            return e.lat, e.lon, e.country_code, e.geonameid, e.confidence or 0.5
        c = gaz.candidates(phrase)
        if not c or (phrase.isupper() and c[0].feature != "country"):
            continue  # an acronym ("FDA", "PCA") is a place's only when it is a country's ("UK")
        top = c[0]
        if name_key(name) == key and (top.feature == "region" or name_key(top.name) != key and top.feature != "country"):
            continue  # a company named as a place alone: "Amazon", "Google" (an old alias of Topeka)
        if " " not in key and top.feature not in NATIONAL_FEATURES and (key in lower_words or key in GENERIC_WORDS):
            continue  # "US Federal Emergency Management Agency", "Orange": a word, not the place
        clear = top.feature in ("country", "continent", "region") and not _rivals(c)
        # a first-level region: of a country the document names, or a big one with no rival reading
        # ("University of Manitoba", "Texas A&M")
        clear = clear or (top.feature == "admin1" and not _rivals(c) and (
            top.country_code in countries or top.population >= BIG_REGION))
        clear = clear or (top.feature == "city" and top.population >= STRONG_PRIOR and top.country_code in countries)
        if clear:
            return top.lat, top.lon, top.country_code, top.geonameid, 0.9 if top.feature == "country" else 0.7
    return None


def embedded_toponym(surface: str, entity: DocEntity) -> tuple[int, int] | None:
    """Where, in one mention of an organisation located by the place in its name, that place's name
    is (offsets in the surface): "U.S." in "U.S. Food and Drug Administration"; None for a mention
    that does not contain it ("the FDA")."""
    if entity.lat is None or entity.lon is None:
        return None
    gaz = get_gazetteer()
    for start, end, phrase in _capitalised_runs(surface):
        for p in gaz.candidates(phrase)[:20]:
            if (entity.geonameid and p.geonameid == entity.geonameid) or (
                    abs(p.lat - entity.lat) < 0.01 and abs(p.lon - entity.lon) < 0.01):
                return start, end
    return None


@register
class Places(Step):
    name = "places"
    requires = ("entities",)
    assigns = ("places",)
    version = "14"
    understanding = True

    def process(self, article: Article) -> Article:
        if article.entities:
            relabel_located_orgs(article)
            add_qualified_towns(article)
            geocode(article)
            locate_neighbour_towns(article)
            locate_demonyms(article)
            locate_by_embedded_place(article)
        return article
