"""Sharing incidents with external reviewers on a real case database (rolled back per test)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Connection

from db.factories import incident
from svidok.db import analysis
from svidok.db import custody as custody_db
from svidok.services.incidents import IncidentFilters, query
from svidok.services.sharing import ShareError, scope_of, share, shared_users, shares, unshare
from svidok.services.users import add_user

A, B = "inc-00000000000a", "inc-00000000000b"
DOC_A, DOC_B = f"{1:064x}", f"{2:064x}"


@pytest.fixture
def conn(tx: Connection) -> Connection:
    analysis.insert_incidents(tx, [incident(A, DOC_A), incident(B, DOC_B, day=11)])
    add_user(tx, "partner", "reviewer-external", actor="tester")
    add_user(tx, "olena", "viewer", actor="tester")
    return tx


def test_sharing_scope_holds_shared_incidents_and_their_documents(conn: Connection) -> None:
    assert share(conn, [A], "partner", actor="ada") == [A]
    scope = scope_of(conn, "partner")
    assert (scope.incidents, scope.documents) == ({A}, {DOC_A})
    assert shared_users(conn, A) == ["partner"] and shared_users(conn, B) == []
    assert [(s.user, s.incident_id, s.shared_by) for s in shares(conn)] == [("partner", A, "ada")]


def test_sharing_twice_is_one_share_and_one_event(conn: Connection) -> None:
    share(conn, [A], "partner", actor="ada")
    assert share(conn, [A], "partner", actor="ada") == []
    assert len(custody_db.load_events(conn, action="share")) == 1


def test_sharing_listing_filter_keeps_only_given_ids(conn: Connection) -> None:
    share(conn, [B], "partner", actor="ada")
    only = scope_of(conn, "partner").incidents
    assert [i.id for i in query(conn, IncidentFilters(ids=only))] == [B]
    assert query(conn, IncidentFilters(ids=frozenset())) == []


def test_sharing_with_in_house_role_refused(conn: Connection) -> None:
    with pytest.raises(ShareError, match="olena.*sees every incident already"):
        share(conn, [A], "olena")


def test_sharing_unknown_user_or_incident_refused(conn: Connection) -> None:
    with pytest.raises(ShareError, match="no user 'nobody'"):
        share(conn, [A], "nobody")
    with pytest.raises(ShareError, match="inc-ffff: no such incident"):
        share(conn, [A, "inc-ffff"], "partner")
    assert scope_of(conn, "partner").incidents == frozenset()


def test_sharing_unshare_records_event_and_ends_scope(conn: Connection) -> None:
    share(conn, [A, B], "partner", actor="ada")
    assert unshare(conn, [A], "partner", actor="ada") == [A]
    assert scope_of(conn, "partner").incidents == {B}
    events = custody_db.load_events(conn, action="unshare")
    assert [(e.actor, e.details) for e in events] == [("ada", {"incident": A, "user": "partner"})]


def test_sharing_scope_skips_incident_that_no_longer_exists(conn: Connection) -> None:
    share(conn, [A, B], "partner", actor="ada")
    analysis.delete_incidents(conn, [A])
    assert scope_of(conn, "partner").incidents == {B}
    assert unshare(conn, [A], "partner", actor="ada") == [A]  # the stored id still withdraws
