"""The web desk's pages, through FastAPI's test client, over a desk built from our own sample."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.web import create_app
from newsdesk.web.app import CSP
from tests.helpers import EXAMPLES

SAMPLE = EXAMPLES / "sample.jsonl"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
HOSTILE_RECORD = {
    "id": "xss-0001",
    "title": f"Harbour {XSS_SCRIPT} reopens {XSS_IMG}",
    "text": (
        f"LISBON, March 3 – The harbour of Lisbon reopened on Tuesday after the storm {XSS_SCRIPT}.\n\n"
        f"\"We have cleared every berth {XSS_IMG} and the cranes are working again,\" said Ana Costa, "
        "the director of the Lisbon port authority.\n\nShips had queued off Cascais for two days."
    ),
    "source": "Harbour Gazette",
    "url": "javascript:alert(1)",
    "published": "2026-03-03T10:00:00Z",
}


def sample_records() -> list[dict]:
    """Our sample corpus (examples/sample.jsonl) plus one hostile article."""
    records = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return records + [HOSTILE_RECORD]


def build_sample_desk(address: str) -> None:
    """Ingest the sample with the full pipeline into the (new) desk at `address`.

    The `sample_db` fixture (tests/conftest.py) calls this once per backend per session."""
    desk = Desk(address)
    try:
        report = desk.ingest_records(sample_records(), IngestOptions(workers=2))
        assert report.stored == len(sample_records()), report.to_dict()
    finally:
        desk.close()


@pytest.fixture(scope="module")
def desk(sample_db: str):
    d = Desk(sample_db)
    yield d
    d.close()


@pytest.fixture(scope="module")
def client(desk):
    return TestClient(create_app(desk), raise_server_exceptions=False, follow_redirects=False)


def article_id(desk: Desk, title_part: str) -> str:
    for art in desk.articles():
        if title_part in art.title:
            return art.id
    raise AssertionError(f"no article titled like {title_part!r}")


def _html(response) -> str:
    assert response.headers["content-type"].startswith("text/html"), response.headers["content-type"]
    return response.text


# --- every page --------------------------------------------------------------------------------------
def test_home_page_answers_directly_with_a_search_box_and_the_csp(client):
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-security-policy"] == CSP
    assert "script-src 'self'" in CSP and "unsafe-inline" not in CSP
    html = _html(r)
    assert re.search(r'<form[^>]+action="/search"', html) and 'name="q"' in html


def test_home_page_shows_top_stories_people_and_places(client, desk):
    html = client.get("/").text
    top = desk.stories(top=1)[0]
    assert f'href="/stories/{top["id"]}"' in html
    person = desk.entities(type="PERSON", top=1)[0]
    assert f'href="/entities/{person["id"]}"' in html
    assert "<svg class=\"map map-small\"" in html


def test_search_page_html_holds_its_result_links(client, desk):
    wanted = article_id(desk, "earthquake")
    r = client.get("/search", params={"q": "earthquake"})
    assert r.status_code == 200
    html = _html(r)
    assert f'href="/articles/{wanted}"' in html
    assert '<mark class="hit">' in html  # highlighted snippet or title
    assert '<svg class="chart"' in html  # matching articles per day
    assert 'class="facet"' in html


def test_search_facets_narrow_the_results(client, desk):
    r = client.get("/search", params={"q": "harbour", "source": "Harbour Gazette"})
    assert r.status_code == 200
    html = r.text
    assert f'href="/articles/{article_id(desk, "Harbour")}"' in html
    assert "source: Harbour Gazette" in html  # the active filter, removable


def test_a_malformed_query_is_a_400_page_that_says_why(client, desk):
    r = client.get("/search", params={"q": '"unclosed phrase AND ('})
    assert r.status_code == 400
    assert "could not be read" in _html(r)


def test_article_page_highlights_entities_and_quotations_with_links(client, desk):
    aid = article_id(desk, "earthquake")
    art = desk.get(aid)
    r = client.get(f"/articles/{aid}")
    assert r.status_code == 200
    html = _html(r)
    assert html.count("<p>") >= 2  # paragraphs kept
    linked = {m.entity_id for m in art.mentions if m.entity_id}
    assert linked and art.quotes  # the sample's first report has both
    assert re.search(r'<a class="ent ent-(person|place|org|group|event|other)[^"]*" href="/entities/', html)
    assert any(f'href="/entities/{eid}"' in html for eid in linked)
    assert 'class="quote quote-' in html and f'id="q-{art.quotes[0].content.start}"' in html
    if art.story_id:
        assert f'href="/stories/{art.story_id}"' in html


def test_article_page_shows_its_places_on_a_small_map(client, desk):
    art = desk.get(article_id(desk, "earthquake"))
    located = {e.entity_id for e in art.entities if e.lat is not None and e.entity_id}
    assert located
    html = client.get(f"/articles/{art.id}").text
    assert '<svg class="map map-small"' in html
    assert html.count("<circle") == len([e for e in art.entities if e.lat is not None and e.label in
                                         ("GPE", "LOC", "FAC")])
    assert all(f'href="/entities/{eid}"' in html for eid in located)


def test_hostile_article_is_shown_as_text_on_search_and_article_pages(client, desk):
    aid = article_id(desk, "Harbour")
    search = client.get("/search", params={"q": "harbour berth"}).text
    assert f'href="/articles/{aid}"' in search
    pages = [client.get(f"/articles/{aid}").text, search]
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;img src=x onerror=alert(1)&gt;" in html
        assert "javascript:" not in html
        # The only scripts are our own static file.
        assert re.findall(r"<script[^>]*>", html) == ['<script src="/static/desk.js" defer>']


def test_story_page_has_summary_timeline_sources_and_articles(client, desk):
    top = desk.stories(top=1)[0]
    r = client.get(f"/stories/{top['id']}")
    assert r.status_code == 200
    html = _html(r)
    assert '<svg class="chart"' in html
    story = desk.story(top["id"])
    for a in story["articles"][:3]:
        assert f'href="/articles/{a["id"]}"' in html


def test_entity_page_has_mentions_chart_quotations_and_links(client, desk):
    quoted = [q for q in desk.quotes(limit=200) if q["speaker_entity_id"]]
    assert quoted, "the sample has attributed quotations"
    eid = quoted[0]["speaker_entity_id"]
    entity = desk.entity(eid)
    r = client.get(f"/entities/{eid}")
    assert r.status_code == 200
    html = _html(r)
    assert '<svg class="chart"' in html
    assert f"Quotations by {entity['name']}" in html
    assert f'href="/articles/{quoted[0]["article_id"]}#q-{quoted[0]["start"]}"' in html
    for other in entity["cooccurring"][:3]:
        assert f'href="/entities/{other["id"]}"' in html


def test_map_page_draws_places_sized_by_mentions(client, desk):
    r = client.get("/map")
    assert r.status_code == 200
    html = _html(r)
    assert '<image href="/assets/world.svg"' in html
    places = [p for p in desk.places(limit=500) if p.get("lat") is not None]
    assert html.count("<circle") == len(places) > 0
    assert client.get("/map", params={"since": "2026-03-01", "until": "2026-03-02"}).status_code == 200


def test_the_world_outline_and_static_files_are_served_by_the_desk(client):
    world = client.get("/assets/world.svg")
    assert world.status_code == 200 and world.headers["content-type"] == "image/svg+xml"
    assert client.get("/assets/world.svg", headers={"if-none-match": world.headers["etag"]}).status_code == 304
    for path in ("/static/desk.css", "/static/desk.js", "/static/favicon.svg"):
        r = client.get(path)
        assert r.status_code == 200 and r.headers["content-security-policy"] == CSP, path
    html = client.get("/").text
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing from elsewhere


# --- errors -------------------------------------------------------------------------------------------
def test_unknown_things_are_404_pages_for_browsers_and_json_for_the_api(client):
    for path in ("/articles/nope-not-here", "/no/such/page"):
        r = client.get(path)
        assert r.status_code == 404
        assert "Not found" in _html(r) and r.headers["content-security-policy"] == CSP
    r = client.get("/api/articles/nope-not-here")
    assert r.status_code == 404 and r.json()["detail"] == "no article 'nope-not-here'"


def test_bad_page_parameters_are_4xx_pages_with_a_clear_message(client):
    r = client.get("/search", params={"q": "x", "page": "0"})
    assert r.status_code == 422
    assert "page: Input should be greater than or equal to 1" in _html(r)
    r = client.get("/map", params={"days": "soon"})
    assert r.status_code == 422 and "days" in r.text


def test_an_unexpected_failure_is_a_plain_500_without_a_traceback(sample_db, monkeypatch):
    d = Desk(sample_db)
    try:
        c = TestClient(create_app(d), raise_server_exceptions=False)

        def broken() -> dict:
            raise RuntimeError("secret internal detail")

        monkeypatch.setattr(d, "stats", broken)
        for path, kind in (("/", "text/html"), ("/api/stats", "application/json")):
            r = c.get(path)
            assert r.status_code == 500 and r.headers["content-type"].startswith(kind)
            assert "secret internal detail" not in r.text and "Traceback" not in r.text
            assert r.headers["content-security-policy"] == CSP
    finally:
        d.close()


# --- newsdesk serve -----------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_opens_the_desk_on_localhost_and_stops_on_ctrl_c(sample_db):
    port = _free_port()
    env = {**os.environ, "NEWSDESK_TOKEN": ""}
    proc = subprocess.Popen([sys.executable, "-m", "newsdesk", "serve", "--db", sample_db, "--port", str(port)],
                            stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and r.json()["articles"] == len(sample_records())
        refused = httpx.post(f"http://127.0.0.1:{port}/api/ingest", json=[{"text": "x"}], timeout=5)
        assert refused.status_code == 403  # no token: writing is off
        # Bound to loopback only: the machine's other addresses do not answer.
        listening = subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True)
        if listening.returncode == 0 and listening.stdout.strip():
            assert f"127.0.0.1:{port}" in listening.stdout and f"0.0.0.0:{port}" not in listening.stdout
    finally:
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err and "Ctrl-C" in err
    assert "Traceback" not in err


def test_serve_says_so_in_one_line_when_the_port_is_taken(sample_db):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run([sys.executable, "-m", "newsdesk", "serve", "--db", sample_db, "--port", str(port)],
                              capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in proc.stderr and "Traceback" not in proc.stderr
