"""Custody log use cases: append a signed event, list events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import Connection

from svidok.db import custody as custody_db
from svidok.model import CustodyEvent
from svidok.services.case import Case, case_of

ACTIONS = ("init", "add", "duplicate_seen", "near_duplicate", "read", "extract", "link", "review",
           "protect_add", "protect_remove", "export", "user_add", "user_disable", "token_issue",
           "token_revoke", "login", "share", "unshare", "original_downloaded", "user_password",
           "login_unthrottle", "repair", "package")


def append_event(conn: Connection, action: str, object_hash: str | None = None,
                 details: dict[str, Any] | None = None, *, actor: str | None = None) -> CustodyEvent:
    """Append one signed event in `conn`'s transaction. `conn` must come from Case.begin()."""
    case = case_of(conn)
    return custody_db.append_event(conn, case.key, actor or case.actor, action, object_hash, details)


def append_events(conn: Connection, events: Sequence[tuple[str, str | None, dict[str, Any]]], *,
                  actor: str | None = None) -> list[CustodyEvent]:
    """Append (action, object_hash, details) events in order, in `conn`'s transaction."""
    case = case_of(conn)
    return custody_db.append_events(conn, case.key, actor or case.actor, events)


def list_events(case: Case, limit: int | None = None, action: str | None = None,
                newest_first: bool = False, offset: int = 0) -> list[CustodyEvent]:
    with case.connect() as conn:
        return custody_db.load_events(conn, limit=limit, action=action, newest_first=newest_first,
                                      offset=offset)


def count_events(case: Case) -> int:
    """How many events the custody log holds (its head's sequence number)."""
    with case.connect() as conn:
        return custody_db.head(conn)[0]
