"""`newsdesk eval TASK FILE`: a readable table, then one JSON line of metrics last on stdout."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from newsdesk.cli.app import app
from newsdesk.cli.output import fail, print_records


@app.command("eval")
def eval_(
    task: Annotated[str, typer.Argument(help="ner | quotes | geo | stories | summaries | extraction | classify")],
    file: Annotated[Path, typer.Argument(help="A gold JSONL file in the formats of shared/eval/README.md.")],
    predictions: Annotated[Path | None, typer.Option("--predictions", help="Write one prediction per item here (JSONL).")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N items (fixed subsets).")] = None,
    train: Annotated[Path | None, typer.Option("--train", help="classify: train on this file (default: 5-fold CV on FILE).")] = None,
) -> None:
    """Score a component on a gold file."""
    # heavy: the eval tasks load the pipeline, spaCy's wrapper and trafilatura; only this command needs them
    from newsdesk.eval import TASKS, run_task

    if task not in TASKS:
        fail(f"unknown eval task {task!r} (choose {', '.join(TASKS)})", 2)
    if not file.exists():
        fail(f"no such file: {file}", 2)
    try:
        options = {"train": str(train)} if train else {}  # classify only
        if train and task != "classify":
            fail("--train is for eval classify", 2)
        if train and not train.exists():
            fail(f"no such file: {train}", 2)
        result = run_task(task, str(file), str(predictions) if predictions else None, limit, **options)
    except (ValueError, KeyError, json.JSONDecodeError) as exc:
        fail(f"{file}: {exc}")
    if result.table:
        cols = result.columns or list(result.table[0])
        # The table is for people; on a pipe it still goes out as plain lines, before the JSON.
        print_records(result.table, cols)
    sys.stdout.write(json.dumps(result.metrics) + "\n")
