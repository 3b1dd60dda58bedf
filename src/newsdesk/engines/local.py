"""The local engine: the pipeline in this process (1 worker) or in a pool of worker processes."""

from __future__ import annotations

import ctypes
import multiprocessing as mp
import os
import signal
import sys
import threading
from collections.abc import Iterable, Iterator

from newsdesk.config import IngestOptions
from newsdesk.engines import StepOptions
from newsdesk.model import Article, RawRecord, Skipped
from newsdesk.pipeline import Pipeline, build_pipeline
from newsdesk.sources import read_inputs

_WORKER_PIPELINE: Pipeline | None = None
# Chunks in flight at once, per worker: enough to keep workers busy, small enough to bound memory.
# Slots free up only as the writer takes results, so the window must outlast a linking batch
# (200 articles by default): 16 chunks of 16 per worker let workers enrich the next batch while
# the writer commits the last one, for a few MB of articles in flight.
IN_FLIGHT_PER_WORKER = 16


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when its parent dies (even by SIGKILL)."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _init_worker(spec: str | list[str], parent_pid: int, step_options: StepOptions = None) -> None:
    global _WORKER_PIPELINE
    _die_with_parent()
    # Ctrl-C is the parent's to handle; workers just get terminated.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.getppid() != parent_pid:  # parent already gone before prctl took effect
        os._exit(1)
    _WORKER_PIPELINE = build_pipeline(spec, step_options)


def _enrich_chunk(chunk: list[Article]) -> list[Article]:
    assert _WORKER_PIPELINE is not None
    return list(_WORKER_PIPELINE.run(chunk))


class LocalEngine:
    def __init__(self, spec: str | list[str], workers: int, step_options: StepOptions = None) -> None:
        self.spec = spec
        self.step_options = step_options
        self.workers = max(1, workers)
        self._pool = None
        self.pipeline = build_pipeline(spec, step_options)  # also gives the version; used directly with 1 worker
        self.version = self.pipeline.version

    def _get_pool(self):
        if self._pool is None:
            method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
            ctx = mp.get_context(method)
            self._pool = ctx.Pool(self.workers, initializer=_init_worker, initargs=(self.spec, os.getpid(), self.step_options))
        return self._pool

    def read_inputs(self, paths: list[str], options: IngestOptions) -> Iterator[RawRecord | Skipped]:
        """Inputs are read in this process (a WARC's pages extracted by its own pool)."""
        return read_inputs(paths, options)

    def enrich(self, chunks: Iterable[list[Article]]) -> Iterator[list[Article]]:
        if self.workers == 1:
            for chunk in chunks:
                yield list(self.pipeline.run(chunk))
            return
        pool = self._get_pool()
        # Pool.imap would read the whole input ahead; a semaphore keeps only a few chunks in flight.
        slots = threading.BoundedSemaphore(self.workers * IN_FLIGHT_PER_WORKER)

        def throttled() -> Iterator[list[Article]]:
            for chunk in chunks:
                slots.acquire()
                yield chunk

        # Three threads share this process's GIL here: the writer (linking, SQLite), the pool's
        # feeder (reading and parsing the input) and its result handler. At the default 5 ms switch
        # interval the writer, which lets go of the GIL at every SQLite call, waits up to 5 ms to
        # get it back each time; 1 ms makes bulk loads about a quarter faster.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, 0.001))
        try:
            for result in pool.imap(_enrich_chunk, throttled()):
                slots.release()
                yield result
        finally:
            sys.setswitchinterval(interval)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
