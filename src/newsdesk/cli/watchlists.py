"""`newsdesk watchlist add|list|show|remove`, `newsdesk alerts [deliver]` and `newsdesk categories
train|list|add-rule`: views over WatchlistsAPI and CategoriesAPI."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from newsdesk.cli.app import DbOption, JsonOption, app
from newsdesk.cli.core import ask_desk, parse_map
from newsdesk.cli.output import err, fail, print_json_lines, print_records

watchlist_app = typer.Typer(help="Standing queries every stored article is matched against.", no_args_is_help=True)
alerts_app = typer.Typer(help="Watchlists above their usual coverage, and webhook deliveries.",
                         invoke_without_command=True)
app.add_typer(watchlist_app, name="watchlist")
app.add_typer(alerts_app, name="alerts")

AtOption = Annotated[str | None, typer.Option("--at", help="Levels as of this ISO time (default: now).")]


def _row(w: dict) -> dict:
    win = w["windows"]
    return {"name": w["name"], "matches": w["matches"], "level": w["level"], "hour": win["hour"]["count"],
            "day": win["day"]["count"], "z (day)": win["day"]["z"], "query": _query_text(w),
            "webhook": "yes" if w.get("webhook") else ""}


def _query_text(w: dict) -> str:
    """The query with its filters, as a user would type them back (`--entity Name ...`)."""
    extra = " ".join(f"--{k} {v!r}" if " " in v else f"--{k} {v}" for k, v in (w.get("filters") or {}).items())
    return f"{w['query']} {extra}" if extra else w["query"]


_COLUMNS = ["name", "matches", "level", "hour", "day", "z (day)", "query", "webhook"]


@watchlist_app.command("add")
def watchlist_add(
    name: Annotated[str, typer.Argument(help="A short name: letters, digits, '.', '_', '-'.")],
    query: Annotated[str, typer.Argument(help="A query in the desk's query language.")],
    webhook: Annotated[str | None, typer.Option(help="POST every new match to this URL.")] = None,
    secret: Annotated[str | None, typer.Option(help="HMAC key of the signature (generated if not given).")] = None,
    entity: Annotated[str | None, typer.Option(help="Only articles mentioning this entity (a name or an id).")] = None,
    place: Annotated[str | None, typer.Option(help="Only articles mentioning this place (a name or an id).")] = None,
    source: Annotated[str | None, typer.Option(help="Only articles from this source.")] = None,
    lang: Annotated[str | None, typer.Option(help="Only articles in this language (a code: en, fr).")] = None,
    category: Annotated[str | None, typer.Option(help="Only articles of this category (learned or rule).")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Save a watchlist (a query, and any filters) and match the articles already in the desk against it."""
    filters = {"entity": entity, "place": place, "source": source, "lang": lang, "category": category}
    w = ask_desk(db, lambda desk: desk.add_watchlist(name, query, webhook=webhook, secret=secret, filters=filters))
    if as_json:
        print_json_lines([w])
        return
    err.print(f"watchlist [bold]{name}[/]: {w['matches']} matching articles, level {w['level']}", highlight=False)
    if w.get("secret"):
        sys.stdout.write(f"webhook secret: {w['secret']}\n")


@watchlist_app.command("list")
def watchlist_list(db: DbOption = None, as_json: JsonOption = False, at: AtOption = None) -> None:
    """Every watchlist with its match count and level."""
    rows = ask_desk(db, lambda desk: desk.watchlists(at=at))
    if as_json:
        print_json_lines(rows)
        return
    print_records([_row(w) for w in rows], _COLUMNS, title="watchlists")


@watchlist_app.command("show")
def watchlist_show(
    name: Annotated[str, typer.Argument(help="The watchlist's name.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many of the newest articles.")] = 20,
    db: DbOption = None,
    as_json: JsonOption = False,
    at: AtOption = None,
) -> None:
    """One watchlist: level, windows, a daily timeline and the newest matching articles."""
    if limit < 0:
        fail("--limit must not be negative", 2)
    w = ask_desk(db, lambda desk: desk.watchlist(name, limit=limit, at=at))
    if w is None:
        fail(f"no watchlist named {name!r}", 2)
    if as_json:
        print_json_lines([w])
        return
    print_records([_row(w)], _COLUMNS, title=f"watchlist {name}")
    print_records([{"day": p["period"], "matches": p["count"]} for p in w["timeline"] if p["count"]],
                  ["day", "matches"], title="timeline")
    print_records(w["articles"], ["id", "published", "source", "title"], title="newest matches")


@watchlist_app.command("remove")
def watchlist_remove(name: Annotated[str, typer.Argument(help="The watchlist's name.")], db: DbOption = None) -> None:
    """Forget a watchlist, its matches and its pending deliveries."""
    if not ask_desk(db, lambda desk: desk.remove_watchlist(name)):
        fail(f"no watchlist named {name!r}", 2)
    err.print(f"removed watchlist {name}", highlight=False)


@alerts_app.callback()
def alerts(
    ctx: typer.Context,
    db: DbOption = None,
    as_json: JsonOption = False,
    at: AtOption = None,
    entities: Annotated[bool, typer.Option("--entities", help="Who is suddenly in the news (people, organisations).")] = False,
    places: Annotated[bool, typer.Option("--places", help="Where: the same signal per place.")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many entities or places.")] = 20,
) -> None:
    """Watchlists above normal (alert first) and deliveries not yet made; with --entities or
    --places, the entities or places most unusually present in the last day."""
    if ctx.invoked_subcommand is not None:
        return
    if entities or places:
        rows = ask_desk(db, lambda desk: desk.entity_alerts(at=at, places=places, limit=limit))
        if as_json:
            print_json_lines(rows)
            return
        view = [{"name": r["name"], "type": r["type"], "level": r["level"], "hour": r["windows"]["hour"]["count"],
                 "day": r["windows"]["day"]["count"], "mean (day)": r["windows"]["day"]["mean"],
                 "z (day)": r["windows"]["day"]["z"], "id": r["id"]} for r in rows]
        print_records(view, ["name", "type", "level", "hour", "day", "mean (day)", "z (day)", "id"],
                      title="places" if places else "entities")
        return
    report = ask_desk(db, lambda desk: desk.alerts(at=at))
    if as_json:
        print_json_lines([report])
        return
    print_records([_row(w) for w in report["alerts"]], _COLUMNS, title=f"alerts at {report['at']}")
    print_records(report["pending_deliveries"],
                  ["delivery_id", "watchlist", "article_id", "attempts", "next_attempt_at", "status", "last_error"],
                  title="pending deliveries")
    err.print(f"{len(report['alerts'])} of {report['watchlists']} watchlists above normal; "
              f"{len(report['pending_deliveries'])} deliveries pending", highlight=False)


@alerts_app.command("deliver")
def alerts_deliver(
    db: DbOption = None,
    due_only: Annotated[bool, typer.Option("--due-only", help="Only deliveries whose backoff has passed.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Send pending webhook deliveries now."""
    report = ask_desk(db, lambda desk: desk.deliver_alerts(due_only=due_only))
    if as_json:
        print_json_lines([report])
    err.print(f"delivered {report['delivered']}, failed {report['failed']}, gave up {report['gave_up']}, "
              f"pending {report['pending']}", highlight=False)


categories_app = typer.Typer(help="Categories learned from examples, or given by a query.", no_args_is_help=True)
app.add_typer(categories_app, name="categories")


@categories_app.command("train")
def categories_train(
    file: Annotated[str, typer.Argument(help="Examples: JSONL with title, text, label (or CSV/TSV).")],
    map_: Annotated[str | None, typer.Option("--map", help="Our field=their column, e.g. text=body,label=topic.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Train the desk's classifier and categorise every stored article; later ones as they arrive."""
    mapping = parse_map(map_)
    with err.status("training the classifier…"):
        info = ask_desk(db, lambda desk: desk.train_categories(file, mapping))
    if as_json:
        print_json_lines([info])
    err.print(f"trained on {info['examples']:,} examples, {len(info['labels'])} labels "
              f"({', '.join(info['labels'])}) in {info['train_seconds']} s; {info['categorised']:,} stored articles "
              "categorised", highlight=False)


@categories_app.command("list")
def categories_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The desk's categories (learned and rules) with their article counts."""
    rows = ask_desk(db, lambda desk: desk.categories())
    print_records(rows, ["label", "source", "articles", "query"], as_json=as_json, title="categories")


@categories_app.command("add-rule")
def categories_add_rule(
    label: Annotated[str, typer.Argument(help="The category's label.")],
    query: Annotated[str, typer.Argument(help="Articles matching this query have the category.")],
    db: DbOption = None,
) -> None:
    """A category given by a query (a rule): stored and future matching articles get it."""
    w = ask_desk(db, lambda desk: desk.add_rule_category(label, query))
    err.print(f"rule category {label}: {w['matches']:,} articles", highlight=False)
