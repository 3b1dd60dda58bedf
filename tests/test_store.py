"""The store, on every backend (see conftest.py): migrations, atomic batches, articles round-trip;
WAL mode and integrity checks on SQLite."""

from __future__ import annotations

import sqlite3

import pytest

from newsdesk.model import Article, DocEntity, Mention, Quote, Span
from newsdesk.store import articles as stored
from newsdesk.store import open_store
from newsdesk.store import places as place_rows
from newsdesk.store.base import Store
from newsdesk.store.changes import any_changed, changed, clear_changed, mark_changed


def test_new_desk_is_migrated_in_wal_mode(desk_address, backend):
    store = open_store(desk_address)
    assert store.schema_version() is not None
    if backend == "sqlite":
        assert store.scalar("PRAGMA journal_mode") == "wal"
        names = {r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type='table'")}
    else:
        names = {r["table_name"] for r in store.query(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
    assert {"articles", "desk_meta", "schema_migrations"} <= names


@pytest.mark.parametrize("known", ["first", "all_but_last"])
def test_migrations_upgrade_an_older_desk_without_loss(desk_address, monkeypatch, known):
    # A desk really made by an older build: its schema holds only the migrations that build knew
    # (the first one, or all but the newest), then a current build opens it and upgrades it.
    every = Store.migrations
    def older(self):
        ms = every(self)
        return ms[:1] if known == "first" else ms[:-1]

    monkeypatch.setattr(Store, "migrations", older)
    store = open_store(desk_address)
    with store.transaction():
        store.execute(
            "INSERT INTO articles (id, seq, title, text, ingested_at, batch) VALUES (?, ?, ?, ?, ?, ?)",
            ("a1", 1, "Kept", "Kept text.", "2026-01-01T00:00:00Z", 1),
        )
    store.close()
    monkeypatch.setattr(Store, "migrations", every)
    reopened = open_store(desk_address)
    assert reopened.schema_version() == max(v for v, _, _ in reopened.migrations())
    assert reopened.get_article("a1").text == "Kept text."


def test_article_round_trips_with_annotations(desk_address):
    store = open_store(desk_address)
    art = Article(
        id="x1", text="Gates met Serdyukov.", title="T", flags=["truncated"], meta={"credits": ["PHOTO: AFP"]},
        mentions=[Mention(0, 5, "Gates", "PERSON", "e0")],
        entities=[DocEntity(key="e0", name="Robert Gates", label="PERSON", roles=["Defense Secretary"])],
        quotes=[Quote(content=Span(0, 5, "Gates"), direct=False, speaker=Span(10, 19, "Serdyukov"))],
        keywords=["missile defence"],
    )
    with store.transaction():
        store.put_articles([art], batch=1)
    back = store.get_article("x1")
    assert back.mentions[0].surface == "Gates"
    assert back.entities[0].roles == ["Defense Secretary"]
    assert back.quotes[0].speaker.text == "Serdyukov"
    assert back.flags == ["truncated"] and back.meta == {"credits": ["PHOTO: AFP"]}
    assert back.keywords == ["missile defence"]


def test_replacing_an_article_keeps_its_place_in_canonical_order(desk_address):
    store = open_store(desk_address)
    with store.transaction():
        store.put_articles([Article(id="a", text="one"), Article(id="b", text="two")], batch=1)
    with store.transaction():
        store.put_articles([Article(id="a", text="one, revised")], batch=2)
    assert [a.id for a in store.iter_articles()] == ["a", "b"]
    assert store.get_article("a").text == "one, revised"


def test_failed_batch_leaves_nothing_behind(desk_address, backend):
    store = open_store(desk_address)
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.put_articles([Article(id="a", text="lost")], batch=1)
            raise RuntimeError("crash inside the batch")
    assert store.count_articles() == 0
    if backend == "sqlite":
        assert store.scalar("PRAGMA integrity_check") == "ok"


def test_a_reader_sees_committed_batches_while_a_writer_holds_one_open(desk_address, backend):
    writer = open_store(desk_address)
    with writer.transaction():
        writer.put_articles([Article(id="a", text="committed")], batch=1)
    with writer.transaction():
        writer.put_articles([Article(id="b", text="in flight")], batch=2)
        if backend == "sqlite":
            reader = sqlite3.connect(desk_address)
            assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
            reader.close()
        else:
            reader = open_store(desk_address)  # another connection, as another process would have
            assert reader.count_articles() == 1
            reader.close()


def test_select_in_and_execute_in_cover_every_value_across_chunks(desk_address):
    store = open_store(desk_address)
    ids = [f"k{i:04d}" for i in range(23)]
    with store.transaction():
        for i in ids:
            store.set_meta(i, "x" if int(i[1:]) % 2 else "y")
        rows = store.select_in("SELECT key FROM desk_meta WHERE value = ? AND key IN (?*)", ids, before=("x",), size=5)
        assert sorted(r["key"] for r in rows) == [i for i in ids if int(i[1:]) % 2]
        store.execute_in("DELETE FROM desk_meta WHERE key IN (?*) AND value = ?", ids, after=("y",), size=4)
    assert sorted(r["key"] for r in store.query("SELECT key FROM desk_meta WHERE key LIKE 'k%'")) == [
        i for i in ids if int(i[1:]) % 2]
    assert store.select_in("SELECT key FROM desk_meta WHERE key IN (?*)", []) == []
    with pytest.raises(ValueError):
        store.select_in("SELECT key FROM desk_meta WHERE key = ?", ["a"])
    store.close()


def test_marked_changes_are_listed_until_cleared(desk_address):
    store = open_store(desk_address)
    with store.transaction():
        mark_changed(store, ["a", "b", "a"])
    assert sorted(changed(store)) == ["a", "b"] and any_changed(store)
    clear_changed(store, ["a"])
    assert changed(store) == ["b"]
    clear_changed(store)
    assert not any_changed(store)
    store.close()


def test_article_reads_find_ids_by_prefix_copies_and_their_original(desk_address):
    store = open_store(desk_address)
    with store.transaction():
        store.put_articles([
            Article(id="abc123", title="Harbour fire", source="Wire Desk", text="A fire in the harbour."),
            Article(id="abc124", title="Harbour fire (copy)", text="A fire in the harbour.", duplicate_of="abc123"),
            Article(id="abd999", title="Budget vote", language="en", text="The council voted."),
        ], batch=1)
    assert sorted(stored.ids_starting(store, "abc")) == ["abc123", "abc124"]
    assert stored.ids_starting(store, "abd") == ["abd999"] and stored.ids_starting(store, "abc", limit=1)
    assert [c["id"] for c in stored.copy_cards(store, "abc123")] == ["abc124"]
    assert stored.original_card(store, "abc124")["title"] == "Harbour fire"
    assert stored.original_card(store, "abc123") is None
    glance = stored.summary(store)
    assert (glance["articles"], glance["duplicates"]) == (3, 1)
    assert glance["sources"]["Wire Desk"] == 1 and glance["languages"]["en"] == 1
    store.close()


def test_place_confidence_keeps_the_highest_value_recorded(desk_address):
    store = open_store(desk_address)
    with store.transaction():
        place_rows.raise_confidence(store, [("e1", 0.4), ("e2", 0.9)])
        place_rows.raise_confidence(store, [("e1", 0.7), ("e2", 0.5)])
    got = {r["entity_id"]: r["confidence"] for r in store.query("SELECT entity_id, confidence FROM place_confidence")}
    assert got == {"e1": 0.7, "e2": 0.9}
    store.close()
