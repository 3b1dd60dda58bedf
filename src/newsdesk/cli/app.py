"""The Typer application object and options shared by every command."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(
    name="newsdesk",
    help="newsdesk: an offline news intelligence engine. Ingest news, then search it, follow its "
    "entities, quotations and stories.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="NEWSDESK_DB", help="The desk: a SQLite file (default ./newsdesk.db) or postgresql://…"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]
