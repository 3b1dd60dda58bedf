"""The Ray engine: inputs read and the pure enrichment pipeline run on Ray Data, in input order.

`newsdesk ingest --engine ray [--address ADDR]`.

- Reading: with two or more input files, each file is read (and a WARC's pages extracted) by a Ray
  task, files in parallel; the records come back to the driver in canonical order (files in the
  order given, records in file order). A single file, stdin or URLs are read in the driver, where
  a second copy of the records would gain nothing.
- Enrichment: the chunks of articles the ingest loop produces are streamed through Ray in windows
  (memory stays bounded whatever the input size): each window becomes a Ray Data dataset of
  pickled chunks, `map_batches` runs the pipeline in Ray tasks on worker processes that build it
  (and load the spaCy model) once, and the DataContext's `preserve_order` brings the enriched
  chunks back in canonical order, to the one writer that links them — exactly what the local
  engine hands it. The next window runs while the writer links the current one.

Without `--address` a private local Ray is started (`workers` CPUs, a capped object store) and shut
down by `close()`. Its temp dir (logs, sockets, spilled objects) lives in the desk's folder
(`<desk file>.ray/`), reached through a short symlink under /tmp when that folder's path is too
long for Ray's Unix sockets (108 characters). With `--address` the engine joins an existing
cluster (every node needs newsdesk installed) and leaves it running.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import shutil
import socket
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import ray
import ray.data
from ray.data import DataContext

from newsdesk.config import IngestOptions
from newsdesk.engines import StepOptions
from newsdesk.model import Article, RawRecord, Skipped
from newsdesk.pipeline import build_pipeline
from newsdesk.sources import check_read_options, read_inputs, read_one
from newsdesk.sources.fetch import is_url
from newsdesk.sources.inputs import expand_paths

# Object store of a local Ray: enough for two windows of chunks in flight, small enough for a laptop.
OBJECT_STORE_BYTES = 200 * 1024**2
# Chunks per window and worker. A window is one Ray Data execution (planning, and a tail where some
# workers wait for the last chunk, are paid once per window), so windows are large; two windows at
# most are held in the driver's memory at once.
WINDOW_CHUNKS_PER_WORKER = 32
# Records per block a read task sends back: small enough to stream a large file, large enough that
# Ray's per-block cost is noise.
READ_GROUP = 64
# Ray's socket paths (<temp>/session_<date>_<pid>/sockets/plasma_store) must fit in 108 bytes.
MAX_TEMP_ROOT_CHARS = 40
_DONE = object()


class _Enricher:
    """The pipeline of one Ray worker process, built (models loaded) on its first chunk."""

    def __init__(self, spec: str | list[str], step_options: StepOptions = None) -> None:
        self.pipeline = build_pipeline(spec, step_options)
        # Load models now, not on the first real chunk: start-up overlaps with the driver's work.
        list(self.pipeline.run([Article(id="warm-up", text="Warm-up text for the pipeline.")]))

    def __call__(self, batch: Any) -> Any:
        out = []
        for blob in batch.column("chunk").to_pylist():
            chunk: list[Article] = pickle.loads(blob)
            out.append(pickle.dumps(list(self.pipeline.run(chunk)), protocol=pickle.HIGHEST_PROTOCOL))
        return pa.table({"i": batch.column("i"), "chunk": pa.array(out, type=pa.large_binary())})


# Per worker process: spec -> _Enricher. Ray keeps its worker processes and reuses them for the
# tasks of every window, so models load once per worker for the whole ingest. (A callable class
# on an actor pool would load them once per window instead: each dataset execution starts its own
# actors, and an actor's start-up with spaCy costs seconds.)
_TASK_PIPELINES: dict[str, _Enricher] = {}


def _enrich_task(batch: Any, spec: str | list[str], step_options: StepOptions = None) -> Any:
    """The Ray Data UDF: enrich each pickled chunk of the batch with this process's pipeline."""
    key = repr((spec, step_options))
    enricher = _TASK_PIPELINES.get(key)
    if enricher is None:
        enricher = _TASK_PIPELINES[key] = _Enricher(spec, step_options)
    return enricher(batch)


def _read_task(batch: Any, options: IngestOptions) -> Iterator[Any]:
    """The Ray Data UDF for reading: the records of each input file of the batch, in groups."""
    # One Ray task reads one file; a WARC's page extraction must not start a process pool of its own.
    options = replace(options, workers=1)
    for k, origin, problem in zip(batch.column("k").to_pylist(), batch.column("origin").to_pylist(),
                                  batch.column("problem").to_pylist(), strict=True):
        items: Iterable[RawRecord | Skipped] = [Skipped(origin, 0, problem)] if problem else read_one(origin, options)
        group: list[RawRecord | Skipped] = []
        part = 0
        for item in items:
            group.append(item)
            if len(group) >= READ_GROUP:
                yield _read_block(k, part, group, pa)
                part, group = part + 1, []
        if group or part == 0:
            yield _read_block(k, part, group, pa)


def _read_block(k: int, part: int, group: list, pa: Any) -> Any:
    blob = pickle.dumps(group, protocol=pickle.HIGHEST_PROTOCOL)
    return pa.table({"k": [k], "part": [part], "records": pa.array([blob], type=pa.large_binary())})


def _quiet_ordered_context() -> Any:
    """Ray Data settings every dataset of this engine runs with (process-wide, as Ray Data keeps them)."""
    ctx = DataContext.get_current()
    ctx.execution_options.preserve_order = True  # the linking phase relies on input order
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    # Ray Data reserves part of the CPUs for each operator's outputs; with one map operator on a
    # small cluster that leaves CPUs idle (40 half-second tasks on 2 CPUs: 13.2 s reserved, 10.3 s
    # not, 10.1 s as plain Ray tasks; see bench/results/scale.md).
    ctx.op_resource_reservation_enabled = False
    return ctx


def _check_reachable(address: str) -> None:
    """Fail at once on a host:port nobody listens on (Ray itself retries for minutes)."""
    host, sep, port = address.rpartition(":")
    if not sep or "://" in address or not port.isdigit():
        return  # "auto", ray://… and other forms are Ray's to resolve
    try:
        socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=5).close()
    except OSError as exc:
        raise ValueError(f"cannot connect to the Ray cluster at {address}: {exc.strerror or exc}") from exc


def ray_temp_dir(work_dir: str | None, short_base: str | None = None) -> tuple[str, str | None]:
    """(the temp dir to give Ray, the real folder behind it or None) for a private local Ray.

    With a desk folder (`work_dir`, `<desk file>.ray`), Ray's files go there; if that path is too
    long for Ray's sockets, Ray is given a short symlink under /tmp that points to it.
    Without one (a PostgreSQL desk), a fresh folder under `short_base` (the ray.tmp setting,
    NEWSDESK_RAY_TMP) or /tmp.
    """
    short_base = short_base or "/tmp"
    if len(short_base) > MAX_TEMP_ROOT_CHARS - 16:
        short_base = "/tmp"
    if not work_dir:
        return tempfile.mkdtemp(prefix="ndray-", dir=short_base), None
    Path(work_dir).mkdir(parents=True, exist_ok=True)
    # A folder per run: two ingests into one desk must not remove each other's Ray files.
    real = str(Path(tempfile.mkdtemp(prefix="run-", dir=work_dir)).resolve())
    if len(real) <= MAX_TEMP_ROOT_CHARS:
        return real, real
    for _ in range(100):
        link = tempfile.mktemp(prefix="ndray-", dir=short_base)  # only a name: the symlink is made here
        try:
            os.symlink(real, link)
            return link, real
        except FileExistsError:
            continue
    raise OSError(f"cannot make a short link to {real} in {short_base}")


class RayEngine:
    def __init__(self, spec: str | list[str], workers: int, address: str | None = None,
                 window_chunks: int | None = None, work_dir: str | None = None,
                 step_options: StepOptions = None, tmp_base: str | None = None) -> None:
        self.spec = spec
        self.step_options = step_options
        self.tmp_base = tmp_base
        self.workers = max(1, workers)
        self.address = address
        self.work_dir = work_dir
        self.pipeline = build_pipeline(spec, step_options)  # checks the spec here, and gives the version
        self.version = self.pipeline.version
        self.window_chunks = window_chunks or WINDOW_CHUNKS_PER_WORKER * self.workers
        self._started_ray = False
        self._temp_dir: str | None = None  # what Ray was given: a folder, or a symlink to one
        self._temp_real: str | None = None

    # --- Ray life cycle ----------------------------------------------------------------------------
    def _ensure_ray(self) -> None:
        # Ray's progress notes and per-dataset INFO lines would drown the ingest's own progress.
        for name in ("ray", "ray.data"):
            logging.getLogger(name).setLevel(logging.ERROR)
        if ray.is_initialized():
            return  # a caller (a test session, a notebook) already runs Ray: use it, leave it
        common: dict[str, Any] = {"log_to_driver": False, "include_dashboard": False,
                                  "configure_logging": False}
        if self.address:
            _check_reachable(self.address)
            try:
                ray.init(address=self.address, **common)
            except (ConnectionError, RuntimeError) as exc:
                hint = "" if os.environ.get("RAY_AUTH_MODE") else (
                    " (a cluster started with token authentication also needs RAY_AUTH_MODE=token here)")
                raise ValueError(f"cannot connect to the Ray cluster at {self.address}{hint}") from exc
        else:
            self._temp_dir, self._temp_real = ray_temp_dir(self.work_dir, self.tmp_base)
            # address="local": a private instance, even if RAY_ADDRESS names a running cluster.
            ray.init(address="local", num_cpus=self.workers, object_store_memory=OBJECT_STORE_BYTES,
                     _temp_dir=self._temp_dir, **common)
        self._started_ray = True

    def close(self) -> None:
        if self._started_ray:
            ray.shutdown()
            self._started_ray = False
        if self._temp_dir:
            # Ray's logs and spilled objects go with it; the desk's own folder stays.
            if os.path.islink(self._temp_dir):
                os.unlink(self._temp_dir)
            shutil.rmtree(self._temp_real or self._temp_dir, ignore_errors=True)
            if self.work_dir:
                try:
                    os.rmdir(self.work_dir)  # only if no other run of this desk still uses it
                except OSError:
                    pass
            self._temp_dir = self._temp_real = None

    # --- reading -----------------------------------------------------------------------------------
    def read_inputs(self, paths: list[str], options: IngestOptions) -> Iterator[RawRecord | Skipped]:
        """Every record of `paths` in canonical order, files read in parallel by Ray tasks."""
        check_read_options(options)  # a bad --map fails here, before Ray starts
        if any(p == "-" or is_url(p) for p in paths):
            return read_inputs(paths, options)  # stdin and the network are the driver's
        entries = list(expand_paths(paths, follow_symlinks=options.follow_symlinks))
        if sum(1 for _, problem in entries if problem is None) < 2:
            return read_inputs(paths, options)
        return self._read_files(entries, options)

    def _read_files(self, entries: list[tuple[str, str | None]], options: IngestOptions) -> Iterator[RawRecord | Skipped]:
        self._ensure_ray()
        _quiet_ordered_context()
        rows = [{"k": k, "origin": origin, "problem": problem} for k, (origin, problem) in enumerate(entries)]
        ds = ray.data.from_items(rows, override_num_blocks=len(rows))
        # Read tasks ask for no CPU of Ray's and at most `workers` run at once. A read task that
        # Ray Data pauses (its outputs wait while the driver links) must not hold the CPU that the
        # enrichment of the current window waits for, or neither would ever finish.
        ds = ds.map_batches(_read_task, fn_args=(options,), batch_size=1, batch_format="pyarrow",
                            num_cpus=0, concurrency=self.workers)
        expected = (0, 0)
        for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
            for k, part, blob in zip(batch.column("k").to_pylist(), batch.column("part").to_pylist(),
                                     batch.column("records").to_pylist(), strict=True):
                if (k, part) not in (expected, (expected[0] + 1, 0)):
                    raise RuntimeError(f"Ray returned part {part} of input {k} out of order")
                expected = (k, part + 1)
                yield from pickle.loads(blob)
        if expected[0] != len(rows) - 1:
            raise RuntimeError(f"Ray read {expected[0] + 1} of {len(rows)} inputs")

    # --- enrichment --------------------------------------------------------------------------------
    def _run_window(self, window: list[list[Article]]) -> list[list[Article]]:
        _quiet_ordered_context()
        items = [{"i": k, "chunk": pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL)} for k, c in enumerate(window)]
        ds = ray.data.from_items(items, override_num_blocks=len(items))
        ds = ds.map_batches(_enrich_task, fn_args=(self.spec, self.step_options), batch_size=1, batch_format="pyarrow",
                            num_cpus=1)
        out: list[list[Article]] = []
        for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
            for i, blob in zip(batch.column("i").to_pylist(), batch.column("chunk").to_pylist(), strict=True):
                if i != len(out):  # preserve_order is what the linking phase relies on: check it
                    raise RuntimeError(f"Ray returned chunk {i} where {len(out)} was expected")
                out.append(pickle.loads(blob))
        return out

    def enrich(self, chunks: Iterable[list[Article]]) -> Iterator[list[Article]]:
        self._ensure_ray()
        source = iter(chunks)
        # One window in the queue while the caller links the one before: memory stays bounded.
        results: queue.Queue[Any] = queue.Queue(maxsize=1)
        stop = threading.Event()

        def produce() -> None:
            try:
                while not stop.is_set():
                    window = list(islice(source, self.window_chunks))
                    if not window:
                        break
                    enriched = self._run_window(window)
                    while not stop.is_set():
                        try:
                            results.put(enriched, timeout=0.2)
                            break
                        except queue.Full:
                            continue
                results.put(_DONE)
            except BaseException as exc:  # handed to the consumer, raised there
                results.put(exc)

        thread = threading.Thread(target=produce, name="newsdesk-ray-windows", daemon=True)
        thread.start()
        try:
            while True:
                item = results.get()
                if item is _DONE:
                    break
                if isinstance(item, BaseException):
                    raise item
                yield from item
        finally:
            stop.set()
            # Unblock a producer waiting to put, then let it finish its current window.
            try:
                results.get_nowait()
            except queue.Empty:
                pass
            thread.join(timeout=1 if sys.exc_info()[0] else None)
