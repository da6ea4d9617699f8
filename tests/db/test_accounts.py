from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Connection

from svidok.db import accounts
from svidok.model import User


def test_accounts_user_roundtrip_and_disable(conn: Connection) -> None:
    accounts.insert_user(conn, User("ana", "analyst"), password_hash="h1")
    assert accounts.get_user(conn, "ana") == User("ana", "analyst")
    assert accounts.update_user(conn, "ana", active=False)
    assert accounts.get_user(conn, "ana") == User("ana", "analyst", active=False)
    assert accounts.password_hash(conn, "ana") == "h1"


def test_accounts_revoked_token_has_no_user(conn: Connection) -> None:
    accounts.insert_user(conn, User("ana", "analyst"))
    accounts.insert_token(conn, "t" * 64, "ana")
    assert accounts.token_user(conn, "t" * 64) == "ana"
    accounts.revoke_token(conn, "t" * 64)
    assert accounts.token_user(conn, "t" * 64) is None


def test_accounts_expired_session_is_none(conn: Connection) -> None:
    accounts.insert_user(conn, User("ana", "viewer"))
    now = datetime.now(UTC)
    accounts.insert_session(conn, "live", "ana", "c1", now + timedelta(hours=1))
    accounts.insert_session(conn, "dead", "ana", "c2", now - timedelta(seconds=1))
    assert accounts.get_session(conn, "live")["user"] == "ana"  # type: ignore[index]
    assert accounts.get_session(conn, "dead") is None
