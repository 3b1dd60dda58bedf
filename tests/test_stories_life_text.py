"""Story text that stays current: the title and summary follow the story as it grows, the summary
repeats no statement and carries no dateline, and no internal feature token reaches any output.

All texts are our own.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from newsdesk.desk import Desk
from newsdesk.stories.features import content_words
from newsdesk.stories.life import redundant, strip_dateline
from newsdesk.web import create_app
from tests.helpers import newsdesk
from tests.test_stories import article, corpus, link

EARLY = [
    ("Wildfire forces evacuation of Kallby village",
     "A wildfire forced the evacuation of Kallby village in Norrmark county on Monday, the county rescue "
     "service said. Rescue chief Lena Holm said 400 residents left their homes as the fire spread through "
     "pine forest towards the village. Water-bombing planes from Norrmark airfield flew through the night."),
    ("Kallby residents flee as wildfire nears homes",
     "Residents of Kallby in Norrmark county fled their homes on Monday as a wildfire moved through the pine "
     "forest towards the village. Rescue chief Lena Holm said the evacuation of 400 people was a precaution. "
     "Water-bombing planes from Norrmark airfield kept flying after dark."),
    ("Evacuation ordered in Kallby as forest fire spreads",
     "Norrmark county's rescue service ordered the evacuation of Kallby on Monday as a forest fire spread "
     "through pine woods. Rescue chief Lena Holm said about 400 residents had left. Planes from Norrmark "
     "airfield dropped water on the flames through the night."),
]
LATE = [
    ("Kallby wildfire contained after rain, residents return",
     "KALLBY, June 5 (Coast Wire) – Firefighters contained the wildfire near Kallby on Thursday after overnight "
     "rain, the Norrmark rescue service said. Rescue chief Lena Holm said the 400 evacuated residents could "
     "return home. Damage to the pine forest covers about 30 square kilometres."),
    ("Rain helps firefighters contain Kallby blaze",
     "Firefighters have contained the wildfire near Kallby after overnight rain on Thursday, the Norrmark rescue "
     "service said. Lena Holm, the rescue chief, said residents were going home and the Norrmark airfield "
     "planes had been stood down. About 30 square kilometres of forest burned."),
    ("Kallby families go home as wildfire is brought under control",
     "Families evacuated from Kallby returned home on Thursday after rain helped crews bring the wildfire under "
     "control, rescue chief Lena Holm said. The Norrmark rescue service said the contained fire had burned about "
     "30 square kilometres of pine forest. Residents thanked the crews who worked through the rain."),
]


def wildfire() -> list:
    arts = [article(f"early{k}", t, x, source=f"Outlet {k}", published=f"2026-06-01T{8 + 2 * k:02d}:00:00+00:00")
            for k, (t, x) in enumerate(EARLY)]
    arts += [article(f"late{k}", t, x, source=f"Outlet {k + 3}", published=f"2026-06-04T{9 + 2 * k:02d}:00:00+00:00")
             for k, (t, x) in enumerate(LATE)]
    return arts



def test_the_title_follows_the_story_to_its_latest_day(desk):
    arts = link(desk.store, wildfire())
    assert len({a.story_id for a in arts}) == 1  # one story, told over four days
    story = desk.story(arts[0].story_id)
    assert story["title"] in [t for t, _ in LATE]


def test_the_summary_leads_with_the_story_as_it_stands(desk):
    arts = link(desk.store, wildfire())
    summary = desk.story(arts[0].story_id)["summary"]
    assert any(w in summary for w in ("contained", "under control", "return"))


def test_two_outlets_near_identical_leads_are_not_both_in_the_summary(desk):
    arts = link(desk.store, wildfire())
    summary = desk.story(arts[0].story_id)["summary"]
    assert summary.count("contained the wildfire near Kallby") <= 1


def test_a_reworded_lead_is_redundant_and_a_new_fact_is_not():
    a = set(content_words("Firefighters contained the wildfire near Kallby on Thursday after overnight rain."))
    b = set(content_words("Firefighters have contained the wildfire near Kallby after overnight rain on Thursday."))
    c = set(content_words("About 30 square kilometres of pine forest burned, and two barns were lost."))
    assert redundant(a, b)
    assert not redundant(a, c)


def test_a_dateline_never_reaches_the_story_summary(desk):
    arts = link(desk.store, wildfire())
    assert "(Coast Wire)" not in desk.story(arts[0].story_id)["summary"]
    assert strip_dateline("KALLBY, June 5 (Coast Wire) – Firefighters contained it.") == "Firefighters contained it."
    assert strip_dateline("ÅLESUND (Coast Wire) - Rain came.") == "Rain came."
    assert strip_dateline("NATO - the alliance said so.") == "NATO - the alliance said so."


# Internal feature tokens: the "NAME" label of an untyped phrase, namespaced keys ("n:kallby",
# "w:wildfir", "e:...", "#:400"), the stored embedding key.
LEAK = re.compile(r"\bNAME\b|(?<![\w/.-])[nwe#yd]:[\w-]|~emb")


def test_no_feature_token_reaches_any_story_output(tmp_path):
    db = tmp_path / "leak.db"
    with Desk(str(db)) as d:
        arts = link(d.store, corpus() + wildfire())
        stored = [r["names"] for r in d.store.query("SELECT names FROM stories")]
        assert any('"NAME"' in names for names in stored)  # the stories hold untyped phrases internally
        client = TestClient(create_app(d))
        outputs = {"/api/stories": client.get("/api/stories").text, "/": client.get("/").text}
        for sid in sorted({a.story_id for a in arts}):
            for path in (f"/api/stories/{sid}", f"/stories/{sid}", f"/search?q=*&story={sid}"):
                r = client.get(path)
                assert r.status_code == 200, path
                outputs[path] = r.text
        sid = arts[-1].story_id
    for args in (("stories",), ("stories", "--json"), ("story", sid), ("story", sid, "--json"),
                 ("export", "--what", "stories", "--format", "jsonl")):
        outputs[" ".join(args)] = newsdesk(*args, db=db, check=True).stdout
    assert "Kallby" in outputs[f"story {sid}"]
    leaks = {where: m.group(0) for where, text in outputs.items() if (m := LEAK.search(text))}
    assert leaks == {}


def test_a_story_in_two_languages_lists_its_articles_per_language(desk):
    arts = wildfire()[:3]
    arts.append(article("es0", "Incendio obliga a evacuar Kallby",
                        "Un incendio forestal obligó a evacuar Kallby, en Norrmark, el lunes. La jefa de rescate Lena "
                        "Holm dijo que 400 vecinos salieron de sus casas mientras los aviones de Norrmark lanzaban agua.",
                        source="Diario", published="2026-06-01T15:00:00+00:00"))
    arts[-1].language = "es"
    for a in arts[:3]:
        a.language = "en"
    link(desk.store, arts)
    sid = arts[0].story_id
    if arts[-1].story_id != sid:  # the report in another language formed a story of its own
        desk.move_articles(["es0"], sid)
    story = desk.story(sid)
    assert story["languages"] == {"en": 3, "es": 1}
    page = TestClient(create_app(desk)).get(f"/stories/{sid}").text
    assert "en 3, es 1" in page
    assert re.findall(r'<h3 class="lang-head">(\w+)</h3>', page) == ["en", "es"]
    assert page.index("Incendio obliga") > page.index(">es</h3>") > page.index("Kallby village")


def test_a_sentence_that_trails_off_is_left_out_of_the_story_summary(desk):
    arts = wildfire()
    arts[-1].summary = "Families evacuated from Kallby returned home on Thursday after rain helped crews bring the..."
    link(desk.store, arts)
    summary = desk.story(arts[0].story_id)["summary"]
    assert summary and "crews bring the..." not in summary
    assert summary.endswith((".", "!", "?", "”", '"'))


def test_the_cli_story_view_shows_its_languages_and_groups_articles_by_language(tmp_path):
    db = tmp_path / "langs.db"
    arts = wildfire()[:2]
    for a in arts:
        a.language = "en"
    es = article("es0", "Incendio obliga a evacuar Kallby",
                 "Un incendio forestal obligó a evacuar Kallby, en Norrmark, el lunes. La jefa de rescate Lena Holm "
                 "dijo que 400 vecinos salieron de sus casas mientras los aviones de Norrmark lanzaban agua.",
                 source="Diario", published="2026-06-01T09:00:00+00:00")
    es.language = "es"
    with Desk(str(db)) as d:
        link(d.store, [arts[0], es, arts[1]])
        sid = arts[0].story_id
        if es.story_id != sid:  # the report in another language formed a story of its own
            d.move_articles(["es0"], sid)
    out = newsdesk("story", sid, db=db, check=True).stdout
    assert "languages: en 2, es 1" in out
    rows = [line for line in out.splitlines() if line.startswith("  ") and ": " in line and "[" in line]
    assert [r.split("[")[1][:2] for r in rows] == ["en", "en", "es"]  # grouped, not in time order
