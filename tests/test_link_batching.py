"""Set-based linking: a batch is read in a few statements, whatever its size, and links exactly as
its articles would one batch each (earlier articles of a batch count like stored ones)."""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest

import newsdesk.link.registry as registry_module
from newsdesk.link.registry import Registry
from newsdesk.model import Article, DocEntity, Mention
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.stories.state import StoryState

ENTITY_TABLES = ("entities", "entity_aliases", "article_entities")
BRUSSELS = {"lat": 50.85, "lon": 4.35, "country_code": "BE", "geonameid": "2800866", "feature": "city"}


def article(aid: str, names: list[tuple], day: int = 1, duplicate_of: str | None = None) -> Article:
    """An article whose text is its names, one mention each: (name, label[, aliases[, place]])."""
    text, mentions, entities = "", [], []
    for i, spec in enumerate(names):
        name, label = spec[0], spec[1]
        aliases = list(spec[2]) if len(spec) > 2 else []
        place = spec[3] if len(spec) > 3 else {}
        start = len(text)
        text += name + ". "
        key = f"k{i}"
        mentions.append(Mention(start, start + len(name), name, label, entity_key=key))
        entities.append(DocEntity(key=key, name=name, label=label, aliases=aliases, mention_count=1, **place))
    return Article(id=aid, text=text, published=f"2024-05-{day:02d}T10:00:00+00:00", duplicate_of=duplicate_of,
                   mentions=mentions, entities=entities)


def dump(store: Store) -> dict[str, list[str]]:
    return {t: sorted(json.dumps(r, sort_keys=True) for r in store.query(f"SELECT * FROM {t}")) for t in ENTITY_TABLES}


def link(store: Store, batches: list[list[Article]]) -> list[list[str | None]]:
    """Link the batches in order, each in one transaction; the entity id of every mention."""
    reg = Registry()
    for batch in batches:
        with store.transaction():
            reg.link(store, batch)
    return [[m.entity_id for m in a.mentions] for batch in batches for a in batch]


@contextmanager
def counting(store: Store) -> Iterator[Counter[str]]:
    counts: Counter[str] = Counter()
    originals = {name: getattr(store, name) for name in ("query", "execute", "executemany")}

    def wrap(name: str) -> Callable:
        def run(sql: str, params=()):  # noqa: ANN001, ANN202
            counts[name] += 1
            return originals[name](sql, params)
        return run

    for name in originals:
        setattr(store, name, wrap(name))
    try:
        yield counts
    finally:
        for name in originals:
            delattr(store, name)


def sequence() -> list[Article]:
    """Full names, supported and unsupported lone surnames, a surname typed as an organisation, an
    acronym alias, a duplicate and a located place, in an order where each depends on the earlier."""
    brussels = ("Brussels", "GPE", [], BRUSSELS)
    return [
        article("a1", [("Robert Gates", "PERSON"), ("NATO", "ORG"), brussels], 1),
        article("a2", [("Gates", "PERSON"), ("NATO", "ORG"), brussels], 2),
        article("a3", [("R. Gates", "PERSON"), ("Poland", "GPE")], 3),
        article("a4", [("Gates", "ORG"), ("NATO", "ORG"), brussels, ("Poland", "GPE")], 4),
        article("a5", [("Gates", "PERSON"), ("Iowa", "GPE")], 5),
        article("a6", [("Bank of Asia", "ORG", ["BOA"]), ("Robert Gates", "PERSON")], 6),
        article("a7", [("BOA", "ORG"), ("Melinda Gates", "PERSON")], 7),
        article("a1-copy", [("Robert Gates", "PERSON"), ("NATO", "ORG"), brussels], 1, duplicate_of="a1"),
        article("a8", [("the Bank of Asia", "ORG"), ("Gates", "PERSON"), ("Poland", "GPE")], 8),
    ]


def linked_in_batches_and_one_by_one(make_desk_address, batches: list[list[Article]]) -> list:
    """Link `batches` as given into one desk and one article per batch into another; both must store
    the same: the entity ids per article (returned) and every table."""
    together, alone = open_store(make_desk_address("together")), open_store(make_desk_address("alone"))
    try:
        ids_together = link(together, copy.deepcopy(batches))
        ids_alone = link(alone, [[a] for batch in copy.deepcopy(batches) for a in batch])
        assert ids_together == ids_alone
        assert dump(together) == dump(alone)
        return ids_together
    finally:
        together.close()
        alone.close()


def test_a_batch_links_exactly_as_its_articles_would_one_batch_each(make_desk_address) -> None:
    ids = linked_in_batches_and_one_by_one(make_desk_address, [sequence()])
    # and the cases really linked: "R. Gates", a supported "Gates" and "BOA" found earlier entities
    flat = dict(zip([a.id for a in sequence()], ids, strict=True))
    assert flat["a2"][0] == flat["a1"][0] == flat["a3"][0]
    assert flat["a7"][0] == flat["a6"][0]
    assert flat["a5"][0] != flat["a1"][0]  # "Gates" in Iowa shares nothing with him


def test_a_stored_leader_that_changes_surname_is_looked_up_again(make_desk_address, monkeypatch) -> None:
    # With one leader read per surname, "Ann Lee" becoming "Ann Lee Smith" leaves "lee" with no
    # known leader: the lookup of "B. Lee" must still find Bob Lee, as the database would.
    monkeypatch.setattr(registry_module, "SURNAME_TOP", 1)
    first = [article("s1", [("Ann Lee", "PERSON", ["Ann Lee Smith"])], 1),
             article("s2", [("Ann Lee", "PERSON")], 2), article("s3", [("Bob Lee", "PERSON")], 3)]
    second = [article("s4", [("Ann Lee Smith", "PERSON")], 4), article("s5", [("B. Lee", "PERSON")], 5)]
    ids = linked_in_batches_and_one_by_one(make_desk_address, [first, second])
    assert ids[4] == ids[2]  # B. Lee is Bob Lee


def test_a_stored_alias_keeps_its_type_when_the_batch_writes_it_again(make_desk_address) -> None:
    # "Brussels" stored as a GPE; the batch names the same place as a LOC (one entity: one GeoNames
    # id), so its alias row stays a GPE, and an unlocated LOC "Brussels" after it is another entity.
    first = [article("p1", [("Brussels", "GPE", [], BRUSSELS)], 1)]
    second = [article("p2", [("Brussels", "LOC", [], BRUSSELS)], 2), article("p3", [("Brussels", "LOC")], 3)]
    ids = linked_in_batches_and_one_by_one(make_desk_address, [first, second])
    assert ids[1] == ids[0] != ids[2]


def _batch(n: int, tag: str) -> list[Article]:
    return [article(f"{tag}{i}", [(f"Org {i}", "ORG"), (f"Agency {i}", "ORG", [f"AG{i}"]), (f"Ann Person{i}", "PERSON"),
                                  ("Brussels", "GPE", [], BRUSSELS), ("Council", "ORG")], 1 + i % 28)
            for i in range(n)]


@pytest.mark.parametrize("n", [5, 40])
def test_the_registry_reads_and_writes_a_batch_in_a_fixed_number_of_statements(make_desk_address, n: int) -> None:
    store = open_store(make_desk_address(f"count{n}"))
    try:
        with counting(store) as fresh:
            link(store, [_batch(n, "a")])
        with counting(store) as again:  # the same names again: updates of stored entities
            link(store, [_batch(n, "b")])
    finally:
        store.close()
    # Reads: the alias lookups (one query per entity type), the surnames and the entities by id;
    # writes: one statement per table. Nothing per article or per name.
    assert fresh["query"] == 4 and again["query"] == 4
    assert fresh["executemany"] == again["executemany"] == 3  # entities (inserted, then updated), aliases, links
    assert fresh["execute"] == again["execute"] == 0


def test_candidate_postings_merge_the_batch_with_the_store(make_desk_address) -> None:
    store = open_store(make_desk_address("postings"))
    try:
        with store.transaction():
            state = StoryState(store)
            for seq, sid in enumerate(["s1", "s2", "s3", "s4"], start=1):
                state.add_postings(sid, ["n:tallinn", "w:port"], seq)
            state.write_pending()
            # held, not written: a new story and a stored one given the key again, later
            state.add_postings("s5", ["n:tallinn"], 10)
            state.add_postings("s1", ["n:tallinn"], 11)
            merged = state.postings_of(["n:tallinn", "w:port", "n:none"], 3)
            state.write_pending()
            stored = {k: state.postings(k, 3) for k in ("n:tallinn", "w:port", "n:none")}
    finally:
        store.close()
    assert merged == stored
    assert merged == {"n:tallinn": ["s1", "s5", "s4"], "w:port": ["s4", "s3", "s2"], "n:none": []}
