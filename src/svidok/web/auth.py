"""Who is asking: web sessions (cookie + CSRF token), API bearer tokens, login throttling."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from fastapi import HTTPException, Request

from svidok.model import User
from svidok.services import logins
from svidok.services.case import Case
from svidok.services.users import allows, check_token, record_token_use, session_user, token_use_due

SESSION_COOKIE = "svidok_session"
LOGIN_CSRF_COOKIE = "svidok_login_csrf"


class LoginRequired(Exception):
    """Raised by page dependencies; the app turns it into a redirect to /login."""

    def __init__(self, next_url: str) -> None:
        super().__init__(next_url)
        self.next_url = next_url


@dataclass(frozen=True)
class Viewer:
    """The signed-in user of one page request, with the session's CSRF token."""

    user: User
    csrf: str

    @property
    def can_review(self) -> bool:
        return allows(self.user, "analyst")

    @property
    def is_admin(self) -> bool:
        return allows(self.user, "admin")

    @property
    def sees_names(self) -> bool:
        """Viewers never see protected person names."""
        return allows(self.user, "analyst")


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


def current_viewer(request: Request) -> Viewer | None:
    cookie = request.cookies.get(SESSION_COOKIE, "")
    if not cookie:
        return None
    with case_of(request).connect() as conn:
        found = session_user(conn, cookie)
    return None if found is None else Viewer(found[0], found[1])


def page_viewer(request: Request) -> Viewer:
    """Dependency for HTML pages: the signed-in user, or a redirect to the login page."""
    viewer = current_viewer(request)
    if viewer is None:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise LoginRequired(target)
    return viewer


def check_csrf(viewer: Viewer, token: str | None) -> None:
    if not token or not hmac.compare_digest(token, viewer.csrf):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token; reload the page")


def require_role(viewer: Viewer, role: str) -> None:
    if not allows(viewer.user, role):
        raise HTTPException(status_code=403, detail=f"this needs the {role} role")


def api_user(request: Request) -> User:
    """Dependency for the JSON API: the owner of the `Authorization: Bearer` token."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise HTTPException(status_code=401, detail="missing bearer token",
                            headers={"WWW-Authenticate": "Bearer"})
    case = case_of(request)
    with case.connect() as conn:
        user = check_token(conn, token.strip())
        due = user is not None and token_use_due(conn, token.strip())
    if due:  # last use, written at most every few minutes: API reads stay reads
        with case.begin() as conn:
            record_token_use(conn, token.strip())
    if user is None:
        raise HTTPException(status_code=401, detail="invalid, expired or revoked token",
                            headers={"WWW-Authenticate": "Bearer"})
    return user


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)


def safe_next(value: str | None) -> str:
    """Only same-site paths may be redirected to after login."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/incidents"
    return value
