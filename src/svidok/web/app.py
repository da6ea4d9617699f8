"""The analysts' web app: `create_app(case_dir)` returns a FastAPI app serving one case."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from svidok.services.case import Case, open_case
from svidok.web import api, bundles, i18n, pages, review_pages, settings
from svidok.web.auth import LoginRequired, PolicyGate, Throttle, error_response, login_redirect
from svidok.web.guard import RefuseControlChars
from svidok.web.redact import error_detail

HERE = Path(__file__).resolve().parent
# No inline scripts anywhere: report text that slipped through as markup still could not run.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        resp = await call_next(request)
        resp.headers.setdefault("Content-Security-Policy", CSP)
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("Referrer-Policy", "no-referrer")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        if request.url.path.startswith(("/incidents", "/documents", "/users", "/api")):
            resp.headers.setdefault("Cache-Control", "no-store")
        return resp


def _templates() -> Jinja2Templates:
    # Autoescape on for every template, whatever its extension.
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    i18n.install(env)  # {% trans %} and _() in the language of the request (web/i18n.py)
    return Jinja2Templates(env=env)


API_INFO = {"title": "Svidok", "version": "1",
            "description": "Incidents, evidence and reviews of one Svidok case. "
                           "Authenticate with `Authorization: Bearer TOKEN` (svidok user token NAME)."}


def openapi_document() -> dict[str, Any]:
    """The OpenAPI schema the app serves at /openapi.json, without opening a case (the pages are
    left out of it; only the JSON API is described)."""
    bare = FastAPI(docs_url=None, redoc_url=None, **API_INFO)
    bare.include_router(api.router)
    return bare.openapi()


def invalid_input(errors: Sequence[Any]) -> str:
    """FastAPI's validation errors on one line: "where: why; ..." (the first three)."""
    parts = []
    for e in list(errors)[:3]:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path")]
        msg = str(e.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{'.'.join(loc) or 'request'}: {' '.join(msg.split())}")
    more = len(errors) - len(parts)
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def create_app(case_dir: Path | str, *, case: Case | None = None, actor: str = "web") -> FastAPI:
    """The web app for the case at `case_dir` (or an already open `case`)."""
    opened = case if case is not None else open_case(case_dir, actor=actor)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        if case is None:
            opened.close()

    app = FastAPI(lifespan=lifespan, docs_url=None, redoc_url=None, **API_INFO)
    app.state.case = opened
    app.state.templates = _templates()
    app.state.throttle = Throttle(opened)
    app.state.basemap = files("svidok.data").joinpath("basemap/ukraine-oblasts.geojson").read_bytes()
    app.add_middleware(PolicyGate)  # inside SecurityHeaders, so refusals carry the headers too
    app.add_middleware(RefuseControlChars)  # hostile paths and queries never reach a route
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(bundles.router)
    app.include_router(review_pages.router)
    app.include_router(settings.router)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, exc: LoginRequired) -> Response:
        return login_redirect(request, exc.next_url)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        return error_response(request, 422, error_detail(request, invalid_input(exc.errors())))

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> Response:
        # an error may quote stored text: protected names are withheld from everyone there
        return error_response(request, exc.status_code, error_detail(request, exc.detail), exc.headers)

    return app
