"""Accounts: users with roles, passwords (argon2), API tokens and web sessions.

Secrets are stored only as hashes: passwords with argon2id, tokens and session ids with SHA-256
(they are long random strings, so a fast hash is enough). Every change to an account appends a
custody event, so the log shows who could act on the case and when that changed.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection

from svidok.db import accounts
from svidok.model import User
from svidok.services.custody_log import append_event

Role = Literal["admin", "analyst", "viewer", "reviewer-external"]
ROLES: tuple[Role, ...] = ("admin", "analyst", "viewer", "reviewer-external")
# An outside team's reviewer: sees only the incidents an admin shares with them (services.sharing).
EXTERNAL: Role = "reviewer-external"
# What each role may do; a role includes everything of the roles after it. The web app's own
# table of who may reach what is svidok.web.policy.
RANK: dict[str, int] = {"reviewer-external": 0, "viewer": 1, "analyst": 2, "admin": 3}
SESSION_HOURS = 12
TOKEN_DAYS = 90  # API tokens expire; `svidok user token NAME --days N` chooses otherwise
MAX_TOKEN_DAYS = 3650
TOKEN_TOUCH = timedelta(minutes=5)  # last use is written at most this often (reads stay reads)
MIN_PASSWORD = 8
# Languages of the web interface (catalogues in web/locale); a user without a choice gets English.
INTERFACE_LANGUAGES = ("en", "uk")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_hasher = PasswordHasher()
# Verified when the user does not exist, so a wrong name costs as much time as a wrong password.
_DUMMY = _hasher.hash("svidok-no-such-user")


class UserError(ValueError):
    """A user operation that cannot be done; message is one line."""


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def check_role(role: str) -> Role:
    if role not in ROLES:
        raise UserError(f"role {role!r}: use one of {', '.join(ROLES)}")
    return role


def allows(user: User, role: str) -> bool:
    """True when `user` is active and has at least the rights of `role`."""
    return user.active and RANK.get(user.role, -1) >= RANK[role]


def add_user(conn: Connection, name: str, role: str, password: str | None = None,
             *, actor: str | None = None) -> User:
    """Create a user (a password is needed for the web login; API-only users may go without)."""
    if not _NAME.match(name):
        raise UserError(f"user name {name!r}: use 1-64 letters, digits, '.', '_', '@' or '-'")
    checked = check_role(role)
    if accounts.get_user(conn, name) is not None:
        raise UserError(f"user {name!r} already exists")
    if password is not None and len(password) < MIN_PASSWORD:
        raise UserError(f"password for {name!r} is too short (at least {MIN_PASSWORD} characters)")
    user = User(name=name, role=checked, active=True)
    accounts.insert_user(conn, user, _hasher.hash(password) if password is not None else None)
    append_event(conn, "user_add", None, {"user": name, "role": checked}, actor=actor)
    return user


def get_user(conn: Connection, name: str) -> User | None:
    return accounts.get_user(conn, name)


def list_users(conn: Connection) -> list[User]:
    return accounts.list_users(conn)


def disable_user(conn: Connection, name: str, *, actor: str | None = None) -> User:
    """Disable a user: their password, tokens and sessions stop working at once."""
    user = accounts.get_user(conn, name)
    if user is None:
        raise UserError(f"no user {name!r}")
    accounts.update_user(conn, name, active=False)
    append_event(conn, "user_disable", None, {"user": name}, actor=actor)
    return User(name=user.name, role=user.role, active=False, language=user.language)


def set_language(conn: Connection, name: str, language: str, *, actor: str | None = None) -> User:
    """Choose the web interface language of a user (one of INTERFACE_LANGUAGES)."""
    code = language.strip().lower()
    if code not in INTERFACE_LANGUAGES:
        raise UserError(f"language {language!r}: the interface speaks {', '.join(INTERFACE_LANGUAGES)}")
    user = accounts.get_user(conn, name)
    if user is None:
        raise UserError(f"no user {name!r}")
    accounts.update_user(conn, name, language=code)
    append_event(conn, "user_language", None, {"user": name, "language": code}, actor=actor)
    return User(name=user.name, role=user.role, active=user.active, language=code)


def set_password(conn: Connection, name: str, password: str, *, actor: str | None = None) -> None:
    if accounts.get_user(conn, name) is None:
        raise UserError(f"no user {name!r}")
    if len(password) < MIN_PASSWORD:
        raise UserError(f"password for {name!r} is too short (at least {MIN_PASSWORD} characters)")
    accounts.update_user(conn, name, password_hash=_hasher.hash(password))
    append_event(conn, "user_password", None, {"user": name}, actor=actor)


def verify_password(conn: Connection, name: str, password: str) -> User | None:
    """The active user when `password` is right, else None (same cost for unknown names)."""
    user = accounts.get_user(conn, name)
    stored = accounts.password_hash(conn, name) if user is not None else None
    try:
        _hasher.verify(stored or _DUMMY, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or stored is None or not user.active:
        return None
    return user


@dataclass(frozen=True)
class TokenInfo:
    """An API token as admins see it: never the token, never its hash."""

    id: str
    user: str
    created_at: datetime | None
    expires_at: datetime | None  # None: issued before tokens expired
    last_used_at: datetime | None
    revoked: bool

    def state(self, now: datetime | None = None) -> str:
        if self.revoked:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= (now or datetime.now(UTC)):
            return "expired"
        return "live"


def issue_token(conn: Connection, name: str, *, days: int = TOKEN_DAYS, actor: str | None = None) -> str:
    """A new API token for `name`, valid `days` days. Only its hash is stored: show the returned
    value once. The token id (the first 12 hex digits of the hash) names it in lists and events."""
    user = accounts.get_user(conn, name)
    if user is None:
        raise UserError(f"no user {name!r}")
    if not user.active:
        raise UserError(f"user {name!r} is disabled")
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise UserError(f"--days {days}: a token lives 1 to {MAX_TOKEN_DAYS} days")
    token = "svk_" + secrets.token_urlsafe(32)
    expires = datetime.now(UTC) + timedelta(days=days)
    token_id = accounts.insert_token(conn, _digest(token), name, expires)
    append_event(conn, "token_issue", None, {"user": name, "token_id": token_id,
                                             "expires": expires.isoformat(timespec="seconds")}, actor=actor)
    return token


def check_token(conn: Connection, token: str) -> User | None:
    """The active owner of a live (not revoked, not expired) token, or None. Reads only."""
    if not token:
        return None
    owner = accounts.token_user(conn, _digest(token))
    if owner is None:
        return None
    user = accounts.get_user(conn, owner)
    return user if user is not None and user.active else None


def token_use_due(conn: Connection, token: str) -> bool:
    """True when the token's last use is older than TOKEN_TOUCH (so most requests write nothing)."""
    last = accounts.token_last_used(conn, _digest(token))
    return last is None or last < datetime.now(UTC) - TOKEN_TOUCH


def record_token_use(conn: Connection, token: str) -> None:
    accounts.touch_token(conn, _digest(token), datetime.now(UTC), TOKEN_TOUCH)


def list_tokens(conn: Connection, name: str | None = None) -> list[TokenInfo]:
    """The tokens of `name` (all users' when None), oldest first."""
    if name is not None and accounts.get_user(conn, name) is None:
        raise UserError(f"no user {name!r}")
    return [TokenInfo(**t) for t in accounts.list_tokens(conn, name)]


def revoke_token(conn: Connection, token: str, *, actor: str | None = None) -> bool:
    digest = _digest(token)
    owner = accounts.token_user(conn, digest)
    if not accounts.revoke_token(conn, digest):
        return False
    append_event(conn, "token_revoke", None, {"user": owner, "token_id": digest[:12]}, actor=actor)
    return True


def revoke_token_id(conn: Connection, token_id: str, *, actor: str | None = None) -> str:
    """Revoke the token with this id (from `svidok user tokens`); returns its owner."""
    owner = accounts.token_owner_by_id(conn, token_id)
    if owner is None or not accounts.revoke_token_id(conn, token_id):
        raise UserError(f"no token with id {token_id!r} (see: svidok user tokens NAME)")
    append_event(conn, "token_revoke", None, {"user": owner, "token_id": token_id}, actor=actor)
    return owner


def start_session(conn: Connection, user: User, hours: int = SESSION_HOURS) -> tuple[str, str]:
    """(cookie value, CSRF token) of a new web session; records a custody "login" event."""
    cookie = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    accounts.insert_session(conn, _digest(cookie), user.name, csrf,
                            datetime.now(UTC) + timedelta(hours=hours))
    append_event(conn, "login", None, {"user": user.name}, actor=user.name)
    return cookie, csrf


def session_user(conn: Connection, cookie: str) -> tuple[User, str] | None:
    """(active user, CSRF token) of a live session, or None."""
    if not cookie:
        return None
    found = accounts.get_session(conn, _digest(cookie))
    if found is None:
        return None
    user = accounts.get_user(conn, str(found["user"]))
    if user is None or not user.active:
        return None
    return user, str(found["csrf"])


def end_session(conn: Connection, cookie: str) -> None:
    accounts.delete_session(conn, _digest(cookie))
