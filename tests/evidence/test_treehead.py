from __future__ import annotations

from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from svidok.evidence import keys, merkle
from svidok.evidence.treehead import AnchorError, anchor_from_json, head_signed_by, make_anchor, sign_head


def _anchor_json() -> tuple[Ed25519PrivateKey, dict[str, Any]]:
    key = Ed25519PrivateKey.generate()
    head = sign_head(key, 3, merkle.root([merkle.leaf_hash(b"x")] * 3))
    return key, make_anchor(head, key.public_key()).to_json()


def test_treehead_signature_covers_size_root_and_time() -> None:
    key = Ed25519PrivateKey.generate()
    head = sign_head(key, 5, b"\x01" * 32)
    assert head_signed_by(head, key.public_key())
    from dataclasses import replace

    assert not head_signed_by(replace(head, tree_size=4), key.public_key())
    assert not head_signed_by(replace(head, timestamp="2020-01-01T00:00:00+00:00"), key.public_key())


def test_treehead_anchor_round_trips_with_fingerprint_of_raw_key() -> None:
    key, data = _anchor_json()
    anchor = anchor_from_json(data, "a.json")
    assert anchor.key_fingerprint == keys.fingerprint(key.public_key()) and anchor.head.tree_size == 3


# a fixed key, so that parallel workers collect the same test ids
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32))).public_key().public_bytes_raw().hex()


@pytest.mark.parametrize("field, value, reason", [
    ("key_fingerprint", "0" * 64, "fingerprint"),
    ("public_key", OTHER_KEY, "fingerprint"),
    ("format", "other", "not a Svidok anchor"),
], ids=["fingerprint", "public-key", "format"])
def test_treehead_anchor_that_does_not_hold_together_is_refused(field: str, value: str, reason: str) -> None:
    _, data = _anchor_json()
    data[field] = value
    with pytest.raises(AnchorError, match=reason):
        anchor_from_json(data, "a.json")


def test_treehead_anchor_with_edited_size_fails_its_signature() -> None:
    _, data = _anchor_json()
    data["tree_head"]["tree_size"] = 2
    with pytest.raises(AnchorError, match="signature does not verify"):
        anchor_from_json(data, "a.json")
