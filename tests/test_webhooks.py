"""Webhooks through the outbox, against a real HTTP receiver on 127.0.0.1."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsdesk import Desk
from newsdesk.config import IngestOptions
from newsdesk.watchlists import outbox
from newsdesk.web.watchlists import start_delivery
from tests.helpers import wire_record

BULK = IngestOptions(pipeline="bulk", workers=1)
SECRET = "s3cret-key"


class Receiver:
    """A webhook receiver in a thread: keeps every POST (raw body and headers)."""

    def __init__(self, port: int = 0) -> None:
        received = self.received = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received.append((body, dict(self.headers)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()

    def bodies(self) -> list[dict]:
        return [json.loads(b) for b, _ in self.received]


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.stop()


def _strikes(start: int, n: int) -> list[dict]:
    return [wire_record(f"s{i}", f"Harbour strike day {i}: dock workers in port {i} stay out. Talks resume.", "05")
            for i in range(start, start + n)]


def test_every_match_is_delivered_once_with_a_valid_signature(desk_address, receiver) -> None:
    with Desk(desk_address) as desk:
        desk.add_watchlist("ports", "harbour strike", webhook=receiver.url, secret=SECRET)
        desk.ingest_records(_strikes(0, 3) + [wire_record("x", "A bakery opens downtown. Queues form.", "05")], BULK)
        assert len(receiver.received) == 3  # delivered by the end of the ingest
        for body, headers in receiver.received:
            expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            assert headers["X-Newsdesk-Signature"] == expected
        docs = receiver.bodies()
        assert {d["watchlist"] for d in docs} == {"ports"}
        assert len({d["delivery_id"] for d in docs}) == 3
        assert all(set(d["article"]) == {"id", "title", "url", "published", "source"} for d in docs)
        # Delivering again, or reprocessing the matched articles, sends nothing twice.
        assert desk.deliver_alerts()["delivered"] == 0
        desk.reprocess(BULK, all_articles=True)
        desk.deliver_alerts()
        assert len(receiver.received) == 3


def test_a_receiver_down_during_ingest_gets_everything_once_it_is_back(desk_address) -> None:
    down = Receiver()
    port, url = down.port, down.url
    down.stop()  # nothing listens on the port now
    with Desk(desk_address) as desk:
        desk.add_watchlist("ports", "harbour strike", webhook=url, secret=SECRET)
        report = desk.ingest_records(_strikes(0, 4), BULK)  # the ingest does not fail
        assert report.stored == 4
        pending = desk.alerts()["pending_deliveries"]
        assert len(pending) == 4 and all(p["attempts"] <= 1 for p in pending)
        back = Receiver(port)
        try:
            assert desk.deliver_alerts()["delivered"] == 4
            desk.ingest_records(_strikes(4, 1), BULK)
            assert desk.deliver_alerts()["delivered"] == 0
            ids = [d["delivery_id"] for d in back.bodies()]
            assert len(ids) == 5 and len(set(ids)) == 5
            assert desk.alerts()["pending_deliveries"] == []
        finally:
            back.stop()


def test_a_failed_delivery_waits_with_growing_backoff() -> None:
    assert outbox.backoff(1) < outbox.backoff(2) < outbox.backoff(3)
    assert outbox.backoff(100) == outbox.BACKOFF_MAX


def test_a_receiver_answering_an_error_keeps_the_delivery_pending(desk_address) -> None:
    calls = []

    def failing(url: str, body: bytes, headers: dict, timeout: float) -> int:
        calls.append(url)
        return 500

    with Desk(desk_address) as desk:
        desk.add_watchlist("ports", "harbour strike", webhook="http://receiver.invalid/hook", secret=SECRET)
        desk.ingest_records(_strikes(0, 2), BULK)  # its end-of-ingest attempt fails: no such host
        with desk.store.transaction():
            desk.store.execute("UPDATE outbox SET attempts = 0")
        got = outbox.deliver(desk.store, due_only=False, post=failing)
        assert got["failed"] == 1 and got["pending"] == 2  # the second waits: its receiver is down
        assert len(calls) == 1
        row = desk.store.query_one("SELECT last_error, next_attempt_at FROM outbox WHERE attempts = 1")
        assert row["last_error"] == "HTTP 500"


def test_the_server_loop_retries_the_outbox(desk_address) -> None:
    down = Receiver()
    port, url = down.port, down.url
    down.stop()
    with Desk(desk_address) as desk:
        desk.add_watchlist("ports", "harbour strike", webhook=url, secret=SECRET)
        desk.ingest_records(_strikes(0, 2), BULK)
        desk.store.execute("UPDATE outbox SET next_attempt_at = '2000-01-01T00:00:00Z'")  # due now
        back = Receiver(port)
        stop = start_delivery(desk, every=0.05)
        try:
            deadline = time.monotonic() + 20
            while len(back.received) < 2 and time.monotonic() < deadline:
                time.sleep(0.05)
            assert len(back.received) == 2
        finally:
            stop.set()
            back.stop()
