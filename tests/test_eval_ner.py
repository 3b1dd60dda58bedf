"""CI floors for named entities: fixed subsets of the development sets, scored as `newsdesk eval ner`
scores them; a score below its floor in tests/floors/ner.json fails (raise the floors as scores rise)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import eval_at_floor

FLOORS = json.loads((Path(__file__).resolve().parent / "floors" / "ner.json").read_text())


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_ner_scores_stay_above_their_floors(name: str, tmp_path: Path) -> None:
    # the predictions file has one line per item, every span inside its text
    lines = eval_at_floor("ner", name, FLOORS[name], tmp_path)
    assert all("entities" in p for p in lines)
