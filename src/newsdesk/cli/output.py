"""Output conventions: results to stdout (a table on a terminal, plain lines or JSON otherwise),
everything else to stderr."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

out = Console(soft_wrap=True)


def _stderr_console() -> Console:
    """Stderr for people on a terminal; in a pipe or a log file every message is exactly one line
    (never wrapped at 80 columns) and plain (no colour codes, no box drawing)."""
    if sys.stderr.isatty():
        return Console(stderr=True)
    return Console(stderr=True, soft_wrap=True, width=1_000_000, color_system=None, highlight=False,
                   emoji=False, safe_box=True)


err = _stderr_console()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def print_json_lines(records: Iterable[dict[str, Any]]) -> int:
    n = 0
    for rec in records:
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
        n += 1
    sys.stdout.flush()
    return n


def print_records(
    records: Sequence[dict[str, Any]], columns: Sequence[str], as_json: bool = False, title: str | None = None
) -> None:
    """A list command's output: JSON lines, a Rich table on a terminal, or tab-separated plain lines."""
    if as_json:
        print_json_lines(records)
        return
    if stdout_is_terminal():
        table = Table(title=title, show_lines=False)
        for col in columns:
            table.add_column(col)
        for rec in records:
            table.add_row(*[_cell(rec.get(c)) for c in columns])
        out.print(table)
        return
    # Not a terminal: a header line, then one record per line, never wrapped or cut.
    sys.stdout.write("\t".join(columns) + "\n")
    for rec in records:
        sys.stdout.write("\t".join(_cell(rec.get(c)).replace("\t", " ").replace("\n", " ") for c in columns) + "\n")
    sys.stdout.flush()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def fail(message: str, code: int = 1) -> None:
    """One clear line on stderr and a non-zero exit: never a traceback for a user's mistake."""
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False)
    raise typer.Exit(code)


def quote_parts(q: Any) -> tuple[str, str]:
    """Text and speaker of a quotation as the desk returns it (a dict or a Quote)."""
    if isinstance(q, dict):
        content = q.get("content")
        text = content.get("text", "") if isinstance(content, dict) else str(q.get("text") or content or "")
        who = q.get("speaker_name") or q.get("speaker") or "unattributed"
        if isinstance(who, dict):
            who = who.get("text") or "unattributed"
        return text, str(who)
    content = getattr(q, "content", None)
    speaker = getattr(q, "speaker", None)
    who = getattr(q, "speaker_name", None) or getattr(speaker, "text", None) or "unattributed"
    return getattr(content, "text", str(content or "")), str(who)


def quotation_text(q: Any) -> str:
    """A quotation as the desk shows it: direct speech as written, with its own marks; reported
    speech after its verb ("denied: …"), since the reported words are not the speaker's own."""
    text, _who = quote_parts(q)
    direct = q.get("direct") if isinstance(q, dict) else getattr(q, "direct", False)
    cue = q.get("cue") if isinstance(q, dict) else getattr(getattr(q, "cue", None), "text", None)
    if isinstance(cue, dict):
        cue = cue.get("text")
    if direct:
        return text
    return f"{cue}: {text}" if cue else f"[reported] {text}"


def plain(text: str) -> str:
    """Rich markup removed, for output that is not a terminal."""
    return Text.from_markup(text).plain


def print_markup(text: str = "") -> None:
    """One line of Rich markup: styled on a terminal, plain text otherwise."""
    if stdout_is_terminal():
        out.print(text, highlight=False)
    else:
        typer.echo(plain(text))
