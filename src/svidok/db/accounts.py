"""Repository functions for users, API tokens and web sessions (secrets stored only as hashes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from svidok.db.repo import utc
from svidok.db.tables import api_tokens, users, web_sessions
from svidok.model import User


def insert_user(conn: Connection, user: User, password_hash: str | None = None) -> None:
    conn.execute(users.insert().values(name=user.name, role=user.role, password_hash=password_hash,
                                       active=user.active, created_at=datetime.now(UTC),
                                       language=user.language))


def _user(row: Any) -> User:
    return User(name=row.name, role=row.role, active=bool(row.active), language=row.language)


def get_user(conn: Connection, name: str) -> User | None:
    row = conn.execute(sa.select(users).where(users.c.name == name)).first()
    return None if row is None else _user(row)


def password_hash(conn: Connection, name: str) -> str | None:
    return conn.execute(sa.select(users.c.password_hash).where(users.c.name == name)).scalar()


def list_users(conn: Connection) -> list[User]:
    rows = conn.execute(sa.select(users).order_by(users.c.name))
    return [_user(r) for r in rows]


def update_user(conn: Connection, name: str, **values: Any) -> bool:
    """Set role / password_hash / active / language; True if the user exists."""
    return conn.execute(users.update().where(users.c.name == name).values(**values)).rowcount > 0


def insert_token(conn: Connection, token_hash: str, user: str, expires_at: datetime | None = None) -> str:
    """Store a token's hash; returns its id (the first 12 hex digits of the hash)."""
    token_id = token_hash[:12]
    conn.execute(api_tokens.insert().values(token_hash=token_hash, id=token_id, user=user,
                                            created_at=datetime.now(UTC), expires_at=expires_at))
    return token_id


def token_user(conn: Connection, token_hash: str, now: datetime | None = None) -> str | None:
    """The owner of a live token (not revoked, not expired), or None."""
    now = now or datetime.now(UTC)
    row = conn.execute(sa.select(api_tokens.c.user, api_tokens.c.expires_at).where(
        api_tokens.c.token_hash == token_hash, api_tokens.c.revoked.is_(False))).first()
    if row is None:
        return None
    expires = utc(row.expires_at)
    return None if expires is not None and expires <= now else str(row.user)


def token_last_used(conn: Connection, token_hash: str) -> datetime | None:
    q = sa.select(api_tokens.c.last_used_at).where(api_tokens.c.token_hash == token_hash)
    return utc(conn.execute(q).scalar())


def touch_token(conn: Connection, token_hash: str, now: datetime, every: timedelta) -> None:
    """Record the token's use, at most once per `every` (no write on most API requests)."""
    conn.execute(api_tokens.update().where(
        api_tokens.c.token_hash == token_hash,
        sa.or_(api_tokens.c.last_used_at.is_(None), api_tokens.c.last_used_at < now - every),
    ).values(last_used_at=now))


def list_tokens(conn: Connection, user: str | None = None) -> list[dict[str, Any]]:
    """Tokens (never their hashes) with id, user, created, expires, last used and revoked."""
    q = sa.select(api_tokens.c.id, api_tokens.c.user, api_tokens.c.created_at, api_tokens.c.expires_at,
                  api_tokens.c.last_used_at, api_tokens.c.revoked).order_by(api_tokens.c.created_at,
                                                                           api_tokens.c.id)
    if user is not None:
        q = q.where(api_tokens.c.user == user)
    return [{"id": r.id, "user": r.user, "created_at": utc(r.created_at), "expires_at": utc(r.expires_at),
             "last_used_at": utc(r.last_used_at), "revoked": bool(r.revoked)} for r in conn.execute(q)]


def token_owner_by_id(conn: Connection, token_id: str) -> str | None:
    return conn.execute(sa.select(api_tokens.c.user).where(api_tokens.c.id == token_id)).scalar()


def revoke_token(conn: Connection, token_hash: str) -> bool:
    res = conn.execute(api_tokens.update().where(api_tokens.c.token_hash == token_hash).values(revoked=True))
    return res.rowcount > 0


def revoke_token_id(conn: Connection, token_id: str) -> bool:
    res = conn.execute(api_tokens.update().where(api_tokens.c.id == token_id).values(revoked=True))
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
