"""Mark a class set: read it, analyse what is not yet stored, write the outputs.

``mark`` is the one library call behind ``essaylens mark`` and the web app's
class-set upload. Work goes out in small chunks to worker processes (or to a
Dask cluster) and comes back in input order; the parent alone writes the
results store, one essay per transaction, so an interrupted run resumes where
it stopped. A worker that dies (a segfault, the OOM killer) takes down only
the essays it held: they are retried one at a time, and an essay that kills a
worker twice is recorded as failed.
"""

from __future__ import annotations

import functools
import multiprocessing
import time
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from ..errors import InputError, Messages, UsageError
from ..ingest import Document, InputFailure
from ..report.models import BatchError
from ..settings import Settings
from .inputs import iter_inputs
from .outputs import prerender_page, write_outputs
from .similarity import SimilarPair
from .store import ResultStore, document_key
from .worker import WorkItem, analyse_chunk, init_worker, peak_rss_mb, single_thread_environment

Progress = Callable[[int, int, "str | None"], None]
ENGINES = ("local", "dask")
#: Essays per unit of work: small enough for a smooth progress bar and little
#: lost work on a kill, large enough that inter-process traffic stays negligible.
CHUNK_SIZE = 4


class Outcome:
    """The exit status of a batch run (``mark`` or ``segment``) over its ``failures``."""

    failures: list

    @property
    def failed(self) -> int:
        return len(self.failures)

    @property
    def exit_code(self) -> int:
        """0 when every essay went through, 4 when some failed."""
        return 4 if self.failures else 0


@dataclass
class BatchResult(Outcome):
    """What a class-set run did.

    Attributes:
        out_dir: the output folder.
        total: essays in the input (read failures included).
        succeeded: essays with a report.
        failures: per-essay failures, in input order.
        reused: essays whose results were already in the store (a resumed run).
        analysed: essays analysed by this run.
        similar_pairs: near-duplicate pairs.
        files: output name -> path.
        seconds: wall time of the analysis phase.
        worker_peak_rss_mb: worker pid -> peak resident memory (MiB).
    """

    out_dir: Path
    total: int
    succeeded: int
    failures: list[BatchError]
    reused: int
    analysed: int
    similar_pairs: list[SimilarPair]
    files: dict[str, Path]
    seconds: float
    worker_peak_rss_mb: dict[int, float] = field(default_factory=dict)



def chunked(items: Sequence[WorkItem], size: int) -> list[list[WorkItem]]:
    """Split work into chunks of at most ``size`` items, keeping order."""
    return [list(items[i:i + size]) for i in range(0, len(items), size)]


def mark(input_path: str | Path, out_dir: str | Path, settings: Settings = Settings(), workers: int = 1,
         engine: str = "local", scheduler: str | None = None, progress: Progress | None = None,
         *, chunk_size: int = CHUNK_SIZE, title: str | None = None, html: bool = True) -> BatchResult:
    """Mark a class set and write its outputs.

    Args:
        input_path: a folder of essay files, a zip, a CSV or a JSONL of rows.
        out_dir: the output folder (created; it holds the resumable store).
        settings: pack, scheme and view choices, shared by every essay.
        workers: worker processes (local engine; with Dask and no scheduler,
            the LocalCluster's workers).
        engine: ``"local"`` or ``"dask"``.
        scheduler: a Dask scheduler address; None starts a LocalCluster.
        progress: called as ``progress(done, total, essay_id)`` after each essay
            (and once at the start with ``essay_id=None``).
        chunk_size: essays per unit of work.
        title: the dashboard heading (default: the input's name).
        html: write a page per essay (rendered as each result arrives).

    Returns:
        The :class:`BatchResult`; ``exit_code`` is 4 when some essays failed.

    Raises:
        UsageError: on a bad engine or worker count.
        InputError: when the input cannot be opened or holds no essays.
    """
    if engine not in ENGINES:
        raise UsageError(Messages.E507.format(engine=engine))
    if workers < 1:
        raise UsageError(Messages.E509.format(workers=workers))
    input_path, out = Path(input_path), Path(out_dir)
    items = list(iter_inputs(input_path))
    if not items:
        raise InputError(Messages.E510.format(source=input_path))
    skey = settings.key()
    keys = [document_key(d.essay_id, d.source, d.fmt, d.text, skey) if isinstance(d, Document) else None
            for d in items]
    out.mkdir(parents=True, exist_ok=True)
    worker_rss: dict[int, float] = {}
    with ResultStore(out) as store:
        done = store.done_keys()
        todo = [(k, d) for k, d in zip(keys, items) if isinstance(d, Document) and k not in done]
        finished = len(items) - len(todo)
        reused = sum(1 for k in keys if k in done)
        if progress:
            progress(finished, len(items), None)
        t0 = time.perf_counter()
        chunks = chunked(todo, chunk_size)
        if engine == "dask":
            from .dask_engine import run_dask

            rows = run_dask(chunks, settings, workers=workers, scheduler=scheduler)
        else:
            rows = run_local(chunks, settings, workers=workers)
        for row in rows:
            store.put(ResultStore.from_row(row))
            if html and row["status"] == "ok":
                prerender_page(out, row["key"], row["report"])
            if row.get("worker"):
                worker_rss[row["worker"]["pid"]] = max(worker_rss.get(row["worker"]["pid"], 0.0),
                                                       row["worker"]["peak_rss_mb"])
            finished += 1
            if progress:
                progress(finished, len(items), row["essay_id"])
        seconds = time.perf_counter() - t0
        output = write_outputs(out, items, keys, store, title=title or input_path.name, html=html)
    return BatchResult(out, len(items), output.succeeded, output.failures, reused, len(todo),
                       output.similar_pairs, output.files, seconds, worker_rss)


def run_local(chunks: list[list[WorkItem]], settings: Settings, *, workers: int = 1) -> Iterator[dict[str, Any]]:
    """Analyse chunks here (one worker) or in a process pool; rows come back in input order.

    Args:
        chunks: the work, in input order.
        settings: the run's settings.
        workers: processes; 1 analyses in this process.

    Returns:
        An iterator of store rows, in input order.
    """
    if workers == 1:
        for chunk in chunks:
            yield from analyse_chunk(chunk, settings)
        return
    yield from run_pool(chunks, workers, task=functools.partial(analyse_chunk, settings=settings))


def _crash_rows(chunk: list[WorkItem]) -> list[dict[str, Any]]:
    return [{"key": k, "essay_id": d.essay_id, "source": d.source, "status": "error",
             "error": Messages.E505.format(essay_id=d.essay_id), "code": 1} for k, d in chunk]


def _start_worker(init: Callable) -> None:
    """A new pool process: no PyTorch (:func:`essaylens.resources.keep_torch_out`), then ``init``."""
    from ..resources import keep_torch_out

    keep_torch_out()
    init()


def run_pool(chunks: list[list], workers: int, *, task: Callable, init: Callable = init_worker,
             crash: Callable = _crash_rows) -> Iterator[dict[str, Any]]:
    """Chunks through a pool of ``workers`` processes; one row per item, in input order.

    ``task(chunk)`` (a module-level function, or a partial of one) returns
    one row per item of its chunk; ``init`` runs in each new worker. When a
    worker dies, the chunks in flight are rerun one item at a time, and an
    item that kills a worker alone gets ``crash([item])``'s rows; every
    other item is still done.
    """
    queue = deque(chunks)
    window = workers * 2
    isolate = 0  # chunks at the head of the queue to run alone: suspects of a crash
    context = multiprocessing.get_context("spawn")
    single_thread_environment()  # the workers inherit it when they start
    while queue:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                                   initargs=(init,))
        inflight: deque = deque()
        try:
            while queue or inflight:
                limit = 1 if isolate else window
                while queue and len(inflight) < limit:
                    chunk = queue.popleft()
                    inflight.append((chunk, pool.submit(task, chunk)))
                chunk, future = inflight[0]
                rows = future.result()
                inflight.popleft()
                isolate = max(0, isolate - 1)
                yield from rows
        except BrokenProcessPool:
            lost = [chunk for chunk, _ in inflight]
            if isolate and len(lost) == 1 and len(lost[0]) == 1:
                yield from crash(lost[0])  # it crashed alone: it is the culprit
                isolate -= 1
            else:
                singles = [[item] for chunk in lost for item in chunk]
                queue.extendleft(reversed(singles))
                isolate = len(singles)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


__all__ = ["BatchResult", "ENGINES", "chunked", "mark", "run_local", "peak_rss_mb"]
