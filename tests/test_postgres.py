"""The PostgreSQL backend: SQL translation, locking, concurrency, and equality with SQLite.

Tests that need a server run when NEWSDESK_TEST_PG names one (scripts/test.sh starts it).
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.model import Article
from newsdesk.store import open_store
from newsdesk.store.postgres import drop_desk, public_address, split_address, translate
from tests.conftest import PG_URL, pg_desk_address
from tests.helpers import EXAMPLES, synthetic_records, write_jsonl

needs_pg = pytest.mark.skipif(not PG_URL, reason="NEWSDESK_TEST_PG not set")
SAMPLE = EXAMPLES / "sample.jsonl"
# Columns that record when something happened, not what: left out of store comparisons.
VOLATILE = {"ingested_at", "applied_at", "updated_at"}
# Tables whose content is per-backend by design (PostgreSQL's in-database search index).
BACKEND_TABLES = {"schema_migrations", "search_docs", "search_entities"}
META_PER_DESK = {"desk_uid", "search_index_state"}


def store_tables(store) -> list[str]:
    if store.dialect == "sqlite":
        rows = store.query("SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        rows = store.query("SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()")
    return sorted(r["t"] for r in rows if r["t"] not in BACKEND_TABLES)


def dump_store(store) -> dict[str, list[str]]:
    """Every table's rows as sorted JSON lines (a result set, not an order), volatile parts left out."""
    out = {}
    for table in store_tables(store):
        rows = store.query(f"SELECT * FROM {table}")
        if table == "desk_meta":
            rows = [r for r in rows if r["key"] not in META_PER_DESK]
        out[table] = sorted(
            json.dumps({k: v for k, v in r.items() if k not in VOLATILE}, sort_keys=True, default=str) for r in rows
        )
    return out


def sample_records(n: int | None = None) -> list[dict]:
    if not SAMPLE.exists():
        pytest.skip("examples/sample.jsonl not present")
    lines = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[:n] if n else lines


# --- translation (no server needed) -------------------------------------------------------------
def test_question_marks_become_placeholders_except_inside_literals_and_comments():
    sql = "SELECT 'why?', \"odd?col\" FROM t WHERE a = ? AND b = 'it''s ?' -- really?\nAND c = ?"
    assert translate(sql) == (
        "SELECT 'why?', \"odd?col\" FROM t WHERE a = %s AND b = 'it''s ?' -- really?\nAND c = %s"
    )


def test_a_lone_parameter_tested_for_null_gets_a_type_the_server_can_prepare():
    assert translate("SELECT * FROM t WHERE (? IS NULL OR a = ?) AND ? is not null") == (
        "SELECT * FROM t WHERE (CAST(%s AS TEXT) IS NULL OR a = %s) AND CAST(%s AS TEXT) is not null"
    )


def test_percent_signs_are_escaped_everywhere_psycopg_would_read_them():
    assert translate("SELECT '5%' AS p, a % 2 FROM t WHERE x = ?") == "SELECT '5%%' AS p, a %% 2 FROM t WHERE x = %s"


def test_like_becomes_case_insensitive_as_in_sqlite_but_not_inside_words_or_literals():
    assert translate("SELECT likes FROM t WHERE a like ? AND b NOT LIKE 'LIKE'") == (
        "SELECT likes FROM t WHERE a ILIKE %s AND b NOT ILIKE 'LIKE'"
    )


def test_named_parameters_translate_and_casts_are_left_alone():
    assert translate("SELECT a::text FROM t WHERE b = :name AND c = :other_1", named=True) == (
        "SELECT a::text FROM t WHERE b = %(name)s AND c = %(other_1)s"
    )


def test_schema_parameter_is_ours_and_passwords_are_hidden():
    conninfo, schema = split_address("postgresql://u:secret@h:5/db?schema=desk_1&sslmode=disable")
    assert schema == "desk_1" and "schema" not in conninfo and "sslmode=disable" in conninfo
    assert "secret" not in public_address("postgresql://u:secret@h:5/db")
    assert "secret" not in public_address("postgresql://u@h:5/db?password=secret&sslmode=disable")
    assert "secret" not in public_address("host=h password='se cret' dbname=db")
    assert public_address("postgresql://u@h:5/db?sslmode=disable") == "postgresql://u@h:5/db?sslmode=disable"
    with pytest.raises(ValueError):
        split_address("postgresql://h/db?schema=bad;drop")


# --- the backend on a server ---------------------------------------------------------------------
@pytest.fixture
def pg_address():
    if not PG_URL:
        pytest.skip("NEWSDESK_TEST_PG not set")
    address = pg_desk_address("pg")
    yield address
    drop_desk(address)


@pytest.mark.postgres
def test_sums_averages_and_flags_behave_as_in_sqlite(pg_address):
    store = open_store(pg_address)
    store.execute("CREATE TABLE flags_t (n BIGINT, on_off INTEGER)")
    store.executemany("INSERT INTO flags_t (n, on_off) VALUES (?, ?)", [(2, True), (3, False)])
    row = store.query_one("SELECT SUM(n) AS s, AVG(n) AS a, SUM(on_off) AS ons, ? IS NULL AS missing FROM flags_t",
                          (None,))
    assert row == {"s": 5, "a": 2.5, "ons": 1, "missing": True}
    assert type(row["s"]) is int and type(row["a"]) is float
    # Strings are read as the column needs them, and the same statement run again is prepared.
    for _ in range(3):
        assert store.query("SELECT n FROM flags_t WHERE n = ? AND on_off = ?", ("2", 1)) == [{"n": 2}]
    assert store.scalar("SELECT COUNT(*) FROM pg_prepared_statements") >= 1


@pytest.mark.postgres
def test_nested_transactions_join_the_outer_one_and_roll_back_together(pg_address):
    store = open_store(pg_address)
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.put_articles([Article(id="outer", text="outer")], batch=1)
            with store.transaction():
                store.put_articles([Article(id="inner", text="inner")], batch=1)
            raise RuntimeError("fail after the inner block")
    assert store.count_articles() == 0
    with store.transaction():
        with store.transaction():
            store.put_articles([Article(id="inner", text="inner")], batch=1)
    assert store.count_articles() == 1


@pytest.mark.postgres
def test_a_second_writer_waits_for_the_first_writers_batch(pg_address):
    first, second = open_store(pg_address), open_store(pg_address)
    order: list[str] = []
    with first.transaction():
        first.put_articles([Article(id="a", text="first writer")], batch=1)
        worker = threading.Thread(target=lambda: _write_one(second, order))
        worker.start()
        _wait_for_lock_waiter(first)
        order.append("first commits")
    worker.join(timeout=30)
    assert order == ["first commits", "second wrote"]
    assert [a.id for a in first.iter_articles()] == ["a", "b"]


def _write_one(store, order: list[str]) -> None:
    with store.transaction():
        store.put_articles([Article(id="b", text="second writer")], batch=2)
        order.append("second wrote")


def _wait_for_lock_waiter(store, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        waiting = store.scalar("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
                               " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
        if waiting:
            return
        time.sleep(0.01)
    raise AssertionError("the second writer never waited for the lock")


@pytest.mark.postgres
def test_processes_opening_a_fresh_desk_at_once_migrate_it_once(pg_address):
    code = "import sys; from newsdesk.store import open_store; s = open_store(sys.argv[1]); print(s.schema_version())"
    procs = [subprocess.Popen([sys.executable, "-c", code, pg_address], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err[-1500:] for _, err in outs]
    store = open_store(pg_address)
    versions = [r["version"] for r in store.query("SELECT version FROM schema_migrations")]
    assert sorted(versions) == sorted({v for v, _, _ in store.migrations()})
    assert {out.strip() for out, _ in outs} == {store.schema_version()}


@pytest.mark.postgres
def test_many_threads_read_one_desk_at_once(pg_address):
    desk = Desk(pg_address)
    desk.ingest_records(synthetic_records(30), IngestOptions(workers=1, pipeline="bulk"))

    def read(i: int) -> int:
        return desk.store.count_articles("source = ?", (f"Outlet {i % 4}",))

    with ThreadPoolExecutor(8) as pool:
        counts = list(pool.map(read, range(40)))
    assert sum(counts[:4]) == 30
    gc.collect()
    # The pool's threads are gone, and their connections with them: only this thread's is left.
    assert len(desk.store._all) == 1
    desk.close()


# --- equality with SQLite ------------------------------------------------------------------------
@pytest.mark.postgres
@pytest.mark.slow
def test_full_ingest_stores_the_same_rows_in_postgresql_as_in_sqlite(tmp_path, pg_address):
    records = sample_records(24)
    options = IngestOptions(workers=1, batch_size=7)
    lite = Desk(str(tmp_path / "d.db"))
    lite.ingest_records(records, options)
    pg = Desk(pg_address)
    pg.ingest_records(records, options)
    a, b = dump_store(lite.store), dump_store(pg.store)
    assert a.keys() == b.keys()
    for table in a:
        assert a[table] == b[table], table
    assert list(lite.export_records()) == list(pg.export_records())
    pg.close()


QUERIES = [
    "earthquake", '"port strike" OR earthquake', "title:earthquake", "-earthquake", "Bingöl", "lang:en strike",
    "source:wire", "the", "strike NOT port", "(rain OR flood) AND NOT title:storm", "*", "",
    'text:"said on"', "economy OR economies", "covid-19", "u.s.",
]


@pytest.mark.postgres
def test_every_query_finds_the_same_articles_on_both_backends(tmp_path, pg_address):
    records = sample_records()
    lite, pg = Desk(str(tmp_path / "d.db")), Desk(pg_address)
    for desk in (lite, pg):
        desk.ingest_records(records, IngestOptions(workers=1, pipeline="bulk", batch_size=10))
    for query in QUERIES:
        for dups in (False, True):
            x = lite.search(query, limit=1000, include_duplicates=dups)
            y = pg.search(query, limit=1000, include_duplicates=dups)
            assert x["total"] == y["total"], query
            assert sorted(h["id"] for h in x["hits"]) == sorted(h["id"] for h in y["hits"]), query
    assert lite.timeline("strike OR quake", by="week") == pg.timeline("strike OR quake", by="week")
    fx, fy = lite.facets("*"), pg.facets("*")
    for name in fx:
        assert sorted((f["value"], f["count"]) for f in fx[name]) == sorted((f["value"], f["count"]) for f in fy[name]), name
    day = records[0].get("published", "")[:10]
    if day:
        x = lite.search("*", since=day, until=day, limit=1000)
        y = pg.search("*", since=day, until=day, limit=1000)
        assert x["total"] == y["total"] > 0
    pg.close()


# --- several processes at once -------------------------------------------------------------------
_SEARCHER = """
import sys, time, os
from newsdesk.desk import Desk
desk = Desk(sys.argv[1])
stop, n = sys.argv[2], 0
while not os.path.exists(stop):
    for q in ("harbour", "rail OR council", '"container ships"', "-weather"):
        desk.search(q, limit=20)
        n += 1
    time.sleep(0.05)
print(n)
"""


@pytest.mark.postgres
@pytest.mark.slow
def test_two_ingests_into_one_desk_while_a_third_process_searches(tmp_path, pg_address):
    records = synthetic_records(400)
    first = write_jsonl(tmp_path / "first.jsonl", records[:260])
    second = write_jsonl(tmp_path / "second.jsonl", records[140:])  # 120 records in both inputs
    env = dict(os.environ, NEWSDESK_DB=pg_address)
    Desk(pg_address).close()  # the searcher opens an existing desk
    stop = tmp_path / "stop"
    searcher = subprocess.Popen([sys.executable, "-c", _SEARCHER, pg_address, str(stop)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ingests = [
        subprocess.Popen([sys.executable, "-m", "newsdesk", "ingest", "--bulk", "--batch-size", "20",
                          "--workers", "1", "--json", str(path)], env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for path in (first, second)
    ]
    results = [p.communicate(timeout=600) for p in ingests]
    stop.write_text("")
    searched, search_err = searcher.communicate(timeout=120)
    for proc, (_, err) in zip(ingests, results, strict=True):
        assert proc.returncode == 0, err[-3000:]
        assert "Traceback" not in err
    assert searcher.returncode == 0, search_err[-3000:]
    assert int(searched.strip()) > 0
    desk = Desk(pg_address)
    ids = [a.id for a in desk.articles()]
    assert len(ids) == len(set(ids)) == 400
    texts = {a.text for a in desk.articles()}
    assert texts == {r["text"] for r in records}
    seqs = [int(r["seq"]) for r in desk.store.query("SELECT seq FROM articles ORDER BY seq")]
    assert len(set(seqs)) == 400
    assert desk.search("*", limit=0)["total"] == 400
    desk.close()


@pytest.mark.postgres
@pytest.mark.slow
def test_two_full_ingests_with_overlapping_inputs_link_every_article_once(tmp_path, pg_address):
    records = sample_records()
    half = len(records) // 2
    first = write_jsonl(tmp_path / "first.jsonl", records[: half + 8])
    second = write_jsonl(tmp_path / "second.jsonl", records[half - 8 :])
    env = dict(os.environ, NEWSDESK_DB=pg_address)
    Desk(pg_address).close()
    ingests = [
        subprocess.Popen([sys.executable, "-m", "newsdesk", "ingest", "--batch-size", "4", "--workers", "1",
                          str(path)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for path in (first, second)
    ]
    results = [p.communicate(timeout=600) for p in ingests]
    for proc, (_, err) in zip(ingests, results, strict=True):
        assert proc.returncode == 0, err[-3000:]
    desk = Desk(pg_address)
    store = desk.store
    ids = [a.id for a in desk.articles()]
    assert len(ids) == len(set(ids)) == len(records)
    stored = set(ids)
    assert all(a.duplicate_of in stored for a in desk.articles() if a.duplicate_of)
    if "story_members" in store_tables(store):
        assert store.scalar("SELECT COUNT(*) FROM story_members") == len(records)
        assert store.scalar("SELECT COUNT(DISTINCT article_id) FROM story_members") == len(records)
        orphans = store.scalar("SELECT COUNT(*) FROM articles a WHERE a.story_id IS NOT NULL AND NOT EXISTS"
                               " (SELECT 1 FROM stories s WHERE s.id = a.story_id)")
        assert orphans == 0
        assert store.scalar("SELECT SUM(n_articles) FROM stories") == len(records)
    desk.close()
