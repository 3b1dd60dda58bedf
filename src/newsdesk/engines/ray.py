"""The Ray engine: the pure enrichment pipeline on Ray Data, results handed back in input order.

`newsdesk ingest --engine ray [--address ADDR]`. The chunks of articles the ingest loop produces are
streamed through Ray in windows (memory stays bounded whatever the input size): each window becomes
a Ray Data dataset of pickled chunks, `map_batches` runs the pipeline in Ray tasks on worker processes that
build it (and load the spaCy model) once, and the DataContext's `preserve_order` brings the
enriched chunks back in canonical order, to the one writer that links them — exactly what the
local engine hands it. The next window runs while the writer links the current one.

Without `--address` a private local Ray is started (`workers` CPUs, a capped object store, a temp
dir under a short /tmp path because Ray's socket paths must stay under 108 characters) and shut
down by `close()`. With `--address` the engine joins an existing cluster (every node needs
newsdesk installed) and leaves it running.
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
from itertools import islice
from typing import Any

from newsdesk.model import Article
from newsdesk.pipeline import build_pipeline

# Object store of a local Ray: enough for two windows of chunks in flight, small enough for a laptop.
OBJECT_STORE_BYTES = 200 * 1024**2
# Chunks per window and worker. A window is one Ray Data execution (planning, and a tail where some
# workers wait for the last chunk, are paid once per window), so windows are large; two windows at
# most are held in the driver's memory at once.
WINDOW_CHUNKS_PER_WORKER = 32
_DONE = object()


class _Enricher:
    """The pipeline of one Ray worker process, built (models loaded) on its first chunk."""

    def __init__(self, spec: str | list[str]) -> None:
        self.pipeline = build_pipeline(spec)
        # Load models now, not on the first real chunk: start-up overlaps with the driver's work.
        list(self.pipeline.run([Article(id="warm-up", text="Warm-up text for the pipeline.")]))

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

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


def _enrich_task(batch: Any, spec: str | list[str]) -> Any:
    """The Ray Data UDF: enrich each pickled chunk of the batch with this process's pipeline."""
    key = repr(spec)
    enricher = _TASK_PIPELINES.get(key)
    if enricher is None:
        enricher = _TASK_PIPELINES[key] = _Enricher(spec)
    return enricher(batch)


def _check_reachable(address: str) -> None:
    """Fail at once on a host:port nobody listens on (Ray itself retries for minutes)."""
    host, sep, port = address.rpartition(":")
    if not sep or "://" in address or not port.isdigit():
        return  # "auto", ray://… and other forms are Ray's to resolve
    try:
        socket.create_connection((host.strip("[]") or "127.0.0.1", int(port)), timeout=5).close()
    except OSError as exc:
        raise ValueError(f"cannot connect to the Ray cluster at {address}: {exc.strerror or exc}") from exc


def _short_temp_root() -> str:
    """Ray's session dir holds Unix sockets; their paths must stay under 108 characters."""
    base = os.environ.get("NEWSDESK_RAY_TMP") or "/tmp"
    if len(base) > 40:
        base = "/tmp"
    return tempfile.mkdtemp(prefix="ndray-", dir=base)


class RayEngine:
    def __init__(self, spec: str | list[str], workers: int, address: str | None = None,
                 window_chunks: int | None = None) -> None:
        self.spec = spec
        self.workers = max(1, workers)
        self.address = address
        self.pipeline = build_pipeline(spec)  # checks the spec here, and gives the version
        self.version = self.pipeline.version
        self.window_chunks = window_chunks or WINDOW_CHUNKS_PER_WORKER * self.workers
        self._started_ray = False
        self._temp_dir: str | None = None

    # --- Ray life cycle ----------------------------------------------------------------------------
    def _ensure_ray(self) -> None:
        import ray
        import ray.data  # noqa: F401  (sets up Ray Data's loggers, quietened just below)

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
            self._temp_dir = _short_temp_root()
            # address="local": a private instance, even if RAY_ADDRESS names a running cluster.
            ray.init(address="local", num_cpus=self.workers, object_store_memory=OBJECT_STORE_BYTES,
                     _temp_dir=self._temp_dir, **common)
        self._started_ray = True

    def close(self) -> None:
        if self._started_ray:
            import ray

            ray.shutdown()
            self._started_ray = False
        if self._temp_dir:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self._temp_dir = None

    # --- enrichment --------------------------------------------------------------------------------
    def _run_window(self, window: list[list[Article]]) -> list[list[Article]]:
        import ray
        from ray.data import DataContext

        ctx = DataContext.get_current()
        ctx.execution_options.preserve_order = True
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        items = [{"i": k, "chunk": pickle.dumps(c, protocol=pickle.HIGHEST_PROTOCOL)} for k, c in enumerate(window)]
        ds = ray.data.from_items(items, override_num_blocks=len(items))
        ds = ds.map_batches(_enrich_task, fn_args=(self.spec,), batch_size=1, batch_format="pyarrow",
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
