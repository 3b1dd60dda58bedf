"""The Ray engine: same results as the local engine, in canonical order, from Python and the CLI.

Ray starts slowly, so these tests are few; they share one local Ray with 2 CPUs (started once per
module), except the CLI test, which lets `newsdesk ingest --engine ray` start and stop its own.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import pytest

from newsdesk.config import IngestOptions
from newsdesk.desk import Desk
from newsdesk.desk.ingest import record_to_article
from newsdesk.engines.local import LocalEngine
from newsdesk.model import RawRecord
from tests.helpers import newsdesk, synthetic_records, write_jsonl
from tests.test_postgres import dump_store, sample_records

ray = pytest.importorskip("ray")
pytestmark = [pytest.mark.ray, pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]


def test_cli_ingest_with_the_ray_engine_matches_the_local_engine(tmp_path):
    # First in the module: its Ray is the only one running.
    path = write_jsonl(tmp_path / "in.jsonl", synthetic_records(60))
    local_db, ray_db = tmp_path / "local.db", tmp_path / "ray.db"
    newsdesk("ingest", "--bulk", "--workers", "1", str(path), db=local_db, check=True)
    before = set(Path(tempfile.gettempdir()).glob("ndray-*"))
    proc = newsdesk("ingest", "--bulk", "--engine", "ray", "--workers", "2", "--json", str(path), db=ray_db,
                    check=True)
    summary = json.loads(proc.stdout.splitlines()[-1])
    assert summary["stored"] == 60 and summary["exit_status"] == 0
    assert set(Path(tempfile.gettempdir()).glob("ndray-*")) <= before, "Ray's temp link was left behind"
    assert not Path(f"{ray_db}.ray").exists(), "Ray's files in the desk folder were left behind"
    local = newsdesk("export", "--format", "jsonl", db=local_db, check=True).stdout
    through_ray = newsdesk("export", "--format", "jsonl", db=ray_db, check=True).stdout
    assert through_ray == local


# A Ray "cluster" of one node, started by another process, as `ray start --head` would.
_HEAD = """
import sys, tempfile, ray
ray.init(address="local", num_cpus=2, object_store_memory=150 * 1024**2, include_dashboard=False,
         log_to_driver=False, _temp_dir=tempfile.mkdtemp(prefix="ndhead-", dir="/tmp"))
print(ray.get_runtime_context().gcs_address, flush=True)
sys.stdin.read()
ray.shutdown()
"""


def test_ingest_joins_a_running_cluster_reads_and_enriches_there_and_leaves_it_running(tmp_path):
    import os
    import subprocess
    import sys

    records = synthetic_records(30)
    folder = tmp_path / "in"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", records[:12])
    write_jsonl(folder / "b.jsonl", records[12:])
    env = {**os.environ, "RAY_AUTH_MODE": "token"}  # Ray's token authentication, on by default
    head = subprocess.Popen([sys.executable, "-c", _HEAD], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    try:
        address = head.stdout.readline().strip()
        assert address, "the head node did not start"
        local_db, ray_db = tmp_path / "local.db", tmp_path / "ray.db"
        newsdesk("ingest", "--bulk", "--workers", "1", str(folder), db=local_db, check=True)
        proc = subprocess.run([sys.executable, "-m", "newsdesk", "ingest", "--bulk", "--engine", "ray",
                               "--address", address, "--json", str(folder)], capture_output=True, text=True,
                              env={**env, "NEWSDESK_DB": str(ray_db)}, timeout=300)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert head.poll() is None, "the ingest stopped a cluster it did not start"
        assert not Path(f"{ray_db}.ray").exists(), "a cluster's temp files are the cluster's, not the desk's"
        local = newsdesk("export", "--format", "jsonl", db=local_db, check=True).stdout
        assert newsdesk("export", "--format", "jsonl", db=ray_db, check=True).stdout == local
    finally:
        head.stdin.close()
        head.wait(timeout=60)


def test_an_unreachable_cluster_address_is_one_clear_error(tmp_path):
    path = write_jsonl(tmp_path / "in.jsonl", synthetic_records(3))
    proc = newsdesk("ingest", "--bulk", "--engine", "ray", "--address", "127.0.0.1:1", str(path),
                    db=tmp_path / "d.db", timeout=120)
    assert proc.returncode == 2
    assert "cannot connect to the Ray cluster at 127.0.0.1:1" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.fixture(scope="module")
def local_ray():
    temp = tempfile.mkdtemp(prefix="ndray-test-", dir="/tmp")
    ray.init(address="local", num_cpus=2, object_store_memory=150 * 1024**2, _temp_dir=temp,
             include_dashboard=False, log_to_driver=False, configure_logging=False)
    yield
    ray.shutdown()
    shutil.rmtree(temp, ignore_errors=True)


def test_windows_of_chunks_come_back_whole_and_in_input_order(local_ray):
    from newsdesk.engines.ray import RayEngine

    raws = [RawRecord(origin="t", position=i, **{k: r[k] for k in ("text", "title", "source", "published")})
            for i, r in enumerate(synthetic_records(45))]
    sizes = [1, 7, 3, 9, 2, 5, 4, 8, 6]  # uneven chunks, three windows of three
    chunks, at = [], 0
    for size in sizes:
        chunks.append([record_to_article(r) for r in raws[at : at + size]])
        at += size
    engine = RayEngine("bulk", 2, window_chunks=3)
    got = list(engine.enrich(iter(chunks)))
    engine.close()
    expected = list(LocalEngine("bulk", 1).enrich([[record_to_article(r) for r in c] for c in
                                                   _split(raws, sizes)]))
    assert [len(c) for c in got] == sizes
    assert [[a.to_dict() for a in c] for c in got] == [[a.to_dict() for a in c] for c in expected]
    assert ray.is_initialized(), "an engine must not shut down a Ray it did not start"


def _split(items: list, sizes: list[int]) -> list[list]:
    out, at = [], 0
    for size in sizes:
        out.append(items[at : at + size])
        at += size
    return out


def test_ray_ingest_stores_exactly_what_the_local_engine_stores(local_ray, make_desk_address, monkeypatch):
    import newsdesk.desk.ingest as ingest
    import newsdesk.engines.ray as ray_engine

    # Small chunks and windows, so a few dozen articles cross several windows and both workers.
    monkeypatch.setattr(ingest, "ENRICH_CHUNK", 4)
    monkeypatch.setattr(ray_engine, "WINDOW_CHUNKS_PER_WORKER", 2)
    records = sample_records(30)
    local = Desk(make_desk_address("local"))
    local.ingest_records(records, IngestOptions(workers=1, batch_size=7))
    through_ray = Desk(make_desk_address("ray"))
    report = through_ray.ingest_records(records, IngestOptions(workers=2, batch_size=7, engine="ray"))
    assert report.stored == len(records)
    assert list(through_ray.export_records()) == list(local.export_records())
    a, b = dump_store(local.store), dump_store(through_ray.store)
    assert a.keys() == b.keys()
    for table in a:
        assert a[table] == b[table], table
    local.close()
    through_ray.close()


def test_ray_reads_several_files_in_parallel_and_stores_what_the_local_engine_stores(
        local_ray, make_desk_address, tmp_path, monkeypatch):
    import newsdesk.desk.ingest as ingest
    from newsdesk.engines.ray import RayEngine

    monkeypatch.setattr(ingest, "ENRICH_CHUNK", 4)
    monkeypatch.setattr("newsdesk.engines.ray.READ_GROUP", 3)  # several blocks per file, kept in order
    records = sample_records(24)
    folder = tmp_path / "inputs"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", records[:10])
    write_jsonl(folder / "b.jsonl", records[10:11])
    (folder / "c.bin").write_bytes(bytes(range(256)) * 20)  # not text: reported, the rest goes on
    write_jsonl(folder / "d.jsonl", records[11:])
    (folder / "e.txt").write_text("A short note of our own about the harbour reopening on Tuesday.\n\n"
                                  "A second note: the ferry to the islands runs again from Monday.\n",
                                  encoding="utf-8")
    read_by_ray = []
    real_read_files = RayEngine._read_files
    monkeypatch.setattr(RayEngine, "_read_files",
                        lambda self, *a: read_by_ray.append(1) or real_read_files(self, *a))
    results = {}
    for engine in ("local", "ray"):
        desk = Desk(make_desk_address(engine))
        skipped: list = []
        report = desk.ingest([str(folder)], IngestOptions(workers=2, batch_size=5, engine=engine, pipeline="bulk"),
                             on_skip=skipped.append)
        results[engine] = (report.stored, report.skipped, [str(s) for s in skipped], dump_store(desk.store))
        desk.close()
    assert read_by_ray, "the Ray engine read the files in the driver"
    assert results["ray"][:3] == results["local"][:3]
    assert results["local"][0] == len(records) + 1 and results["local"][1] == 1
    assert results["ray"][3] == results["local"][3]


def test_ray_temp_dir_is_in_the_desk_folder_through_a_short_link_when_the_path_is_long(tmp_path, monkeypatch):
    import os

    from newsdesk.engines.ray import MAX_TEMP_ROOT_CHARS, ray_temp_dir

    work = tmp_path / ("a-long-folder-name-" * 4) / "desk.db.ray"
    given, real = ray_temp_dir(str(work))
    try:
        assert len(given) <= MAX_TEMP_ROOT_CHARS and os.path.islink(given)
        assert Path(real).parent == work.resolve() and Path(given).resolve() == Path(real)
    finally:
        os.unlink(given)
    short = Path(tempfile.mkdtemp(prefix="nd-", dir="/tmp"))
    try:
        given, real = ray_temp_dir(str(short / "d.ray"))
        assert given == real and Path(real).parent == short / "d.ray" and not os.path.islink(given)
    finally:
        shutil.rmtree(short)
    monkeypatch.setenv("NEWSDESK_RAY_TMP", str(tmp_path))  # too long for sockets: /tmp instead
    given, real = ray_temp_dir(None)
    assert real is None and given.startswith("/tmp/ndray-")
    os.rmdir(given)
