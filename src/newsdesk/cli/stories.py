"""`newsdesk stories` and `newsdesk story ID`: thin views over Desk.stories / Desk.story."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from newsdesk.cli.app import DbOption, JsonOption, LangOption, app
from newsdesk.cli.core import ask_desk, open_desk
from newsdesk.cli.output import (
    fail,
    print_json_lines,
    print_markup,
    print_records,
    quotation_text,
    quote_parts,
)


@app.command()
def stories(
    since: Annotated[str | None, typer.Option(help="Only stories with news at or after this date/time.")] = None,
    breaking: Annotated[bool, typer.Option("--breaking", help="Only stories growing unusually fast now.")] = False,
    top: Annotated[int, typer.Option("--top", "-n", help="How many stories.")] = 20,
    offset: Annotated[int, typer.Option(help="Skip this many (paging).")] = 0,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Words in the title, summary or names.")] = None,
    lang: LangOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Stories: newest day first, biggest first within a day."""
    if top < 0 or offset < 0:
        fail("--top and --offset must not be negative", 2)
    rows = ask_desk(db, lambda desk: desk.stories(since=since, breaking=breaking, top=top, offset=offset,
                                                  query=query, lang=lang))
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


CORRECTIONS = ("merge", "split", "move")


@app.command()
def story(
    story_id: Annotated[str, typer.Argument(help="Story id (or a unique prefix), or merge / split / move.")],
    rest: Annotated[list[str] | None, typer.Argument(help="merge A B | split ID ARTICLE... | move ARTICLE... --to ID",
                                                     show_default=False)] = None,
    to: Annotated[str | None, typer.Option("--to", help="move: the story the articles go to.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One story: summary, timeline, articles, entities, places and quotations.

    Corrections an analyst makes (kept through reprocessing): `story merge A B` (B into A),
    `story split ID ARTICLE...` (the articles become a story of their own), `story move ARTICLE...
    --to ID`."""
    if story_id in CORRECTIONS:
        correct(story_id, rest or [], to, db, as_json)
        return
    if rest:
        fail(f"unexpected arguments: {' '.join(rest)} (corrections: {', '.join(CORRECTIONS)})", 2)
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
    line = print_markup

    flag = "  [bold red]BREAKING[/]" if s["breaking"] else ""
    line(f"[bold]{escape(s['title'])}[/]{flag}")
    span = " .. ".join(x for x in ((s["first_seen"] or "")[:16], (s["last_seen"] or "")[:16]) if x)
    languages = s.get("languages") or {}
    line(f"[dim]id:[/] {s['id']}  [dim]articles:[/] {s['size']}  [dim]sources:[/] {s['n_sources']}"
         + (f"  [dim]seen:[/] {span}" if span else "")
         + (f"  [dim]languages:[/] {escape(', '.join(f'{k} {v}' for k, v in languages.items()))}" if languages else ""))
    if s["summary"]:
        line()
        line(f"[italic]{escape(s['summary'])}[/]")
    if s["timeline"]:
        line()
        line("[bold]timeline[/]")
        for t in s["timeline"]:
            line(f"  {t['period']}  {'#' * min(t['count'], 60)} {t['count']}")
    line()
    line("[bold]articles[/]" + ("  [dim](by language)[/]" if len(languages) > 1 else ""))
    by_language = sorted(s["articles"], key=lambda a: list(languages).index(a["language"] or "und")
                         if (a["language"] or "und") in languages else len(languages))
    for a in by_language if len(languages) > 1 else s["articles"]:
        dup = f" [dim](duplicate of {a['duplicate_of']})[/]" if a["duplicate_of"] else ""
        when = (a["published"] or "")[:16].replace("T", " ")
        lang = f"[{a['language'] or 'und'}] " if len(languages) > 1 else ""
        line(f"  {a['id'][:12]}  {when:16}  {escape(lang)}{escape(a['source'] or '')}: "
             f"{escape(a['title'] or '')}{dup}")
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
            line(f"  {escape(quotation_text(q)[:200])} — {escape(quote_parts(q)[1])}")


def correct(action: str, args: list[str], to: str | None, db: str | None, as_json: bool) -> None:
    """Apply one analyst correction and say what changed."""
    if action == "merge" and len(args) != 2:
        fail("usage: newsdesk story merge STORY_A STORY_B (B is merged into A)", 2)
    if action == "split" and len(args) < 2:
        fail("usage: newsdesk story split STORY ARTICLE...", 2)
    if action == "move" and (not args or not to):
        fail("usage: newsdesk story move ARTICLE... --to STORY", 2)
    if action == "merge":
        result = ask_desk(db, lambda desk: desk.merge_stories(args[0], args[1]))
    elif action == "split":
        result = ask_desk(db, lambda desk: desk.split_story(args[0], args[1:]))
    else:
        result = ask_desk(db, lambda desk: desk.move_articles(args, str(to)))
    if as_json:
        print_json_lines([result])
        return
    print_markup(f"{action}: {len(result['articles'])} article(s) now in story {escape(str(result['story']))}")
