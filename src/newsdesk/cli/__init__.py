"""The `newsdesk` command: a thin Typer layer over `Desk` (no logic of its own lives here).

Results go to stdout, progress and summaries to stderr. Each command module registers its
commands on `app`.
"""

from __future__ import annotations

import importlib

from newsdesk.cli.app import app

COMMAND_MODULES = [
    "newsdesk.cli.core",
    "newsdesk.cli.search",
    "newsdesk.cli.entities",
    "newsdesk.cli.quotes",
    "newsdesk.cli.stories",
    "newsdesk.cli.sources",
    "newsdesk.cli.serve",
    "newsdesk.cli.eval",
    "newsdesk.cli.watchlists",
]

for _module in COMMAND_MODULES:
    importlib.import_module(_module)


def main() -> None:
    app()


__all__ = ["app", "main"]
