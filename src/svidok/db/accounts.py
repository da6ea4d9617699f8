"""Repository functions for users, API tokens and web sessions (secrets stored only as hashes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from svidok.db.repo import utc
from svidok.db.tables import api_tokens, users, web_sessions
from svidok.model import User


def insert_user(conn: Connection, user: User, password_hash: str | None = None) -> None:
    conn.execute(users.insert().values(name=user.name, role=user.role, password_hash=password_hash,
                                       active=user.active, created_at=datetime.now(UTC)))


def get_user(conn: Connection, name: str) -> User | None:
    row = conn.execute(sa.select(users).where(users.c.name == name)).first()
    return None if row is None else User(name=row.name, role=row.role, active=bool(row.active))


def password_hash(conn: Connection, name: str) -> str | None:
    return conn.execute(sa.select(users.c.password_hash).where(users.c.name == name)).scalar()


def list_users(conn: Connection) -> list[User]:
    rows = conn.execute(sa.select(users).order_by(users.c.name))
    return [User(name=r.name, role=r.role, active=bool(r.active)) for r in rows]


def update_user(conn: Connection, name: str, **values: Any) -> bool:
    """Set role / password_hash / active; True if the user exists."""
    return conn.execute(users.update().where(users.c.name == name).values(**values)).rowcount > 0


def insert_token(conn: Connection, token_hash: str, user: str) -> None:
    conn.execute(api_tokens.insert().values(token_hash=token_hash, user=user, created_at=datetime.now(UTC)))


def token_user(conn: Connection, token_hash: str) -> str | None:
    """The owner of a live (not revoked) token, or None."""
    q = sa.select(api_tokens.c.user).where(api_tokens.c.token_hash == token_hash,
                                           api_tokens.c.revoked.is_(False))
    return conn.execute(q).scalar()


def revoke_token(conn: Connection, token_hash: str) -> bool:
    res = conn.execute(api_tokens.update().where(api_tokens.c.token_hash == token_hash).values(revoked=True))
    return res.rowcount > 0


def insert_session(conn: Connection, id_hash: str, user: str, csrf: str, expires_at: datetime) -> None:
    conn.execute(web_sessions.insert().values(id_hash=id_hash, user=user, csrf=csrf,
                                              created_at=datetime.now(UTC), expires_at=expires_at))


def get_session(conn: Connection, id_hash: str) -> dict[str, Any] | None:
    """The live session {user, csrf, expires_at}, or None when missing or expired."""
    row = conn.execute(sa.select(web_sessions).where(web_sessions.c.id_hash == id_hash)).first()
    if row is None:
        return None
    expires = utc(row.expires_at)
    if expires is None or expires <= datetime.now(UTC):
        return None
    return {"user": row.user, "csrf": row.csrf, "expires_at": expires}


def delete_session(conn: Connection, id_hash: str) -> None:
    conn.execute(web_sessions.delete().where(web_sessions.c.id_hash == id_hash))
