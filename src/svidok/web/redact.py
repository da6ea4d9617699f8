"""The redactor of one request: names on the case's protected-persons register withheld from
users who do not see them (services/protection.py); built once per request."""

from __future__ import annotations

from fastapi import Request

from svidok.services import protection
from svidok.services.protection import Redactor
from svidok.web.auth import case_of


def request_redactor(request: Request, sees_names: bool) -> Redactor:
    """The redactor for this request (one that changes nothing for users who see names)."""
    found: Redactor | None = getattr(request.state, "redactor", None)
    if found is None:
        if sees_names:
            found = protection.OFF
        else:
            with case_of(request).connect() as conn:
                found = protection.redactor(conn)
        request.state.redactor = found
    return found


def error_detail(request: Request, detail: object) -> object:
    """An error's detail with protected names withheld, except where it repeats what the
    request itself said (a path or a query value): hiding the asker's own words would tell
    them the word is a protected name."""
    if not isinstance(detail, str):
        return request_redactor(request, False).value(detail)
    red = request_redactor(request, False)
    own = [v for v in [*request.url.path.split("/"), *request.query_params.values()] if v]
    echoes = [(m, m + len(v)) for v in own for m in _find_all(detail, v)]
    keep = [(s, e) for s, e in red.spans(detail) if not any(a <= s and e <= b for a, b in echoes)]
    out, pos = [], 0
    for s, e in keep:
        out += [detail[pos:s], protection.WITHHELD]
        pos = e
    return "".join([*out, detail[pos:]])


def _find_all(text: str, word: str) -> list[int]:
    found, i = [], text.find(word)
    while i >= 0:
        found.append(i)
        i = text.find(word, i + 1)
    return found
