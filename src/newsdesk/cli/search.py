"""Search commands: search, timeline, reindex (a thin layer over Desk.search / timeline / reindex)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from newsdesk.cli.app import DbOption, JsonOption, app
from newsdesk.cli.core import ask_desk
from newsdesk.cli.output import err, fail, out, print_json_lines, print_records, stdout_is_terminal
from newsdesk.search.filters import Filters

Limit = Annotated[int, typer.Option("--limit", "-n", help="How many results.", min=0)]
Since = Annotated[str | None, typer.Option(help="From this day on (YYYY-MM-DD, or YYYY-MM, YYYY).")]
Until = Annotated[str | None, typer.Option(help="Up to this day, inclusive (YYYY-MM-DD, or YYYY-MM, YYYY).")]
Source = Annotated[str | None, typer.Option(help="Only this source (exact name, any case).")]
Lang = Annotated[str | None, typer.Option("--lang", "--language", help="Only this language (ISO 639-1 code, e.g. en).")]
Entity = Annotated[str | None, typer.Option(help="Only articles mentioning this entity id.")]
Story = Annotated[str | None, typer.Option(help="Only articles of this story id.")]
Place = Annotated[str | None, typer.Option(help="Only articles mentioning this place (entity id).")]
Watchlist = Annotated[str | None, typer.Option(help="Only articles this watchlist matches (its name).")]
Category = Annotated[str | None, typer.Option(help="Only articles of this category, learned or rule (`newsdesk categories`).")]

QUERY_HELP = ('The query: words, "phrases", AND / OR / NOT (or -word), (groups), fields title: text: '
              'source: lang:. Use "" or * for every article.')


def marked(text: str, spans: list[list[int]], style: str = "bold yellow") -> str:
    """Rich markup for `text` with `spans` highlighted: the text is escaped first, piece by piece,
    so nothing from the article can act as markup."""
    parts, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        parts.append(escape(text[pos:start]))
        parts.append(f"[{style}]{escape(text[start:end])}[/]")
        pos = end
    parts.append(escape(text[pos:]))
    return "".join(parts)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help=QUERY_HELP)],
    db: DbOption = None,
    limit: Limit = 10,
    offset: Annotated[int, typer.Option(help="Skip this many results (paging).", min=0)] = 0,
    all_: Annotated[bool, typer.Option("--all", help="Show duplicates too (by default each is folded into its original).")] = False,
    since: Since = None,
    until: Until = None,
    source: Source = None,
    lang: Lang = None,
    entity: Entity = None,
    story: Story = None,
    place: Place = None,
    watchlist: Watchlist = None,
    category: Category = None,
    as_json: JsonOption = False,
) -> None:
    """Full-text search, best matches first, with highlighted snippets."""
    given = Filters.pick(locals())  # the options above that are named as Filters' fields
    result = ask_desk(db, lambda desk: desk.search(query, limit=limit, offset=offset,
                                                   filters=Filters(**given, include_duplicates=all_)))
    hits = result["hits"]
    shown = f"{offset + 1}-{offset + len(hits)}" if hits else "0"
    err.print(f"{result['total']:,} matching article(s); showing {shown}", highlight=False)
    if as_json:
        print_json_lines(hits)
        return
    if not stdout_is_terminal():
        print_records(hits, ["id", "score", "published", "source", "title", "snippet"])
        return
    for i, h in enumerate(hits, offset + 1):
        _print_hit(i, h)


def _print_hit(rank: int, h: dict[str, Any]) -> None:
    title = marked(h["title"] or "(untitled)", h["title_highlights"], "bold yellow underline")
    out.print(f"[bold]{rank}. {title}[/]", highlight=False)
    meta = [h["id"], h.get("source"), (h.get("published") or "")[:10], h.get("language")]
    line = "  ".join(escape(str(m)) for m in meta if m)
    if h.get("duplicates"):
        line += f"  [magenta]+{h['duplicates']} duplicate(s)[/]"
    if h.get("duplicate_of"):
        line += f"  [magenta]duplicate of {escape(h['duplicate_of'])}[/]"
    out.print(f"   [dim]{line}[/]", highlight=False)
    out.print(f"   {marked(h['snippet'], h['highlights'])}", highlight=False)
    out.print()


@app.command()
def timeline(
    query: Annotated[str, typer.Argument(help=QUERY_HELP)],
    db: DbOption = None,
    by: Annotated[str, typer.Option(help="day, week (ISO, 2026-W10) or month.")] = "day",
    since: Since = None,
    until: Until = None,
    source: Source = None,
    lang: Lang = None,
    entity: Entity = None,
    story: Story = None,
    place: Place = None,
    watchlist: Watchlist = None,
    category: Category = None,
    all_: Annotated[bool, typer.Option("--all", help="Count duplicates too (by default each story copy counts once).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Matching articles per day, week or month: attention over time (duplicates counted once)."""
    if by not in ("day", "week", "month"):
        fail("--by must be day, week or month", 2)
    given = Filters.pick(locals())
    rows = ask_desk(db, lambda desk: desk.timeline(query, by=by, filters=Filters(**given, include_duplicates=all_)))
    total = sum(r["count"] for r in rows)
    err.print(f"{total:,} dated matching article(s) in {len(rows):,} {by}(s)", highlight=False)
    if as_json:
        print_json_lines(rows)
        return
    if not stdout_is_terminal():
        sys.stdout.write("period\tcount\n")  # a header line, as every piped table has
        for r in rows:
            sys.stdout.write(f"{r['period']}\t{r['count']}\n")
        return
    _bar_chart(rows)


def _bar_chart(rows: list[dict[str, Any]]) -> None:
    peak = max((r["count"] for r in rows), default=0)
    width = max(10, min(60, out.width - 30))
    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(justify="left", style="dim")
    table.add_column(justify="right")
    table.add_column()
    for r in rows:
        n = r["count"]
        bar = "█" * (round(n / peak * width) if peak else 0)
        table.add_row(r["period"], f"{n:,}", f"[cyan]{bar}[/]")
    out.print(table)


@app.command()
def reindex(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Rebuild the full-text index from the desk (the desk is the truth; the index is derived)."""
    n = ask_desk(db, lambda desk: desk.reindex())
    err.print(f"indexed {n:,} articles", highlight=False)
    if as_json:
        print_json_lines([{"indexed": n}])
