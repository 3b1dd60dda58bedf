"""Watchlists over HTTP: Atom feed (parsed with feedparser), JSON API, the page, creation with the token."""

from __future__ import annotations

import feedparser
import pytest
from fastapi.testclient import TestClient

from newsdesk import Desk
from newsdesk.config import IngestOptions
from newsdesk.web import create_app
from tests.helpers import wire_record

TOKEN = "test-token"


@pytest.fixture
def desk(tmp_path):
    d = Desk(str(tmp_path / "d.db"))
    d.ingest_records([
        wire_record("a1", "Dock workers strike at the harbour. Ships <wait> offshore & idle.", "02"),
        wire_record("a2", "The harbour strike enters its second day. Unions meet ministers.", "03"),
        wire_record("a3", "A new bakery opens downtown. Queues form early.", "03"),
    ], IngestOptions(pipeline="bulk", workers=1))
    d.add_watchlist("ports", "harbour strike")
    yield d
    d.close()


def test_atom_feed_parses_newest_first_and_links_to_article_pages(desk) -> None:
    client = TestClient(create_app(desk))
    r = client.get("/watchlists/ports.atom")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == 2
    assert feed.entries[0].title.startswith("The harbour strike enters")  # newest first
    assert feed.entries[1].title == "Dock workers strike at the harbour"
    assert feed.entries[0].link.startswith("http://testserver/articles/")
    assert client.get("/watchlists/nothing.atom").status_code == 404


def test_api_lists_and_shows_watchlists_and_the_page_renders_escaped(desk) -> None:
    client = TestClient(create_app(desk))
    items = client.get("/api/watchlists").json()["items"]
    assert [w["name"] for w in items] == ["ports"]
    one = client.get("/api/watchlists/ports").json()
    assert one["matches"] == 2 and one["level"] in ("normal", "elevated", "alert")
    assert [a["id"] for a in one["articles"]][0]
    html = client.get("/watchlists/ports").text
    assert "<svg" in html and "harbour strike" in html
    assert "<wait>" not in html


def test_creating_over_http_needs_the_token_and_refuses_private_webhooks(desk) -> None:
    client = TestClient(create_app(desk, token=TOKEN))
    body = {"name": "bread", "query": "bakery"}
    assert client.post("/api/watchlists", json=body).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/watchlists", json=body, headers=auth)
    assert r.status_code == 201 and r.json()["matches"] == 1
    r = client.post("/api/watchlists", json={**body, "name": "b2", "webhook": "http://127.0.0.1:9/x"}, headers=auth)
    assert r.status_code == 400 and "loopback" in r.json()["detail"]
    assert client.post("/api/watchlists", json={"name": "bad", "query": '"open'}, headers=auth).status_code == 400
    allowed = TestClient(create_app(desk, token=TOKEN, allow_private_webhooks=True))
    r = allowed.post("/api/watchlists", json={**body, "name": "b3", "webhook": "http://127.0.0.1:9/x"}, headers=auth)
    assert r.status_code == 201 and r.json()["secret"]


def test_the_open_api_never_shows_a_webhook_url_in_full(desk) -> None:
    desk.add_watchlist("hooked", "bakery", webhook="https://hooks.example.com/services/T0/B0/SECRETPART")
    client = TestClient(create_app(desk))
    body = client.get("/api/watchlists/hooked").text + client.get("/api/watchlists").text
    body += client.get("/watchlists/hooked").text
    assert "SECRETPART" not in body and "hooks.example.com" in body


def test_alerts_and_filtered_watchlists_and_category_search_over_http(desk) -> None:
    client = TestClient(create_app(desk, token=TOKEN))
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/watchlists", json={"name": "wire-ports", "query": "harbour", "source": "test wire",
                                              "lang": "fr"}, headers=auth)
    assert r.status_code == 201 and r.json()["filters"] == {"source": "test wire", "lang": "fr"}
    assert r.json()["matches"] == 0  # the articles are not in French
    desk.add_rule_category("bread", "bakery")
    found = client.get("/api/search", params={"q": "*", "category": "bread"}).json()
    assert [h["title"] for h in found["hits"]] == ["A new bakery opens downtown"]
    assert client.get("/api/search", params={"q": "*", "watchlist": "ports"}).json()["total"] == 2
    assert client.get("/api/search", params={"q": "*", "category": "weather"}).status_code == 400
    alerts = client.get("/api/alerts", params={"at": "2026-03-03T12:00:00Z"}).json()
    assert alerts["watchlists"] == 2 and {"alerts", "pending_deliveries"} <= set(alerts)
    assert client.get("/api/alerts", params={"at": "yesterday-ish"}).status_code == 400
    who = client.get("/api/alerts/entities", params={"at": "2026-03-03T12:00:00Z", "places": "true"})
    assert who.status_code == 200 and who.json()["count"] == len(who.json()["items"])
    html = client.get("/search", params={"q": "*", "category": "bread"}).text
    assert "category: bread" in html and "bakery" in html
