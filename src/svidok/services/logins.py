"""Login throttling that slows the guesser, not the owner.

Failures are counted per account and per client address, in the database (every server process
sees the same counts). After FREE_FAILURES failures a key is locked for 2, 4, 8 ... seconds, at
most MAX_LOCK; a quiet RESET_AFTER forgets the count. A locked client address waits whatever
account it tries. A locked account makes only clients that have failed themselves wait: its owner,
signing in from an address with no failures, is let through, while each guessing address gets one
try per lock window. Failed and refused logins are audited in the `login_failures` table (not in the
custody log, which a guesser could otherwise flood); clearing a throttle is a custody event.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Connection

from svidok.db import throttles
from svidok.services.custody_log import append_event

FREE_FAILURES = 5
MAX_LOCK = timedelta(minutes=15)
RESET_AFTER = timedelta(hours=24)
KINDS = ("account", "client")


class LoginInputError(ValueError):
    """A user name or address that cannot be a login (control characters, too long)."""


@dataclass(frozen=True)
class ThrottleRow:
    kind: str  # account | client
    key: str  # user name (casefolded) or client address
    failures: int
    last_failure: datetime | None
    locked_until: datetime | None

    def wait(self, now: datetime) -> int:
        if self.locked_until is None or self.locked_until <= now:
            return 0
        return int((self.locked_until - now).total_seconds()) + 1


def _key(value: str, what: str) -> str:
    if len(value) > 200 or any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        raise LoginInputError(f"{what}: not a possible value")
    return value


def _account(name: str) -> str:
    return _key(name.strip().casefold(), "user name")


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def lock_for(failures: int) -> timedelta:
    """How long a key with `failures` recent failures stays locked (0 while they are free)."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(MAX_LOCK, timedelta(seconds=2 ** min(failures - FREE_FAILURES + 1, 20)))


def _row(conn: Connection, kind: str, key: str, now: datetime) -> ThrottleRow | None:
    found = throttles.get(conn, kind, key)
    if found is None or (found["last_failure"] and found["last_failure"] < now - RESET_AFTER):
        return None
    return ThrottleRow(**found)


def wait_seconds(conn: Connection, name: str, client: str, now: datetime | None = None) -> int:
    """Seconds before `client` may try `name` again (0: now). A refused try is audited."""
    now = _now(now)
    account, addr = _account(name), _key(client, "client address")
    by_client = _row(conn, "client", addr, now)
    by_account = _row(conn, "account", account, now)
    wait = by_client.wait(now) if by_client else 0
    if by_account is not None and by_client is not None and by_client.failures > 0:
        wait = max(wait, by_account.wait(now))  # the owner's clean address is not held back
    if wait:
        throttles.audit(conn, now, account, addr, "throttled")
    return wait


def failed(conn: Connection, name: str, client: str, now: datetime | None = None) -> None:
    """Count a wrong password against the account and the client address, and audit it."""
    now = _now(now)
    keys = {"account": _account(name), "client": _key(client, "client address")}
    for kind, key in keys.items():
        n = throttles.add_failure(conn, kind, key, now, now - RESET_AFTER)
        if lock_for(n):
            throttles.lock(conn, kind, key, now + lock_for(n))
    throttles.audit(conn, now, keys["account"], keys["client"], "wrong_password")


def succeeded(conn: Connection, name: str, client: str) -> None:
    """The right password: the account's and this address's failures are forgotten."""
    throttles.clear(conn, _account(name), "account")
    throttles.clear(conn, _key(client, "client address"), "client")


def list_throttles(conn: Connection, now: datetime | None = None) -> list[ThrottleRow]:
    """Accounts and addresses with recent failures, latest first."""
    now = _now(now)
    rows = [ThrottleRow(**r) for r in throttles.list_all(conn)]
    return [r for r in rows if r.last_failure is None or r.last_failure >= now - RESET_AFTER]


def recent_failures(conn: Connection, limit: int = 20) -> list[dict[str, object]]:
    """The latest audited failed or refused logins: at, user, client, reason."""
    return [dict(r) for r in throttles.recent_failures(conn, limit)]


def unthrottle(conn: Connection, key: str, *, actor: str | None = None) -> int:
    """Clear the throttle of a user name or a client address; returns how many were cleared."""
    removed = throttles.clear(conn, key) + (throttles.clear(conn, key.casefold(), "account")
                                            if key.casefold() != key else 0)
    if removed:
        append_event(conn, "login_unthrottle", None, {"key": key}, actor=actor)
    return removed
