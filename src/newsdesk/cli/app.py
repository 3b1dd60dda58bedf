"""The Typer application object and options shared by every command."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from newsdesk.settings import Settings, SettingsError, load_settings
from newsdesk.version import __version__

app = typer.Typer(
    name="newsdesk",
    help="newsdesk: an offline news intelligence engine. Ingest news, then search it, follow its "
    "entities, quotations and stories.\n\nExit status: 0 done (all stored), 3 some items skipped, 2 a usage "
    "error (a missing input, a bad option, query or column, no desk at --db), 1 any other error, 130 interrupted.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Boxed Rich errors and help on a terminal; plain one-line errors in a pipe or a log file.
    rich_markup_mode="rich" if sys.stderr.isatty() else None,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"newsdesk {__version__}")
        raise typer.Exit()


# The settings file given with --config (read once per command, by cli_settings).
_CONFIG: dict[str, str | None] = {"path": None}


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_show_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
    config: Annotated[str | None, typer.Option("--config", help="A settings file (default: newsdesk.toml in "
                                               "the current directory, if there is one).")] = None,
) -> None:
    """newsdesk: an offline news intelligence engine."""
    _CONFIG["path"] = config


def cli_settings(db: str | None) -> Settings:
    """The command's settings: --config (or ./newsdesk.toml), the environment, then --db."""
    try:
        return load_settings(_CONFIG["path"], flags={"db": db})
    except SettingsError as exc:
        typer.echo(f"Error: {exc}", err=True)
        raise typer.Exit(2) from None


def debugging() -> bool:
    """Whether an unexpected error shows its traceback (the `debug` setting, NEWSDESK_DEBUG)."""
    try:
        return load_settings(_CONFIG["path"]).debug
    except SettingsError:
        return False


DbOption = Annotated[
    str | None,
    typer.Option("--db", envvar="NEWSDESK_DB", help="The desk: a SQLite file (default ./newsdesk.db) or postgresql://…"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="One JSON object per line.")]
LangOption = Annotated[str | None, typer.Option("--lang", "--language",
                                               help="Only this language (ISO 639-1 code, e.g. en, fr, zh).")]
