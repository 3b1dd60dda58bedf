"""Self-correction by merging: two stories that turn out to be one are joined when a later article
bridges them, and never when an analyst kept them apart. Texts are our own.

Two reports of one wildfire four days apart start two stories on a busy desk (the time damping);
a report filed between them fits both, and their centroids are close: the stories are merged and the
merged story's id keeps finding the survivor. The plain-word route (`word_join`), which would join
these two near-identical reports directly, is off here: the merge is what is tested.
"""

from __future__ import annotations

from dataclasses import replace

from newsdesk.desk import Desk
from newsdesk.stories.cluster import DEFAULT
from tests.test_stories import article, link
from tests.test_stories_life_text import EARLY, LATE


def at(hour: int) -> str:
    return f"2026-06-{1 + hour // 24:02d}T{hour % 24:02d}:00:00+00:00"


def busy_desk() -> list:
    """One report on day 1, one on day 6, other news every hour in between (a live desk's pace)."""
    arts = [article("first", *EARLY[0], source="Outlet 1", published=at(8))]
    arts += [article(f"other{k}", f"Quarterly figures {k}",
                     f"Sales at the {k}th branch changed by {k * 3} units, managers said in a note on item {k}.",
                     source="Wire", published=at(9 + k)) for k in range(130)]
    arts.append(article("later", *EARLY[1], source="Outlet 2", published=at(128)))
    return arts


NAMES_ONLY = replace(DEFAULT, word_join=0.0)
BRIDGE = article("bridge", *EARLY[2], source="Outlet 3", published=at(68))



def story(desk: Desk, article_id: str) -> str:
    return str(desk.store.scalar("SELECT story_id FROM articles WHERE id = ?", (article_id,)))


def test_an_article_between_two_fragments_merges_them(desk):
    link(desk.store, busy_desk(), config=NAMES_ONLY)
    first, later = story(desk, "first"), story(desk, "later")
    assert first != later  # four days apart, the second report started a story of its own
    link(desk.store, [BRIDGE], config=NAMES_ONLY)
    assert story(desk, "bridge") == story(desk, "first") == story(desk, "later")
    survivor = story(desk, "first")
    gone = later if survivor == first else first
    assert desk.story(gone)["id"] == survivor and desk.story(survivor)["size"] == 3


def test_stories_an_analyst_kept_apart_are_never_merged_by_a_bridge(desk):
    link(desk.store, busy_desk(), config=NAMES_ONLY)
    first = story(desk, "first")
    desk.merge_stories(first, story(desk, "later"))
    desk.split_story(first, ["later"])  # the analyst: these are two stories
    apart = story(desk, "later")
    link(desk.store, [BRIDGE], config=NAMES_ONLY)
    assert story(desk, "first") == first and story(desk, "later") == apart != first


def year_apart_desk() -> list:
    """A wildfire contained in June 2025 (two reports) and a new wildfire in the same village in June
    2026, each day amid other news (so the desk's clock is hours, not months)."""
    arts = [article("first0", *LATE[1], source="Outlet 0", published="2025-06-01T07:00:00+00:00"),
            article("first", *LATE[0], source="Outlet 1", published="2025-06-01T08:00:00+00:00"),
            article("later", *EARLY[0], source="Outlet 2", published="2026-06-01T08:00:00+00:00")]
    for year in (2025, 2026):
        arts += [article(f"other{year}-{k}", f"Quarterly figures {year} {k}",
                         f"Sales at the {k}th branch changed by {k * 3} units in {year}, managers said of item {k}.",
                         source="Wire", published=f"{year}-06-01T{9 + k // 6:02d}:{k % 6 * 10:02d}:00+00:00")
                 for k in range(80)]
    return sorted(arts, key=lambda a: a.published)


def test_an_article_never_bridges_a_story_that_is_old_news_to_it(desk):
    link(desk.store, year_apart_desk(), config=NAMES_ONLY)
    first, later = story(desk, "first"), story(desk, "later")
    assert first != later and story(desk, "first0") == first  # a year apart: two fires in one village
    # A report of this year's fire being contained reads like last year's story as well (it fits it at
    # the time damping's floor); it must not make the two years one story.
    link(desk.store, [article("bridge", *LATE[1], source="Outlet 3", published="2026-06-02T08:00:00+00:00")],
         config=NAMES_ONLY)
    assert story(desk, "first") == first != story(desk, "later")
