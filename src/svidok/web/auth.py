"""Who is asking, and may they: sessions (cookie + CSRF token), API bearer tokens, login
throttling, and PolicyGate, the middleware that applies svidok.web.policy to every request."""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match
from starlette.types import ASGIApp, Receive, Scope, Send

from svidok.model import User
from svidok.services import logins, sharing
from svidok.services.case import Case
from svidok.services.users import check_token, record_token_use, session_user, token_use_due
from svidok.web import i18n, policy

SESSION_COOKIE = "svidok_session"
LOGIN_CSRF_COOKIE = "svidok_login_csrf"
REFUSED_HEADER = "X-Svidok-Policy"  # set on every answer PolicyGate gives instead of the route
_STATE_VIEWER = "svidok_viewer"
_STATE_RULE = "svidok_rule"


class LoginRequired(Exception):
    """Raised by page dependencies; the app turns it into a redirect to /login."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


@dataclass(frozen=True)
class Viewer:
    """The signed-in caller of one request: the user, the session's CSRF token ("" for API
    tokens) and, for restricted roles, what was shared with them (None: everything)."""

    user: User
    csrf: str
    scope: sharing.Scope | None = None

    @property
    def only(self) -> frozenset[str] | None:
        """The incident ids this caller may see, or None for all."""
        return None if self.scope is None else self.scope.incidents

    @property
    def can_review(self) -> bool:
        return policy.sees(self.user.role, "review")

    @property
    def is_admin(self) -> bool:
        return policy.sees(self.user.role, "users")

    @property
    def may_share(self) -> bool:
        return policy.sees(self.user.role, "share")

    @property
    def sees_names(self) -> bool:
        """Viewers and external reviewers never see protected person names."""
        return policy.sees(self.user.role, "names")

    @property
    def sees_originals(self) -> bool:
        return policy.sees(self.user.role, "original_bytes")


class Throttle:
    """Login throttling through services.logins: state in the case database, so every server
    process sees it; per account and per client address (see services/logins.py)."""

    def __init__(self, case: Case) -> None:
        self.case = case

    def retry_after(self, name: str, ip: str) -> int:
        """Seconds until another attempt is allowed (0 = allowed now)."""
        with self.case.begin() as conn:
            return logins.wait_seconds(conn, name, ip)

    def failed(self, name: str, ip: str) -> None:
        with self.case.begin() as conn:
            logins.failed(conn, name, ip)

    def succeeded(self, name: str, ip: str) -> None:
        with self.case.begin() as conn:
            logins.succeeded(conn, name, ip)


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def case_of(request: Request) -> Case:
    case: Case = request.app.state.case
    return case


def _rule_checked(request: Request) -> policy.Rule | None:
    """The rule PolicyGate applied, when the route FastAPI chose is the one it checked."""
    rule: policy.Rule | None = getattr(request.state, _STATE_RULE, None)
    route = request.scope.get("route")
    if rule is not None and route is not None and getattr(route, "path", None) != rule.path:
        return None  # the gate and the router disagree on the route: trust neither
    return rule


def page_viewer(request: Request) -> Viewer:
    """Dependency for HTML pages: the caller PolicyGate admitted, or a redirect to the login page."""
    viewer: Viewer | None = getattr(request.state, _STATE_VIEWER, None)
    rule = _rule_checked(request)
    if viewer is None or rule is None or rule.auth != "session":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return viewer


def check_csrf(viewer: Viewer, token: str | None) -> None:
    if not token or not hmac.compare_digest(token, viewer.csrf):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token; reload the page")


def api_caller(request: Request) -> Viewer:
    """Dependency for the JSON API: the owner of the `Authorization: Bearer` token PolicyGate
    admitted, with what is shared with them."""
    viewer: Viewer | None = getattr(request.state, _STATE_VIEWER, None)
    rule = _rule_checked(request)
    if viewer is None or rule is None or rule.auth != "token":
        raise HTTPException(status_code=401, detail="missing bearer token",
                            headers={"WWW-Authenticate": "Bearer"})
    return viewer


def api_user(request: Request) -> User:
    """Dependency for the JSON API: the user behind the bearer token."""
    return api_caller(request).user


def login_redirect(request: Request, next_url: str) -> Response:
    if request.headers.get("hx-request") == "true":
        return Response(status_code=401, headers={"HX-Redirect": "/login"})
    return RedirectResponse(f"/login?next={quote(next_url, safe='')}", status_code=303)


def ui_language(request: Request) -> str:
    """The interface language of this request: the signed-in user's own (English when unset), else
    what the browser asks for (Accept-Language)."""
    viewer: Viewer | None = getattr(request.state, _STATE_VIEWER, None)
    return i18n.choose(viewer.user.language if viewer else None, request.headers.get("accept-language"),
                       viewer is not None)


def error_response(request: Request, status: int, detail: Any,
                   headers: Mapping[str, str] | None = None) -> Response:
    """The app's error answer: JSON under /api (and for the schema), else the error page."""
    if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
        return JSONResponse({"detail": detail}, status, headers=headers)
    language = ui_language(request)
    with i18n.using(language):
        html = request.app.state.templates.get_template("error.html").render(
            status=status, detail=str(detail), ui_lang=language)
    return HTMLResponse(html, status, headers=headers)


def _routes(app: Any) -> list[Any]:
    """Every route of the app, flat (FastAPI keeps included routers as one entry each)."""
    try:
        from fastapi.routing import iter_route_contexts
    except ImportError:  # older FastAPI: included routes are already flat
        return list(app.routes)
    return list(iter_route_contexts(app.routes))


def route_table(app: Any) -> list[tuple[str, str]]:
    """(method, path) of every route the app serves; mounts answer GET."""
    out = []
    for r in _routes(app):
        for method in sorted(getattr(r, "methods", None) or {"GET"}):
            out.append((method, str(r.path)))
    return out


def _matched(app: Any, scope: Scope) -> tuple[str, dict[str, Any]] | None:
    """The path template and parameters of the route the router will run, as Starlette picks it
    (the first full match); None when no route matches fully (the router answers 404 or 405)."""
    for r in _routes(app):
        match, child = r.matches(scope)
        if match == Match.FULL:
            return str(r.path), dict(child.get("path_params", {}))
    return None


_OBJECTS = {"incident_id": ("incidents", "no such incident"),
            "document_id": ("documents", "no such document")}


class PolicyGate:
    """ASGI middleware: finds the route a request will reach, looks its rule up in
    svidok.web.policy, and lets the request through only when the caller passes. Refusals:
    303 to the login page (401 for HTMX) or 401 for the API when nobody signed in, 403 for a
    role the rule does not admit (and for a route the table does not list), 404 for an incident
    or document not shared with a restricted caller (the same answer as for one that does not
    exist, so unshared ids cannot be probed)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        found = _matched(scope["app"], scope)
        if found is not None:
            request = Request(scope)
            rule = policy.rule_for(request.method, found[0])
            answer = await run_in_threadpool(self._decide, request, rule, found[1])
            if isinstance(answer, Response):
                answer.headers[REFUSED_HEADER] = "refused"
                await answer(scope, receive, send)
                return
            state = scope.setdefault("state", {})
            state[_STATE_RULE] = rule
            if answer is not None:
                state[_STATE_VIEWER] = answer
        await self.app(scope, receive, send)

    def _decide(self, request: Request, rule: policy.Rule | None,
                params: dict[str, Any]) -> Response | Viewer | None:
        if rule is None:
            return error_response(request, 403, "this address is in no access rule, so nobody may use it")
        if rule.auth == "public":
            return None
        token = _bearer_token(request) if rule.auth == "token" else None
        with case_of(request).connect() as conn:
            if rule.auth == "session":
                found = session_user(conn, request.cookies.get(SESSION_COOKIE, ""))
                user, csrf = (None, "") if found is None else found
            else:
                user, csrf = (None if token is None else check_token(conn, token)), ""
            due = user is not None and token is not None and token_use_due(conn, token)
            admitted = user is not None and policy.admits(rule, user.role)
            shared = (sharing.scope_of(conn, user.name)
                      if user is not None and admitted and policy.restricted(user.role) else None)
        if due and token is not None:  # last use, written at most every few minutes: reads stay reads
            with case_of(request).begin() as conn:
                record_token_use(conn, token)
        if user is None:
            if rule.auth == "session":
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return login_redirect(request, target)
            return error_response(request, 401, "invalid, expired or revoked token" if token else
                                  "missing bearer token", {"WWW-Authenticate": "Bearer"})
        if not admitted:
            return error_response(request, 403, f"this needs the role {' or '.join(sorted(rule.roles))}")
        if shared is not None:
            for name, value in params.items():
                kind = _OBJECTS.get(name)
                if kind is None:
                    return error_response(request, 403, f"{name}: not open to the {user.role} role")
                if value not in getattr(shared, kind[0]):
                    return error_response(request, 404, f"{value}: {kind[1]}")
        return Viewer(user, csrf, shared)


def _bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)


def safe_next(value: str | None) -> str:
    """Only same-site paths may be redirected to after login."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/incidents"
    return value
