"""`newsdesk eval quotes`: the metric definitions, and accuracy floors on a fixed dev subset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.eval.quotes import evaluate, is_direct_span, match, score, sources_agree

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "eval" / "quotes" / "polnear-dev.jsonl"
FLOORS = Path(__file__).resolve().parent / "floors" / "quotes.json"


def span_of(text: str, part: str) -> tuple[int, int]:
    i = text.index(part)
    return i, i + len(part)


# --- the README's direct-quote rule ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "part", "direct"), [
    ('He said "we will win," and left.', '"we will win,"', True),  # 2: begins/ends with a double mark
    ("He said “we will win.” Then he left.", "“we will win.”", True),
    ("He said ``we will win'' and left.", "``we will win''", True),  # the two-character TeX marks
    ('that he would "compete vigorously."', 'that he would "compete vigorously."', True),  # ends quoted
    ("Headline says 'we will win' today", "'we will win'", True),  # 3: fully single-quoted
    ("Clinton's aides say it's over", "Clinton's aides", False),  # one apostrophe is not a quote
    ('He said "we will win," and left.', "we will win", True),  # 4: enclosed, skipping the comma
    ("He said “we will win” today.", "we will win", True),
    ('a "so" called plan', "called plan", False),  # 5: a mark only in the middle or outside one side
    ('The "big" plan failed.', 'The "big" plan', False),
    ("(“Yes.”)", "“Yes.”", True),  # brackets and sentence punctuation are stripped first
])
def test_direct_rule(text: str, part: str, direct: bool) -> None:
    assert is_direct_span(text, *span_of(text, part)) is direct


# --- matching and scores ---------------------------------------------------------------------------

def q(start: int, end: int, src: tuple[int, int] | None = None) -> dict:
    return {"content": {"start": start, "end": end},
            "source": {"start": src[0], "end": src[1]} if src else None}


def test_match_needs_half_of_the_longer_span_and_is_one_to_one_largest_first() -> None:
    golds = [q(0, 100), q(100, 140)]
    assert match([q(0, 49)], golds) == []  # 49 < 50
    assert match([q(0, 50)], golds) == [(0, 0)]
    # two predictions on one gold: the larger overlap wins, the other stays unmatched
    assert match([q(10, 100), q(0, 95)], [q(0, 100)]) == [(1, 0)]


def test_sources_agree_when_both_absent_or_overlapping() -> None:
    assert sources_agree(q(0, 5), q(0, 5))
    assert sources_agree(q(0, 5, (10, 20)), q(0, 5, (15, 30)))
    assert not sources_agree(q(0, 5, (10, 20)), q(0, 5, (20, 30)))
    assert not sources_agree(q(0, 5, (10, 20)), q(0, 5))


def test_score_counts_direct_quotes_by_the_rule_on_predictions() -> None:
    text = 'X said "we will win," he added. Y said the plan failed.'
    quoted = span_of(text, '"we will win,"')
    reported = span_of(text, "the plan failed")
    golds = [dict(q(*quoted, (0, 1)), direct=True), dict(q(*reported, (32, 33)), direct=False)]
    preds = [q(*quoted, (0, 1)), q(*reported)]
    every, direct = score([(text, preds, golds)])
    assert (every.tp, every.tp_exact, every.tp_source) == (2, 2, 1)
    assert (direct.n_pred, direct.n_gold, direct.tp, direct.tp_source) == (1, 1, 1, 1)


def test_evaluate_writes_predictions_and_metrics(tmp_path: Path) -> None:
    text = '"The vote was fair," Ann Lee said. The ministry said that the border was closed.'
    gold = {"id": "g1", "text": text, "quotes": [
        {"content": dict(zip(("start", "end"), span_of(text, '"The vote was fair,"'), strict=True)),
         "content_fragments": [], "cue": None,
         "source": dict(zip(("start", "end"), span_of(text, "Ann Lee"), strict=True)), "direct": True},
    ]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    out = tmp_path / "pred.jsonl"
    result = evaluate(str(path), predictions=str(out))
    m = result.metrics
    assert set(m) == {"content_f1", "content_exact_f1", "source_f1", "direct_content_f1", "direct_source_f1",
                      "n", "seconds"}
    assert m["n"] == 1 and m["direct_source_f1"] == 1.0
    assert m["content_f1"] == pytest.approx(2 / 3, abs=1e-3)  # the reported one is not in this gold
    (line,) = out.read_text(encoding="utf-8").splitlines()
    pred = json.loads(line)
    assert pred["id"] == "g1" and len(pred["quotes"]) == 2
    assert set(pred["quotes"][0]) == {"content", "source", "cue"}


# --- floors on the fixed dev subset -----------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason="../shared/eval is not here")
def test_dev_subset_stays_above_its_floors() -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    result = evaluate(str(DEV), limit=floors["limit"])
    assert result.metrics["n"] == floors["limit"]
    low = {k: (result.metrics[k], v) for k, v in floors["metrics"].items() if result.metrics[k] < v}
    assert not low, f"below floor (measured, floor): {low}"
