from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from svidok.evidence import custody

KEY = Ed25519PrivateKey.generate()
AT = datetime(2026, 11, 25, 1, 2, 3, 45, tzinfo=UTC)


def _event() -> dict[str, object]:
    return custody.make_event(KEY, 1, custody.GENESIS, "ana", "add", "a" * 64, {"b": 1, "a": "ü"}, AT)


def test_custody_event_stores_canonical_strings() -> None:
    row = _event()
    assert row["at"] == "2026-11-25T01:02:03.000045+00:00"
    assert row["details"] == '{"a":"ü","b":1}'


def test_custody_valid_event_has_no_problem() -> None:
    assert custody.row_problem(_event(), 1, custody.GENESIS, KEY.public_key()) is None


def test_custody_time_is_normalised_to_utc() -> None:
    kyiv = timezone(timedelta(hours=3))
    assert custody.format_time(AT.astimezone(kyiv)) == custody.format_time(AT)


def test_custody_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        custody.format_time(datetime(2026, 1, 1))


def test_custody_other_key_signature_is_rejected() -> None:
    other = Ed25519PrivateKey.generate().public_key()
    assert "signature" in (custody.row_problem(_event(), 1, custody.GENESIS, other) or "")


def test_custody_wrong_prev_hash_is_named() -> None:
    assert "prev_hash" in (custody.row_problem(_event(), 1, "1" * 64, KEY.public_key()) or "")


@settings(deadline=None)  # a loaded CI machine must not turn slowness into a failure
@given(field=st.sampled_from(["at", "actor", "action", "object_hash", "details", "prev_hash", "hash"]),
       pos=st.integers(min_value=0, max_value=200), char=st.characters(codec="utf-8"))
def test_custody_any_edit_of_a_stored_field_is_detected(field: str, pos: int, char: str) -> None:
    row = _event()
    old = str(row[field])
    i = pos % len(old)
    new = old[:i] + char + old[i + 1:]
    if new == old:
        new = old + char
    row[field] = new
    prev = new if field == "prev_hash" else custody.GENESIS
    assert custody.row_problem(row, 1, prev, KEY.public_key()) is not None
