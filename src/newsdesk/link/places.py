"""Place corrections and confidence, in the linking phase.

- `place_pins` runs before `registry`: a place entity whose name an analyst pinned
  (`Desk.pin_place`, table `place_pins`) takes the pinned location, confidence 1, so the registry
  files it under the pinned place. Later articles and reprocessed ones obey the pin alike.
- `place_confidence` runs after `registry`: each located place entity keeps the best confidence any
  of its articles gave it (table `place_confidence`), for maps and listings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from newsdesk.geo import name_key
from newsdesk.lexicon.labels import PLACE_LABELS
from newsdesk.link.base import LinkStep
from newsdesk.model import Article, DocEntity
from newsdesk.store import places as place_rows
from newsdesk.store.base import Store


def pin_keys(e: DocEntity) -> list[str]:
    """The name keys a pin may be filed under for this entity: its name and aliases."""
    keys = []
    for n in [e.name, *e.aliases]:
        k = name_key(n)
        if k and k not in keys:
            keys.append(k)
    return keys


def apply_pin(e: DocEntity, pin: dict[str, Any]) -> None:
    e.lat, e.lon = float(pin["lat"]), float(pin["lon"])
    e.geonameid = pin["geonameid"] or None
    e.country_code = pin["country_code"] or None
    e.feature = pin["feature"] or "pinned"
    e.confidence = 1.0


class PlacePins(LinkStep):
    name = "place_pins"
    understanding = True

    def link(self, store: Store, articles: Sequence[Article]) -> None:
        places = [e for a in articles for e in a.entities if e.label in PLACE_LABELS]
        if not places:
            return
        pins = place_rows.pins(store, [k for e in places for k in pin_keys(e)])
        if not pins:
            return
        for e in places:
            pin = next((pins[k] for k in pin_keys(e) if k in pins), None)
            if pin is not None:
                apply_pin(e, pin)


class PlaceConfidence(LinkStep):
    name = "place_confidence"
    understanding = True

    def link(self, store: Store, articles: Sequence[Article]) -> None:
        best: dict[str, float] = {}
        for a in articles:
            for e in a.entities:
                if e.label in PLACE_LABELS and e.entity_id and e.lat is not None and e.confidence is not None:
                    best[e.entity_id] = max(best.get(e.entity_id, 0.0), float(e.confidence))
        place_rows.raise_confidence(store, sorted(best.items()))
