"""`newsdesk eval summaries`: output shape, and the CI floor on the first 200 dev items (read from
../shared at run time, skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import newsdesk, write_jsonl
from tests.test_summary import TEXT

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "eval" / "summaries" / "bbc-news-summary-odd.jsonl"
FLOOR = json.loads((Path(__file__).parent / "floors" / "summaries.json").read_text())


def test_eval_summaries_cli_scores_ours_and_the_lead(tmp_path):
    ref = "The library cost 2.5 billion kroner, and the city says the library will pay back its cost in visitors."
    gold = write_jsonl(tmp_path / "gold.jsonl", [{"id": "x", "title": "Library", "text": TEXT, "summary": ref}])
    preds = tmp_path / "pred.jsonl"
    proc = newsdesk("eval", "summaries", str(gold), "--predictions", str(preds), check=True)
    metrics = json.loads(proc.stdout.strip().splitlines()[-1])
    assert {"rouge1", "rouge2", "rougeL", "lead_rouge1", "lead_rouge2", "lead_rougeL", "n"} <= set(metrics)
    assert metrics["rouge1"] > metrics["lead_rouge1"]  # the central sentence, not the opening one
    row = json.loads(preds.read_text())
    assert row["id"] == "x" and len(row["summary"].split()) <= len(ref.split())


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason="../shared/eval not available")
def test_summaries_beat_the_lead_and_stay_above_the_floor():
    proc = newsdesk("eval", "summaries", str(DEV), "--limit", str(FLOOR["limit"]), check=True)
    m = json.loads(proc.stdout.strip().splitlines()[-1])
    assert m["rouge1"] > m["lead_rouge1"] and m["rougeL"] > m["lead_rougeL"]
    for key in ("rouge1", "rouge2", "rougeL"):
        assert m[key] >= FLOOR[key], (key, m[key], FLOOR[key])
