"""The JSON API under /api: shapes, pagination and its bounds, errors, and token-protected ingest."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from newsdesk.desk import Desk
from newsdesk.web import create_app
from tests.test_web import article_id, sample_records

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def desk(sample_db: str):
    d = Desk(sample_db)
    yield d
    d.close()


@pytest.fixture(scope="module")
def api(desk):
    return TestClient(create_app(desk), raise_server_exceptions=False)


@pytest.fixture()
def writable(desk_address: str):
    """A fresh, empty desk served with a token (writes must not touch the shared sample desk)."""
    d = Desk(desk_address)
    yield d, TestClient(create_app(d, token=TOKEN), raise_server_exceptions=False)
    d.close()


def test_openapi_describes_every_api_route(api):
    spec = api.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/search", "/api/timeline", "/api/facets", "/api/articles/{article_id}", "/api/entities",
            "/api/entities/{entity_id}", "/api/quotes", "/api/stories", "/api/stories/{story_id}",
            "/api/places", "/api/stats", "/api/ingest"} <= paths
    assert not any(p.startswith(("/articles", "/search", "/map")) for p in paths)  # pages stay out
    limit = next(p for p in spec["paths"]["/api/entities"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["minimum"] == 1 and limit["schema"]["maximum"] == 200


def test_stats_and_an_article_come_back_as_json(api, desk):
    stats = api.get("/api/stats").json()
    assert stats["articles"] == len(sample_records())
    aid = article_id(desk, "Harbour")
    art = api.get(f"/api/articles/{aid}").json()
    assert art["id"] == aid and art["title"].startswith("Harbour <script>")  # JSON keeps the text as it is
    assert api.get(f"/api/articles/{aid[:8]}").json()["id"] == aid  # a unique prefix works too
    missing = api.get("/api/articles/zzzzzzzz")
    assert missing.status_code == 404 and missing.json() == {"detail": "no article 'zzzzzzzz'", "status": 404}


@pytest.mark.parametrize("params, message", [
    ({"limit": 0}, "limit: Input should be greater than or equal to 1"),
    ({"limit": 5000}, "limit: Input should be less than or equal to 200"),
    ({"offset": -1}, "offset: Input should be greater than or equal to 0"),
    ({"limit": "ten"}, "limit: Input should be a valid integer"),
])
def test_pagination_out_of_bounds_is_a_422_with_the_reason(api, params, message):
    r = api.get("/api/entities", params=params)
    assert r.status_code == 422
    assert r.json()["detail"].startswith(message)


def test_search_is_paginated_and_filtered(api, desk):
    first = api.get("/api/search", params={"q": "harbour", "limit": 1}).json()
    assert first["limit"] == 1 and first["offset"] == 0 and len(first["hits"]) <= 1
    hit_ids = {h["id"] for h in api.get("/api/search", params={"q": "harbour berth"}).json()["hits"]}
    assert article_id(desk, "Harbour") in hit_ids
    none = api.get("/api/search", params={"q": "harbour", "source": "No Such Outlet"}).json()
    assert none["total"] == 0 and none["hits"] == []
    assert api.get("/api/search", params={"q": "x", "limit": 101}).status_code == 422


def test_a_malformed_query_is_a_400_with_the_parser_message(api, desk):
    r = api.get("/api/search", params={"q": '"unclosed AND ('})
    assert r.status_code == 400
    assert r.json()["detail"]


def test_timeline_and_facets_count_matching_articles(api, desk):
    tl = api.get("/api/timeline", params={"q": "harbour", "by": "day"}).json()
    assert tl["by"] == "day" and any(p["period"] == "2026-03-03" and p["count"] >= 1 for p in tl["periods"])
    assert api.get("/api/timeline", params={"q": "x", "by": "fortnight"}).status_code == 422
    facets = api.get("/api/facets", params={"q": "harbour"}).json()
    assert any(v["value"] == "Harbour Gazette" for v in facets["source"])


def test_entities_quotes_stories_and_places_are_paginated_lists(api, desk):
    for path in ("/api/entities", "/api/quotes", "/api/stories"):
        page = api.get(path, params={"limit": 2}).json()
        assert page["limit"] == 2 and page["offset"] == 0 and len(page["items"]) <= 2, path
        if page["next_offset"] is not None:
            nxt = api.get(path, params={"limit": 2, "offset": 2}).json()
            assert {json.dumps(i, sort_keys=True) for i in nxt["items"]}.isdisjoint(
                {json.dumps(i, sort_keys=True) for i in page["items"]}), path
    people = api.get("/api/entities", params={"type": "PERSON", "limit": 5}).json()["items"]
    assert people and all(p["type"] == "PERSON" for p in people)
    one = api.get(f"/api/entities/{people[0]['id']}").json()
    assert one["id"] == people[0]["id"] and "quotes_by" in one
    assert api.get("/api/entities/no-such-entity").status_code == 404
    story = api.get("/api/stories", params={"limit": 1}).json()["items"][0]
    assert api.get(f"/api/stories/{story['id']}").json()["id"] == story["id"]
    places = api.get("/api/places", params={"limit": 10}).json()["items"]
    assert places and all(p["lat"] is not None and p["lon"] is not None for p in places)


def test_a_nul_character_in_a_parameter_is_a_422_not_a_server_error(api):
    # PostgreSQL text cannot hold NUL: without the check these reached the store and failed there.
    for path, params in (("/api/timeline", {"entity": "\x00"}), ("/api/search", {"q": "harbour\x00"}),
                         ("/api/entities", {"type": "PERSON\x00"}), ("/api/articles/ab%00cd", {})):
        r = api.get(path, params=params)
        assert r.status_code == 422, (path, r.text)
        assert r.json() == {"detail": "the request holds a NUL character (%00)", "status": 422}
    page = api.get("/search", params={"q": "\x00"})
    assert page.status_code == 422 and page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"]


# --- writing --------------------------------------------------------------------------------------
def test_ingest_is_off_without_a_token(api, monkeypatch):
    r = api.post("/api/ingest", json=[{"text": "Hello."}])
    assert r.status_code == 403 and "--token" in r.json()["detail"]


def test_ingest_needs_the_right_token(writable):
    _, client = writable
    assert client.post("/api/ingest", json=[{"text": "Hello."}]).status_code == 401
    wrong = client.post("/api/ingest", json=[{"text": "Hello."}], headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"


def test_ingest_takes_a_json_list_of_records_with_the_token(writable):
    desk, client = writable
    records = [{"id": "r1", "title": "Tram line opens in Porto", "text": "The new tram line in Porto opened on Monday.",
                "source": "Porto Daily", "published": "2026-03-02"},
               {"title": "no text here"}, {"nothing": 1}]
    r = client.post("/api/ingest", json=records, params={"bulk": "true"},
                    headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["stored"] == 2 and report["skipped"] == 1 and report["exit_status"] == 3
    assert desk.stats()["articles"] == 2
    assert client.get("/api/stats").json()["articles"] == 2


def test_ingest_takes_an_uploaded_file_with_the_token(writable):
    desk, client = writable
    body = "".join(json.dumps(r) + "\n" for r in sample_records()[:3])
    r = client.post("/api/ingest", params={"bulk": "true"}, headers={"X-Newsdesk-Token": TOKEN},
                    files={"file": ("news.jsonl", body.encode(), "application/x-ndjson")})
    assert r.status_code == 200, r.text
    assert r.json()["stored"] == 3 and desk.stats()["articles"] == 3


@pytest.mark.parametrize("kwargs, status", [
    ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 400),
    ({"json": {"text": "an object, not a list"}}, 422),
    ({"content": b"text=hello", "headers": {"content-type": "text/plain"}}, 415),
    ({"files": {"other": ("a.txt", b"x")}}, 422),
])
def test_bad_ingest_bodies_are_4xx_with_a_reason(writable, kwargs, status):
    _, client = writable
    kwargs = dict(kwargs)  # the parameter dict is shared by every backend's run of this test
    headers = {"Authorization": f"Bearer {TOKEN}", **kwargs.pop("headers", {})}
    r = client.post("/api/ingest", headers=headers, **kwargs)
    assert r.status_code == status, r.text
    assert r.json()["detail"]
