"""Analyst corrections keep the story ids the analyst saw through reprocessing, and take article ids
as the CLI shows them (shortened). Texts are our own (tests/test_stories.py)."""

from __future__ import annotations

from newsdesk.desk import Desk
from tests.helpers import newsdesk
from tests.test_stories import corpus, link
from tests.test_stories_corrections import relink, story_of


def test_a_merge_into_the_later_story_keeps_its_id_and_the_old_one_through_relinking(desk):
    link(desk.store, corpus())
    ids = story_of(desk)
    keep, other = ids["o0-26"], ids["a0-0"]  # the library story began after the fire story
    desk.merge_stories(keep, other)
    again = relink(desk)
    assert again["a0-0"] == again["a1-52"] == again["o0-26"] == keep
    assert desk.story(other)["id"] == keep  # the merged story's id still finds it
    assert desk.story(keep)["size"] == 4


def test_a_split_off_story_keeps_its_id_through_relinking(desk):
    link(desk.store, corpus())
    sid = story_of(desk)["a0-0"]
    new = desk.split_story(sid, ["a0-0"])["story"]  # even the article that began the story
    again = relink(desk)
    assert again["a0-0"] == new and again["a1-52"] == again["a0-39"] != new
    assert desk.story(new)["size"] == 1 and desk.story(again["a1-52"])["size"] == 2


def test_a_moved_article_stays_in_its_new_story_and_the_story_keeps_its_id(desk):
    link(desk.store, corpus())
    target = story_of(desk)["o0-26"]
    desk.move_articles(["b0-65"], target)
    again = relink(desk)
    assert again["b0-65"] == again["o0-26"] == target


def test_corrections_take_shortened_article_ids(tmp_path):
    db = tmp_path / "short.db"
    with Desk(str(db)) as d:
        arts = corpus()
        for a in arts:
            a.id = f"{a.id}-{'0' * 20}"  # long ids, as the desk's are: the CLI shows their start
        link(d.store, arts)
        ids = story_of(d)
    fire, library = ids["a0-0-" + "0" * 20], ids["o0-26-" + "0" * 20]
    newsdesk("story", "split", fire, "a1-52-0000", db=db, check=True)
    newsdesk("story", "move", "b0-65-0000", "--to", library, db=db, check=True)
    with Desk(str(db)) as d:
        after = story_of(d)
    assert after["a1-52-" + "0" * 20] != fire
    assert after["b0-65-" + "0" * 20] == library
    unknown = newsdesk("story", "move", "zz9-99-0000", "--to", library, db=db)
    assert unknown.returncode == 2 and "no article" in unknown.stderr
