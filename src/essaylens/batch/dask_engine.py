"""Run a class set on Dask: a LocalCluster, or an existing cluster by address.

The Dask engine sends the same chunks to the same function as the local
engine (:func:`essaylens.batch.worker.analyse_chunk`) and hands the rows back
in input order, so the outputs are byte-for-byte those of a local run. Every
Dask worker process loads the models once (they are cached per process) and
keeps them for all its chunks. A bounded window of chunks is in flight at a
time, so the scheduler never holds a whole 100k-essay corpus in memory.
"""

from __future__ import annotations

import functools
from collections import deque
from typing import Any, Callable, Iterator

from ..errors import Messages, UsageError
from ..settings import Settings
from .worker import WorkItem, analyse_chunk, init_worker

#: Chunks in flight per worker thread.
WINDOW_PER_WORKER = 3
#: How long to keep trying a scheduler address before giving up.
CONNECT_TIMEOUT = "20s"


def _client(scheduler: str | None, workers: int):
    """A connected Client and, when we started one, its LocalCluster."""
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT), None
        except (OSError, TimeoutError) as err:
            raise UsageError(Messages.E508.format(address=scheduler, detail=err)) from None
    # One single-threaded process per worker: spaCy is not made faster by threads,
    # and processes keep each worker's memory separate and measurable.
    from .worker import single_thread_environment

    single_thread_environment()
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                           dashboard_address=None, scheduler_port=0, silence_logs=40)
    return Client(cluster), cluster


def _lost_chunk(chunk: list[WorkItem], err: BaseException) -> list[dict[str, Any]]:
    return [{"key": k, "essay_id": d.essay_id, "source": d.source, "status": "error",
             "error": Messages.E504.format(essay_id=d.essay_id, kind=type(err).__name__, detail=err),
             "code": 1} for k, d in chunk]


def run_dask(chunks: list[list], settings: Settings | None = None, *, workers: int = 1,
             scheduler: str | None = None, client: Any = None, task: Callable | None = None,
             init: Callable = init_worker, lost: Callable = _lost_chunk) -> Iterator[dict[str, Any]]:
    """Run chunks on Dask; rows come back in input order.

    Args:
        chunks: the work, in input order.
        settings: the run's settings (for the default task).
        workers: LocalCluster worker processes (ignored with ``scheduler``).
        scheduler: the address of a running scheduler (``tcp://host:8786``).
        client: an already-connected Client to use (tests, notebooks).
        task: what runs on one chunk and returns its rows in order; default
            :func:`~essaylens.batch.worker.analyse_chunk` with ``settings``
            (``essaylens segment`` passes its own).
        init: run once on every worker before the first chunk (loads the models).
        lost: the rows for a chunk whose task failed for good, from the chunk
            and the error.

    Returns:
        An iterator of rows. A chunk whose task fails (for example a worker
        killed repeatedly) becomes error rows for its essays.
    """
    if task is None:
        task = functools.partial(analyse_chunk, settings=settings)
    own_cluster = None
    if client is None:
        client, own_cluster = _client(scheduler, workers)
        own_client = True
    else:
        own_client = False
    try:
        if chunks:
            client.run(init)  # every worker loads the models once, before the first chunk
        threads = max(1, sum(client.nthreads().values()))
        window = threads * WINDOW_PER_WORKER
        queue = deque(chunks)
        inflight: deque = deque()
        while queue or inflight:
            while queue and len(inflight) < window:
                chunk = queue.popleft()
                # pure=False: identical chunks (a resubmitted set) are still recomputed, never shared.
                inflight.append((chunk, client.submit(task, chunk, pure=False)))
            chunk, future = inflight.popleft()
            try:
                rows = future.result()
            except Exception as err:  # a task lost for good: record its essays, carry on
                rows = lost(chunk, err)
            finally:
                future.release()
            yield from rows
    finally:
        if own_client:
            client.close()
        if own_cluster is not None:
            own_cluster.close()
