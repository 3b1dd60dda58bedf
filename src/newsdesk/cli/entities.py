"""`newsdesk entities` and `newsdesk entity NAME`: thin views over Desk.entities / find_entities / entity."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from newsdesk.cli.app import DbOption, JsonOption, LangOption, app
from newsdesk.cli.core import ask_desk, open_desk
from newsdesk.cli.output import (
    fail,
    out,
    print_json_lines,
    print_markup,
    print_records,
    quotation_text,
    quote_parts,
    stdout_is_terminal,
)


@app.command()
def entities(
    type_: Annotated[str | None, typer.Option("--type", "-t", help="PERSON, ORG, GPE, LOC, NORP, ...")] = None,
    top: Annotated[int, typer.Option("--top", "-n", help="How many entities.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many (paging).")] = 0,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Words in the name.")] = None,
    lang: LangOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The desk's entities, most mentioned first: names, types and counts."""
    if top < 0 or offset < 0:
        fail("--top and --offset must not be negative", 2)
    rows = ask_desk(db, lambda desk: desk.entities(type=type_, top=top, offset=offset, query=query,
                                                   lang=lang))
    if as_json:
        print_json_lines(rows)
        return
    view = [{"name": r["name"], "type": r["type"], "mentions": r["mentions"], "articles": r["articles"],
             "id": r["id"]} for r in rows]
    print_records(view, ["name", "type", "mentions", "articles", "id"], title="entities")


@app.command()
def entity(
    name: Annotated[str, typer.Argument(help="A name, alias, surname or entity id (case-insensitive).")],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One entity: aliases and roles, articles, quotations by and about it, the entities it appears
    with, and its mentions over time. Several matches are listed."""
    desk = open_desk(db)
    try:
        matches = desk.find_entities(name)
        details = [desk.entity(m["id"]) for m in matches] if (as_json or len(matches) == 1) else []
    finally:
        desk.close()
    if not matches:
        fail(f"no entity called {name!r}")
    if as_json:
        print_json_lines([d for d in details if d])
        return
    if len(matches) > 1:
        view = [{"name": m["name"], "type": m["type"], "mentions": m["mentions"], "articles": m["articles"],
                 "roles": "; ".join(m["roles"][:3]), "id": m["id"]} for m in matches]
        if stdout_is_terminal():
            out.print(f"{len(matches)} entities match {name!r}; ask for one by its id:", highlight=False)
        print_records(view, ["name", "type", "mentions", "articles", "roles", "id"])
        return
    _show(details[0])


def _show(e: dict[str, Any]) -> None:
    line = print_markup

    line(f"[bold]{escape(e['name'])}[/] [dim]{e['type']}[/]")
    line(f"[dim]id:[/] {e['id']}  [dim]mentions:[/] {e['mentions']}  [dim]articles:[/] {e['article_count']}"
         + (f"  [dim]seen:[/] {(e['first_seen'] or '')[:10]} .. {(e['last_seen'] or '')[:10]}" if e["first_seen"] else ""))
    if e["roles"]:
        line(f"[dim]roles:[/] {escape('; '.join(e['roles']))}")
    if e["aliases"]:
        line(f"[dim]also:[/] {escape('; '.join(e['aliases']))}")
    if e["lat"] is not None:
        line(f"[dim]place:[/] {e['lat']:.3f}, {e['lon']:.3f} {e['country_code'] or ''}"
             + (f" geonames:{e['geonameid']}" if e["geonameid"] else ""))
    if e["articles"]:
        line()
        line("[bold]articles[/]")
        for a in e["articles"][:20]:
            when = (a["published"] or "")[:10]
            line(f"  {a['id'][:12]}  {when:10}  {escape(a['source'] or '')}: {escape(a['title'] or '')}")
    for key, title in (("quotes_by", "quotations by"), ("quotes_about", "quotations about")):
        if e.get(key):
            line()
            line(f"[bold]{title}[/]")
            for q in e[key][:20]:
                line(f"  {escape(quotation_text(q)[:200])} — {escape(quote_parts(q)[1])}")
    if e["cooccurring"]:
        line()
        line("[bold]appears with[/]")
        for c in e["cooccurring"]:
            line(f"  {escape(c['name'])} [dim]{c['type']}[/] x{c['count']}")
    if e["stories"]:
        line()
        line("[bold]stories[/]")
        for s in e["stories"]:
            line(f"  {s['id'][:12]}  {escape(s['title'] or '')} [dim]({s['size']} articles)[/]")
    if e["timeline"]:
        line()
        line("[bold]mentions over time[/]")
        for t in e["timeline"]:
            line(f"  {t['period']}  {'#' * min(t['count'], 60)} {t['count']}")
