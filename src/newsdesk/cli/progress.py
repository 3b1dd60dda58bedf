"""Rich progress and summaries for long commands (on stderr)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from newsdesk.cli.output import err
from newsdesk.desk.ingest import IngestReport
from newsdesk.model import Skipped

# Counting the files of the inputs first is cheap up to here; past it the bar shows no total.
MAX_COUNTED_FILES = 200_000


def count_input_files(paths: list[str], limit: int = MAX_COUNTED_FILES) -> int | None:
    """How many files the inputs hold (a folder's, recursively), or None when that is not cheap to
    know: stdin, a URL, or more than `limit` files."""
    n = 0
    for path in paths:
        if path == "-" or "://" in path:
            return None
        if os.path.isdir(path):
            for _folder, _dirs, files in os.walk(path):
                n += len(files)
                if n > limit:
                    return None
        else:
            n += 1
    return n


class FilesDone:
    """Files finished so far, from the origins (input names) of the items reported: every origin
    seen before the latest one is done. Origins come from a report's per-item outcomes (the first
    ones only, so a huge ingest stops counting there) and from skipped items."""

    def __init__(self) -> None:
        self.origins: dict[str, None] = {}
        self._read = 0

    def see(self, origin: str | None) -> None:
        if origin:
            self.origins.setdefault(origin, None)

    def update(self, report: IngestReport) -> int:
        for item in report.outcomes[self._read:]:
            self.see(item.get("origin"))
        self._read = len(report.outcomes)
        return max(len(self.origins) - 1, 0)


@contextmanager
def ingest_progress(description: str, total: int | None = None, files: int | None = None) -> Iterator[tuple]:
    """Yields (on_skip, on_batch) callbacks that drive a progress display on stderr (on a terminal;
    in a pipe or a log file only the skipped items, one line each, and no bar). With `files` (the
    number of input files, when known) the bar counts files, else articles (of `total`, if known)."""
    if not err.is_terminal:

        def plain_skip(item: Skipped) -> None:
            err.print(f"skipped {_escape(_one_line(str(item)))}", highlight=False)

        yield plain_skip, lambda report: None
        return
    progress = Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[unit]}"), TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err,
        transient=False,
    )
    by_files = bool(files)
    task = progress.add_task(description, total=files if by_files else total, rate="",
                             unit="files" if by_files else "articles")
    done = FilesDone()

    def on_skip(item: Skipped) -> None:
        done.see(getattr(item, "origin", None))
        progress.console.print(f"[yellow]skipped[/] {_escape(str(item))}", highlight=False)

    def on_batch(report: IngestReport) -> None:
        rate = f"{report.stored / report.seconds:,.0f} art/s" if report.seconds else ""
        if by_files:
            articles = f"{report.stored + report.unchanged:,} articles, "
            progress.update(task, completed=min(done.update(report), files), rate=articles + rate)
        else:
            progress.update(task, completed=report.stored + report.unchanged, rate=rate)

    with progress:
        yield on_skip, on_batch
        if by_files:
            progress.update(task, completed=files)


def _escape(text: str) -> str:
    return escape(text)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def print_ingest_summary(report: IngestReport, what: str = "ingest") -> None:
    if not err.is_terminal:  # one line for logs and pipes
        rate = f", {report.stored / report.seconds:,.1f} articles/s" if report.seconds else ""
        err.print(f"{what} summary: {report.read:,} read, {report.stored:,} stored, {report.unchanged:,} already "
                  f"in the desk, {report.duplicates:,} duplicates, {report.skipped:,} skipped, "
                  f"{report.seconds:.1f} s{rate}", highlight=False)
    else:
        _summary_table(report, what)
    if report.interrupted:
        err.print("[yellow]interrupted:[/] committed batches are kept; run the same command again to resume.")
    elif report.skipped:
        err.print(f"[yellow]{report.skipped} item(s) skipped[/] (listed above); exit status 3 means partial success.")
    repaired = getattr(report, "repaired", 0)
    if repaired and not report.interrupted:
        err.print(f"[yellow]{repaired} item(s) repaired[/] (impossible characters replaced by U+FFFD, flagged "
                  "'repaired'); exit status 3.", highlight=False)


def _summary_table(report: IngestReport, what: str) -> None:
    table = Table(title=f"{what} summary", show_header=False, box=None)
    for key, value in (
        ("records read", f"{report.read:,}"),
        ("articles stored", f"{report.stored:,}"),
        ("already in the desk", f"{report.unchanged:,}"),
        ("duplicates recorded", f"{report.duplicates:,}"),
        ("skipped (bad input)", f"{report.skipped:,}"),
        ("time", f"{report.seconds:.1f} s"),
        ("throughput", f"{report.stored / report.seconds:,.1f} articles/s" if report.seconds else "-"),
    ):
        table.add_row(key, value)
    err.print(table)
