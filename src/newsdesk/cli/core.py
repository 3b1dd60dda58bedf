"""Core commands: ingest, show, stats, export, reprocess."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from newsdesk.cli.app import DbOption, JsonOption, app, cli_settings
from newsdesk.cli.output import err, fail, out, print_json_lines, print_records
from newsdesk.cli.progress import count_input_files, ingest_progress, print_ingest_summary
from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.desk.export import WHATS
from newsdesk.store import resolve_address


def open_desk(db: str | None, create: bool = False):
    """The desk at `db`. Only commands that write news (ingest, watch) pass `create`: any other
    command on a desk that is not there says so (exit status 2) and creates nothing, so a mistyped
    --db never leaves an empty desk behind. PostgreSQL URLs are not checked here (a schema is made
    on first use)."""
    settings = cli_settings(db)
    address = resolve_address(settings.db)
    is_url = address.startswith(("postgresql://", "postgres://"))
    if not create and not is_url and not Path(address).is_file():
        fail(f"no desk at {address}: check --db or NEWSDESK_DB (`newsdesk ingest` creates a desk)", 2)

    try:
        return Desk(address, settings=settings)
    except ImportError as exc:  # an optional backend's package is not installed
        hint = " (pip install 'newsdesk[postgres]')" if is_url else ""
        fail(f"cannot open desk {address}: {exc}{hint}")
    except Exception as exc:  # a desk that cannot be opened is one clear line, not a traceback
        fail(f"cannot open desk {address}: {exc}")


def check_engine(engine: str) -> None:
    """A usage error for an unknown engine, and one line naming the extra when Ray is missing."""
    if engine not in ("local", "ray"):
        fail(f"--engine must be local or ray, got {engine!r}", 2)
    if engine == "ray":
        try:
            # optional: pip install newsdesk[ray]; imported only to see that it is there
            import ray  # noqa: F401
        except ImportError:
            fail("--engine ray needs Ray, which is not installed: pip install 'newsdesk[ray]'", 2)


def check_inputs(paths: list[str]) -> None:
    """A missing input file or folder is a usage error (exit status 2), named, before anything runs."""
    missing = [p for p in paths if p != "-" and "://" not in p and not os.path.lexists(p)]
    if missing:
        fail(f"no such file or folder: {', '.join(missing)}", 2)


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


# Desk.get accepts a unique id prefix of at least this many characters.
MIN_PREFIX = 6


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
    follow_symlinks: Annotated[bool, typer.Option("--follow-symlinks", help="Folders: also read symbolic links that lead out of the folder.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Ingest news into the desk. Exit status: 0 all stored, 3 some items skipped, 1 error, 130 interrupted."""
    if split not in ("auto", "blank", "line", "file"):
        fail("--split must be auto, blank, line or file", 2)
    options = IngestOptions(
        split=split, field_map=parse_map(map_), pipeline="bulk" if bulk else "full", workers=workers,
        batch_size=max(1, batch_size), engine=engine, engine_address=address, source=source,
        allow_private=allow_private, fetch_linked=fetch_linked, warc_hosts=warc_host or [], warc_since=warc_since,
        warc_until=warc_until, warc_langs=warc_lang or [], follow_symlinks=follow_symlinks,
    )
    options.limits.max_article_chars = max_chars
    for flag, day in (("--warc-since", warc_since), ("--warc-until", warc_until)):
        if day and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.strip()):
            fail(f"{flag} expects a date as YYYY-MM-DD, got {day!r}", 2)
    check_inputs(paths)
    check_engine(engine)
    desk = open_desk(db, create=True)
    try:
        files = count_input_files(paths) if err.is_terminal else None  # the bar's total, when cheap
        with ingest_progress("ingesting", files=files) as (on_skip, on_batch):
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
    check_engine(engine)
    desk = open_desk(db)
    try:
        options = IngestOptions(workers=workers, engine=engine)
        with ingest_progress("reprocessing", total=desk.count_stale(options, all_)) as (_, on_batch):
            report = desk.reprocess(options, on_batch=on_batch, all_articles=all_)
    finally:
        desk.close()
    print_ingest_summary(report, "reprocess")
    raise typer.Exit(report.exit_status)


def no_article_message(desk, article_id: str) -> str:
    """Why `article_id` found nothing: no such id, a prefix too short to use, or several matches."""
    if len(article_id) < MIN_PREFIX:
        return (f"no article {article_id!r}: give the whole id or at least {MIN_PREFIX} characters of it "
                f"(`newsdesk search` lists ids)")
    if len(desk.ids_starting(article_id)) > 1:
        return f"no article {article_id!r}: several article ids start with it, give more characters"
    return f"no article {article_id!r}"


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
        if art is None:
            fail(no_article_message(desk, article_id))
        labels = desk.article_labels(art.id)  # watchlists and categories (desk/watchlists.py)
    finally:
        desk.close()
    if as_json:
        print_json_lines([{**art.to_dict(), **labels}])
        return

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
    if as_json:
        sys.stdout.write(json.dumps(s, ensure_ascii=False, default=str) + "\n")
        return
    print_records([{"what": k, "value": v} for k, v in _flat(s)], ["what", "value"], title="desk")


def _flat(stats: dict, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """('languages.en', 12) rows from nested counts: one fact per row of the stats table."""
    for key, value in stats.items():
        if isinstance(value, dict):
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield f"{prefix}{key}", f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else value


@app.command()
def export(
    what: Annotated[str, typer.Option("--what", "-w", help="articles | entities | quotes | stories | places")] = "articles",
    fmt: Annotated[str, typer.Option("--format", "-f", help="jsonl | csv | parquet (parquet: articles only)")] = "jsonl",
    output: Annotated[str | None, typer.Option("-o", "--output", help="File to write; - or none: stdout.")] = None,
    db: DbOption = None,
) -> None:
    """Write what the desk knows: every stored article (duplicates included), or its entities,
    quotations, stories or places, each row with the ids and spans that join it to the articles."""
    if what not in WHATS:
        fail(f"--what must be one of {', '.join(WHATS)}, got {what!r}", 2)
    if fmt not in ("jsonl", "csv", "parquet"):
        fail("--format must be jsonl, csv or parquet", 2)
    if fmt == "parquet" and what != "articles":
        fail("parquet is for articles only: use --format jsonl or csv", 2)
    to_stdout = output in (None, "-")
    if fmt == "parquet" and to_stdout and sys.stdout.isatty():
        fail("parquet is binary: give -o FILE", 2)
    desk = open_desk(db)
    try:
        if to_stdout:
            n = _export(desk, what, fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            try:
                fh = open(output, "wb")  # noqa: SIM115 - closed below; an unwritable path is one line
            except OSError as exc:
                fail(f"cannot write {output}: {exc.strerror or exc}", 2)
            with fh:
                n = _export(desk, what, fmt, fh)
    finally:
        desk.close()
    err.print(f"exported {n:,} {what}", highlight=False)


def _export(desk, what: str, fmt: str, sink) -> int:
    if what == "articles":
        return desk.export(fmt, sink)
    return desk.export_what(what, fmt, sink)
