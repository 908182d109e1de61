"""The HTML pages a teacher uses: analyse an essay, mark a class set, history, packs.

Each page has one primary action. Every value shown comes through Jinja2 with
autoescaping, so an essay can never inject markup into a page. Forms post to
this server only; the class-set page polls the JSON API for its progress.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from ..errors import EssayLensError, Messages
from . import knowledge
from .api import (analyse_and_store, batch_status, check_pasted, knowledge_detail, not_found, read_uploads,
                  settings_for, start_class_set)
from .app import SESSION_COOKIE, error_status
from .uploads import CLASS_SUFFIXES, ESSAY_SUFFIXES, UploadError, essay_from_upload
from .views import class_summary, report_html, with_nav

router = APIRouter(include_in_schema=False)
PAGE_SIZE = 50


def _page(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    state = request.app.state.el
    html = state.env.get_template(template).render(css=state.css, token=bool(state.token), **context)
    return HTMLResponse(html, status_code=status)


def _nav(request: Request, active: str, extra: list[tuple[str, str]] = ()) -> Markup:
    state = request.app.state.el
    return Markup(state.env.get_template("navbar.html").render(active=active, extra=list(extra),
                                                              token=bool(state.token)))


def _choices(request: Request) -> dict:
    state = request.app.state.el
    return {"packs": knowledge.list_packs(state.pack_dirs), "schemes": knowledge.list_schemes(state.scheme_dirs)}


# --- analyse one essay ------------------------------------------------------------------------

@router.get("/", response_class=HTMLResponse)
async def analyse_page(request: Request):
    return _page(request, "analyse.html", active="analyse", form={}, error=None,
                 accept=",".join(ESSAY_SUFFIXES), **_choices(request))


@router.post("/analyse")
async def analyse_submit(request: Request):
    state = request.app.state.el
    form = await request.form(max_files=2, max_fields=20, max_part_size=2 * 1024 * 1024)
    values = {k: form.get(k) or "" for k in ("text", "pack", "scheme")}
    try:
        files = await read_uploads(state, form)
        settings = settings_for(state, values["pack"], values["scheme"])
        if files:
            doc = essay_from_upload(*files[0], state.limits)
        else:
            doc = check_pasted(state, values["text"], None)
        report_id, _ = await analyse_and_store(state, doc, settings)
    except EssayLensError as err:
        return _page(request, "analyse.html", status=error_status(err), active="analyse", form=values,
                     error=str(err), accept=",".join(ESSAY_SUFFIXES), **_choices(request))
    return RedirectResponse(f"/reports/{report_id}", status_code=303)


@router.get("/reports/{report_id}", response_class=HTMLResponse)
async def report_page(report_id: str, request: Request):
    state = request.app.state.el
    row = state.store.get_report_row(report_id)
    if row is None:
        raise not_found(Messages.E607.format(id=report_id))
    report = state.store.get_report(report_id)
    extra = [(f"/reports/{report_id}/report.html", "Download this report (HTML)"),
             (f"/api/v1/reports/{report_id}", "Report data (JSON)")]
    if row.batch_id:
        extra.insert(0, (f"/classes/{row.batch_id}", "Back to the class set"))
    return HTMLResponse(with_nav(report_html(report, state.env), _nav(request, "report", extra)))


@router.get("/reports/{report_id}/report.html")
async def report_download(report_id: str, request: Request):
    state = request.app.state.el
    report = state.store.get_report(report_id)
    if report is None:
        raise not_found(Messages.E607.format(id=report_id))
    name = quote(f"{report.essay_id}.html")
    return HTMLResponse(report_html(report, state.env),
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


# --- history ----------------------------------------------------------------------------------

@router.get("/history", response_class=HTMLResponse)
async def history_page(request: Request, page: int = 1):
    store = request.app.state.el.store
    page = max(1, page)
    rows = store.list_reports(limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE, single_only=True)
    total = store.count_reports(single_only=True)
    return _page(request, "history.html", active="history", rows=rows, page=page,
                 pages=max(1, -(-total // PAGE_SIZE)), total=total, batches=store.list_batches(limit=20))


# --- class sets -------------------------------------------------------------------------------

@router.get("/classes", response_class=HTMLResponse)
async def classes_page(request: Request):
    state = request.app.state.el
    return _page(request, "classes.html", active="classes", error=None, form={},
                 accept=",".join(CLASS_SUFFIXES), limit=state.limits.files,
                 batches=state.store.list_batches(limit=20), **_choices(request))


@router.post("/classes")
async def classes_submit(request: Request):
    state = request.app.state.el
    form = await request.form(max_files=state.limits.files + 5, max_fields=50, max_part_size=2 * 1024 * 1024)
    values = {k: form.get(k) or "" for k in ("name", "pack", "scheme")}
    try:
        files = await read_uploads(state, form)
        if not files:
            raise UploadError(Messages.E611)
        batch_id = await start_class_set(state, files, values["name"], values["pack"], values["scheme"])
    except EssayLensError as err:
        return _page(request, "classes.html", status=error_status(err), active="classes", error=str(err),
                     form=values, accept=",".join(CLASS_SUFFIXES), limit=state.limits.files,
                     batches=state.store.list_batches(limit=20), **_choices(request))
    return RedirectResponse(f"/classes/{batch_id}", status_code=303)


@router.get("/classes/{batch_id}", response_class=HTMLResponse)
async def class_page(batch_id: str, request: Request):
    state = request.app.state.el
    row = state.store.get_batch(batch_id)
    if row is None:
        raise not_found(Messages.E608.format(id=batch_id))
    rows = state.store.list_reports(batch_id=batch_id, limit=100_000)
    return _page(request, "class.html", active="classes", batch=batch_status(state, row), rows=rows)


@router.get("/classes/{batch_id}/dashboard", response_class=HTMLResponse)
async def class_dashboard(batch_id: str, request: Request):
    state = request.app.state.el
    row = state.store.get_batch(batch_id)
    if row is None:
        raise not_found(Messages.E608.format(id=batch_id))
    extra = [(f"/classes/{batch_id}", "Essays in this class set"), (f"/classes/{batch_id}/grades.csv",
                                                                     "Download grades (CSV)")]
    html = row.dashboard_html
    if not html:  # still running, or the renderer failed: draw what is there now
        from .views import dashboard_html

        rows = state.store.list_reports(batch_id=batch_id, limit=100_000)
        links = {r.essay_id: f"/reports/{r.id}" for r in rows}
        html = dashboard_html(state.store.batch_reports(batch_id), state.store.batch_errors(row), row.name,
                              state.env, links)
    return HTMLResponse(with_nav(html, _nav(request, "classes", extra)))


@router.get("/classes/{batch_id}/grades.csv")
async def class_grades(batch_id: str, request: Request):
    state = request.app.state.el
    row = state.store.get_batch(batch_id)
    if row is None:
        raise not_found(Messages.E608.format(id=batch_id))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["essay_id", "words", "mark", "holistic", "side", "fact_flags", "comments"])
    for r in class_summary(state.store.batch_reports(batch_id))["rows"]:
        writer.writerow([r["essay_id"], r["words"], r["mark"], r["holistic"] or "", r["side"], r["flags"],
                         r["comments"]])
    name = quote(f"{row.name}-grades.csv")
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})


# --- packs and schemes ------------------------------------------------------------------------

@router.get("/packs", response_class=HTMLResponse)
async def packs_page(request: Request):
    return _page(request, "packs.html", active="packs", **_choices(request))


@router.get("/packs/{name}", response_class=HTMLResponse)
async def pack_page(name: str, request: Request):
    state = request.app.state.el
    try:
        detail = knowledge_detail("pack", name, state.pack_dirs)
    except EssayLensError as err:
        return _page(request, "error.html", status=400, title=f"The pack {name!r} has a problem", message=str(err))
    sources = {s.get("id"): s for s in detail.get("sources", [])}
    return _page(request, "pack.html", active="packs", pack=detail, sources=sources)


@router.get("/schemes/{name}", response_class=HTMLResponse)
async def scheme_page(name: str, request: Request):
    state = request.app.state.el
    try:
        detail = knowledge_detail("scheme", name, state.scheme_dirs)
    except EssayLensError as err:
        return _page(request, "error.html", status=400, title=f"The scheme {name!r} has a problem", message=str(err))
    return _page(request, "scheme.html", active="packs", scheme=detail)


# --- API docs, login --------------------------------------------------------------------------

@router.get("/api/docs", response_class=HTMLResponse)
async def api_docs(request: Request):
    spec = request.app.openapi()
    ops = []
    for path, methods in sorted(spec.get("paths", {}).items()):
        for method, op in methods.items():
            ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                        "description": op.get("description", "").replace("`", ""),
                        "params": [p["name"] for p in op.get("parameters", [])],
                        "body": _body_kind(op)})
    return _page(request, "api_docs.html", active="api", ops=ops)


def _body_kind(op: dict) -> str:
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        ref = content["application/json"].get("schema", {}).get("$ref", "")
        return "JSON " + ref.rsplit("/", 1)[-1]
    return ""


def _safe_next(nxt: str | None) -> str:
    return nxt if nxt and nxt.startswith("/") and not nxt.startswith("//") and "\\" not in nxt else "/"


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, next: str = "/"):
    return _page(request, "login.html", active="", next=_safe_next(next), error=None)


@router.post("/login")
async def login_submit(request: Request):
    state = request.app.state.el
    form = await request.form(max_files=0, max_fields=5)
    nxt = _safe_next(form.get("next"))
    given = (form.get("token") or "").strip()
    import hmac

    if not state.token or not hmac.compare_digest(given.encode(), state.token.encode()):
        return _page(request, "login.html", status=401, active="", next=nxt,
                     error=Messages.E614 if state.token else None)
    response = RedirectResponse(nxt, status_code=303)
    response.set_cookie(SESSION_COOKIE, state.session_value(), httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")
    return response


@router.post("/logout")
async def logout(request: Request):
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
