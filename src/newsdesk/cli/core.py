"""Core commands: ingest, show, stats, export, reprocess."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Annotated

import typer

from newsdesk.cli.app import DbOption, JsonOption, app
from newsdesk.cli.output import err, fail, out, print_json_lines
from newsdesk.cli.progress import ingest_progress, print_ingest_summary
from newsdesk.config import IngestOptions


def open_desk(db: str | None):
    from newsdesk.desk import Desk

    try:
        return Desk(db)
    except Exception as exc:  # a desk that cannot be opened is one clear line, not a traceback
        fail(f"cannot open desk {db or 'newsdesk.db'}: {exc}")


def ask_desk(db: str | None, call):
    """Open the desk, return `call(desk)` and close it; a ValueError from the desk is the user's
    mistake (a bad query, date or filter): one line and exit status 2."""
    desk = open_desk(db)
    try:
        return call(desk)
    except ValueError as exc:
        fail(str(exc), 2)
    finally:
        desk.close()


def parse_map(spec: str | None) -> dict[str, str]:
    if not spec:
        return {}
    out_map = {}
    for part in spec.split(","):
        if "=" not in part:
            fail(f"--map expects ours=theirs pairs separated by commas, got {part!r}", 2)
        ours, theirs = part.split("=", 1)
        out_map[ours.strip()] = theirs.strip()
    return out_map


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, .gz files, URLs, or - for stdin.")],
    db: DbOption = None,
    split: Annotated[str, typer.Option(help="Text dumps: auto | blank | line | file.")] = "auto",
    map_: Annotated[str | None, typer.Option("--map", help="Field names, e.g. text=body,title=headline.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0: one per core).")] = 0,
    batch_size: Annotated[int, typer.Option(help="Articles per committed batch.")] = 200,
    bulk: Annotated[bool, typer.Option("--bulk", help="Fast load: no language understanding (reprocess later).")] = False,
    engine: Annotated[str, typer.Option(help="local or ray.")] = "local",
    address: Annotated[str | None, typer.Option(help="Ray cluster address (with --engine ray).")] = None,
    source: Annotated[str | None, typer.Option(help="Source name for records that carry none.")] = None,
    max_chars: Annotated[int, typer.Option(help="Largest article kept, in characters.")] = 200_000,
    allow_private: Annotated[bool, typer.Option("--allow-private", help="Allow fetching from private/loopback addresses.")] = False,
    fetch_linked: Annotated[bool | None, typer.Option("--fetch-linked/--no-fetch-linked", help="Feeds: fetch the full page of teaser entries.")] = None,
    warc_host: Annotated[list[str] | None, typer.Option("--warc-host", help="WARC: only pages from this host and its subdomains (repeatable).")] = None,
    warc_since: Annotated[str | None, typer.Option(help="WARC: only captures on or after this date (YYYY-MM-DD).")] = None,
    warc_until: Annotated[str | None, typer.Option(help="WARC: only captures on or before this date (YYYY-MM-DD).")] = None,
    warc_lang: Annotated[list[str] | None, typer.Option("--warc-lang", help="WARC: only pages in this language, e.g. en (repeatable).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Ingest news into the desk. Exit status: 0 all stored, 3 some items skipped, 1 error, 130 interrupted."""
    if split not in ("auto", "blank", "line", "file"):
        fail("--split must be auto, blank, line or file", 2)
    options = IngestOptions(
        split=split, field_map=parse_map(map_), pipeline="bulk" if bulk else "full", workers=workers,
        batch_size=max(1, batch_size), engine=engine, engine_address=address, source=source,
        allow_private=allow_private, fetch_linked=fetch_linked, warc_hosts=warc_host or [], warc_since=warc_since,
        warc_until=warc_until, warc_langs=warc_lang or [],
    )
    options.limits.max_article_chars = max_chars
    for flag, day in (("--warc-since", warc_since), ("--warc-until", warc_until)):
        if day and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.strip()):
            fail(f"{flag} expects a date as YYYY-MM-DD, got {day!r}", 2)
    desk = open_desk(db)
    try:
        with ingest_progress("ingesting") as (on_skip, on_batch):
            report = desk.ingest(paths, options, on_skip=on_skip, on_batch=on_batch)
    except ValueError as exc:
        fail(str(exc), 2)
    finally:
        desk.close()
    print_ingest_summary(report)
    if as_json:
        print_json_lines([report.to_dict()])
    raise typer.Exit(report.exit_status)


@app.command()
def reprocess(
    db: DbOption = None,
    workers: Annotated[int, typer.Option(help="Worker processes (0: one per core).")] = 0,
    all_: Annotated[bool, typer.Option("--all", help="Every article, not only those enriched by an older pipeline.")] = False,
    engine: Annotated[str, typer.Option(help="local or ray.")] = "local",
) -> None:
    """Re-run the enrichment on stored articles whose pipeline version is older than this one's."""
    desk = open_desk(db)
    try:
        with ingest_progress("reprocessing") as (_, on_batch):
            report = desk.reprocess(IngestOptions(workers=workers, engine=engine), on_batch=on_batch, all_articles=all_)
    finally:
        desk.close()
    print_ingest_summary(report, "reprocess")
    raise typer.Exit(report.exit_status)


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one article with its metadata and annotations."""
    desk = open_desk(db)
    try:
        art = desk.get(article_id)
        labels = desk.article_labels(art.id) if art is not None else {}  # watchlists, categories
    finally:
        desk.close()
    if art is None:
        fail(f"no article {article_id!r}")
    if as_json:
        print_json_lines([{**art.to_dict(), **labels}])
        return
    from rich.markup import escape

    out.print(f"[bold]{escape(art.title)}[/]")
    meta = [("id", art.id), ("source", art.source), ("url", art.url), ("published", art.published),
            ("language", art.language), ("byline", art.byline), ("flags", ", ".join(art.flags)),
            ("duplicate of", art.duplicate_of), ("story", art.story_id), ("pipeline", art.pipeline_version)]
    for k, v in meta:
        if v:
            out.print(f"[dim]{k}:[/] {escape(str(v))}", highlight=False)
    if art.summary:
        out.print(f"\n[italic]{escape(art.summary)}[/]")
    out.print()
    out.print(escape(art.text), highlight=False)
    if art.entities:
        out.print("\n[bold]entities[/]")
        for e in art.entities:
            role = f" ({', '.join(e.roles)})" if e.roles else ""
            out.print(f"  {escape(e.name)} [dim]{e.label}{escape(role)}[/]", highlight=False)
    if art.quotes:
        out.print("\n[bold]quotations[/]")
        for q in art.quotes:
            who = q.speaker_name or (q.speaker.text if q.speaker else "unattributed")
            out.print(f"  “{escape(q.content.text[:200])}” — {escape(who)}", highlight=False)


@app.command()
def stats(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Counts: articles, duplicates, languages, sources, dates, entities, stories."""
    desk = open_desk(db)
    try:
        s = desk.stats()
    finally:
        desk.close()
    if as_json or not sys.stdout.isatty():
        sys.stdout.write(json.dumps(s, ensure_ascii=False, default=str) + "\n")
        return
    from rich.pretty import Pretty

    out.print(Pretty(s))


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | parquet")] = "jsonl",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default stdout).")] = None,
    db: DbOption = None,
) -> None:
    """Write every stored article, duplicates included."""
    if fmt not in ("jsonl", "csv", "parquet"):
        fail("--format must be jsonl, csv or parquet", 2)
    if fmt == "parquet" and output is None and sys.stdout.isatty():
        fail("parquet is binary: give -o FILE", 2)
    desk = open_desk(db)
    try:
        if output:
            with open(output, "wb") as fh:
                n = desk.export(fmt, fh)
        else:
            n = desk.export(fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
    finally:
        desk.close()
    err.print(f"exported {n:,} articles", highlight=False)
