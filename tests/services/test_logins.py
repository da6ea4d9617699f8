"""Login throttling in the database: per account and per client address, exponential, audited."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Connection

from svidok.db import custody as custody_db
from svidok.services import logins

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def _fail(conn: Connection, name: str, client: str, times: int, at: datetime = T0) -> None:
    for _ in range(times):
        logins.failed(conn, name, client, at)


def test_logins_five_failures_are_free(tx: Connection) -> None:
    _fail(tx, "ana", "10.0.0.1", 4)
    assert logins.wait_seconds(tx, "ana", "10.0.0.1", T0) == 0


def test_logins_lock_doubles_and_is_capped() -> None:
    waits = [logins.lock_for(n).total_seconds() for n in range(4, 20)]
    assert waits[:5] == [0, 2, 4, 8, 16]
    assert max(waits) == logins.MAX_LOCK.total_seconds() and waits == sorted(waits)


def test_logins_guessing_address_waits_for_every_account(tx: Connection) -> None:
    _fail(tx, "ana", "10.0.0.1", 6)
    assert logins.wait_seconds(tx, "ana", "10.0.0.1", T0) > 0
    assert logins.wait_seconds(tx, "vic", "10.0.0.1", T0) > 0


def test_logins_owner_on_a_clean_address_is_not_held(tx: Connection) -> None:
    _fail(tx, "ana", "10.0.0.1", 8)
    assert logins.wait_seconds(tx, "ana", "192.0.2.5", T0) == 0


def test_logins_locked_account_holds_a_second_failing_address(tx: Connection) -> None:
    _fail(tx, "ana", "10.0.0.1", 8)
    _fail(tx, "ana", "10.0.0.2", 1)
    assert logins.wait_seconds(tx, "ana", "10.0.0.2", T0) > 0


def test_logins_account_name_is_case_insensitive(tx: Connection) -> None:
    _fail(tx, "Ana", "10.0.0.1", 3)
    _fail(tx, "ANA", "10.0.0.2", 3)
    (row,) = [r for r in logins.list_throttles(tx, T0) if r.kind == "account"]
    assert (row.key, row.failures) == ("ana", 6)


def test_logins_lock_ends(tx: Connection) -> None:
    _fail(tx, "ana", "10.0.0.1", 6)
    assert logins.wait_seconds(tx, "ana", "10.0.0.1", T0 + timedelta(seconds=5)) == 0


def test_logins_quiet_day_resets_the_count(tx: Connection) -> None:
    _fail(tx, "ana", "10.0.0.1", 6)
    _fail(tx, "ana", "10.0.0.1", 1, T0 + timedelta(days=2))
    assert [r.failures for r in logins.list_throttles(tx, T0 + timedelta(days=2))] == [1, 1]


def test_logins_success_forgets_the_account_and_address(tx: Connection) -> None:
    _fail(tx, "ana", "10.0.0.1", 3)
    logins.succeeded(tx, "ana", "10.0.0.1")
    assert logins.list_throttles(tx, T0) == []


def test_logins_failures_and_refusals_audited(tx: Connection) -> None:
    _fail(tx, "ana", "10.0.0.1", 6)
    logins.wait_seconds(tx, "ana", "10.0.0.1", T0)
    reasons = [f["reason"] for f in logins.recent_failures(tx, 10)]
    assert reasons == ["throttled"] + ["wrong_password"] * 6


def test_logins_unthrottle_by_name_or_address_is_a_custody_event(tx: Connection) -> None:
    _fail(tx, "ana", "10.0.0.1", 6)
    assert logins.unthrottle(tx, "ANA", actor="ada") == 1
    assert logins.unthrottle(tx, "10.0.0.1", actor="ada") == 1
    assert logins.wait_seconds(tx, "ana", "10.0.0.1", T0) == 0
    events = custody_db.load_events(tx, action="login_unthrottle")
    assert [e.details["key"] for e in events] == ["ANA", "10.0.0.1"]


def test_logins_control_characters_refused(tx: Connection) -> None:
    with pytest.raises(logins.LoginInputError):
        logins.wait_seconds(tx, "ana\x00", "10.0.0.1", T0)
