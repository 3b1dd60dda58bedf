"""The ingest engine: order, resume after a crash, bad input, export, reprocess."""

from __future__ import annotations

import gzip
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.store import open_store
from tests.helpers import SEED, newsdesk, synthetic_records, write_jsonl

BULK1 = IngestOptions(workers=1, pipeline="bulk", batch_size=50)


def export_lines(db) -> list[dict]:
    proc = newsdesk("export", "--format", "jsonl", db=db, check=True)
    return [json.loads(line) for line in proc.stdout.splitlines()]


def test_two_workers_store_exactly_what_one_worker_stores(make_desk_address):
    records = synthetic_records(120)
    one = Desk(make_desk_address("one"))
    one.ingest_records(records, IngestOptions(workers=1, pipeline="bulk", batch_size=25))
    two = Desk(make_desk_address("two"))
    two.ingest_records(records, IngestOptions(workers=2, pipeline="bulk", batch_size=25))
    assert list(one.export_records()) == list(two.export_records())
    assert [a.id for a in two.articles()] == [one_a.id for one_a in one.articles()]


def test_article_ids_are_stable_and_identical_records_stay_two_articles(make_desk_address):
    records = synthetic_records(3)
    records.append({k: v for k, v in records[0].items() if k != "id"})
    records.append({k: v for k, v in records[0].items() if k != "id"})
    desk = Desk(make_desk_address("d"))
    desk.ingest_records(records, BULK1)
    ids = [a.id for a in desk.articles()]
    assert len(ids) == 5 and len(set(ids)) == 5
    again = Desk(make_desk_address("e"))
    again.ingest_records(records, BULK1)
    assert [a.id for a in again.articles()] == ids


def test_ingesting_the_same_records_again_changes_nothing(tmp_path, desk_address):
    path = write_jsonl(tmp_path / "in.jsonl", synthetic_records(40))
    db = desk_address
    newsdesk("ingest", "--bulk", str(path), db=db, check=True)
    first = export_lines(db)
    proc = newsdesk("ingest", "--bulk", "--json", str(path), db=db, check=True)
    assert json.loads(proc.stdout.splitlines()[-1])["unchanged"] == 40
    assert export_lines(db) == first


def test_export_has_the_promised_fields_in_every_format(tmp_path, desk_address):
    db = desk_address
    path = write_jsonl(tmp_path / "in.jsonl", synthetic_records(5))
    newsdesk("ingest", "--bulk", str(path), db=db, check=True)
    rows = export_lines(db)
    for field in ("id", "url", "source", "title", "text", "published", "language", "flags", "duplicate_of",
                  "story_id"):
        assert field in rows[0]
    assert isinstance(rows[0]["flags"], list)
    newsdesk("export", "--format", "csv", "-o", str(tmp_path / "out.csv"), db=db, check=True)
    assert (tmp_path / "out.csv").read_text().count("\n") >= 6
    newsdesk("export", "--format", "parquet", "-o", str(tmp_path / "out.parquet"), db=db, check=True)
    import pyarrow.parquet as pq

    assert pq.read_table(tmp_path / "out.parquet").num_rows == 5


@pytest.mark.skipif(not SEED.exists(), reason="shared seed not present")
def test_seed_dump_gives_five_articles_four_truncated_and_no_photo_credit(desk_address):
    db = desk_address
    newsdesk("ingest", "--bulk", str(SEED), db=db, check=True)
    rows = export_lines(db)
    assert len(rows) == 5
    assert sum("truncated" in r["flags"] for r in rows) == 4
    assert not any("PHOTO: AFP" in r["text"] for r in rows)


def test_sigkill_mid_ingest_then_rerun_gives_the_uninterrupted_result(tmp_path, make_desk_address, backend):
    path = write_jsonl(tmp_path / "in.jsonl", synthetic_records(3000))
    reference = make_desk_address("ref")
    newsdesk("ingest", "--bulk", "--batch-size", "100", "--workers", "2", str(path), db=reference, check=True)

    db = make_desk_address("d")
    env = dict(os.environ, NEWSDESK_DB=str(db))
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "ingest", "--bulk", "--batch-size", "100", "--workers", "2", str(path)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    deadline = time.time() + 120
    committed = 0
    # PostgreSQL: open the desk beside the starting ingest (the migration lock keeps the two apart).
    watcher = open_store(db) if backend == "postgres" else None
    while time.time() < deadline and proc.poll() is None:
        if watcher is not None:
            committed = int(watcher.get_meta("last_batch", "0") or 0)
            if committed >= 1:
                break
            time.sleep(0.02)
            continue
        try:
            con = sqlite3.connect(db, timeout=1)
            row = con.execute("SELECT value FROM desk_meta WHERE key = 'last_batch'").fetchone()
            con.close()
            committed = int(row[0]) if row else 0
        except sqlite3.Error:
            committed = 0
        if committed >= 1:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed; make the input bigger"
    children = _children(proc.pid)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(1.0)
    assert not [pid for pid in children if _alive(pid)], "worker processes outlived their parent"

    if watcher is not None:
        partial = watcher.count_articles()
        watcher.close()
    else:
        con = sqlite3.connect(db)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        partial = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        con.close()
    assert 0 < partial < 3000
    newsdesk("ingest", "--bulk", "--batch-size", "100", "--workers", "2", str(path), db=db, check=True)
    assert export_lines(db) == export_lines(reference)


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_folder_of_broken_inputs_reports_each_bad_item_and_keeps_the_good(tmp_path, desk_address):
    folder = tmp_path / "inputs"
    folder.mkdir()
    good = synthetic_records(6)
    write_jsonl(folder / "a_good.jsonl", good[:3])
    (folder / "b_binary.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "c_latin1.txt").write_bytes("Caf\xe9 owners in Lyon said trade rose by a tenth this spring.".encode("latin-1"))
    blob = gzip.compress(b"".join(json.dumps(r).encode() + b"\n" for r in good[3:5]))
    (folder / "d_truncated.jsonl.gz").write_bytes(blob[: len(blob) // 2])
    (folder / "e_mixed.jsonl").write_text(
        json.dumps(good[5]) + "\n{not json\n" + '["a list"]\n', encoding="utf-8")
    (folder / "f_empty.txt").write_text("")
    (folder / "g_huge.txt").write_text("word " * 4_000_000)  # a 20 MB single line
    db = desk_address
    proc = newsdesk("ingest", "--bulk", str(folder), db=db)
    assert proc.returncode == 3, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    skipped_lines = [line for line in proc.stderr.splitlines() if "skipped" in line and ":" in line]
    assert len(skipped_lines) >= 5, proc.stderr
    texts = [r["text"] for r in export_lines(db)]
    for rec in good[:3] + good[5:]:
        assert rec["text"] in texts
    assert any("Café owners" in t for t in texts)


def test_reprocess_enriches_articles_from_an_older_pipeline(desk_address):
    desk = Desk(desk_address)
    desk.ingest_records(synthetic_records(10), BULK1)
    bulk_version = next(desk.articles()).pipeline_version
    report = desk.reprocess(IngestOptions(workers=1, pipeline=["clean", "language", "dates", "fingerprint", "nlp"]))
    assert report.stored == 10
    versions = {a.pipeline_version for a in desk.articles()}
    assert versions and bulk_version not in versions
    assert desk.reprocess(IngestOptions(workers=1, pipeline=["clean", "language", "dates", "fingerprint", "nlp"])).stored == 0


def test_bad_command_line_gets_one_clear_error(desk_address):
    proc = newsdesk("ingest", "--split", "sideways", "x.txt", db=desk_address)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    Desk(desk_address).close()  # `show` opens an existing desk only
    proc = newsdesk("show", "nope", db=desk_address)
    assert proc.returncode == 1 and "no article" in proc.stderr


def test_control_characters_in_short_fields_are_dropped_not_fatal(desk_address):
    # PostgreSQL text cannot hold NUL: one such title used to fail the whole batch there.
    records = [{"id": "nul-1", "title": "Ferry\x00 timetable\x07 changes", "source": "Isle\x00 Post",
                "byline": "By Ana\x00 Ruiz", "text": "The island ferry\x00 runs twice a day from Monday, the operator said."},
               {"id": "nul-2", "title": "Harbour fees", "text": "Harbour fees rise by a tenth in April, the council said."}]
    desk = Desk(desk_address)
    report = desk.ingest_records(records, IngestOptions(workers=1, pipeline="bulk"))
    assert report.stored == 2 and report.skipped == 0
    stored = {a.id: a for a in desk.articles()}
    first = next(a for a in stored.values() if a.title.startswith("Ferry"))
    assert (first.title, first.source, first.byline) == ("Ferry timetable changes", "Isle Post", "By Ana Ruiz")
    assert "\x00" not in first.text
    desk.close()
