"""API tokens on a real case database: hashed, expiring, listed and revoked one by one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from svidok.db.tables import api_tokens
from svidok.services.users import (
    TOKEN_DAYS,
    UserError,
    add_user,
    check_token,
    issue_token,
    list_tokens,
    record_token_use,
    revoke_token_id,
    token_use_due,
)


@pytest.fixture
def olena(tx: Connection) -> Connection:
    add_user(tx, "olena", "analyst", "correct horse battery")
    return tx


def test_tokens_stored_only_as_hash(olena: Connection) -> None:
    token = issue_token(olena, "olena")
    stored = olena.execute(sa.select(api_tokens)).mappings().one()
    assert token not in str(dict(stored)) and len(stored["token_hash"]) == 64
    assert stored["id"] == stored["token_hash"][:12]


def test_tokens_expire_after_90_days_by_default(olena: Connection) -> None:
    issue_token(olena, "olena")
    (info,) = list_tokens(olena, "olena")
    assert info.expires_at is not None and info.created_at is not None
    assert abs((info.expires_at - info.created_at) - timedelta(days=TOKEN_DAYS)) < timedelta(seconds=5)


def test_tokens_expired_token_is_refused(olena: Connection) -> None:
    token = issue_token(olena, "olena", days=1)
    olena.execute(api_tokens.update().values(expires_at=datetime.now(UTC) - timedelta(seconds=1)))
    assert check_token(olena, token) is None
    assert list_tokens(olena, "olena")[0].state() == "expired"


def test_tokens_days_out_of_range_refused(olena: Connection) -> None:
    with pytest.raises(UserError, match="1 to 3650 days"):
        issue_token(olena, "olena", days=0)


def test_tokens_listing_shows_each_token_without_secret(olena: Connection) -> None:
    a, b = issue_token(olena, "olena"), issue_token(olena, "olena", days=7)
    found = list_tokens(olena, "olena")
    assert len(found) == 2 and {t.state() for t in found} == {"live"}
    assert not any(a[4:16] in t.id or b[4:16] in t.id for t in found)


def test_tokens_revoke_by_id_leaves_the_others(olena: Connection) -> None:
    a, b = issue_token(olena, "olena"), issue_token(olena, "olena")
    first = list_tokens(olena, "olena")[0].id
    assert revoke_token_id(olena, first, actor="admin") == "olena"
    states = {t.id: t.state() for t in list_tokens(olena, "olena")}
    assert states[first] == "revoked" and list(states.values()).count("live") == 1
    assert (check_token(olena, a) is None) != (check_token(olena, b) is None)


def test_tokens_revoke_unknown_id_is_an_error(olena: Connection) -> None:
    with pytest.raises(UserError, match="no token with id"):
        revoke_token_id(olena, "000000000000")


def test_tokens_last_use_recorded_once_per_window(olena: Connection) -> None:
    token = issue_token(olena, "olena")
    assert token_use_due(olena, token)
    record_token_use(olena, token)
    assert not token_use_due(olena, token)
    assert list_tokens(olena, "olena")[0].last_used_at is not None
