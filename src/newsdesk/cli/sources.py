"""`newsdesk watch FEEDS_FILE` and `newsdesk sources`: thin views over Desk.watch / Desk.feeds."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from newsdesk.cli.app import DbOption, JsonOption, app
from newsdesk.cli.core import open_desk
from newsdesk.cli.output import err, fail, print_json_lines, print_records
from newsdesk.config import IngestOptions
from newsdesk.desk.feeds import parse_every, read_feed_list


@app.command()
def watch(
    feeds_file: Annotated[Path, typer.Argument(help="A text file of feed URLs, one per line (# comments).")],
    every: Annotated[str, typer.Option(help="Time between rounds: 90s, 10m, 1h.")] = "10m",
    once: Annotated[bool, typer.Option("--once", help="Poll every feed once, then stop.")] = False,
    max_rounds: Annotated[int | None, typer.Option(help="Stop after this many rounds.")] = None,
    db: DbOption = None,
    bulk: Annotated[bool, typer.Option("--bulk", help="Fast load: no language understanding (reprocess later).")] = False,
    workers: Annotated[int, typer.Option(help="Worker processes (0: one per core).")] = 0,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow fetching from private/loopback addresses.")] = False,
    fetch_linked: Annotated[bool, typer.Option("--fetch-linked/--no-fetch-linked", help="Fetch the full page of teaser entries.")] = True,
    delay: Annotated[float, typer.Option(help="Seconds between two requests to the same host.")] = 1.0,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a server before giving up.")] = 20.0,
    ignore_robots: Annotated[bool, typer.Option("--ignore-robots", help="Do not read robots.txt (only for your own sites).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Poll a list of feeds, ingest what is new, and keep going through feed errors. Ctrl-C stops."""
    # heavy: the sources package loads every reader and the pipeline (0.1 s); only `newsdesk watch` needs it
    from newsdesk.sources.fetch import Fetcher

    if max_rounds is not None and max_rounds < 1:
        fail("--max-rounds must be at least 1", 2)
    if delay < 0 or timeout <= 0:
        fail("--delay must not be negative and --timeout must be positive", 2)
    try:
        parse_every(every)
        urls = read_feed_list(feeds_file)
    except ValueError as exc:
        fail(str(exc), 2)
    if not urls:
        fail(f"{feeds_file}: no feed URLs in it", 2)
    options = IngestOptions(pipeline="bulk" if bulk else "full", workers=workers, allow_private=allow_private,
                            fetch_linked=fetch_linked)
    fetcher = Fetcher.from_options(options, delay=delay, timeout=timeout, respect_robots=not ignore_robots)
    desk = open_desk(db, create=True)
    err.print(f"watching {len(urls)} feed(s) every {every}; Ctrl-C stops", highlight=False)

    def on_round(report: dict[str, Any]) -> None:
        for f in report["feeds"]:
            if f["status"] == "error":
                err.print(f"[yellow]feed error[/] {f['url']}: {_escape(f['error'])}", highlight=False)
        err.print(f"round {report['round']}: {report['polled']} feed(s), {report['new']} new, "
                  f"{report['stored']} stored, {report['errors']} error(s) in {report['seconds']:.1f} s",
                  highlight=False)
        if as_json:
            print_json_lines([{k: v for k, v in report.items()}])

    def on_skip(item: Any) -> None:
        err.print(f"[yellow]skipped[/] {_escape(str(item))}", highlight=False)

    try:
        totals = desk.watch(str(feeds_file), every=every, once=once, max_rounds=max_rounds, options=options,
                            fetcher=fetcher, on_round=on_round, on_skip=on_skip)
    except ValueError as exc:
        fail(str(exc), 2)
    finally:
        fetcher.close()
        desk.close()
    err.print(f"{totals['rounds']} round(s): {totals['new']} new entries, {totals['stored']} stored, "
              f"{totals['errors']} feed error(s)", highlight=False)
    if totals["interrupted"]:
        err.print("stopped: what was stored is kept; run the same command to carry on.", highlight=False)
        raise typer.Exit(130)


@app.command()
def sources(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Watched feeds: last success, last error, entries seen and articles stored."""
    desk = open_desk(db)
    try:
        rows = desk.feeds()
    finally:
        desk.close()
    if as_json:
        print_json_lines(rows)
        return
    view = [{
        "url": r["url"], "title": r["title"] or "",
        "last success": _when(r["last_success"]), "last error": _when(r["last_error_at"]),
        "error": (r["last_error"] or "")[:80], "failing": r["consecutive_errors"] or "",
        "errors": r["error_count"], "entries": r["entry_count"], "articles": r["article_count"],
    } for r in rows]
    if not view and sys.stdout.isatty():
        err.print("no feeds yet: add some with `newsdesk watch FEEDS_FILE`", highlight=False)
    print_records(view, ["url", "title", "last success", "last error", "error", "failing", "errors", "entries", "articles"],
                  title="feeds")


def _when(value: str | None) -> str:
    return (value or "")[:19].replace("T", " ")


def _escape(text: str) -> str:
    return escape(text)
