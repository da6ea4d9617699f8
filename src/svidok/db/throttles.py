"""Login throttle rows (per account and per client address) and the audit of failed logins."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

from svidok.db.repo import utc
from svidok.db.tables import login_failures, login_throttles


def get(conn: Connection, kind: str, key: str) -> dict[str, Any] | None:
    row = conn.execute(sa.select(login_throttles).where(login_throttles.c.kind == kind,
                                                        login_throttles.c.key == key)).first()
    return None if row is None else _row(row)


def _row(row: Any) -> dict[str, Any]:
    return {"kind": row.kind, "key": row.key, "failures": int(row.failures),
            "last_failure": utc(row.last_failure), "locked_until": utc(row.locked_until)}


def add_failure(conn: Connection, kind: str, key: str, now: datetime, reset_before: datetime) -> int:
    """Count one more failure for (kind, key), starting again from 1 when the last one was before
    `reset_before`; returns the new count. One statement, so concurrent servers never lose one."""
    ins = (sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert)(login_throttles)
    stmt = ins.values(kind=kind, key=key, failures=1, last_failure=now).on_conflict_do_update(
        index_elements=["kind", "key"],
        set_={"failures": sa.case((login_throttles.c.last_failure < reset_before, 1),
                                  else_=login_throttles.c.failures + 1),
              "last_failure": now},
    ).returning(login_throttles.c.failures)
    return int(conn.execute(stmt).scalar_one())


def lock(conn: Connection, kind: str, key: str, until: datetime) -> None:
    conn.execute(login_throttles.update().where(login_throttles.c.kind == kind, login_throttles.c.key == key)
                 .values(locked_until=until))


def clear(conn: Connection, key: str, kind: str | None = None) -> int:
    """Forget the throttle of `key` (of one kind or both); returns the rows removed."""
    q = login_throttles.delete().where(login_throttles.c.key == key)
    if kind is not None:
        q = q.where(login_throttles.c.kind == kind)
    return conn.execute(q).rowcount


def list_all(conn: Connection) -> list[dict[str, Any]]:
    q = sa.select(login_throttles).order_by(login_throttles.c.last_failure.desc(), login_throttles.c.kind,
                                            login_throttles.c.key)
    return [_row(r) for r in conn.execute(q)]


def audit(conn: Connection, at: datetime, user: str, client: str, reason: str) -> None:
    conn.execute(login_failures.insert().values(at=at, user=user, client=client, reason=reason))


def recent_failures(conn: Connection, limit: int = 20) -> list[dict[str, Any]]:
    q = sa.select(login_failures).order_by(login_failures.c.id.desc()).limit(limit)
    return [{"at": utc(r.at), "user": r.user, "client": r.client, "reason": r.reason}
            for r in conn.execute(q)]
