"""Running analyses off the event loop: one worker pool for essays, one thread for class sets.

Analysis is CPU-bound and the pipeline's models are shared per process, so a
small, fixed pool of threads runs every analysis (single essays and class-set
essays alike) while the asyncio loop keeps answering requests. A cap on
waiting work turns overload into a clear 503 instead of an ever-growing queue.
Class sets run one at a time in their own thread and feed their essays to the
same pool one by one, so a teacher's single essay never waits for a whole class.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from ..errors import EssayLensError, Messages
from ..ingest import Document, InputFailure
from ..report.models import Report
from ..settings import Settings
from .storage import BatchError, Store

log = logging.getLogger(__name__)


class BusyError(EssayLensError):
    """Too many analyses are waiting (HTTP 503)."""


def _analyze(doc: Document, settings: Settings) -> Report:
    from ..api import analyze_document

    return analyze_document(doc, settings)


class Worker:
    """The analysis pool and the class-set thread.

    Args:
        store: where class-set results go.
        workers: analysis threads.
        max_pending: analyses allowed to wait before new ones are refused.
    """

    def __init__(self, store: Store, workers: int = 1, max_pending: int = 500):
        self.store = store
        self.workers = workers
        self.max_pending = max_pending
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="essaylens-analyse")
        self._batches = ThreadPoolExecutor(max_workers=1, thread_name_prefix="essaylens-classset")
        self._pending = 0
        self._lock = threading.Lock()

    def _reserve(self) -> None:
        with self._lock:
            if self._pending >= self.max_pending:
                raise BusyError(Messages.E610.format(pending=self._pending))
            self._pending += 1

    def _release(self, _future=None) -> None:
        with self._lock:
            self._pending -= 1

    def submit(self, doc: Document, settings: Settings):
        """Queue one analysis; returns a concurrent.futures.Future of its Report."""
        self._reserve()
        try:
            future = self._pool.submit(_analyze, doc, settings)
        except BaseException:
            self._release()
            raise
        future.add_done_callback(self._release)
        return future

    async def analyze(self, doc: Document, settings: Settings) -> Report:
        """Analyse one essay on the pool without blocking the event loop.

        Raises:
            BusyError: when too many analyses are waiting.
            EssayLensError: whatever the analysis raises.
        """
        return await asyncio.wrap_future(self.submit(doc, settings))

    def start_batch(self, batch_id: str, docs: list[Document], failures: list[InputFailure],
                    settings: Settings, name: str, render_dashboard) -> None:
        """Run a class set in the background; progress goes to the store.

        Args:
            batch_id: the stored class set's id.
            docs: its readable essays, in input order.
            failures: files that could not be read (recorded as they are).
            settings: pack and scheme choices.
            name: the class set's name (for the dashboard).
            render_dashboard: ``f(reports, errors, name, links) -> html``; links maps essay id to report page.
        """
        self._batches.submit(self._run_batch, batch_id, docs, failures, settings, name, render_dashboard)

    def _run_batch(self, batch_id, docs, failures, settings, name, render_dashboard) -> None:
        errors = [BatchError(f.essay_id, f.source, str(f.error)) for f in failures]
        store = self.store
        try:
            store.update_batch(batch_id, status="running", failed=len(errors), errors=errors)
            reports: list[Report] = []
            links: dict[str, str] = {}
            for position, doc in enumerate(docs):
                store.update_batch(batch_id, current=doc.essay_id[:200])
                try:
                    report = self._pool.submit(_analyze, doc, settings).result()
                except EssayLensError as err:
                    errors.append(BatchError(doc.essay_id, doc.source, str(err)))
                    store.update_batch(batch_id, failed=len(errors), errors=errors)
                    continue
                except Exception as err:  # one broken essay never sinks the class
                    log.exception("class set %s: essay %s failed", batch_id, doc.essay_id)
                    errors.append(BatchError(doc.essay_id, doc.source, f"internal error: {err}"))
                    store.update_batch(batch_id, failed=len(errors), errors=errors)
                    continue
                report_id = store.add_report(report, batch_id=batch_id, position=position, pack=settings.pack)
                links[report.essay_id] = f"/reports/{report_id}"
                reports.append(report)
                store.update_batch(batch_id, done=len(reports))
            try:
                html = render_dashboard(reports, errors, name, links)
            except Exception as err:
                log.exception("class set %s: dashboard failed", batch_id)
                html = None
                errors.append(BatchError("dashboard", "", f"the class dashboard could not be drawn: {err}"))
            store.update_batch(batch_id, status="done", current="", dashboard_html=html, errors=errors)
        except Exception:
            log.exception("class set %s failed", batch_id)
            store.update_batch(batch_id, status="failed", current="the class set stopped on an internal error")

    def shutdown(self) -> None:
        """Stop the threads (waiting work is dropped)."""
        self._batches.shutdown(wait=False, cancel_futures=True)
        self._pool.shutdown(wait=False, cancel_futures=True)
