"""`newsdesk serve`: the web desk (pages and JSON API) on a local address."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from newsdesk.cli.app import DbOption, app
from newsdesk.cli.core import open_desk
from newsdesk.cli.output import err, fail


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=0, max=65535)] = 8000,
    token: Annotated[str | None, typer.Option(
        envvar="NEWSDESK_TOKEN", show_envvar=True,
        help="Allow writing (POST /api/ingest) to clients that send this token; without it the desk is read-only over HTTP.",
    )] = None,
    allow_private_webhooks: Annotated[bool, typer.Option(
        "--allow-private-webhooks", help="Let POST /api/watchlists point webhooks at private or loopback addresses.",
    )] = False,
) -> None:
    """Open the desk in a browser: search, articles, stories, entities and a map, plus the JSON API under /api."""
    # heavy: uvicorn and FastAPI take a quarter of a second to import; only `newsdesk serve` needs them
    import uvicorn

    from newsdesk.web import create_app
    from newsdesk.web.watchlists import start_delivery

    check_free(host, port)
    desk = open_desk(db)
    web = create_app(desk, token=token or None, allow_private_webhooks=allow_private_webhooks)
    stop_delivery = start_delivery(desk, web.state.write_lock)  # watchlist webhooks retried while serving
    shown = f"[{host}]" if ":" in host else host
    err.print(f"newsdesk: serving {desk.address} at http://{shown}:{port}/ (Ctrl-C to stop)", highlight=False)
    if token:
        err.print("writing over HTTP is on: POST /api/ingest with 'Authorization: Bearer TOKEN'", highlight=False)
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: listening on {host}: other machines can read this desk", highlight=False)
    try:
        uvicorn.run(web, host=host, port=port, log_level=desk.settings.log_level)
    finally:
        stop_delivery.set()
        desk.close()


def check_free(host: str, port: int) -> None:
    """Fail with one clear line when the address cannot be listened on (in use, unknown host)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror}", 2)
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            fail(f"cannot listen on {host}:{port}: {exc.strerror or exc} (try --port)")
