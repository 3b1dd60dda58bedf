"""Watchlists on the web: an Atom feed per watchlist, the JSON API, a page with its chart, and the
outbox retried while the server runs.

    GET  /watchlists/NAME.atom     Atom 1.0, newest first, entries linking to the desk's article pages
    GET  /watchlists/NAME          the watchlist's page: level, windows, daily chart, newest articles
    GET  /api/watchlists           every watchlist with its count and level
    GET  /api/watchlists/NAME      one watchlist (as `newsdesk watchlist show --json`)
    GET  /api/alerts               watchlists above normal (alert first) and how many deliveries wait
    GET  /api/alerts/entities      who (?places=true: where) is suddenly in the news, most unusual first
    POST /api/watchlists           {name, query, webhook?, secret?, entity?, place?, source?, lang?,
                                   category?}; needs the write token. Webhooks to
                                   private, loopback or otherwise internal addresses are refused unless
                                   the server was started with --allow-private-webhooks.
"""

from __future__ import annotations

import logging
import threading
from typing import Annotated, Any
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape

from fastapi import APIRouter, Body, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from newsdesk.desk import Desk
from newsdesk.sources.fetch import address_problem
from newsdesk.version import __version__
from newsdesk.watchlists.matches import iso, parse_time
from newsdesk.web.api import _ERR, check_token, found, user_errors
from newsdesk.web.charts import bar_chart
from newsdesk.web.pages import page

log = logging.getLogger("newsdesk.web")

api_router = APIRouter(prefix="/api", tags=["api"], responses={400: _ERR, 404: _ERR, 422: _ERR})
router = APIRouter(include_in_schema=False)
Name = Annotated[str, PathParam(max_length=64)]
FEED_SIZE = 50
DELIVERY_EVERY = 30.0  # seconds between outbox rounds while serving


class WatchlistIn(BaseModel):
    name: str = Field(max_length=64)
    query: str = Field(max_length=2000)
    webhook: str | None = Field(default=None, max_length=2000)
    secret: str | None = Field(default=None, max_length=200)
    # Filters beside the query (watchlists/filters.py).
    entity: str | None = Field(default=None, max_length=500)
    place: str | None = Field(default=None, max_length=500)
    source: str | None = Field(default=None, max_length=500)
    lang: str | None = Field(default=None, max_length=20)
    category: str | None = Field(default=None, max_length=500)


def desk_of(request: Request) -> Desk:
    return request.app.state.desk


def masked(w: dict[str, Any]) -> dict[str, Any]:
    """A watchlist as the open (read) side of the server shows it: a webhook URL often carries a
    secret of its own (a chat service's hook), so only its scheme and host are shown."""
    if w.get("webhook"):
        parts = urlsplit(w["webhook"])
        w = {**w, "webhook": f"{parts.scheme}://{parts.hostname}/…"}
    return w


@api_router.get("/watchlists", summary="Watchlists with their counts and levels")
def api_watchlists(request: Request) -> dict[str, Any]:
    items = [masked(w) for w in desk_of(request).watchlists()]
    return {"items": items, "count": len(items)}


@api_router.get("/watchlists/{name}", summary="One watchlist: level, timeline, newest articles")
def api_watchlist(request: Request, name: Name) -> dict[str, Any]:
    return masked(found(desk_of(request).watchlist(name), "watchlist", name))


@api_router.post("/watchlists", summary="Add a watchlist (needs the token)", status_code=201,
                 responses={401: _ERR, 403: _ERR})
def api_add_watchlist(request: Request, body: Annotated[WatchlistIn, Body()]) -> dict[str, Any]:
    check_token(request)
    if body.webhook:
        parts = urlsplit(body.webhook)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise HTTPException(400, "webhook: expected an http:// or https:// URL")
        if not getattr(request.app.state, "allow_private_webhooks", False):
            try:
                port = parts.port
            except ValueError as exc:
                raise HTTPException(400, "webhook: bad port") from exc
            problem = address_problem(parts.hostname, port)
            if problem:
                raise HTTPException(400, f"webhook refused: {problem.replace('--allow-private', '--allow-private-webhooks')}")
    with request.app.state.write_lock, user_errors():
        return desk_of(request).add_watchlist(
            body.name, body.query, webhook=body.webhook or None, secret=body.secret or None,
            filters={"entity": body.entity, "place": body.place, "source": body.source, "lang": body.lang,
                     "category": body.category})


At = Annotated[str | None, Query(max_length=40, description="Levels as of this ISO time (default: now).")]


@api_router.get("/alerts", summary="Watchlists above their usual coverage, and deliveries waiting")
def api_alerts(request: Request, at: At = None) -> dict[str, Any]:
    with user_errors():
        got = desk_of(request).alerts(at=at)
    # Delivery rows name where webhooks go and why they failed: the open side gives only their number.
    return {"at": got["at"], "alerts": [masked(w) for w in got["alerts"]], "watchlists": got["watchlists"],
            "pending_deliveries": len(got["pending_deliveries"])}


@api_router.get("/alerts/entities", summary="Who (or where) is suddenly in the news")
def api_entity_alerts(
    request: Request,
    at: At = None,
    places: bool = False,
    limit: Annotated[int, Query(ge=0, le=200)] = 20,
) -> dict[str, Any]:
    with user_errors():
        items = desk_of(request).entity_alerts(at=at, places=places, limit=limit)
    return {"items": items, "count": len(items)}


@router.get("/watchlists/{name}.atom", response_class=Response)
def atom_feed(request: Request, name: Name) -> Response:
    w = found(desk_of(request).watchlist(name, limit=FEED_SIZE), "watchlist", name)
    return Response(atom(w, str(request.base_url)), media_type="application/atom+xml; charset=utf-8")


@router.get("/watchlists/{name}", response_class=HTMLResponse)
def watchlist_page(request: Request, name: Name) -> HTMLResponse:
    w = desk_of(request).watchlist(name, limit=50)
    if w is None:
        raise HTTPException(404, f"no watchlist {name!r}")
    return page(request, "watchlist.html", w=masked(w), chart=bar_chart(w["timeline"], label="matches"),
                feed=f"/watchlists/{quote(name, safe='')}.atom")


def atom(w: dict[str, Any], base: str) -> str:
    """An Atom 1.0 document of a watchlist's newest matches (every value escaped)."""
    base = base.rstrip("/")
    name = quote(w["name"], safe="")
    updated = max((a["at"] for a in w["articles"]), default=w["created_at"] or w["at"])
    out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<id>{escape(base)}/watchlists/{name}</id>", f"<title>{escape('newsdesk watchlist: ' + w['name'])}</title>",
           f"<subtitle>{escape(w['query'])}</subtitle>", f"<updated>{escape(_atom_time(updated))}</updated>",
           f'<link rel="self" href="{_attr(base)}/watchlists/{name}.atom"/>',
           f'<link rel="alternate" href="{_attr(base)}/watchlists/{name}"/>',
           f'<generator version="{escape(__version__)}">newsdesk</generator>', "<author><name>newsdesk</name></author>"]
    for a in w["articles"]:
        href = f"{base}/articles/{quote(a['id'], safe='')}"
        out += ["<entry>", f"<id>{escape(href)}</id>", f"<title>{escape(a['title'] or 'Untitled')}</title>",
                f'<link rel="alternate" href="{_attr(href)}"/>',
                f"<updated>{escape(_atom_time(a['at']))}</updated>"]
        if a.get("published"):
            out.append(f"<published>{escape(_atom_time(a['published']))}</published>")
        if a.get("url"):
            out.append(f'<link rel="related" href="{_attr(a["url"])}"/>')
        if a.get("source"):
            out.append(f"<author><name>{escape(a['source'])}</name></author>")
        out.append("</entry>")
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _atom_time(value: str | None) -> str:
    t = parse_time(value)
    return iso(t) if t else "1970-01-01T00:00:00Z"


def start_delivery(desk: Desk, lock: Any = None, every: float = DELIVERY_EVERY) -> threading.Event:
    """Retry the outbox every `every` seconds in a daemon thread while the server runs (holding
    `lock`, the server's write lock, so it never competes with an ingest over HTTP); set the
    returned event to stop it."""
    stop = threading.Event()
    lock = lock or threading.Lock()

    def loop() -> None:
        while not stop.wait(every):
            with lock:
                desk._deliver_due()

    threading.Thread(target=loop, name="newsdesk-webhooks", daemon=True).start()
    return stop
