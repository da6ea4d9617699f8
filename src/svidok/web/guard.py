"""Hostile request input stops at the door: a 400 naming the parameter, never a 500 or a dropped
connection further in (a NUL byte ends strings in SQLite's C API and PostgreSQL refuses it)."""

from __future__ import annotations

import unicodedata

from starlette.datastructures import QueryParams
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

MAX_QUERY = 8192  # characters of query string; filters are short


def bad_char(value: str) -> str | None:
    """The first control character or lone surrogate in `value` (tabs and newlines pass)."""
    for c in value:
        if unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n\r":
            return f"U+{ord(c):04X}"
    return None


def problem(scope: Scope) -> str | None:
    """Why this request's path or query cannot be served, or None."""
    path = scope.get("path", "")
    if (c := bad_char(path)) is not None:
        return f"path: control character {c} is not allowed"
    raw = scope.get("query_string", b"")
    if len(raw) > MAX_QUERY:
        return f"query string: at most {MAX_QUERY} characters"
    try:
        params = QueryParams(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return "query string: not UTF-8"
    for key, value in params.multi_items():
        if (c := bad_char(key) or bad_char(value)) is not None:
            return f"{key[:40]!r}: control character {c} is not allowed"
    if path.startswith("/api/"):
        # every API parameter takes one value; a second one would silently win over the first
        twice = next((k for k in params if len(params.getlist(k)) > 1), None)
        if twice is not None:
            return f"{twice[:40]!r}: given more than once"
    return None


class RefuseControlChars:
    """ASGI middleware: requests whose path or query holds control characters get 400."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (why := problem(scope)) is not None:
            resp: Response
            if scope.get("path", "").startswith("/api"):
                resp = JSONResponse({"detail": why}, 400)
            else:
                page = f"<!doctype html><title>Error 400</title><h1>Error 400</h1><p>{_esc(why)}</p>"
                resp = HTMLResponse(page, 400)
            await resp(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
