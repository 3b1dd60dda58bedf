"""`newsdesk eval extraction`: the metrics as specified, and the CI floors on fixed subsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.eval.extraction import evaluate, overlap
from tests.helpers import newsdesk
from tests.test_fetch_support import DATA

FLOORS = json.loads((Path(__file__).resolve().parent / "floors" / "extraction.json").read_text())
DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction" / "trafilatura-eval-en.jsonl"
OWN = DATA / "gold.jsonl"

PAGE = ("<html><head><title>Ferry timetable extended</title>"
        '<meta property="article:published_time" content="2024-03-05T09:30:00+01:00"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Ferry timetable extended</h1>"
        + "".join(f"<p>The harbour board voted to extend the ferry timetable into the winter months, adding "
                  f"crossings from November, point {i}.</p>" for i in range(4))
        + "</article><footer>Copyright 2024 Valley Courier. All rights reserved.</footer></body></html>")


def test_overlap_is_a_bag_of_tokens_and_empty_output_scores_zero():
    assert overlap("", "some gold text") == (0.0, 0.0, 0.0)
    precision, recall, f1 = overlap("the the cat", "The cat sat")
    assert precision == pytest.approx(2 / 3) and recall == pytest.approx(2 / 3) and f1 == pytest.approx(2 / 3)
    assert overlap("Cat, sat!", "cat sat") == (1.0, 1.0, 1.0)


def test_metrics_on_a_small_file_match_a_hand_count(tmp_path):
    items = [
        {"id": "a", "url": "https://valleycourier.example/2024/03/05/ferry", "html": PAGE, "lang": "en",
         "gold_text": "", "with": ["extend the ferry timetable", "adding  crossings\nfrom November", "not there at all"],
         "without": ["Copyright 2024 Valley Courier", "Home News"], "date": "2024-03-05"},
        {"id": "b", "url": "hard::b", "html": "<html><body></body></html>", "lang": None,
         "gold_text": "Some gold words here", "date": "2024-01-01"},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(i) + "\n" for i in items))
    predictions = tmp_path / "pred.jsonl"
    result = evaluate(path, predictions=predictions, baseline=False)
    m = result.metrics
    assert m["n"] == 2 and m["n_gold_text"] == 1
    assert m["with_found"] == round(2 / 3, 4) and m["without_absent"] == 1.0
    assert m["f1"] == 0.0  # the empty page
    assert m["date_accuracy"] == 0.5
    lines = [json.loads(x) for x in predictions.read_text().splitlines()]
    assert [x["id"] for x in lines] == ["a", "b"] and lines[0]["date"] == "2024-03-05" and lines[1]["text"] == ""
    assert set(lines[0]) == {"id", "text", "date"}


def test_cli_prints_ours_beside_trafilatura_and_one_json_line_last(tmp_path):
    subset = tmp_path / "own.jsonl"
    subset.write_text("".join(OWN.read_text(encoding="utf-8").splitlines(keepends=True)[:3]))
    proc = newsdesk("eval", "extraction", str(subset), "--limit", "2", timeout=300)
    assert proc.returncode == 0, proc.stderr
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    assert last["n"] == 2 and last["f1"] is not None and last["trafilatura_f1"] is not None
    assert any(line.startswith("precision") for line in proc.stdout.splitlines()[:3])


@pytest.mark.slow
def test_own_gold_pages_stay_above_the_floor():
    m = evaluate(OWN, baseline=False).metrics
    for name, floor in FLOORS["own_gold"].items():
        assert m[name] >= floor, (name, m[name], floor)


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason="shared extraction dev set not present")
def test_dev_subset_stays_above_the_floor():
    m = evaluate(DEV, limit=FLOORS["dev_subset_size"], baseline=False).metrics
    for name, floor in FLOORS["dev_subset"].items():
        assert m[name] >= floor, (name, m[name], floor)
