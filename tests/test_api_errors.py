"""Hostile requests get a clear 4xx, never a 500, and no response ever carries a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.web import create_app

TOKEN = "token-for-error-tests"
NESTED_QUERY = "(" * 250 + "ship" + ")" * 250


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    db = str(tmp_path_factory.mktemp("errors") / "desk.db")
    desk = Desk(db)
    desk.ingest_records([{"title": "Ship leaves port", "text": "A ship left the port on Monday."}],
                        IngestOptions(pipeline="bulk", workers=1))
    app = create_app(desk, token=TOKEN)
    yield TestClient(app, raise_server_exceptions=False)
    desk.close()


@pytest.mark.parametrize("path", ["/api/search", "/api/timeline", "/api/facets"])
def test_deeply_nested_query_is_a_400_on_the_api(client: TestClient, path: str) -> None:
    res = client.get(path, params={"q": NESTED_QUERY})
    assert res.status_code == 400, res.text
    assert "levels deep" in res.json()["detail"]


def test_deeply_nested_query_is_a_400_page(client: TestClient) -> None:
    res = client.get("/search", params={"q": NESTED_QUERY})
    assert res.status_code == 400
    assert "levels deep" in res.text and "Traceback" not in res.text


def _post_routes(client: TestClient) -> list[str]:
    """Every POST operation the API describes (path parameters filled with a placeholder id)."""
    paths = client.get("/openapi.json").json()["paths"]
    return sorted(re.sub(r"\{[^}]+\}", "x", p) for p, ops in paths.items() if "post" in ops)


def test_every_post_route_refuses_a_deeply_nested_json_body(client: TestClient) -> None:
    routes = _post_routes(client)
    assert "/api/ingest" in routes
    body = "[" * 100_000 + "]" * 100_000
    for path in routes:
        res = client.post(path, content=body, headers={"content-type": "application/json",
                                                       "authorization": f"Bearer {TOKEN}"})
        assert res.status_code in (400, 413, 422), (path, res.status_code, res.text[:200])
        assert "Traceback" not in res.text


def test_an_unexpected_error_is_a_plain_500_without_a_traceback(tmp_path: Path) -> None:
    desk = Desk(str(tmp_path / "d.db"))
    app = create_app(desk)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    @app.get("/boom")
    def boom_page() -> None:
        raise RuntimeError("secret internal detail")

    client = TestClient(app, raise_server_exceptions=False)
    res, page = client.get("/api/boom"), client.get("/boom")
    desk.close()
    assert res.status_code == 500
    assert res.json()["detail"] == "Something went wrong on the server."
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    for answer in (res, page):
        assert "secret internal detail" not in answer.text and "Traceback" not in answer.text
