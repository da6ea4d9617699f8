"""Hypothesis property over incident query parsing: any filter text, sort or window either works
or is refused with QueryError (the web's 400), never a database error. Seed committed below."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, seed, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Connection

from svidok.services import incidents
from svidok.services.incidents import IncidentFilters, QueryError

WORDS = st.one_of(st.text(max_size=30), st.sampled_from(
    ["\x00", '"', '"a" NEAR b*', "a AND OR", "col:x", "*", "-x", "()", "'; --", "\ud800", "a\x00b"]))
FILTERS = st.builds(IncidentFilters, type=st.none() | WORDS, place=st.none() | WORDS,
                    oblast=st.none() | WORDS, grade=st.none() | WORDS, status=st.none() | WORDS,
                    text=st.none() | WORDS)
BIG = st.integers(min_value=-(10**30), max_value=10**30)


@seed(20261130)
@settings(max_examples=80, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(f=FILTERS, sort=st.one_of(st.sampled_from(["date", "-victims", "\x00", "type;"]), st.text(max_size=8)),
       limit=BIG, offset=BIG)
@example(f=IncidentFilters(text="\x00"), sort="date", limit=10, offset=0)
@example(f=IncidentFilters(text='"'), sort="date", limit=10, offset=10**30)
@example(f=IncidentFilters(place="\x00"), sort="date", limit=10**30, offset=0)
def test_query_fuzz_never_a_database_error(tx: Connection, f: IncidentFilters, sort: str, limit: int,
                                           offset: int) -> None:
    try:
        incidents.page(tx, f, sort, limit, offset)
        incidents.months(tx, f)
    except QueryError:
        pass


@pytest.mark.parametrize("text", ["\x00", "a\x00b", "\x07"])
def test_query_fuzz_control_characters_are_a_query_error(tx: Connection, text: str) -> None:
    with pytest.raises(QueryError, match="control character"):
        incidents.count(tx, IncidentFilters(text=text))


def test_query_fuzz_window_past_limit_is_a_query_error(tx: Connection) -> None:
    with pytest.raises(QueryError, match="at most"):
        incidents.page(tx, IncidentFilters(), "date", 10, 10**30)
