"""`newsdesk places`, `newsdesk place NAME` and `newsdesk place pin NAME --to GEONAMEID|LAT,LON`:
thin views over Desk.places / place / pin_place."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.markup import escape

from newsdesk.cli.app import DbOption, JsonOption, LangOption, app
from newsdesk.cli.core import ask_desk
from newsdesk.cli.output import fail, print_json_lines, print_markup, print_records


@app.command()
def places(
    since: Annotated[str | None, typer.Option(help="Articles from this date/time (ISO).")] = None,
    until: Annotated[str | None, typer.Option(help="Articles up to this date/time (ISO; a date includes the day).")] = None,
    story: Annotated[str | None, typer.Option(help="Only this story's articles.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many places.")] = 100,
    lang: LangOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The desk's located places, most mentioned first, with where each is and how sure the desk is
    (confidence 0..1; 1 when pinned)."""
    if limit < 0:
        fail("--limit must not be negative", 2)
    rows = ask_desk(db, lambda desk: desk.places(since=since, until=until, story=story, limit=limit,
                                                 lang=lang))
    if as_json:
        print_json_lines(rows)
        return
    print_records(rows, ["name", "country_code", "feature", "lat", "lon", "confidence", "mentions", "articles",
                         "geonameid"], title="places")


@app.command()
def place(
    words: Annotated[list[str], typer.Argument(help="NAME, or: pin NAME --to GEONAMEID|LAT,LON")],
    to: Annotated[str | None, typer.Option("--to", help="Pin target: a GeoNames id or LAT,LON.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """One place name: the desk's entities of that name, its pin, and the gazetteer's readings.
    `place pin NAME --to GEONAMEID|LAT,LON` corrects where a name is: kept in the desk and applied
    to the places stored, to later articles and on reprocess."""
    if words and words[0] == "pin" and len(words) > 1:
        name = " ".join(words[1:])
        if not to:
            fail("place pin needs --to GEONAMEID or --to LAT,LON", 2)
        pin = ask_desk(db, lambda desk: desk.pin_place(name, to or ""))
        if as_json:
            print_json_lines([pin])
            return
        where = f"{pin['lat']:.4f}, {pin['lon']:.4f}" + (f" ({pin['place']}, geonames:{pin['geonameid']})"
                                                          if pin["geonameid"] else "")
        print_markup(f"pinned [bold]{escape(pin['name'])}[/] to {escape(where)}; "
                     f"{pin['entities_updated']} stored place(s) updated")
        return
    if to:
        fail("--to is only for `place pin NAME --to ...`", 2)
    name = " ".join(words)
    info = ask_desk(db, lambda desk: desk.place(name))
    if as_json:
        print_json_lines([info])
        return
    _show(info)


def _show(info: dict[str, Any]) -> None:
    line = print_markup
    line(f"[bold]{escape(info['name'])}[/]")
    if info["pin"]:
        p = info["pin"]
        line(f"[dim]pinned to:[/] {p['lat']:.4f}, {p['lon']:.4f}"
             + (f" geonames:{escape(str(p['geonameid']))}" if p["geonameid"] else ""))
    if info["entities"]:
        line("[bold]on the desk[/]")
        for e in info["entities"]:
            conf = "" if e["confidence"] is None else f" confidence {e['confidence']:.2f}"
            where = f"{e['lat']:.3f}, {e['lon']:.3f} {e['country_code'] or ''}" if e["lat"] is not None else "not located"
            line(f"  {escape(e['name'])} [dim]{e['type']}[/] {escape(where)}{conf} x{e['mentions']} [dim]{e['id']}[/]")
    else:
        line("[dim]no place of that name on the desk[/]")
    if info["gazetteer"]:
        line("[bold]gazetteer readings[/] [dim](pin with: newsdesk place pin NAME --to GEONAMEID)[/]")
        for g in info["gazetteer"]:
            line(f"  {escape(str(g['geonameid'] or '-')):>9}  {escape(g['name'])}, {escape(g['admin1'] or '')}"
                 f" {g['country_code'] or ''} [dim]{g['feature']} pop {g['population']:,}[/]")
