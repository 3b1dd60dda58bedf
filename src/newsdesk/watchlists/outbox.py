"""Webhook delivery from the outbox: at least once, each delivery with a stable id.

The `watchlists` link step queues one outbox row per new match of a watchlist with a webhook, in the
batch's transaction, so a match and its delivery are stored together. `deliver` POSTs what is due:

    POST <webhook>   Content-Type: application/json
    X-Newsdesk-Signature: sha256=<hex HMAC-SHA256 of the raw body, keyed with the watchlist's secret>
    X-Newsdesk-Delivery: <delivery_id>
    {"watchlist": NAME, "delivery_id": ID, "article": {"id", "title", "url", "published", "source"}}

A 2xx answer marks the row delivered. Anything else (refused, timed out, 4xx/5xx, a redirect) keeps it
pending with the next attempt after an exponential backoff (30 s, 1 min, 2 min, ... at most 6 h);
after MAX_ATTEMPTS it is marked failed. When a receiver fails, its other rows wait for the next
round, so a receiver that is down costs one short timeout per round, never one per match.
Two processes delivering at once may both send a row: receivers drop repeats by the delivery id.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from newsdesk.store.base import Store
from newsdesk.watchlists.matches import iso

TIMEOUT = 3.0  # seconds per POST: an ingest never waits long on a receiver
MAX_ATTEMPTS = 25
BACKOFF_START = timedelta(seconds=30)
BACKOFF_MAX = timedelta(hours=6)

# (url, body, headers, timeout) -> HTTP status; raises OSError when the receiver cannot be reached.
Poster = Callable[[str, bytes, dict[str, str], float], int]


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def payload(watchlist: str, delivery_id: str, article: dict[str, Any]) -> bytes:
    fields = ("id", "title", "url", "published", "source")
    doc = {"watchlist": watchlist, "delivery_id": delivery_id, "article": {k: article.get(k) for k in fields}}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def backoff(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt."""
    return min(BACKOFF_START * (2 ** min(max(attempts - 1, 0), 20)), BACKOFF_MAX)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # a redirect is an answer, not a delivery


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


def http_post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def deliver(store: Store, *, due_only: bool = True, timeout: float = TIMEOUT, limit: int = 1000,
            now: datetime | None = None, post: Poster = http_post) -> dict[str, int]:
    """Send pending deliveries (only those due unless `due_only` is False). Never raises for a
    receiver's failure. Returns counts: delivered, failed (this round), gave_up, pending (after)."""
    now = now or datetime.now(UTC)
    cond, params = ("AND o.next_attempt_at <= ?", (iso(now),)) if due_only else ("", ())
    rows = store.query(
        "SELECT o.delivery_id, o.article_id, o.attempts, w.name, w.webhook, w.secret FROM outbox o"
        f" JOIN watchlists w ON w.id = o.watchlist_id WHERE o.status = 'pending' {cond}"
        f" ORDER BY o.created_at, o.delivery_id LIMIT {int(limit)}", params)
    report = {"delivered": 0, "failed": 0, "gave_up": 0}
    articles = _articles(store, [r["article_id"] for r in rows])
    down: set[str] = set()
    for r in rows:
        url = r["webhook"]
        if not url or url in down:
            continue
        art = articles.get(r["article_id"]) or {"id": r["article_id"]}
        body = payload(r["name"], r["delivery_id"], art)
        headers = {"Content-Type": "application/json", "User-Agent": "newsdesk-webhook",
                   "X-Newsdesk-Delivery": r["delivery_id"], "X-Newsdesk-Signature": sign(r["secret"] or "", body)}
        error = None
        try:
            status = post(url, body, headers, timeout)
            if not 200 <= status < 300:
                error = f"HTTP {status}"
        except (OSError, ValueError) as exc:  # refused, timed out, unreachable, a malformed URL
            error = str(getattr(exc, "reason", None) or exc) or type(exc).__name__
        attempts = int(r["attempts"]) + 1
        with store.transaction():
            if error is None:
                store.execute("UPDATE outbox SET status = 'delivered', delivered_at = ?, attempts = ?,"
                              " last_error = NULL WHERE delivery_id = ?", (iso(datetime.now(UTC)), attempts,
                                                                         r["delivery_id"]))
                report["delivered"] += 1
                continue
            down.add(url)
            gave_up = attempts >= MAX_ATTEMPTS
            store.execute("UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?"
                          " WHERE delivery_id = ?", ("failed" if gave_up else "pending", attempts,
                                                     iso(now + backoff(attempts)), error[:300], r["delivery_id"]))
            report["gave_up" if gave_up else "failed"] += 1
    report["pending"] = int(store.scalar("SELECT COUNT(*) FROM outbox WHERE status = 'pending'") or 0)
    return report


def pending(store: Store, limit: int = 50) -> list[dict[str, Any]]:
    """Deliveries not yet made (pending or given up), oldest first."""
    return store.query(
        "SELECT o.delivery_id, w.name AS watchlist, o.article_id, o.created_at, o.attempts, o.next_attempt_at,"
        " o.status, o.last_error FROM outbox o JOIN watchlists w ON w.id = o.watchlist_id"
        f" WHERE o.status <> 'delivered' ORDER BY o.created_at, o.delivery_id LIMIT {int(limit)}")


def _articles(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = store.select_in("SELECT id, title, url, published, source FROM articles WHERE id IN (?*)", dict.fromkeys(ids))
    return {r["id"]: r for r in rows}
