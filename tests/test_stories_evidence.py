"""What the default story configuration must hold for news in general: one event worded differently
by different outlets meets in one story; a later event that mentions an earlier one does not join it."""

from __future__ import annotations

from newsdesk.stories.life import story_summary
from newsdesk.stories.state import StoryRecord
from tests.test_stories import article, link

LEFT = ("Varnholm bridge collapse leaves commuters stranded, critics blame years of neglect",
        "The Sorrel Street bridge in Varnholm gave way on Monday morning, sending two delivery vans into the "
        "river. Mayor Elin Strand said four people were rescued. Transport campaigners said the council had "
        "ignored warnings about corroded steel for a decade and cut the maintenance budget twice.")
RIGHT = ("Mayor Strand vows swift rebuild after Sorrel Street bridge falls in Varnholm",
         "Varnholm's Sorrel Street bridge fell into the river on Monday, taking two vans with it. Four people "
         "were pulled from the water, Mayor Elin Strand said, promising a replacement within a year and "
         "an inquiry into the contractor that inspected the span last spring.")
LATER = ("Varnholm ferry crews walk out over pay",
         "Ferry crews in Varnholm began a 48-hour strike on Tuesday over pay, stopping crossings to the "
         "islands. The union said talks with operator Nordlinje broke down after the company offered a 2% "
         "rise. Commuters, already facing detours since last week's bridge collapse, queued for buses.")



def test_two_outlets_wording_of_one_event_meet_and_a_later_event_stays_apart(desk):
    arts = [article("l1", *LEFT, source="Left Daily", published="2026-04-06T09:00:00+00:00"),
            article("r1", *RIGHT, source="Right Herald", published="2026-04-06T11:30:00+00:00"),
            article("f1", *LATER, source="Wire", published="2026-04-14T08:00:00+00:00")]
    link(desk.store, arts)
    stories = {a.id: a.story_id for a in arts}
    assert stories["l1"] == stories["r1"]
    assert stories["f1"] != stories["l1"]


def test_story_summary_takes_a_lead_shared_by_several_outlets_once():
    lead = "The Sorrel Street bridge in Varnholm gave way on Monday, sending two vans into the river."
    members = [
        {"article_id": "a1", "summary": f"{lead} Mayor Elin Strand said four people were rescued.",
         "published": "2026-04-06", "seq": 1},
        {"article_id": "a2",
         "summary": f"{lead.replace('gave way', 'collapsed')} Campaigners blamed years of neglect by the council.",
         "published": "2026-04-06", "seq": 2},
    ]
    story = StoryRecord(id="s", created_seq=1, updated_seq=2,
                        centroid={"w:bridg": 1.0, "w:varnholm": 1.0, "w:river": 0.5, "w:van": 0.5})
    text = story_summary(story, members)
    assert text.count("Sorrel Street bridge") == 1
