"""The EssayLens web app: ``create_app()`` builds the FastAPI application.

Pages for teachers (``pages.py``) and a JSON API under ``/api/v1`` (``api.py``)
share one state object: the store, the analysis worker, the upload limits and
the optional access token. The safety rules for minors' essays live here:

* a Host-header allow-list, so a web page elsewhere cannot reach a server on
  127.0.0.1 through DNS rebinding;
* an optional token (``ESSAYLENS_TOKEN``) that every request must carry, as
  ``Authorization: Bearer``, ``X-EssayLens-Token`` or the login cookie;
* a cap on request bodies, and headers that forbid caching, framing, and any
  script, style or request that is not from this server.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..errors import EssayLensError, InputError, KnowledgeError, Messages, UsageError
from .jobs import BusyError, Worker
from .storage import Store
from .uploads import Limits, UploadError

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
SESSION_COOKIE = "essaylens_session"
# Every asset is served by this app; nothing may be fetched from elsewhere.
CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")


@dataclass
class WebState:
    """What every route needs."""

    store: Store
    worker: Worker
    limits: Limits
    token: str | None
    env: Environment
    pack_dirs: tuple[str, ...] = ()
    scheme_dirs: tuple[str, ...] = ()
    css: str = field(default="", repr=False)

    def session_value(self) -> str:
        """The login cookie's value: a keyed hash of the token, never the token itself."""
        assert self.token
        return hmac.new(self.token.encode(), b"essaylens-web-session", hashlib.sha256).hexdigest()

    def authorised(self, request: Request) -> bool:
        """Whether a request carries the token (header or login cookie)."""
        if not self.token:
            return True
        auth = request.headers.get("authorization", "")
        given = auth[7:].strip() if auth.lower().startswith("bearer ") else request.headers.get("x-essaylens-token")
        if given is not None:
            return hmac.compare_digest(given.encode(), self.token.encode())
        cookie = request.cookies.get(SESSION_COOKIE)
        return cookie is not None and hmac.compare_digest(cookie.encode(), self.session_value().encode())


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("essaylens.web", "templates"),
                      autoescape=select_autoescape(["html", "xml", "j2"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["when"] = _when
    # scheme reasons carry {feature} slots filled per essay; on the scheme page they read as "N"
    env.filters["placeholders"] = lambda text: re.sub(r"\{[a-z_]+\}", "N", str(text))
    env.globals["css"] = (Path(__file__).parent / "static" / "style.css").read_text(encoding="utf-8")
    return env


def _when(value: datetime) -> str:
    """A stored time (UTC; naive from SQLite) in this computer's local time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone().strftime("%d %b %Y, %H:%M")


def create_app(db_url: str | None = None, data_dir: str | Path | None = None, token: str | None = None, *,
               workers: int | None = None, limits: Limits | None = None,
               allowed_hosts: list[str] | None = None, pack_dirs: tuple[str, ...] = (),
               scheme_dirs: tuple[str, ...] = ()) -> FastAPI:
    """Build the web app.

    Args:
        db_url: an SQLAlchemy URL (``postgresql://...``); default SQLite in ``data_dir``.
        data_dir: the data folder for the default SQLite file.
        token: access token; default ``$ESSAYLENS_TOKEN``; empty or unset means no token.
        workers: analysis threads (default ``$ESSAYLENS_WEB_WORKERS`` or 1).
        limits: upload caps.
        allowed_hosts: Host header values accepted; default loopback names only; ``["*"]`` for any.
        pack_dirs: extra topic-pack folders.
        scheme_dirs: extra mark-scheme folders.

    Returns:
        The FastAPI application.
    """
    from . import api, pages

    token = token if token is not None else os.environ.get("ESSAYLENS_TOKEN")
    store = Store(db_url, data_dir)
    store.fail_unfinished()
    n = workers or int(os.environ.get("ESSAYLENS_WEB_WORKERS", "1") or 1)
    env = _environment()
    css = env.globals["css"]
    state = WebState(store=store, worker=Worker(store, workers=max(1, n)), limits=limits or Limits(),
                     token=token or None, env=env, pack_dirs=tuple(pack_dirs), scheme_dirs=tuple(scheme_dirs),
                     css=css)

    app = FastAPI(
        title="EssayLens",
        version=__version__,
        description="Offline marking assistant for argumentative history essays. Every request stays on "
                    "this machine. When the server has a token, send it as `Authorization: Bearer TOKEN`.\n\n"
                    "Example: `curl -s -X POST http://127.0.0.1:8000/api/v1/analyze -H 'Content-Type: "
                    "application/json' -d '{\"text\": \"...\"}'`",
        openapi_url="/api/v1/openapi.json", docs_url=None, redoc_url=None, lifespan=_lifespan(state),
    )
    app.state.el = state
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def guard(request: Request, call_next):
        length = request.headers.get("content-length")
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                return JSONResponse({"detail": "bad Content-Length"}, status_code=400)
            if size > state.limits.request_bytes:
                return _secure(JSONResponse({"detail": Messages.E613.format(size=size, limit=state.limits.request_bytes),
                                             "code": "E613"}, status_code=413))
        elif request.method in ("POST", "PUT", "PATCH") and "chunked" in request.headers.get("transfer-encoding", ""):
            return _secure(JSONResponse({"detail": "send a Content-Length header"}, status_code=411))
        path = request.url.path
        if state.token and path not in ("/login", "/favicon.ico") and not state.authorised(request):
            if path.startswith("/api/"):
                return _secure(JSONResponse({"detail": Messages.E609, "code": "E609"}, status_code=401,
                                            headers={"WWW-Authenticate": "Bearer"}))
            nxt = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            from urllib.parse import quote

            return _secure(RedirectResponse(f"/login?next={quote(nxt, safe='/')}", status_code=303))
        return _secure(await call_next(request))

    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts or LOOPBACK_HOSTS))

    @app.exception_handler(EssayLensError)
    async def essaylens_error(request: Request, err: EssayLensError):
        status = error_status(err)
        message = str(err)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": message, "code": message[:4] if message[:1] == "E" else None},
                                status_code=status)
        html = env.get_template("error.html").render(title="Something went wrong", message=message,
                                                     css=state.css, status=status, token=bool(state.token))
        return Response(html, status_code=status, media_type="text/html")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        title = "Not found" if exc.status_code == 404 else "Something went wrong"
        html = env.get_template("error.html").render(title=title, message=str(exc.detail), css=state.css,
                                                     status=exc.status_code, token=bool(state.token))
        return Response(html, status_code=exc.status_code, media_type="text/html")

    return app


def _lifespan(state: WebState):
    @contextlib.asynccontextmanager
    async def lifespan(_app):
        yield
        state.worker.shutdown()
        state.store.dispose()

    return lifespan


def error_status(err: EssayLensError) -> int:
    """The HTTP status for a library error."""
    if isinstance(err, UploadError):
        return err.status
    if isinstance(err, BusyError):
        return 503
    if isinstance(err, (InputError, KnowledgeError, UsageError)):
        return 400 if not str(err).startswith(("E003", "E600", "E613")) else 413
    return 500


def _secure(response: Response) -> Response:
    h = response.headers
    h.setdefault("Content-Security-Policy", CSP)
    h.setdefault("X-Content-Type-Options", "nosniff")
    h.setdefault("X-Frame-Options", "DENY")
    h.setdefault("Referrer-Policy", "no-referrer")
    h.setdefault("Cache-Control", "no-store")
    h.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    h.setdefault("Cross-Origin-Resource-Policy", "same-origin")
    return response
