"""Evaluation: `newsdesk eval TASK FILE` scores a component on a gold file (formats of
../shared/eval/README.md), with the same code a user's ingest runs.

Each task is a module exposing `evaluate(path, predictions=None, limit=None) -> EvalResult`, listed
in the explicit `TASKS` table; what the tasks share lives in `eval.base`.
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

from newsdesk.eval import classify, extraction, geo, ner, quotes, stories, summaries
from newsdesk.eval.base import EvalResult, match_one_to_one, prf, read_jsonl

# The tasks, by name: an explicit table of modules.
TASKS: dict[str, ModuleType] = {
    "ner": ner,
    "quotes": quotes,
    "geo": geo,
    "stories": stories,
    "summaries": summaries,
    "extraction": extraction,
    "classify": classify,
}


def run_task(task: str, path: str, predictions: str | None = None, limit: int | None = None,
             **options: Any) -> EvalResult:
    """Score `task`; `options` go to tasks that take more (classify: train=TRAIN)."""
    if task not in TASKS:
        raise ValueError(f"unknown eval task {task!r} (choose {', '.join(TASKS)})")
    return TASKS[task].evaluate(path, predictions=predictions, limit=limit, **options)


__all__ = ["TASKS", "run_task", "EvalResult", "read_jsonl", "prf", "match_one_to_one"]
