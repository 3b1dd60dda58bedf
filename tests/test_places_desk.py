"""Place pins and confidence on the desk: `Desk.pin_place`, `newsdesk places`, `newsdesk place`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from newsdesk.cli import app
from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.desk.places import PinError
from newsdesk.web import create_app
from newsdesk.web.geo import place_map

runner = CliRunner()
FIRST = "Ferries from Glasgow to Barra were cancelled on Monday as gales hit Scotland."
LATER = "The ferry to Barra sailed again on Friday, the operator in Glasgow said."


def write(path: Path, *texts: str) -> Path:
    path.write_text("".join(json.dumps({"id": f"{path.stem}{i}", "text": t}) + "\n" for i, t in enumerate(texts)))
    return path


def barra(desk: Desk) -> list[dict]:
    return [p for p in desk.places() if p["name"] == "Barra"]


def test_a_pin_moves_stored_places_later_articles_and_survives_reprocess(desk_address: str, tmp_path: Path) -> None:
    desk = Desk(desk_address)
    try:
        desk.ingest([str(write(tmp_path / "a.jsonl", FIRST))], IngestOptions(workers=1))
        assert barra(desk) and all(p["lat"] != 10.0 for p in barra(desk))
        pin = desk.pin_place("Barra", "10.0,20.0")
        assert pin["entities_updated"] >= 1
        assert [(p["lat"], p["lon"], p["confidence"]) for p in barra(desk)] == [(10.0, 20.0, 1.0)]
        desk.ingest([str(write(tmp_path / "b.jsonl", LATER))], IngestOptions(workers=1))
        assert {(p["lat"], p["lon"]) for p in barra(desk)} == {(10.0, 20.0)}
        desk.reprocess(IngestOptions(workers=1), all_articles=True)
        assert {(p["lat"], p["lon"]) for p in barra(desk)} == {(10.0, 20.0)}
        assert desk.place("Barra")["pin"]["lat"] == 10.0
    finally:
        desk.close()


def test_a_pin_to_a_geonames_id_takes_the_gazetteer_place(desk_address: str) -> None:
    desk = Desk(desk_address)
    try:
        pin = desk.pin_place("Melbourne", "2158177")
        assert pin["country_code"] == "AU" and pin["geonameid"] == "2158177" and -38 < pin["lat"] < -37
    finally:
        desk.close()


@pytest.mark.parametrize("target", ["99999999999", "91,0", "north", ""])
def test_a_pin_to_nowhere_is_refused(desk_address: str, target: str) -> None:
    desk = Desk(desk_address)
    try:
        with pytest.raises(PinError):
            desk.pin_place("Barra", target)
    finally:
        desk.close()


def test_places_and_place_commands_list_confidence_and_pin(tmp_path: Path) -> None:
    db = str(tmp_path / "d.db")
    res = runner.invoke(app, ["ingest", str(write(tmp_path / "a.jsonl", FIRST)), "--workers", "1", "--db", db])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["places", "--json", "--db", db])
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert rows and all(0 < r["confidence"] <= 1 for r in rows)
    res = runner.invoke(app, ["place", "pin", "Barra", "--to", "57.0,-7.45", "--db", db])
    assert res.exit_code == 0 and "pinned" in res.stdout
    res = runner.invoke(app, ["place", "Barra", "--json", "--db", db])
    info = json.loads(res.stdout)
    assert info["pin"]["lon"] == -7.45 and info["entities"][0]["confidence"] == 1.0
    res = runner.invoke(app, ["place", "pin", "Barra", "--db", db])
    assert res.exit_code == 2


def test_the_map_draws_unsure_places_fainter_with_escaped_labels() -> None:
    svg = str(place_map([
        {"id": "a", "name": "Sure <town>", "lat": 10.0, "lon": 10.0, "mentions": 3, "confidence": 0.95},
        {"id": "b", "name": "Guess & co", "lat": 20.0, "lon": 20.0, "mentions": 3, "confidence": 0.2},
    ], labels=2))
    sure = re.search(r'<circle[^>]*Sure[^>]*fill-opacity="([\d.]+)"', svg)
    guess = re.search(r'<circle[^>]*Guess[^>]*fill-opacity="([\d.]+)"', svg)
    assert sure and guess and float(guess.group(1)) < float(sure.group(1))
    assert "confidence 0.20" in svg and 'stroke-dasharray' in svg
    assert "<town>" not in svg and "&lt;town&gt;" in svg and "Guess &amp; co" in svg


def test_the_api_shows_a_place_and_pins_it_only_with_the_token(tmp_path: Path) -> None:
    desk = Desk(str(tmp_path / "d.db"))
    try:
        desk.ingest([str(write(tmp_path / "a.jsonl", FIRST))], IngestOptions(workers=1))
        client = TestClient(create_app(desk, token="t0ken"), raise_server_exceptions=False)
        got = client.get("/api/places/Barra").json()
        assert got["name"] == "Barra" and got["pin"] is None
        body = {"name": "Barra", "to": "57.0,-7.45"}
        assert client.post("/api/places/pin", json=body).status_code == 401
        assert client.post("/api/places/pin", json={"name": "Barra", "to": "north"},
                           headers={"Authorization": "Bearer t0ken"}).status_code == 400
        r = client.post("/api/places/pin", json=body, headers={"Authorization": "Bearer t0ken"})
        assert r.status_code == 200 and r.json()["lat"] == 57.0
        assert client.get("/api/places/Barra").json()["pin"]["lon"] == -7.45
    finally:
        desk.close()
