"""`newsdesk stories` and `newsdesk story ID`: thin views over Desk.stories / Desk.story."""

from __future__ import annotations

from typing import Annotated

import typer

from newsdesk.cli.app import DbOption, JsonOption, app
from newsdesk.cli.core import ask_desk, open_desk
from newsdesk.cli.output import (
    fail,
    print_json_lines,
    print_markup,
    print_records,
    quote_parts,
)


@app.command()
def stories(
    since: Annotated[str | None, typer.Option(help="Only stories with news at or after this date/time.")] = None,
    breaking: Annotated[bool, typer.Option("--breaking", help="Only stories growing unusually fast now.")] = False,
    top: Annotated[int, typer.Option("--top", "-n", help="How many stories.")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many (paging).")] = 0,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Words in the title, summary or names.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Stories: newest day first, biggest first within a day."""
    if top < 0 or offset < 0:
        fail("--top and --offset must not be negative", 2)
    rows = ask_desk(db, lambda desk: desk.stories(since=since, breaking=breaking, top=top, offset=offset,
                                                  query=query))
    if as_json:
        print_json_lines(rows)
        return
    view = []
    for r in rows:
        view.append({
            "id": r["id"][:12], "size": r["size"], "sources": r["n_sources"],
            "last seen": (r["last_seen"] or "")[:16].replace("T", " "),
            "breaking": "yes" if r["breaking"] else "", "title": r["title"],
            "entities": ", ".join(e["name"] for e in r["top_entities"][:4]),
        })
    print_records(view, ["id", "size", "sources", "last seen", "breaking", "title", "entities"], title="stories")


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="Story id (or a unique prefix).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One story: summary, timeline, articles, entities, places and quotations."""
    desk = open_desk(db)
    try:
        s = desk.story(story_id)
    finally:
        desk.close()
    if s is None:
        fail(f"no story {story_id!r}")
    if as_json:
        print_json_lines([s])
        return
    from rich.markup import escape

    line = print_markup

    flag = "  [bold red]BREAKING[/]" if s["breaking"] else ""
    line(f"[bold]{escape(s['title'])}[/]{flag}")
    span = " .. ".join(x for x in ((s["first_seen"] or "")[:16], (s["last_seen"] or "")[:16]) if x)
    line(f"[dim]id:[/] {s['id']}  [dim]articles:[/] {s['size']}  [dim]sources:[/] {s['n_sources']}"
         + (f"  [dim]seen:[/] {span}" if span else ""))
    if s["summary"]:
        line()
        line(f"[italic]{escape(s['summary'])}[/]")
    if s["timeline"]:
        line()
        line("[bold]timeline[/]")
        for t in s["timeline"]:
            line(f"  {t['period']}  {'#' * min(t['count'], 60)} {t['count']}")
    line()
    line("[bold]articles[/]")
    for a in s["articles"]:
        dup = f" [dim](duplicate of {a['duplicate_of']})[/]" if a["duplicate_of"] else ""
        when = (a["published"] or "")[:16].replace("T", " ")
        line(f"  {a['id'][:12]}  {when:16}  {escape(a['source'] or '')}: {escape(a['title'] or '')}{dup}")
    if s["entities"]:
        line()
        line("[bold]entities[/]")
        for e in s["entities"]:
            kind = f" [dim]{escape(str(e['type']))}[/]" if e.get("type") else ""
            line(f"  {escape(str(e['name']))}{kind} x{e['count']}")
    if s["places"]:
        line()
        line("[bold]places[/]")
        for p in s["places"]:
            line(f"  {escape(str(p['name']))} [dim]({p['lat']:.3f}, {p['lon']:.3f})[/] x{p['count']}")
    if s["quotes"]:
        line()
        line("[bold]quotations[/]")
        for q in s["quotes"][:30]:
            text, who = quote_parts(q)
            line(f"  “{escape(text[:200])}” — {escape(who)}")
