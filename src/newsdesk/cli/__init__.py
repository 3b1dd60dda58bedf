"""The `newsdesk` command: a thin Typer layer over `Desk` (no logic of its own lives here).

Results go to stdout, progress and summaries to stderr. Each command module registers its
commands on `app`.
"""

from __future__ import annotations

import importlib
import os
import sys

from rich.markup import escape

from newsdesk.cli.app import app
from newsdesk.cli.output import err

COMMAND_MODULES = [
    "newsdesk.cli.core",
    "newsdesk.cli.search",
    "newsdesk.cli.entities",
    "newsdesk.cli.places",
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
    """Run the command line. An unexpected error is one line on stderr and exit status 1 (the
    traceback only with NEWSDESK_DEBUG=1); a user's mistake is status 2 where the command finds it."""
    try:
        app()
    except Exception as exc:
        if os.environ.get("NEWSDESK_DEBUG"):
            raise
        err.print(f"error: {escape(' '.join(str(exc).split()) or type(exc).__name__)} "
                  f"({type(exc).__name__}; NEWSDESK_DEBUG=1 shows the traceback)", highlight=False)
        sys.exit(1)


__all__ = ["app", "main"]
