"""CI floors for named entities: fixed subsets of the development sets, scored as `newsdesk eval ner`
scores them; a score below its floor in tests/floors/ner.json fails (raise the floors as scores rise)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.eval import run_task

SHARED = Path(__file__).resolve().parents[2] / "shared"
FLOORS = json.loads((Path(__file__).resolve().parent / "floors" / "ner.json").read_text())


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_ner_scores_stay_above_their_floors(name: str, tmp_path: Path) -> None:
    floor = FLOORS[name]
    path = SHARED / "eval" / "ner" / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not available")
    predictions = tmp_path / "pred.jsonl"
    result = run_task("ner", str(path), str(predictions), floor["limit"])
    assert result.metrics["n"] == floor["limit"]
    # the predictions file has one line per item, every span inside its text
    lines = [json.loads(line) for line in predictions.read_text().splitlines()]
    assert len(lines) == floor["limit"] and all("entities" in p for p in lines)
    for metric, minimum in floor["metrics"].items():
        assert result.metrics[metric] >= minimum, f"{name} {metric} {result.metrics[metric]} < floor {minimum}"
