"""The web desk: `create_app(desk)` gives a FastAPI app with the JSON API under /api and the pages.

Every response carries a strict Content-Security-Policy (scripts and styles only from this server,
no inline script), and every error is an HTML page for a browser route or JSON for /api — a
traceback is logged on the server, never sent.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import escape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware

from newsdesk.desk import Desk
from newsdesk.version import __version__
from newsdesk.web import api, assets, pages, watchlists

log = logging.getLogger("newsdesk.web")

TOKEN_ENV = "NEWSDESK_TOKEN"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
STATIC_DIR = Path(str(resources.files("newsdesk.web") / "static"))

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]], Awaitable[None]]


def wants_json(path: str) -> bool:
    """API routes answer errors in JSON; every other route with an HTML page."""
    return path == "/api" or path.startswith("/api/") or path == "/openapi.json"


class SafetyMiddleware:
    """Adds the security headers to every response and turns an unexpected exception into a plain
    500 (page or JSON) — outermost, so even a failure elsewhere in the stack gets both."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in
                           {name for name, _ in SECURITY_HEADERS}]
                message["headers"] = headers + SECURITY_HEADERS
            await send(message)

        if _has_nul(scope):
            # PostgreSQL text cannot hold NUL, so such a value would fail deep in the store: refuse
            # it here, the same on every backend.
            response = error_response(scope.get("path", ""), 422, "the request holds a NUL character (%00)")
            await response(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except RecursionError:
            # Only input nested past Python's limits gets here (a JSON body of 100,000 brackets; queries
            # are bounded by their parser): the request's fault, so a 400 rather than a 500.
            log.warning("request nested too deeply: %s", scope.get("path"))
            if started:
                raise
            response = error_response(scope.get("path", ""), 400, "the request is nested too deeply")
            await response(scope, receive, send_with_headers)
        except Exception:
            log.exception("error serving %s", scope.get("path"))
            if started:
                raise
            response = error_response(scope.get("path", ""), 500, "Something went wrong on the server.")
            await response(scope, receive, send_with_headers)


def _has_nul(scope: Scope) -> bool:
    """A NUL character in the (decoded) path or in the query string, raw or percent-encoded."""
    query = scope.get("query_string", b"")
    return "\x00" in scope.get("path", "") or b"%00" in query or b"\x00" in query


def error_response(path: str, status: int, message: str, templates: Any = None,
                   request: Request | None = None) -> Response:
    if wants_json(path):
        return JSONResponse({"detail": message, "status": status}, status_code=status)
    if templates is not None and request is not None:
        try:
            return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                              status_code=status)
        except Exception:  # the error page itself must never fail
            log.exception("error page failed")

    body = (f"<!doctype html><meta charset=utf-8><title>{status}</title><h1>{status}</h1>"
            f"<p>{escape(message)}</p><p><a href=\"/\">newsdesk home</a></p>")
    return HTMLResponse(body, status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    """'limit: Input should be less than or equal to 100' — the first problems, one line."""
    parts = []
    for err in exc.errors()[:3]:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body", "header")]
        where = ".".join(loc)
        parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
    return "; ".join(parts) or "invalid request"


def create_app(desk: Desk | str | None = None, token: str | None = None,
               allow_private_webhooks: bool = False) -> FastAPI:
    """The web desk over `desk` (a Desk, or its address). `token` (or NEWSDESK_TOKEN) turns on
    writing over HTTP (POST /api/ingest); without one the desk is read-only over HTTP."""
    if not isinstance(desk, Desk):
        desk = Desk(desk)
    app = FastAPI(
        title="newsdesk",
        version=__version__,
        description="The newsdesk JSON API: search, articles, entities, quotations, stories, places.",
        docs_url=None,  # Swagger/ReDoc load scripts from a CDN: not offline, not allowed by our CSP.
        redoc_url=None,
    )
    app.state.desk = desk
    app.state.token = token if token is not None else (desk.settings.token or None)  # NEWSDESK_TOKEN
    app.state.allow_private_webhooks = allow_private_webhooks  # webhook targets posted over HTTP
    app.state.write_lock = threading.Lock()  # one ingest at a time: the desk has one writer

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"There is nothing at {request.url.path}."
        elif exc.status_code == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not allowed on {request.url.path}."
        response = error_response(request.url.path, exc.status_code, message, pages.templates, request)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request.url.path, 422, _validation_message(exc), pages.templates, request)

    app.include_router(api.router)
    app.include_router(watchlists.api_router)
    app.include_router(watchlists.router)
    app.include_router(assets.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(SafetyMiddleware)
    return app
