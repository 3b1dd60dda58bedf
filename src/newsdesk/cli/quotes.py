"""`newsdesk quotes`: quotations on the desk, a thin view over Desk.quotes."""

from __future__ import annotations

from typing import Annotated

import typer

from newsdesk.cli.app import DbOption, JsonOption, LangOption, app
from newsdesk.cli.core import ask_desk
from newsdesk.cli.output import err, fail, print_json_lines, print_records, quotation_text, stdout_is_terminal


@app.command()
def quotes(
    query: Annotated[str | None, typer.Argument(help="Words the quotation must contain.")] = None,
    speaker: Annotated[str | None, typer.Option("--speaker", "-s", help="Who said it: a name, alias or surname.")] = None,
    about: Annotated[str | None, typer.Option("--about", "-a", help="Whom it is about: a name, alias or surname.")] = None,
    article: Annotated[str | None, typer.Option(help="Only this article (id or unique prefix).")] = None,
    story: Annotated[str | None, typer.Option(help="Only this story (id).")] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many quotations.")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many (paging).")] = 0,
    lang: LangOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Quotations and who said them, newest first."""
    if limit < 0 or offset < 0:
        fail("--limit and --offset must not be negative", 2)
    rows = ask_desk(db, lambda desk: desk.quotes(speaker=speaker, about=about, query=query, article=article,
                                                 story=story, limit=limit, offset=offset, lang=lang))
    if as_json:
        print_json_lines(rows)
        return
    if not rows and stdout_is_terminal():
        err.print("no quotations match", highlight=False)
        return
    view = [{
        "speaker": r["speaker_name"] or r["speaker"] or "unattributed",
        "quotation": quotation_text(r),
        "published": (r["published"] or "")[:10],
        "article": r["article_id"],
        "title": r["title"],
    } for r in rows]
    print_records(view, ["speaker", "quotation", "published", "article", "title"], title="quotations")
