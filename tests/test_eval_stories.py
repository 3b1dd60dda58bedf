"""`newsdesk eval stories`: the clustering scores themselves, and CI floors on fixed dev subsets.

The floors (tests/floors/stories.json) are checked on MultiLing (all 100 items) and the first 200
ECB+ items, read from ../shared at run time (skipped when it is absent).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.eval.stories import bcubed, pairwise, scores, tfidf_baseline
from tests.helpers import newsdesk, write_jsonl

SHARED = Path(__file__).resolve().parents[2] / "shared"
STORIES = SHARED / "eval" / "stories"
FLOORS = json.loads((Path(__file__).parent / "floors" / "stories.json").read_text())


def test_perfect_clustering_scores_one():
    gold = ["a", "a", "b", "c"]
    assert bcubed(gold, ["x", "x", "y", "z"]) == (1.0, 1.0, 1.0)
    assert pairwise(gold, ["x", "x", "y", "z"])[2] == 1.0


def test_bcubed_and_pairwise_on_a_hand_computed_case():
    gold = ["a", "a", "a", "b"]
    pred = ["x", "x", "y", "y"]
    p, r, f = bcubed(gold, pred)
    # precision: items 1,2 -> 1; item 3 -> 1/2; item 4 -> 1/2 => 3/4; recall: 2/3,2/3,1/3,1 => 2/3
    assert abs(p - 0.75) < 1e-9 and abs(r - 2 / 3) < 1e-9 and abs(f - 2 * 0.75 * (2 / 3) / (0.75 + 2 / 3)) < 1e-9
    pp, pr, _ = pairwise(gold, pred)
    assert abs(pp - 0.5) < 1e-9 and abs(pr - 1 / 3) < 1e-9  # 1 right pair of 2 predicted, of 3 gold


def test_everything_in_one_cluster_has_full_recall_and_low_precision():
    gold = ["a", "b", "c", "d"]
    s = scores(gold, ["x"] * 4)
    assert s["bcubed_recall"] == 1.0 and s["bcubed_precision"] == 0.25


def test_tfidf_baseline_groups_repeated_texts():
    texts = ["harbour fire Tallinn warehouse timber"] * 2 + ["library opens Oslo books fjord"]
    out = tfidf_baseline(texts)
    assert out[0] == out[1] != out[2]


def test_eval_stories_cli_prints_a_table_then_json_and_writes_predictions(tmp_path):
    from tests.test_stories import FIRE_A, FIRE_B

    items = [{"id": f"a{i}", "title": t, "text": x, "published": f"2026-03-0{1 + i}", "source": f"S{i}",
              "lang": "en", "story": "tallinn"} for i, (t, x) in enumerate(FIRE_A)]
    items += [{"id": f"b{i}", "title": t, "text": x, "published": f"2026-03-0{1 + i}", "source": f"S{i}",
               "lang": "en", "story": "porto"} for i, (t, x) in enumerate(FIRE_B)]
    gold = write_jsonl(tmp_path / "gold.jsonl", items)
    preds = tmp_path / "pred.jsonl"
    proc = newsdesk("eval", "stories", str(gold), "--predictions", str(preds), check=True)
    metrics = json.loads(proc.stdout.strip().splitlines()[-1])
    assert metrics["n"] == 5 and metrics["gold_clusters"] == 2
    assert {"pairwise_precision", "pairwise_recall", "pairwise_f1", "bcubed_precision", "bcubed_recall",
            "bcubed_f1", "pred_clusters", "seconds"} <= set(metrics)
    assert metrics["bcubed_f1"] == 1.0
    rows = [json.loads(line) for line in preds.read_text().splitlines()]
    assert [r["id"] for r in rows] == [it["id"] for it in items] and all(r["story"] for r in rows)


@pytest.mark.slow
@pytest.mark.skipif(not STORIES.exists(), reason="../shared/eval not available")
@pytest.mark.parametrize("name", sorted(FLOORS))
def test_story_clustering_stays_above_its_floor(name):
    floor = FLOORS[name]
    proc = newsdesk("eval", "stories", str(STORIES / f"{name}.jsonl"), "--limit", str(floor["limit"]), check=True)
    metrics = json.loads(proc.stdout.strip().splitlines()[-1])
    for key in ("bcubed_f1", "pairwise_f1"):
        assert metrics[key] >= floor[key], (name, key, metrics[key], floor[key])
