"""Rich progress and summaries for long commands (on stderr)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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


@contextmanager
def ingest_progress(description: str, total: int | None = None) -> Iterator[tuple]:
    """Yields (on_skip, on_batch) callbacks that drive a progress display on stderr (on a terminal;
    in a pipe or a log file only the skipped items, one line each, and no bar)."""
    if not err.is_terminal:

        def plain_skip(item: Skipped) -> None:
            err.print(f"skipped {_escape(_one_line(str(item)))}", highlight=False)

        yield plain_skip, lambda report: None
        return
    progress = Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), console=err, transient=False,
    )
    task = progress.add_task(description, total=total, rate="")

    def on_skip(item: Skipped) -> None:
        progress.console.print(f"[yellow]skipped[/] {_escape(str(item))}", highlight=False)

    def on_batch(report: IngestReport) -> None:
        rate = f"{report.stored / report.seconds:,.0f} art/s" if report.seconds else ""
        progress.update(task, completed=report.stored + report.unchanged, rate=rate)

    with progress:
        yield on_skip, on_batch


def _escape(text: str) -> str:
    from rich.markup import escape

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
