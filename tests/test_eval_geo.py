"""CI floors for places: fixed subsets of the development sets, scored as `newsdesk eval geo` scores
them; a score below its floor in tests/floors/geo.json fails (raise the floors as scores rise)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.eval.geo import confidence_band, haversine_km, match_spans
from tests.helpers import eval_at_floor

FLOORS = json.loads((Path(__file__).resolve().parent / "floors" / "geo.json").read_text())


def test_haversine_and_one_to_one_matching() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)
    pred = [{"start": 0, "end": 10}, {"start": 2, "end": 4}]
    gold = [{"start": 0, "end": 6}, {"start": 20, "end": 25}]
    assert match_spans(pred, gold) == [(0, 0)]  # the larger overlap wins; each span used once


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_geo_scores_stay_above_their_floors(name: str, tmp_path: Path) -> None:
    lines = eval_at_floor("geo", name, FLOORS[name], tmp_path)
    assert all({"start", "end", "lat", "lon", "geonameid"} <= set(t) for p in lines for t in p["toponyms"])


def test_confidence_bands_take_each_confidence_to_its_lower_edge() -> None:
    assert confidence_band(0.95) == 0.9
    assert confidence_band(0.9) == 0.9
    assert confidence_band(0.75) == 0.7
    assert confidence_band(0.2) == 0.0
    assert confidence_band(None) == -1.0
