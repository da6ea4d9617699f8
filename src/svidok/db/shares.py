"""Repository functions for shares: which incidents a reviewer-external user may see."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from svidok.db.tables import shares


def insert(conn: Connection, incident_id: str, user: str, shared_by: str) -> bool:
    """Share one incident; False when it was shared with `user` already."""
    if is_shared(conn, incident_id, user):
        return False
    conn.execute(shares.insert().values(incident_id=incident_id, user=user, shared_by=shared_by,
                                        shared_at=datetime.now(UTC)))
    return True


def delete(conn: Connection, incident_id: str, user: str) -> bool:
    """Withdraw one share; False when there was none."""
    res = conn.execute(shares.delete().where(shares.c.incident_id == incident_id, shares.c.user == user))
    return res.rowcount > 0


def is_shared(conn: Connection, incident_id: str, user: str) -> bool:
    q = sa.select(shares.c.incident_id).where(shares.c.incident_id == incident_id, shares.c.user == user)
    return conn.execute(q).first() is not None


def incidents_of(conn: Connection, user: str) -> list[str]:
    """The ids of the incidents shared with `user`, in id order."""
    q = sa.select(shares.c.incident_id).where(shares.c.user == user).order_by(shares.c.incident_id)
    return [r[0] for r in conn.execute(q)]


def users_of(conn: Connection, incident_id: str) -> list[str]:
    """The users one incident is shared with, by name."""
    q = sa.select(shares.c.user).where(shares.c.incident_id == incident_id).order_by(shares.c.user)
    return [r[0] for r in conn.execute(q)]


def all_shares(conn: Connection) -> list[tuple[str, str, str, datetime]]:
    """(user, incident id, shared by, when) of every share, by user then incident."""
    q = sa.select(shares.c.user, shares.c.incident_id, shares.c.shared_by, shares.c.shared_at) \
        .order_by(shares.c.user, shares.c.incident_id)
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(q)]
