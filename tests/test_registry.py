"""The entity registry across the desk: conservative linking, counts, the desk API and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from newsdesk.desk import Desk
from tests.helpers import ingest_steps, newsdesk, write_jsonl
from tests.helpers import wire_record as record

STEPS = ["clean", "language", "dates", "fingerprint", "nlp", "entities", "places", "keywords"]

NATO_1 = ("US Defense Secretary Robert Gates met NATO ministers in Brussels on Tuesday to discuss missile defense. "
          "Gates said the alliance would decide its plans for Poland and the Czech Republic next year. "
          "Ministers from Poland welcomed the proposal, officials in Brussels said.")
NATO_2 = ("On Wednesday, Gates told NATO ministers in Brussels that the United States would share radar data with "
          "Poland. Several ministers said they backed the proposal after the meeting.")
FARM = ("The harvest was the worst in a decade, said Gates, who farms near Ames in Iowa. "
        "Corn prices rose at the local market on Thursday as growers counted their losses.")
MELINDA = ("Philanthropist Melinda Gates announced new funding for vaccine research in Seattle on Friday. "
           "The foundation said the grants would go to laboratories in Kenya and India.")


def ingest(desk: Desk, records: list[dict]) -> None:
    ingest_steps(desk, records, STEPS)



def only(rows: list[dict], name: str) -> dict:
    found = [r for r in rows if r["name"] == name]
    assert len(found) == 1, f"{name}: {rows}"
    return found[0]


def test_full_name_and_supported_surname_link_to_one_person(desk: Desk) -> None:
    ingest(desk, [record("n1", NATO_1, "02"), record("n2", NATO_2, "03")])
    gates = only(desk.find_entities("Robert Gates"), "Robert Gates")
    assert gates["type"] == "PERSON"
    assert "US Defense Secretary" in gates["roles"]
    assert gates["articles"] == 2  # the lone "Gates" of n2 shares NATO and Brussels with him
    assert gates["mentions"] == 3
    stored = [a for a in desk.articles() if "Wednesday" in a.text][0]
    ids = {m.entity_id for m in stored.mentions if m.surface == "Gates"}
    assert ids == {gates["id"]}


def test_unrelated_surname_and_other_first_name_are_not_merged(desk: Desk) -> None:
    ingest(desk, [record("n1", NATO_1, "02"), record("f1", FARM, "04"), record("m1", MELINDA, "05")])
    matches = desk.find_entities("Gates")
    names = sorted(m["name"] for m in matches)
    assert names == ["Gates", "Melinda Gates", "Robert Gates"]
    assert only(matches, "Robert Gates")["articles"] == 1
    assert only(matches, "Gates")["articles"] == 1


WHITCOMBE_1 = ("John Whitcombe, the chairman of Harbour Rovers, signed a new sponsor in Leeds on Monday. "
               "Whitcombe said the club would rebuild its stand.")
WHITCOMBE_2 = ("J.D. Whitcombe, chairman of Harbour Rovers, told supporters in Leeds that the stand would open "
               "in August.")


def test_a_name_with_initials_links_to_the_full_name(desk: Desk) -> None:
    ingest(desk, [record("w1", WHITCOMBE_1, "02"), record("w2", WHITCOMBE_2, "03")])
    people = [m for m in desk.find_entities("Whitcombe") if m["type"] == "PERSON"]
    assert len(people) == 1 and people[0]["articles"] == 2


def test_duplicates_are_linked_but_counted_once(desk: Desk) -> None:
    ingest(desk, [record("n1", NATO_1, "02"), record("n1-copy", NATO_1, "02", source="Other Wire")])
    dups = [a for a in desk.articles() if a.duplicate_of]
    assert len(dups) == 1
    gates = only(desk.find_entities("Robert Gates"), "Robert Gates")
    assert gates["articles"] == 1 and gates["mentions"] == 2
    assert all(m.entity_id for m in dups[0].mentions)  # the copy still points at the registry


def test_replaced_article_takes_its_mentions_away(desk: Desk) -> None:
    ingest(desk, [record("n1", NATO_1, "02"), record("m1", MELINDA, "05")])
    assert desk.find_entities("Seattle")
    ingest(desk, [record("m1", MELINDA.replace("Seattle", "Lisbon"), "05")])
    assert desk.find_entities("Seattle") == []
    lisbon = desk.find_entities("Lisbon")
    assert len(lisbon) == 1 and lisbon[0]["mentions"] == 1


def test_entity_page_lists_articles_neighbours_and_timeline(desk: Desk) -> None:
    ingest(desk, [record("n1", NATO_1, "02"), record("n2", NATO_2, "03")])
    gates = only(desk.find_entities("robert gates"), "Robert Gates")
    page = desk.entity(gates["id"])
    assert page is not None
    assert page["article_count"] == 2
    assert [a["published"][:10] for a in page["articles"]] == ["2026-03-03", "2026-03-02"]
    assert {c["name"] for c in page["cooccurring"]} >= {"NATO", "Brussels", "Poland"}
    assert page["timeline"] == [{"period": "2026-03-02", "count": 2}, {"period": "2026-03-03", "count": 1}]
    for key in ("quotes_by", "quotes_about", "stories", "aliases", "roles", "first_seen", "last_seen"):
        assert key in page
    assert page["first_seen"].startswith("2026-03-02") and page["last_seen"].startswith("2026-03-03")


def test_entities_listing_and_places(desk: Desk) -> None:
    ingest(desk, [record("n1", NATO_1, "02"), record("n2", NATO_2, "03"), record("m1", MELINDA, "05")])
    rows = desk.entities(top=100)
    assert rows == sorted(rows, key=lambda r: -r["mentions"])
    assert all(r["type"] == "GPE" for r in desk.entities(type="GPE"))
    places = desk.places()
    brussels = only(places, "Brussels")
    assert brussels["country_code"] == "BE" and brussels["articles"] == 2 and brussels["geonameid"]
    assert {p["name"] for p in desk.places(since="2026-03-04")} >= {"Seattle", "Kenya", "India"}
    assert "Brussels" not in {p["name"] for p in desk.places(since="2026-03-04")}
    assert desk.stats()["entities"] == len(desk.entities(top=1000))


def test_cli_entities_and_entity(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    with Desk(str(db)) as d:
        ingest(d, [record("n1", NATO_1, "02"), record("n2", NATO_2, "03"), record("m1", MELINDA, "05")])
    proc = newsdesk("entities", "--type", "PERSON", "--json", db=db, check=True)
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert {r["name"] for r in rows} >= {"Robert Gates", "Melinda Gates"}
    proc = newsdesk("entity", "Robert Gates", "--json", db=db, check=True)
    (one,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert one["name"] == "Robert Gates" and "US Defense Secretary" in one["roles"] and "aliases" in one
    proc = newsdesk("entity", "Robert Gates", db=db, check=True)
    assert "US Defense Secretary" in proc.stdout and "NATO" in proc.stdout
    proc = newsdesk("entity", "gates", db=db, check=True)  # several: listed, one per line
    assert "Robert Gates" in proc.stdout and "Melinda Gates" in proc.stdout
    proc = newsdesk("entity", "Nobody Atall", db=db)
    assert proc.returncode != 0 and "no entity" in proc.stderr and "Traceback" not in proc.stderr


def test_cli_ingest_links_entities(tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    src = write_jsonl(tmp_path / "in.jsonl", [record("n1", NATO_1, "02"), record("n2", NATO_2, "03")])
    newsdesk("ingest", str(src), "--workers", "1", db=db, check=True)
    proc = newsdesk("entities", "--top", "5", db=db, check=True)
    assert proc.stdout.strip() and "\t" in proc.stdout.splitlines()[0]
