"""The JSON API under /api/v1: analyse, reports, class sets, packs and schemes.

Every answer that holds an analysis is the Report contract itself
(`report/models.py`); lists hold short summaries with links to the full
Reports. The helpers at the bottom are shared with the HTML pages.
"""

from __future__ import annotations

import json
from datetime import datetime

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from .. import __version__
from ..errors import KnowledgeError, Messages, TooLargeError
from ..ingest import Document
from ..report.models import Report
from ..settings import Settings
from . import knowledge
from .uploads import class_set_from_uploads, essay_from_upload, UploadError
from .views import dashboard_html, report_html

router = APIRouter(prefix="/api/v1", tags=["EssayLens API"])


class AnalyzeRequest(BaseModel):
    """One essay to analyse."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(..., description="The essay's full text, header lines included.")
    pack: str | None = Field(None, description="Topic pack: 'auto' (default), 'none' or a pack name.")
    scheme: str | list[str] | None = Field(None, description="Mark scheme name(s); empty applies the defaults.")
    essay_id: str | None = Field(None, description="An id for the report (default 'essay').")


class ReportSummary(BaseModel):
    id: str
    essay_id: str
    created_at: datetime
    title: str
    author: str
    word_count: int
    holistic: int | None
    mark: str
    pack: str
    batch_id: str | None
    url: str = Field(..., description="The full Report (JSON).")
    page: str = Field(..., description="The report page for a browser.")


class BatchFailure(BaseModel):
    essay_id: str
    source: str
    error: str


class BatchStatus(BaseModel):
    id: str
    name: str
    created_at: datetime
    status: str = Field(..., description="queued, running, done or failed.")
    total: int
    done: int
    failed: int
    current: str = Field(..., description="The essay being analysed now.")
    pack: str
    scheme: str
    errors: list[BatchFailure]
    results: str = Field(..., description="URL of the Reports.")
    dashboard: str = Field(..., description="URL of the class dashboard page.")


class BatchResults(BaseModel):
    batch: BatchStatus
    reports: list[Report]


def state_of(request: Request):
    """The app's WebState."""
    return request.app.state.el


# --- shared helpers ---------------------------------------------------------------------------

def settings_for(state, pack: str | None, scheme) -> Settings:
    """Settings from request values, checking names against the packs and schemes available.

    Raises:
        KnowledgeError: an unknown pack (E021) or scheme (E022).
    """
    pack = (pack or "auto").strip() or "auto"
    schemes = tuple(s.strip() for s in ([scheme] if isinstance(scheme, str) else scheme or ()) if s and s.strip())
    packs = [p["id"] for p in knowledge.list_packs(state.pack_dirs)]
    if pack not in ("auto", "none") and packs and pack not in packs:
        raise KnowledgeError(Messages.E021.format(name=pack, known=", ".join(packs)))
    known = [s["id"] for s in knowledge.list_schemes(state.scheme_dirs)]
    for s in schemes:
        if known and s not in known:
            raise KnowledgeError(Messages.E022.format(name=s, known=", ".join(known)))
    return Settings(pack=pack, scheme=schemes, pack_dirs=state.pack_dirs, scheme_dirs=state.scheme_dirs)


def check_pasted(state, text: str, essay_id: str | None) -> Document:
    """A Document from pasted text, refusing text over the size limit."""
    if not text or not text.strip():
        raise UploadError(Messages.E611)
    if len(text) > state.limits.text_chars:
        raise TooLargeError(Messages.E003.format(source="the pasted essay", size=len(text),
                                                 limit=state.limits.text_chars))
    text = text.replace("\r\n", "\n")
    return Document((essay_id or "essay")[:120], text, "<text>", "txt")


async def analyse_and_store(state, doc: Document, settings: Settings) -> tuple[str, Report]:
    """Analyse one essay on the worker pool and store it; returns (report id, Report)."""
    report = await state.worker.analyze(doc, settings)
    report_id = state.store.add_report(report, pack=settings.pack)
    return report_id, report


async def read_uploads(state, form) -> list[tuple[str, bytes, str | None]]:
    """(name, bytes, content type) of every file in a multipart form, with size caps."""
    out = []
    for key, value in form.multi_items():
        if hasattr(value, "read") and getattr(value, "filename", None):
            data = await value.read(state.limits.request_bytes + 1)
            out.append((value.filename, data, value.content_type))
    return out


async def start_class_set(state, files, name: str, pack: str | None, scheme) -> str:
    """Read a class-set upload and start it in the background; returns the class set id."""
    settings = settings_for(state, pack, scheme)
    docs, failures = class_set_from_uploads(files, state.limits)
    name = (name or "").strip() or (files[0][0] if len(files) == 1 else f"{len(docs)} essays")
    batch_id = state.store.create_batch(name, len(docs), pack=settings.pack, scheme=",".join(settings.scheme))

    def render(reports, errors, title, links):
        return dashboard_html(reports, errors, title, state.env, links)

    state.worker.start_batch(batch_id, docs, failures, settings, name, render)
    return batch_id


def summary(row) -> ReportSummary:
    """A stored report row as a ReportSummary."""
    return ReportSummary(id=row.id, essay_id=row.essay_id, created_at=row.created_at, title=row.title,
                         author=row.author, word_count=row.word_count, holistic=row.holistic, mark=row.mark,
                         pack=row.pack, batch_id=row.batch_id, url=f"/api/v1/reports/{row.id}",
                         page=f"/reports/{row.id}")


def batch_status(state, row) -> BatchStatus:
    """A stored class set as a BatchStatus."""
    return BatchStatus(id=row.id, name=row.name, created_at=row.created_at, status=row.status, total=row.total,
                       done=row.done, failed=row.failed, current=row.current, pack=row.pack, scheme=row.scheme,
                       errors=[BatchFailure(**e.__dict__) for e in state.store.batch_errors(row)],
                       results=f"/api/v1/batches/{row.id}/results", dashboard=f"/classes/{row.id}/dashboard")


def not_found(message: str):
    return HTTPException(status_code=404, detail=message)


_KNOWLEDGE = {
    "pack": (knowledge.pack_detail, knowledge.list_packs, Messages.E021),
    "scheme": (knowledge.scheme_detail, knowledge.list_schemes, Messages.E022),
}


def knowledge_detail(kind: str, name: str, dirs: tuple[str, ...]) -> dict:
    """A topic pack or mark scheme in full, or a 404 that names the known ones.

    Args:
        kind: ``"pack"`` or ``"scheme"``.
        name: its name.
        dirs: extra folders to search.

    Raises:
        HTTPException: 404 when there is none of that name.
        EssayLensError: when it exists but does not validate.
    """
    detail_of, list_of, message = _KNOWLEDGE[kind]
    detail = detail_of(name, dirs)
    if detail is None:
        raise not_found(message.format(name=name, known=", ".join(x["id"] for x in list_of(dirs)) or "none"))
    return detail


# --- routes -------------------------------------------------------------------------------------

@router.get("/health", summary="Is the server up?")
async def health() -> dict:
    """Answers `{"status": "ok"}` with the EssayLens version."""
    return {"status": "ok", "version": __version__}


@router.post("/analyze", response_model=Report, summary="Analyse one essay")
async def analyze(body: AnalyzeRequest, request: Request):
    """Analyse the essay in `text` and return its Report; the report is also kept in the history.

    Example: `curl -s -X POST http://127.0.0.1:8000/api/v1/analyze -H 'Content-Type: application/json'
    -d '{"text": "Was the October Revolution a coup? ..."}'`
    """
    state = state_of(request)
    doc = check_pasted(state, body.text, body.essay_id)
    report_id, report = await analyse_and_store(state, doc, settings_for(state, body.pack, body.scheme))
    return JSONResponse(report.model_dump(mode="json"), headers={"X-EssayLens-Report-Id": report_id,
                                                                  "Location": f"/api/v1/reports/{report_id}"})


@router.post("/analyze/file", response_model=Report, summary="Analyse one uploaded essay file")
async def analyze_file(request: Request):
    """Multipart form: `file` (.txt .md .docx .pdf), optional `pack` and `scheme`.

    Example: `curl -s -F file=@essay.docx http://127.0.0.1:8000/api/v1/analyze/file`
    """
    state = state_of(request)
    form = await request.form(max_files=2, max_fields=20, max_part_size=2 * 1024 * 1024)
    files = await read_uploads(state, form)
    if not files:
        raise UploadError(Messages.E611)
    doc = essay_from_upload(*files[0], state.limits)
    report_id, report = await analyse_and_store(state, doc, settings_for(state, form.get("pack"),
                                                                        form.getlist("scheme")))
    return JSONResponse(report.model_dump(mode="json"), headers={"X-EssayLens-Report-Id": report_id,
                                                                  "Location": f"/api/v1/reports/{report_id}"})


@router.get("/reports", response_model=list[ReportSummary], summary="List stored reports, newest first")
async def list_reports(request: Request, limit: int = 50, offset: int = 0, batch: str | None = None):
    """Summaries of stored reports; `batch` limits them to one class set (in input order)."""
    rows = state_of(request).store.list_reports(limit=max(1, min(limit, 500)), offset=max(0, offset), batch_id=batch)
    return [summary(r) for r in rows]


@router.get("/reports/{report_id}", response_model=Report, summary="One stored Report")
async def get_report(report_id: str, request: Request):
    """The full Report, as `POST /analyze` returned it."""
    row = state_of(request).store.get_report_row(report_id)
    if row is None:
        raise not_found(Messages.E607.format(id=report_id))
    return JSONResponse(content=json.loads(row.report_json))


@router.get("/reports/{report_id}/html", response_class=HTMLResponse, summary="One stored report as HTML")
async def get_report_html(report_id: str, request: Request):
    """The self-contained HTML report page."""
    state = state_of(request)
    report = state.store.get_report(report_id)
    if report is None:
        raise not_found(Messages.E607.format(id=report_id))
    return HTMLResponse(report_html(report, state.env))


@router.post("/batches", response_model=BatchStatus, status_code=202, summary="Upload a class set")
async def create_batch(request: Request):
    """Multipart form: `files` (one zip, one CSV/JSONL, or many essay files), optional `name`, `pack`,
    `scheme`. The class set runs in the background; poll its status.

    Example: `curl -s -F files=@class.zip http://127.0.0.1:8000/api/v1/batches`
    """
    state = state_of(request)
    form = await request.form(max_files=state.limits.files + 5, max_fields=50, max_part_size=2 * 1024 * 1024)
    files = await read_uploads(state, form)
    if not files:
        raise UploadError(Messages.E611)
    batch_id = await start_class_set(state, files, form.get("name") or "", form.get("pack"), form.getlist("scheme"))
    return batch_status(state, state.store.get_batch(batch_id))


@router.get("/batches", response_model=list[BatchStatus], summary="List class sets, newest first")
async def list_batches(request: Request, limit: int = 50):
    state = state_of(request)
    return [batch_status(state, r) for r in state.store.list_batches(limit=max(1, min(limit, 500)))]


@router.get("/batches/{batch_id}", response_model=BatchStatus, summary="A class set's progress")
async def get_batch(batch_id: str, request: Request):
    """Status, counts, the essay being analysed now and any failures."""
    state = state_of(request)
    row = state.store.get_batch(batch_id)
    if row is None:
        raise not_found(Messages.E608.format(id=batch_id))
    return batch_status(state, row)


@router.get("/batches/{batch_id}/results", response_model=BatchResults, summary="A class set's Reports")
async def get_batch_results(batch_id: str, request: Request):
    """Every finished Report of the class set, in input order."""
    state = state_of(request)
    row = state.store.get_batch(batch_id)
    if row is None:
        raise not_found(Messages.E608.format(id=batch_id))
    return BatchResults(batch=batch_status(state, row), reports=state.store.batch_reports(batch_id))


@router.get("/packs", summary="Topic packs available")
async def list_packs(request: Request) -> list[dict]:
    """Id, title, period, questions and item counts of each pack."""
    return knowledge.list_packs(state_of(request).pack_dirs)


@router.get("/packs/{name}", summary="One topic pack, in full")
async def get_pack(name: str, request: Request) -> dict:
    return knowledge_detail("pack", name, state_of(request).pack_dirs)


@router.get("/schemes", summary="Mark schemes available")
async def list_schemes(request: Request) -> list[dict]:
    return knowledge.list_schemes(state_of(request).scheme_dirs)


@router.get("/schemes/{name}", summary="One mark scheme, in full")
async def get_scheme(name: str, request: Request) -> dict:
    return knowledge_detail("scheme", name, state_of(request).scheme_dirs)
