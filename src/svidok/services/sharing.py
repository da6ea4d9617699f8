"""Sharing incidents with reviewers of other teams (role reviewer-external).

An external reviewer sees only the incidents an admin shares with them, and of the documents only
those that those incidents cite. Every share and every withdrawal is a custody event, so the log
shows who could see what and since when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import Connection

from svidok.db import accounts, analysis
from svidok.db import shares as shares_db
from svidok.services.case import case_of
from svidok.services.custody_log import append_event
from svidok.services.incidents import NotFound, resolve_id
from svidok.services.users import EXTERNAL

__all__ = ["Scope", "Share", "ShareError", "scope_of", "share", "shared_users", "shares", "unshare"]


class ShareError(ValueError):
    """A share that cannot be made or withdrawn; message is one line."""


@dataclass(frozen=True)
class Scope:
    """What a restricted user may reach: incident ids, and the documents those incidents cite."""

    incidents: frozenset[str]
    documents: frozenset[str]


@dataclass(frozen=True)
class Share:
    user: str
    incident_id: str
    shared_by: str
    at: datetime


def _external(conn: Connection, user: str) -> None:
    found = accounts.get_user(conn, user)
    if found is None:
        raise ShareError(f"no user {user!r}")
    if found.role != EXTERNAL:
        raise ShareError(f"user {user!r} has the role {found.role}, which sees every incident already; "
                         f"share only with {EXTERNAL} users")


def _resolve(conn: Connection, incident_ids: Sequence[str]) -> list[str]:
    if not incident_ids:
        raise ShareError("name at least one incident")
    out = []
    for given in incident_ids:
        try:
            out.append(resolve_id(conn, given))
        except NotFound as exc:
            raise ShareError(str(exc)) from None
    return list(dict.fromkeys(out))


def share(conn: Connection, incident_ids: Sequence[str], user: str, *,
          actor: str | None = None) -> list[str]:
    """Share incidents (ids or unique prefixes) with an external reviewer; returns the ids newly
    shared (those shared already are left as they are). Nothing is shared if any id is unknown."""
    _external(conn, user)
    done = []
    for iid in _resolve(conn, incident_ids):
        if shares_db.insert(conn, iid, user, actor or case_of(conn).actor):
            append_event(conn, "share", None, {"incident": iid, "user": user}, actor=actor)
            done.append(iid)
    return done


def unshare(conn: Connection, incident_ids: Sequence[str], user: str, *,
            actor: str | None = None) -> list[str]:
    """Withdraw shares; returns the ids withdrawn. An id that was not shared with `user` is an error
    (nothing is withdrawn then), so a typo cannot leave access in place unnoticed."""
    if accounts.get_user(conn, user) is None:
        raise ShareError(f"no user {user!r}")
    # A share may outlive its incident (merged away): accept the exact stored id as well.
    held = set(shares_db.incidents_of(conn, user))
    wanted = []
    for given in incident_ids:
        wanted.append(given if given in held else _resolve(conn, [given])[0])
    if not wanted:
        raise ShareError("name at least one incident")
    missing = [i for i in wanted if i not in held]
    if missing:
        raise ShareError(f"{missing[0]}: not shared with {user}")
    for iid in dict.fromkeys(wanted):
        shares_db.delete(conn, iid, user)
        append_event(conn, "unshare", None, {"incident": iid, "user": user}, actor=actor)
    return list(dict.fromkeys(wanted))


def scope_of(conn: Connection, user: str) -> Scope:
    """The incidents shared with `user` that still exist, and every document they cite."""
    found = analysis.load_incidents(conn, ids=shares_db.incidents_of(conn, user))
    return Scope(frozenset(i.id for i in found),
                 frozenset(f.document_id for i in found for f in i.sources))


def shared_users(conn: Connection, incident_id: str) -> list[str]:
    """The external reviewers one incident is shared with."""
    return shares_db.users_of(conn, incident_id)


def shares(conn: Connection, user: str | None = None) -> list[Share]:
    """Every share (or those of one user), by user then incident."""
    return [Share(u, i, by, at) for u, i, by, at in shares_db.all_shares(conn) if user in (None, u)]
