"""Test helpers: paths, text we write ourselves, and running the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_36cefa5a0f04f663.txt"
EXAMPLES = REPO / "examples"

_TOPICS = [
    ("harbour", "The harbour authority in {city} reported that {n} container ships waited offshore on {day}."),
    ("rail", "Rail operators in {city} said {n} trains were cancelled after a signalling fault on {day}."),
    ("council", "The city council of {city} voted {n} to 12 to expand the tram network, officials said on {day}."),
    ("weather", "Forecasters in {city} warned of {n} millimetres of rain arriving late on {day}."),
    ("library", "The public library in {city} lent {n} books during its reopening week ending {day}."),
]
_CITIES = ["Lisbon", "Porto", "Tallinn", "Oslo", "Valencia", "Gdansk", "Cork", "Turin", "Lyon", "Bergen"]


def synthetic_records(n: int, start: int = 0) -> list[dict]:
    """`n` distinct short reports of our own, with ids, titles, sources and dates."""
    out = []
    for i in range(start, start + n):
        topic, template = _TOPICS[i % len(_TOPICS)]
        city = _CITIES[(i // len(_TOPICS)) % len(_CITIES)]
        day = f"2026-03-{1 + i % 28:02d}"
        body = " ".join(
            template.format(city=city, n=(i * 7 + k) % 997 + 3, day=day) + f" Report {i} part {k} follows."
            for k in range(3)
        )
        out.append({
            "id": f"syn-{i:06d}", "title": f"{topic.title()} news from {city}, item {i}",
            "text": body, "source": f"Outlet {i % 4}", "published": f"{day}T09:{i % 60:02d}:00Z",
        })
    return out


def wire_record(i: str, text: str, day: str, **extra: str) -> dict:
    """A "Test Wire" record of `text`, published on March `day`, 2026, titled by its first sentence."""
    return {"id": i, "title": text.split(".")[0][:80], "text": text, "source": "Test Wire",
            "published": f"2026-03-{day}T10:00:00Z", **extra}


def ingest_steps(desk, records: list[dict], steps: list[str]) -> None:
    """Ingest `records` into `desk` with exactly these pipeline steps, in one worker."""
    from newsdesk.config import IngestOptions

    desk.ingest_records(records, IngestOptions(pipeline=steps, workers=1))


def eval_at_floor(task: str, name: str, floor: dict, tmp_path: Path) -> list[dict]:
    """Score `task` on the first floor["limit"] items of shared/eval/TASK/NAME.jsonl as `newsdesk eval`
    does, check the item count and every metric against its floor, and return the predictions' lines
    (skipped where the file is not available)."""
    import pytest

    from newsdesk.eval import run_task

    path = SHARED / "eval" / task / f"{name}.jsonl"
    if not path.exists():
        pytest.skip(f"{path} not available")
    predictions = tmp_path / "pred.jsonl"
    result = run_task(task, str(path), str(predictions), floor["limit"])
    assert result.metrics["n"] == floor["limit"]
    lines = [json.loads(line) for line in predictions.read_text().splitlines()]
    assert len(lines) == floor["limit"]
    for metric, minimum in floor["metrics"].items():
        assert result.metrics[metric] >= minimum, f"{name} {metric} {result.metrics[metric]} < floor {minimum}"
    return lines


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def newsdesk(*args: str, db: Path | None = None, input: str | None = None, timeout: int = 600,
             check: bool = False) -> subprocess.CompletedProcess:
    """Run the CLI as a user would, in a subprocess."""
    env = dict(os.environ)
    if db is not None:
        env["NEWSDESK_DB"] = str(db)
    proc = subprocess.run(
        [sys.executable, "-m", "newsdesk", *args], capture_output=True, text=True, env=env,
        input=input, timeout=timeout,
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"newsdesk {' '.join(args)} -> {proc.returncode}\n{proc.stderr[-3000:]}")
    return proc


# Short examples of two categories, written for the tests (categories and watchlist filters).
SPORT = ["The striker scored twice as the club won the cup final", "The coach praised the goalkeeper after the match",
         "Fans cheered as the team clinched the league title", "The midfielder was injured before the derby match",
         "A late goal sent the club into the semi-final of the cup", "The team's manager was sacked after five defeats"]
MARKETS = ["Shares fell as the central bank raised interest rates", "The company reported quarterly profit above forecasts",
           "Bond yields rose after inflation figures surprised investors", "The firm's shares jumped on a takeover bid",
           "Oil prices slipped as traders weighed demand figures", "The bank cut its growth forecast for next year"]


def category_examples(path: Path) -> Path:
    """A JSONL training file of the SPORT and MARKETS examples (title, text, label) at `path`."""
    rows = [{"title": t.split(" as ")[0], "text": t + ".", "label": label}
            for label, texts in (("sport", SPORT), ("markets", MARKETS)) for t in texts]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def quotes_of(text: str) -> list:
    """The quotations the pipeline (nlp, entities, quotes) finds in an English `text`."""
    # heavy: the pipeline package is only needed by the quotation tests
    from newsdesk.model import Article
    from newsdesk.pipeline import build_pipeline

    stream = [Article(id="q", text=text, language="en")]
    for step in build_pipeline(["nlp", "entities", "quotes"]).steps:
        stream = list(step.run(stream))
    return stream[0].quotes
