"""The `newsdesk` command: a thin Typer layer over `Desk` (no logic of its own lives here).

Results go to stdout, progress and summaries to stderr. Each command module registers its
commands on `app` when it is imported: `COMMAND_MODULES` is the explicit table of them.
"""

from __future__ import annotations

import select
import sys

from rich.markup import escape

from newsdesk.cli.app import app, debugging
from newsdesk.cli.output import err

# Importing a command module registers its commands, and `newsdesk --help` lists them in import order.
# isort: off
from newsdesk.cli import core, search, entities, places, quotes, stories, sources, serve, eval, watchlists
# isort: on

# The command modules: an explicit table.
COMMAND_MODULES = (core, search, entities, places, quotes, stories, sources, serve, eval, watchlists)


def main() -> None:
    """Run the command line. An unexpected error is one line on stderr and exit status 1 (the
    traceback only with NEWSDESK_DEBUG=1); a user's mistake is status 2 where the command finds it."""
    try:
        app()
    except SystemExit as done:
        # Click ends with status 1 when the reader of stdout went away (`newsdesk export | head`);
        # that is the reader's choice, not a failure, so it ends like a completed command.
        if done.code == 1 and _reader_gone():
            sys.exit(0)
        raise
    except Exception as exc:
        if debugging():
            raise
        err.print(f"error: {escape(' '.join(str(exc).split()) or type(exc).__name__)} "
                  f"({type(exc).__name__}; NEWSDESK_DEBUG=1 shows the traceback)", highlight=False)
        sys.exit(1)


def _reader_gone() -> bool:
    """True when stdout is a pipe whose reading end is closed (poll reports an error on it)."""
    try:
        poller = select.poll()
        poller.register(sys.__stdout__.fileno(), select.POLLOUT)
        return any(event & select.POLLERR for _, event in poller.poll(0))
    except (AttributeError, OSError, ValueError):  # no poll (Windows) or no real stdout
        return False


__all__ = ["app", "main"]
