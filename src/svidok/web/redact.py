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
