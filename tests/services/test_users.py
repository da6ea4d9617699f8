"""Accounts on a real case database: passwords, roles, tokens, sessions and their custody events."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from svidok.db import custody as custody_db
from svidok.db.tables import api_tokens, users
from svidok.services.case import Case
from svidok.services.users import (
    UserError,
    add_user,
    allows,
    check_token,
    disable_user,
    end_session,
    issue_token,
    revoke_token,
    session_user,
    start_session,
    verify_password,
)

PW = "correct horse battery"


def test_users_add_stores_argon2_hash_not_password(case: Case) -> None:
    with case.begin() as conn:
        add_user(conn, "olena", "analyst", PW)
        stored = conn.execute(sa.select(users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PW not in stored


def test_users_verify_password_accepts_right_rejects_wrong(case: Case) -> None:
    with case.begin() as conn:
        add_user(conn, "olena", "analyst", PW)
        assert verify_password(conn, "olena", PW) is not None
        assert verify_password(conn, "olena", PW + "x") is None
        assert verify_password(conn, "nobody", PW) is None


def test_users_unknown_role_rejected(case: Case) -> None:
    with case.begin() as conn, pytest.raises(UserError, match="role 'boss'"):
        add_user(conn, "olena", "boss", PW)


def test_users_duplicate_name_rejected(case: Case) -> None:
    with case.begin() as conn:
        add_user(conn, "olena", "viewer", PW)
        with pytest.raises(UserError, match="already exists"):
            add_user(conn, "olena", "admin", PW)


def test_users_disabled_user_cannot_log_in_or_use_token(case: Case) -> None:
    with case.begin() as conn:
        add_user(conn, "olena", "analyst", PW)
        token = issue_token(conn, "olena")
        cookie, _ = start_session(conn, verify_password(conn, "olena", PW))  # type: ignore[arg-type]
        disable_user(conn, "olena")
        assert verify_password(conn, "olena", PW) is None
        assert check_token(conn, token) is None
        assert session_user(conn, cookie) is None


def test_users_token_stored_hashed_and_checks(case: Case) -> None:
    with case.begin() as conn:
        add_user(conn, "bot", "viewer")
        token = issue_token(conn, "bot")
        stored = conn.execute(sa.select(api_tokens.c.token_hash)).scalar_one()
        user = check_token(conn, token)
    assert token not in stored and len(stored) == 64
    assert user is not None and user.name == "bot"


def test_users_revoked_token_rejected(case: Case) -> None:
    with case.begin() as conn:
        add_user(conn, "bot", "viewer")
        token = issue_token(conn, "bot")
        assert revoke_token(conn, token)
        assert check_token(conn, token) is None


def test_users_session_round_trip_and_logout(case: Case) -> None:
    with case.begin() as conn:
        user = add_user(conn, "olena", "admin", PW)
        cookie, csrf = start_session(conn, user)
        found = session_user(conn, cookie)
        assert found is not None and found[0].name == "olena" and found[1] == csrf
        end_session(conn, cookie)
        assert session_user(conn, cookie) is None


def test_users_changes_append_custody_events(case: Case) -> None:
    with case.begin() as conn:
        add_user(conn, "olena", "analyst", PW, actor="admin1")
        token = issue_token(conn, "olena", actor="admin1")
        disable_user(conn, "olena", actor="admin1")
        events = custody_db.load_events(conn)
    actions = [e.action for e in events]
    assert actions[-3:] == ["user_add", "token_issue", "user_disable"]
    assert all(e.actor == "admin1" for e in events[-3:])
    assert token not in str([e.details for e in events])


def test_users_role_ranks() -> None:
    from svidok.model import User

    assert allows(User("a", "admin"), "analyst")
    assert allows(User("b", "analyst"), "viewer")
    assert not allows(User("c", "viewer"), "analyst")
    assert not allows(User("d", "admin", active=False), "viewer")


def test_users_set_language_is_stored_and_logged(case: Case) -> None:
    from svidok.services.users import get_user, set_language

    with case.begin() as conn:
        add_user(conn, "olena", "analyst", PW)
        set_language(conn, "olena", " UK ", actor="admin")
    with case.connect() as conn:
        user = get_user(conn, "olena")
        events = custody_db.load_events(conn, action="user_language")
    assert user is not None and user.language == "uk"
    assert [(e.actor, e.details) for e in events] == [("admin", {"user": "olena", "language": "uk"})]


@pytest.mark.parametrize(("name", "language", "reason"), [("olena", "de", "the interface speaks en, uk"),
                                                          ("nobody", "uk", "no user 'nobody'")])
def test_users_set_language_refuses_unknown_language_or_user(case: Case, name: str, language: str,
                                                             reason: str) -> None:
    from svidok.services.users import set_language

    with case.begin() as conn:
        add_user(conn, "olena", "analyst", PW)
    with pytest.raises(UserError, match=reason), case.begin() as conn:
        set_language(conn, name, language)
