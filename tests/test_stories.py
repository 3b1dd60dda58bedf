"""Story clustering: features, online assignment, duplicates, merges, story life and the Desk API.

The texts are our own. Most tests drive the "stories" linker directly on enriched-looking articles
(no spaCy), so they are fast; `desk_address` runs them on every backend this machine has.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from newsdesk.desk import Desk
from newsdesk.desk.stories import top_entities
from newsdesk.link import Linker
from newsdesk.model import Article, DocEntity
from newsdesk.stories import features as feat
from newsdesk.stories.cluster import Clusterer, Config, time_factor
from newsdesk.stories.state import StoryRecord, StoryState
from tests.helpers import newsdesk

FIRE_A = [
    ("Fire destroys warehouse in Tallinn harbour",
     "A fire destroyed a timber warehouse in Tallinn harbour on Tuesday night, the Estonian Rescue Board said. "
     "About 60 firefighters fought the blaze at the Paljassaare terminal for six hours. Nobody was hurt, but "
     "smoke forced the closure of the Pirita road. Harbour director Mart Kask said 1,400 tonnes of timber burned."),
    ("Tallinn harbour warehouse fire under investigation",
     "Investigators are examining what started the fire that destroyed a timber warehouse at the Paljassaare "
     "terminal in Tallinn harbour. The Estonian Rescue Board said 60 firefighters were needed. Mart Kask, the "
     "harbour director, said 1,400 tonnes of timber were lost and the terminal would reopen on Friday."),
    ("Paljassaare terminal to reopen after Tallinn warehouse blaze",
     "The Paljassaare terminal in Tallinn harbour will reopen on Friday after Tuesday's warehouse fire, harbour "
     "director Mart Kask said. The Estonian Rescue Board has ruled out arson. The blaze burned 1,400 tonnes of "
     "timber and kept 60 firefighters busy through the night."),
]
FIRE_B = [
    ("Fire guts furniture factory in Porto suburb",
     "A fire gutted a furniture factory in Matosinhos, north of Porto, on Thursday, Portugal's civil protection "
     "agency said. Some 85 firefighters battled the flames at the Leça industrial park. Factory owner Rui Sousa "
     "said 230 workers would be paid while the plant is rebuilt."),
    ("Matosinhos factory fire: workers wait for news",
     "Workers at the furniture factory destroyed by fire in Matosinhos near Porto gathered outside the Leça "
     "industrial park on Friday. Owner Rui Sousa promised that all 230 employees would keep their wages. "
     "Portugal's civil protection agency said 85 firefighters had fought the flames."),
]
OTHER = [
    ("Oslo opens new public library by the fjord",
     "Oslo opened its new public library on the waterfront in Bjørvika on Saturday. Mayor Ingrid Dahl said the "
     "building would lend 450,000 books a year. Architects Lund Hagem designed the reading rooms around a "
     "central staircase that looks out over the Oslofjord."),
]


def article(i: str, title: str, text: str, source: str = "Wire", published: str | None = None,
            duplicate_of: str | None = None) -> Article:
    return Article(id=i, title=title, text=text, source=source, published=published, duplicate_of=duplicate_of)


def link(store, articles: list[Article], batch_size: int = 50, config: Config | None = None) -> list[Article]:
    """Link and store `articles` the way the ingest does (in batches, in order), stories only."""
    from newsdesk.link.stories import StoriesLinker

    linker = StoriesLinker(config) if config else StoriesLinker()
    for i in range(0, len(articles), batch_size):
        batch = articles[i : i + batch_size]
        with store.transaction():
            n = int(store.get_meta("last_batch", "0") or 0) + 1
            linker.link(store, batch)
            store.put_articles(batch, n)
            store.set_meta("last_batch", str(n))
    return articles


def corpus(dated: bool = True) -> list[Article]:
    arts = []
    hours = iter(range(0, 400, 13))
    for group, items in (("a", FIRE_A[:1]), ("b", FIRE_B[:1]), ("o", OTHER), ("a", FIRE_A[1:]), ("b", FIRE_B[1:])):
        for k, (title, text) in enumerate(items):
            h = next(hours)
            when = f"2026-03-{1 + h // 24:02d}T{h % 24:02d}:15:00+00:00" if dated else None
            arts.append(article(f"{group}{k}-{h}", title, text, source=f"Outlet {h % 4}", published=when))
    return arts



def groups(articles: list[Article]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for a in articles:
        out.setdefault(a.id[0], set()).add(a.story_id)
    return out


# --- features ------------------------------------------------------------------------------------

def test_capitalised_names_drop_sentence_words_but_keep_real_names():
    text = ("The Estonian Rescue Board said so. Rescue teams came after a rescue call. Tallinn harbour reopened "
            "when Mart Kask said so.")
    names = feat.capitalised_names(text)
    assert "Estonian Rescue Board" in names and "Mart Kask" in names and "Tallinn" in names
    assert "The" not in names and "Rescue" not in names  # also written in lower case: a sentence's first word


def test_numbers_years_and_dates_are_normalised():
    text = "Hackers stole data of 4.2 million people; 1,400 tonnes burned on March 3, 2026 and 3 March."
    assert "4.2m" in feat.numbers(text) and "1400" in feat.numbers(text)
    assert "2026" not in feat.numbers(text) and feat.years(text) == ["2026"]
    assert feat.calendar_dates(text) == ["mar-3", "mar-3"]


def test_features_use_pipeline_entities_and_linked_ids_when_present():
    a = article("x", "Kask speaks", "Mart Kask spoke in Tallinn.")
    a.entities = [DocEntity(key="1", name="Mart Kask", label="PERSON", mention_count=2, entity_id="E42"),
                  DocEntity(key="2", name="Tallinn", label="GPE", mention_count=1, lat=59.4, lon=24.7,
                            geonameid="588409")]
    f = feat.extract(a)
    assert f.counts["e:E42"] == 2 and "n:mart kask" not in f.counts  # one key per name, the linked one
    assert f.names["e:E42"] == ("Mart Kask", "PERSON")
    assert f.places["n:tallinn"]["lat"] == 59.4


def test_weights_are_unit_length_and_rare_keys_weigh_more():
    counts = Counter({"w:fire": 2, "w:kask": 2})
    vec = feat.weigh(counts, {"w:fire": 50, "w:kask": 2}, 100, top=10)
    assert abs(sum(v * v for v in vec.values()) - 1.0) < 1e-9
    assert vec["w:kask"] > vec["w:fire"]


def test_time_factor_has_a_window_then_decays():
    cfg = Config(window_hours=72, half_life_hours=100)
    s = StoryRecord(id="s", created_seq=0, updated_seq=0, first_seen="2026-03-01T00:00:00+00:00",
                    last_seen="2026-03-02T00:00:00+00:00")
    from newsdesk.stories.cluster import parse_time

    assert time_factor(parse_time("2026-03-01T12:00:00+00:00"), s, cfg) == 1.0
    assert time_factor(parse_time("2026-03-04T23:00:00+00:00"), s, cfg) == 1.0  # within 72 h
    late = time_factor(parse_time("2026-03-09T04:00:00+00:00"), s, cfg)  # 172 h after: one half-life past
    assert abs(late - 0.5) < 0.01
    assert time_factor(None, s, cfg) == 1.0  # undated: no evidence either way


# --- clustering ----------------------------------------------------------------------------------

def test_one_event_joins_and_a_same_topic_event_stays_apart(desk):
    arts = link(desk.store, corpus())
    g = groups(arts)
    assert len(g["a"]) == 1 and len(g["b"]) == 1  # each fire is one story
    assert g["a"] != g["b"]  # two fires are two stories
    assert g["o"].isdisjoint(g["a"] | g["b"])


def test_undated_articles_still_cluster(desk):
    g = groups(link(desk.store, corpus(dated=False)))
    assert len(g["a"]) == 1 and len(g["b"]) == 1 and g["a"] != g["b"]


def test_batch_size_does_not_change_the_stories(make_desk_address):
    one = [a.story_id for a in link(Desk(make_desk_address("one")).store, corpus(), batch_size=1)]
    many = [a.story_id for a in link(Desk(make_desk_address("many")).store, corpus(), batch_size=50)]
    assert one == many


def test_duplicate_joins_its_originals_story_and_counts_once(desk):
    arts = corpus()
    first = arts[0]
    dup = article("dup", first.title, first.text, source="Copycat News", published=first.published,
                  duplicate_of=first.id)
    arts.insert(1, dup)
    link(desk.store, arts)
    assert dup.story_id == first.story_id
    s = desk.story(first.story_id)
    assert s["size"] == 3  # three distinct reports; the copy is listed but not counted
    assert "Copycat News" not in s["sources"]
    assert any(a["id"] == "dup" and a["duplicate_of"] == first.id for a in s["articles"])


def test_candidates_come_from_a_bounded_index_read(desk):
    link(desk.store, corpus())
    state = StoryState(desk.store)
    assert len(state.postings("n:tallinn", 1)) == 1
    rows = desk.store.query("SELECT COUNT(*) AS n FROM story_index WHERE key = ?", ("n:tallinn",))
    assert rows[0]["n"] >= 1


def test_merging_two_stories_moves_their_articles_and_keeps_the_old_id_working(desk):
    arts = link(desk.store, corpus())
    a_story, b_story = arts[0].story_id, arts[1].story_id
    assert a_story != b_story
    with desk.store.transaction():
        state = StoryState(desk.store)
        clusterer = Clusterer(state)
        kept = clusterer.merge(state.get(a_story), state.get(b_story))
        state.flush()
    gone = b_story if kept.id == a_story else a_story
    assert desk.store.count_articles("story_id = ?", (gone,)) == 0
    assert desk.story(gone)["id"] == kept.id
    assert desk.story(kept.id)["size"] == 5
    moved = desk.store.query("SELECT article_id FROM story_reassigned")
    assert moved  # the search index is told which stored articles changed story


def test_reprocessing_an_article_takes_it_out_of_its_story_first(desk):
    arts = link(desk.store, corpus())
    story_id = arts[0].story_id
    size = desk.story(story_id)["size"]
    again = article(arts[0].id, arts[0].title, arts[0].text, source=arts[0].source, published=arts[0].published)
    from newsdesk.link.stories import StoriesLinker

    with desk.store.transaction():
        StoriesLinker().unlink(desk.store, [again])
        StoriesLinker().link(desk.store, [again])
        desk.store.put_articles([again], 99)
    assert desk.story(again.story_id)["size"] == size


# --- story life and the Desk API -------------------------------------------------------------------

def test_story_has_title_summary_span_sources_and_entities(desk):
    link(desk.store, corpus())
    listed = desk.stories()
    fire = next(s for s in listed if "Tallinn" in s["title"])
    assert fire["size"] == 3 and fire["n_sources"] == len(fire["sources"])
    assert fire["first_seen"] < fire["last_seen"]
    assert "Mart Kask" in [e["name"] for e in fire["top_entities"]]
    assert fire["summary"]
    assert set(fire) >= {"id", "title", "summary", "size", "sources", "n_sources", "first_seen", "last_seen",
                         "top_entities", "breaking"}
    json.dumps(listed)  # JSON-ready


def test_story_detail_lists_articles_in_time_order_with_a_timeline(desk):
    arts = link(desk.store, corpus())
    s = desk.story(arts[0].story_id)
    times = [a["published"] for a in s["articles"]]
    assert times == sorted(times)
    assert sum(t["count"] for t in s["timeline"]) == 3
    assert all(len(t["period"]) == 10 for t in s["timeline"])  # spans more than two days: per day
    assert desk.story("no-such-story") is None


def test_timeline_is_hourly_for_a_short_story():
    from newsdesk.desk.stories import timeline

    t = timeline(["2026-03-02T03:40:00+00:00", "2026-03-02T03:55:00+00:00", "2026-03-02T18:30:00+00:00"])
    assert t == [{"period": "2026-03-02T03:00", "count": 2}, {"period": "2026-03-02T18:00", "count": 1}]


def test_stories_are_listed_newest_day_first_then_biggest(desk):
    link(desk.store, corpus())
    listed = desk.stories()
    days = [s["last_seen"][:10] for s in listed]
    assert days == sorted(days, reverse=True)
    assert desk.stories(top=1, offset=1)[0]["id"] == listed[1]["id"]


def test_since_and_query_filter_stories(desk):
    link(desk.store, corpus())
    assert all(s["last_seen"] >= "2026-03-02" for s in desk.stories(since="2026-03-02"))
    assert [s["title"] for s in desk.stories(query="matosinhos")] and all(
        "Porto" in s["title"] or "Matosinhos" in s["title"] for s in desk.stories(query="matosinhos"))
    with pytest.raises(ValueError):
        desk.stories(since="not a date")


def test_a_story_that_grows_fast_from_several_sources_is_breaking(desk):
    arts = []
    for k, (title, text) in enumerate(FIRE_A):
        arts.append(article(f"a{k}", title, text, source=f"Outlet {k}", published=f"2026-03-05T0{2 + k}:00:00+00:00"))
    arts.append(article("o0", OTHER[0][0], OTHER[0][1], published="2026-03-01T10:00:00+00:00"))
    link(desk.store, arts)
    breaking = desk.stories(breaking=True)
    assert [s["size"] for s in breaking] == [3]
    assert breaking[0]["breaking"] is True


def test_a_slow_story_is_not_breaking(desk):
    arts = [article(f"a{k}", t, x, source=f"Outlet {k}", published=f"2026-03-0{1 + 3 * k}T08:00:00+00:00")
            for k, (t, x) in enumerate(FIRE_A)]
    link(desk.store, arts)
    assert desk.stories(breaking=True) == []


def test_stats_count_stories(desk):
    link(desk.store, corpus())
    stats = desk.stats()
    assert stats["stories"] == 3 and stats["stories_multi"] == 2


def test_linker_runs_after_dedup_registry_and_quotes(desk):
    names = [s.name for s in Linker(desk.store).steps]
    assert names.index("stories") > max(names.index(n) for n in ("dedup", "registry", "quotes"))


# --- CLI -----------------------------------------------------------------------------------------

def test_cli_lists_stories_and_shows_one(tmp_path):
    db = tmp_path / "cli.db"
    with Desk(str(db)) as d:
        arts = link(d.store, corpus())
    proc = newsdesk("stories", "--json", db=db, check=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(rows) == 3 and {r["size"] for r in rows} == {3, 2, 1}
    plain = newsdesk("stories", db=db, check=True).stdout.splitlines()
    plain = [line for line in plain if not line.startswith("id\t")]  # a header line, when printed
    assert len(plain) == 3 and "\t" in plain[0]
    shown = newsdesk("story", arts[0].story_id[:10], db=db, check=True).stdout
    assert "Tallinn" in shown and "timeline" in shown and "articles" in shown
    bad = newsdesk("stories", "--since", "yesterday-ish", db=db)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "error" in bad.stderr
    missing = newsdesk("story", "nope", db=db)
    assert missing.returncode == 1 and "no story" in missing.stderr


def test_untyped_story_names_never_show_the_internal_name_label():
    names = {"n:harbour bridge": ["Harbour Bridge", "NAME", 3, None], "e:7": ["Kemal Arslan", "PERSON", 2, "7"],
             "n:arslan": ["Arslan", "NAME", 1, None]}
    shown = top_entities(names, 10)
    assert [e["name"] for e in shown] == ["Harbour Bridge", "Kemal Arslan"]
    assert all(e["type"] != "NAME" for e in shown) and shown[0]["type"] is None
