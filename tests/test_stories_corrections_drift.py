"""Self-correction: a story that drifted over days is split; never a story an analyst corrected.

The linker rarely lets a story drift (joins need a shared name and a close centroid), so these tests
use a permissive configuration under which every article sharing a name joins: the drift split is
what must then pull the later, unrelated articles apart. All texts are our own.
"""

from __future__ import annotations

from dataclasses import replace

from newsdesk.desk import Desk
from newsdesk.stories.cluster import DEFAULT
from tests.test_stories import FIRE_A, OTHER, article, link
from tests.test_stories_life_text import EARLY

# Days later, the same village in other news: a choir contest, nothing of the fire.
CHOIR = [
    ("Village school choir wins national contest",
     "The school choir from Kallby in Norrmark county won the national youth choir contest in the capital on "
     "Saturday. Conductor Petra Sund said the 32 singers had rehearsed a programme of folk songs since autumn. "
     "The jury praised the choir's harmonies and its soloist, 14-year-old Alva Berg."),
    ("Folk songs carry village singers to choir title",
     "A programme of folk songs carried the school choir from Kallby to the national youth title on Saturday. Petra "
     "Sund, the conductor, said her 32 singers would now tour three cities. Soloist Alva Berg, 14, was singled "
     "out by the jury for her harmonies."),
    ("School choir to tour after national win",
     "The school choir from Kallby will tour three cities in the spring after winning the national youth choir "
     "contest, conductor Petra Sund said on Sunday. The 32 singers won with folk songs; the jury named soloist "
     "Alva Berg, 14, for her harmonies."),
]

# Every article sharing a name with a story joins it, whatever the time between them; a drift shows
# after half a day (the desk's clock: a live desk's articles come hours apart, see `dense`).
# (No embedding veto either: with the extra installed it would keep the choir out by its meaning.)
LOOSE = replace(DEFAULT, join=0.01, join_single=0.01, strong=1.0, time_floor=1.0, drift_hours=12.0,
                embedding_veto=0.0)


def drifting() -> list:
    """The fire on day 1, other news in between (so the desk's articles are hours apart, as on a live
    desk), the choir on day 3."""
    arts = [article(f"fire{k}", t, x, source=f"Outlet {k}", published=f"2026-06-01T{8 + 2 * k:02d}:00:00+00:00")
            for k, (t, x) in enumerate(EARLY)]
    for k, (t, x) in enumerate(FIRE_A + OTHER):
        arts.append(article(f"other{k}", t, x, source="Wire", published=f"2026-06-0{1 + (k + 1) // 2}T"
                                                                         f"{18 if k % 2 == 0 else 6:02d}:00:00+00:00"))
    arts += [article(f"choir{k}", t, x, source=f"Outlet {k + 3}", published=f"2026-06-03T{9 + 2 * k:02d}:00:00+00:00")
             for k, (t, x) in enumerate(CHOIR)]
    return arts



def stories_of(desk: Desk) -> dict[str, str]:
    return {r["id"]: r["story_id"] for r in desk.store.query("SELECT id, story_id FROM articles")}


def test_without_the_drift_check_the_loose_linker_chains_both_events(desk):
    link(desk.store, drifting(), config=replace(LOOSE, drift_split=0.0))
    got = stories_of(desk)
    assert len({got[f"fire{k}"] for k in range(3)} | {got[f"choir{k}"] for k in range(3)}) == 1


def test_a_story_that_drifted_over_days_is_split_and_keeps_its_id(desk):
    arts = link(desk.store, drifting(), config=LOOSE)
    got = stories_of(desk)
    fire, choir = got["fire0"], got["choir0"]
    assert fire != choir
    assert {got[f"fire{k}"] for k in range(3)} == {fire} and {got[f"choir{k}"] for k in range(3)} == {choir}
    assert arts[0].story_id == fire and arts[-1].story_id == choir  # the batch's articles say so too
    assert desk.story(fire)["size"] == 3 and desk.story(choir)["size"] == 3
    assert "choir" in desk.story(choir)["title"].lower() and "choir" not in desk.story(fire)["title"].lower()


def test_the_drift_split_does_not_depend_on_the_batch_size(make_desk_address):
    one = Desk(make_desk_address("one"))
    many = Desk(make_desk_address("many"))
    try:
        link(one.store, drifting(), batch_size=1, config=LOOSE)
        link(many.store, drifting(), batch_size=50, config=LOOSE)
        a, b = stories_of(one), stories_of(many)
    finally:
        one.close()
        many.close()
    assert a == b and a["fire0"] != a["choir0"]


def test_one_days_coverage_never_drifts(desk):
    same_day = [article(a.id, a.title, a.text, source=a.source, published=f"2026-06-01T{8 + k:02d}:30:00+00:00")
                for k, a in enumerate(drifting())]
    link(desk.store, same_day, config=LOOSE)
    got = stories_of(desk)
    assert got["fire0"] == got["choir2"]


def test_a_story_an_analyst_corrected_is_never_split_by_drift(desk):
    arts = drifting()
    link(desk.store, arts[:-2], config=LOOSE)
    sid = stories_of(desk)["fire0"]
    desk.move_articles(["choir0"], sid)  # the analyst says: this belongs here
    link(desk.store, arts[-2:], config=LOOSE)
    got = stories_of(desk)
    assert got["choir2"] == got["choir0"] == got["fire0"] == sid
