"""Analyst corrections to stories (merge / split / move): applied at once, obeyed by relinking."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from newsdesk.desk import Desk
from newsdesk.link.stories import StoriesLinker
from newsdesk.stories.corrections import CorrectionError
from newsdesk.web import create_app
from tests.helpers import newsdesk
from tests.test_stories import corpus, link


def story_of(desk: Desk) -> dict[str, str]:
    return {r["id"]: r["story_id"] for r in desk.store.query("SELECT id, story_id FROM articles")}


def relink(desk: Desk) -> dict[str, str]:
    """What reprocessing does to stories: every stored article unlinked and linked again, in order."""
    arts = list(desk.store.get_articles([r["id"] for r in desk.store.query(
        "SELECT id FROM articles ORDER BY seq")]).values())
    linker = StoriesLinker()
    with desk.store.transaction():
        linker.unlink(desk.store, arts)
        linker.link(desk.store, arts)
        desk.store.put_articles(arts, 99)
    return story_of(desk)


def test_merge_puts_both_stories_in_one_and_survives_relinking(desk):
    link(desk.store, corpus())
    before = story_of(desk)
    a, b = before["a0-0"], before["b0-13"]
    assert a != b
    out = desk.merge_stories(a, b)
    after = story_of(desk)
    assert out["story"] == a and after["b0-65"] == a and after["a1-52"] == a
    assert desk.story(b)["id"] == a  # the old id still resolves
    again = relink(desk)
    assert again["a0-0"] == again["b0-13"] == again["b0-65"] == again["a0-39"]
    assert again["o0-26"] != again["a0-0"]


def test_split_keeps_the_articles_apart_through_relinking(desk):
    link(desk.store, corpus())
    sid = story_of(desk)["a0-0"]
    out = desk.split_story(sid, ["a1-52"])
    after = story_of(desk)
    assert after["a1-52"] == out["story"] != after["a0-0"] == sid
    assert desk.story(sid)["size"] == 2 and desk.story(out["story"])["size"] == 1
    again = relink(desk)
    assert again["a1-52"] != again["a0-0"] == again["a0-39"]


def test_move_takes_an_article_to_another_story_and_recomputes_titles(desk):
    link(desk.store, corpus())
    before = story_of(desk)
    target = before["o0-26"]
    desk.move_articles(["b0-65"], target)
    after = story_of(desk)
    assert after["b0-65"] == target and desk.story(target)["size"] == 2
    assert desk.story(before["b0-13"])["size"] == 1
    again = relink(desk)
    assert again["b0-65"] == again["o0-26"] != again["b0-13"]


def test_corrections_report_unknown_stories_and_articles(desk):
    link(desk.store, corpus())
    sid = story_of(desk)["a0-0"]
    with pytest.raises(CorrectionError, match="no story"):
        desk.merge_stories(sid, "nope")
    with pytest.raises(CorrectionError, match="not in story"):
        desk.split_story(sid, ["o0-26"])
    with pytest.raises(CorrectionError, match="no article"):
        desk.move_articles(["missing"], sid)
    assert story_of(desk)["a0-0"] == sid  # nothing changed


def test_cli_story_merge_split_and_move(tmp_path):
    db = tmp_path / "cli.db"
    with Desk(str(db)) as d:
        link(d.store, corpus())
        ids = story_of(d)
    merged = newsdesk("story", "merge", ids["a0-0"], ids["o0-26"], "--json", db=db, check=True)
    assert json.loads(merged.stdout)["story"] == ids["a0-0"]
    split = newsdesk("story", "split", ids["a0-0"], "o0-26", db=db, check=True)
    assert "1 article(s) now in story" in split.stdout
    moved = newsdesk("story", "move", "b0-65", "--to", ids["a0-0"], db=db, check=True)
    assert "now in story " + ids["a0-0"] in moved.stdout
    with Desk(str(db)) as d:
        after = story_of(d)
    assert after["b0-65"] == after["a0-0"] != after["o0-26"]
    bad = newsdesk("story", "merge", ids["a0-0"], "nope", db=db)
    assert bad.returncode == 2 and "no story" in bad.stderr and "Traceback" not in bad.stderr
    usage = newsdesk("story", "move", "b0-65", db=db)
    assert usage.returncode == 2 and "--to" in usage.stderr


def test_api_story_corrections_need_the_token_and_apply(desk):
    link(desk.store, corpus())
    ids = story_of(desk)
    client = TestClient(create_app(desk, token="t0ken"), raise_server_exceptions=False)
    body = {"keep": ids["a0-0"], "other": ids["b0-13"]}
    assert client.post("/api/stories/merge", json=body).status_code == 401
    r = client.post("/api/stories/merge", json=body, headers={"Authorization": "Bearer t0ken"})
    assert r.status_code == 200 and r.json()["story"] == ids["a0-0"]
    r = client.post("/api/stories/split", json={"story": ids["a0-0"], "articles": ["b0-65"]},
                    headers={"Authorization": "Bearer t0ken"})
    assert r.status_code == 200 and r.json()["story"] != ids["a0-0"]
    r = client.post("/api/stories/move", json={"articles": ["b0-65"], "to": "nope"},
                    headers={"Authorization": "Bearer t0ken"})
    assert r.status_code == 400 and "no story" in r.json()["detail"]
    assert story_of(desk)["b0-13"] == ids["a0-0"]
