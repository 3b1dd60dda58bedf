"""Deduplication against the whole desk: exact and near copies, thresholds, replacements, order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.config import IngestOptions
from newsdesk.dedup import jaccard, shingle_hashes
from newsdesk.desk import Desk

BULK = IngestOptions(workers=1, pipeline="bulk")

BASE = (
    "The regional water board said on Thursday that the reservoir above the valley had fallen to "
    "its lowest level in eleven years after a dry winter and an early spring. Farmers in the lower "
    "villages have been asked to water their fields only at night, and the board will decide next "
    "month whether to limit supplies to the two bottling plants that draw from the same river. "
    "Engineers are checking the old canal that once fed the mills, which could carry water from the "
    "northern lake if the repairs to its locks are finished before the summer. A spokeswoman said "
    "households would not face cuts this year but urged everyone to fix dripping taps and to keep "
    "showers short while the rain stays away."
)
OTHER = (
    "A small bookshop on the harbour front has been named the best independent shop in the county "
    "by readers of the local paper, two years after its owners nearly closed it during the long "
    "closure of the promenade. The couple who run it said the prize belonged to the volunteers who "
    "ran the Saturday story hour for children and to the fishermen who kept buying crime novels by "
    "the bagful. The shop will mark the award with a reading by a poet from the islands next week."
)


def near(text: str) -> str:
    """A lightly edited copy: one word changed and a sentence added (Jaccard about 0.85)."""
    return text.replace("eleven years", "twelve years") + " More details will follow."


def farther(text: str) -> str:
    """A heavier edit, between 0.7 and 0.8."""
    return (text.replace("Thursday", "Friday").replace("night", "dusk").replace("summer", "autumn")
            .replace("households", "families"))


def rec(i: str, text: str, **extra: str) -> dict:
    return {"id": i, "title": f"Item {i}", "text": text, "source": "Valley Post", **extra}


def stored(desk: Desk) -> dict[str, dict]:
    """Export records by title."""
    return {r["title"]: r for r in desk.export_records()}


def dup_of(desk: Desk) -> dict[str, str | None]:
    by_id = {r["id"]: r["title"] for r in desk.export_records()}
    return {r["title"]: by_id.get(r["duplicate_of"]) for r in desk.export_records()}


@pytest.fixture
def new_desk(make_desk_address, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    if backend != "sqlite":
        monkeypatch.setenv("NEWSDESK_INDEX", str(tmp_path / "index"))
    made = []

    def make(name: str = "d") -> Desk:
        d = Desk(make_desk_address(name))
        made.append(d)
        return d

    yield make
    for d in made:
        d.close()


def test_the_edits_used_here_have_the_similarity_they_claim() -> None:
    a, b, c = shingle_hashes([BASE, near(BASE), farther(BASE)])
    assert jaccard(a, b) >= 0.8
    assert 0.7 <= jaccard(a, c) < 0.8
    assert jaccard(a, shingle_hashes([OTHER])[0]) < 0.05


def test_exact_copy_under_another_id_points_at_the_first(new_desk) -> None:
    desk = new_desk()
    desk.ingest_records([rec("a", BASE), rec("b", OTHER), rec("c", BASE)], BULK)
    assert dup_of(desk) == {"Item a": None, "Item b": None, "Item c": "Item a"}


def test_copy_differing_only_in_quotes_dashes_and_spacing_is_exact(new_desk) -> None:
    desk = new_desk()
    styled = BASE.replace("water board", "water  board").replace("said", "\u201csaid\u201d").replace(" - ", " \u2013 ")
    desk.ingest_records([rec("a", BASE), rec("b", styled)], BULK)
    assert dup_of(desk)["Item b"] == "Item a"


def test_near_copy_is_a_duplicate_and_unrelated_text_is_not(new_desk) -> None:
    desk = new_desk()
    desk.ingest_records([rec("a", BASE), rec("b", OTHER), rec("c", near(BASE)), rec("d", near(OTHER))], BULK)
    assert dup_of(desk) == {"Item a": None, "Item b": None, "Item c": "Item a", "Item d": "Item b"}


def test_threshold_decides_and_is_a_desk_setting(new_desk) -> None:
    strict = new_desk("strict")
    strict.ingest_records([rec("a", BASE), rec("c", farther(BASE))], BULK)
    assert dup_of(strict)["Item c"] is None
    loose = new_desk("loose")
    loose.store.set_meta("dedup_threshold", "0.7")
    loose.ingest_records([rec("a", BASE), rec("c", farther(BASE))], BULK)
    assert dup_of(loose)["Item c"] == "Item a"


def test_earlier_articles_of_the_same_batch_count(new_desk) -> None:
    records = [rec("a", BASE), rec("b", near(BASE)), rec("c", BASE), rec("d", OTHER)]
    one_batch = new_desk("one")
    one_batch.ingest_records(records, IngestOptions(workers=1, pipeline="bulk", batch_size=100))
    batch_each = new_desk("each")
    batch_each.ingest_records(records, IngestOptions(workers=1, pipeline="bulk", batch_size=1))
    assert dup_of(one_batch) == dup_of(batch_each) == {
        "Item a": None, "Item b": "Item a", "Item c": "Item a", "Item d": None}


def test_duplicates_always_point_at_the_root_original(new_desk) -> None:
    desk = new_desk()
    desk.ingest_records([rec("a", BASE)], BULK)
    desk.ingest_records([rec("b", near(BASE)), rec("c", near(BASE))], BULK)
    assert dup_of(desk) == {"Item a": None, "Item b": "Item a", "Item c": "Item a"}


def test_same_canonical_url_under_another_record_id_is_a_duplicate(new_desk) -> None:
    desk = new_desk()
    desk.ingest_records([
        rec("a", BASE, url="https://valley.example/water?utm_source=feed"),
        rec("b", "A short note.", url="https://VALLEY.example/water#top"),
    ], BULK)
    assert dup_of(desk)["Item b"] == "Item a"


def test_newer_version_of_a_url_replaces_the_text_and_keeps_the_id(new_desk) -> None:
    desk = new_desk()
    url = "https://valley.example/reservoir"
    first = {"url": url, "title": "Reservoir low", "text": BASE}
    desk.ingest_records([first], BULK)
    (before,) = list(desk.export_records())
    update = {"url": url, "title": "Reservoir low (updated)", "text": BASE + " Rain is forecast for Sunday."}
    report = desk.ingest_records([update], BULK)
    (after,) = list(desk.export_records())
    assert report.stored == 1 and report.duplicates == 0
    assert after["id"] == before["id"] and after["text"].endswith("Sunday.") and after["duplicate_of"] is None
    # the older text is forgotten: a copy of it elsewhere is no longer an exact match of this article ...
    desk.ingest_records([rec("old", "Intro. " + OTHER), rec("copy", BASE + " Rain is forecast for Sunday.")], BULK)
    assert dup_of(desk)["Item copy"] == "Reservoir low (updated)"


def test_original_replaced_by_a_copy_of_another_takes_its_copies_along(new_desk) -> None:
    desk = new_desk()
    desk.ingest_records([rec("z", OTHER), {"url": "https://x.example/1", "title": "X", "text": BASE},
                         rec("y", BASE)], BULK)
    assert dup_of(desk)["Item y"] == "X"
    desk.ingest_records([{"url": "https://x.example/1", "title": "X", "text": OTHER}], BULK)
    assert dup_of(desk) == {"Item z": None, "X": "Item z", "Item y": "Item z"}
    # the index follows: all three fold into one (y's index entry was rewritten after the change)
    assert desk.search("")["total"] == 1
    assert desk.search("", include_duplicates=True)["total"] == 3


def test_short_texts_are_compared_exactly_only(new_desk) -> None:
    desk = new_desk()
    desk.ingest_records([rec("a", "Rain expected in the valley on Sunday evening."),
                         rec("b", "Rain expected in the valley on Monday evening."),
                         rec("c", "Rain expected in the valley on Sunday evening.")], BULK)
    assert dup_of(desk) == {"Item a": None, "Item b": None, "Item c": "Item a"}


def test_ingesting_the_same_file_again_leaves_the_export_unchanged(new_desk, tmp_path: Path) -> None:
    records = [rec("a", BASE), rec("b", near(BASE)), rec("c", OTHER), rec("d", BASE)]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    desk = new_desk()
    desk.ingest([str(path)], BULK)
    first = list(desk.export_records())
    report = desk.ingest([str(path)], BULK)
    assert report.unchanged == 4 and report.stored == 0
    assert list(desk.export_records()) == first


def test_reprocessing_keeps_the_duplicates(new_desk) -> None:
    desk = new_desk()
    desk.ingest_records([rec("a", BASE), rec("b", near(BASE)), rec("c", BASE)], BULK)
    before = dup_of(desk)
    desk.reprocess(BULK, all_articles=True)
    assert dup_of(desk) == before


BBC = Path(__file__).resolve().parents[2] / "shared" / "eval" / "classify" / "bbc-news.jsonl"


@pytest.mark.slow
@pytest.mark.skipif(not BBC.exists(), reason="needs ../shared/eval")
def test_bbc_byte_identical_articles_are_all_recorded(new_desk) -> None:
    items = [json.loads(line) for line in BBC.read_text(encoding="utf-8").splitlines() if line.strip()]
    first_of: dict[tuple[str, str], str] = {}
    expected = {}
    for it in items:
        key = (it["title"], it["text"])
        if key in first_of:
            expected[it["id"]] = first_of[key]
        else:
            first_of[key] = it["id"]
    desk = new_desk()
    desk.ingest_records([{"id": it["id"], "title": it["title"], "text": it["text"]} for it in items], BULK)
    record = {a.id: items[a.position - 1]["id"] for a in desk.articles()}  # records are numbered from 1
    found = {record[a.id]: record[a.duplicate_of] for a in desk.articles() if a.duplicate_of}
    assert len(expected) == 98
    assert {k: found.get(k) for k in expected} == expected


SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sample.jsonl"


@pytest.mark.skipif(not SAMPLE.exists(), reason="needs examples/sample.jsonl")
def test_sample_corpus_duplicates_match_its_gold(new_desk) -> None:
    gold = json.loads(SAMPLE.with_name("sample-gold.json").read_text(encoding="utf-8"))
    items = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    desk = new_desk()
    desk.ingest([str(SAMPLE)], BULK)
    record = {a.id: items[a.position - 1]["id"] for a in desk.articles()}  # lines are numbered from 1
    found = {record[a.id]: record[a.duplicate_of] for a in desk.articles() if a.duplicate_of}
    assert found == {**gold["duplicates"], **gold["near_duplicates"]}
