"""Places on the desk: one place by name, and analyst pins that correct where a name is.

A pin (`pin_place`) is kept in `place_pins` by the place's name; the `place_pins` link step applies
it to every later article and on reprocess, and pinning updates the entities already stored.
"""

from __future__ import annotations

import re
from typing import Any

from newsdesk.desk.core import DeskCore
from newsdesk.geo import get_gazetteer, name_key
from newsdesk.link.registry import alias_key, entity_row
from newsdesk.store import places as place_rows
from newsdesk.store.base import now_iso

_LATLON = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$")
CANDIDATES = 8


class PinError(ValueError):
    """A pin the desk cannot make (unknown GeoNames id, coordinates out of range, no name)."""


def parse_target(to: str) -> dict[str, Any]:
    """"GEONAMEID" (a place in the offline gazetteer) or "LAT,LON" -> the pinned location."""
    to = (to or "").strip()
    if to.isdigit():
        p = get_gazetteer().by_geonameid(to)
        if p is None:
            raise PinError(f"GeoNames id {to} is not in the offline gazetteer; pin to LAT,LON instead")
        return {"lat": p.lat, "lon": p.lon, "geonameid": p.geonameid, "country_code": p.country_code,
                "feature": p.feature, "place": p.name}
    m = _LATLON.match(to)
    if not m:
        raise PinError(f"--to must be a GeoNames id or LAT,LON, not {to!r}")
    lat, lon = float(m.group(1)), float(m.group(2))
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise PinError(f"coordinates out of range: {lat},{lon}")
    return {"lat": lat, "lon": lon, "geonameid": None, "country_code": None, "feature": "pinned", "place": None}


class PlacesAPI(DeskCore):
    def place(self, name: str) -> dict[str, Any]:
        """What the desk knows of a place name: its place entities (with confidence), the pin made
        for it if any, and the gazetteer's readings (GeoNames ids to pin to)."""
        key = name_key(name)
        if not key:
            raise ValueError("a place name is needed")
        rows = place_rows.named(self.store, alias_key(name))
        entities = []
        for r in rows:
            d = entity_row(r)
            d["feature"] = r["feature"]
            d["confidence"] = r["confidence"]
            entities.append(d)
        pin = place_rows.pin(self.store, key)
        readings = [
            {"geonameid": p.geonameid, "name": p.name, "lat": p.lat, "lon": p.lon, "country_code": p.country_code,
             "feature": p.feature, "admin1": p.admin1 if p.feature != "country" else "", "population": p.population}
            for p in get_gazetteer().candidates(name)[:CANDIDATES]
        ]
        return {"name": name, "entities": entities, "pin": dict(pin) if pin else None, "gazetteer": readings}

    def pin_place(self, name: str, to: str) -> dict[str, Any]:
        """Pin the place called `name` to a GeoNames id or "LAT,LON": kept in the desk, applied to the
        place entities of that name now, to later articles and on reprocess. Returns the pin."""
        key = name_key(name)
        if not key:
            raise PinError("a place name is needed")
        target = parse_target(to)
        pin = {"name_key": key, "name": name.strip(), "lat": target["lat"], "lon": target["lon"],
               "geonameid": target["geonameid"], "country_code": target["country_code"],
               "feature": target["feature"], "created_at": now_iso()}
        with self.store.transaction():
            place_rows.set_pin(self.store, pin)
            ids = place_rows.named_ids(self.store, alias_key(name))
            for eid in ids:
                place_rows.relocate(self.store, eid, pin)
        return {**pin, "place": target["place"], "entities_updated": len(ids)}

