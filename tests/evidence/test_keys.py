from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from svidok.evidence import keys


def test_keys_private_key_file_is_owner_only(tmp_path: Path) -> None:
    keys.generate(tmp_path / "keys")
    mode = stat.S_IMODE(os.stat(tmp_path / "keys" / keys.PRIVATE_NAME).st_mode)
    assert mode == 0o600


def test_keys_public_key_beside_private_matches(tmp_path: Path) -> None:
    key = keys.generate(tmp_path)
    assert keys.public_hex(keys.load_public(tmp_path)) == keys.public_hex(key.public_key())
    assert keys.public_hex(keys.load_private(tmp_path).public_key()) == keys.public_hex(key.public_key())


def test_keys_signature_fails_for_other_message(tmp_path: Path) -> None:
    key = keys.generate(tmp_path)
    sig = keys.sign(key, b"abc")
    assert keys.check(key.public_key(), b"abc", sig)
    assert not keys.check(key.public_key(), b"abd", sig)
    assert not keys.check(key.public_key(), b"abc", "zz")


def test_keys_passphrase_encrypts_the_private_key(tmp_path: Path) -> None:
    k = keys
    made = k.generate(tmp_path / "keys", passphrase="correct horse")
    assert k.is_encrypted(tmp_path / "keys")
    assert b"ENCRYPTED" in (tmp_path / "keys" / k.PRIVATE_NAME).read_bytes()
    loaded = k.load_private(tmp_path / "keys", lambda: "correct horse")
    assert k.public_hex(loaded.public_key()) == k.public_hex(made.public_key())


def test_keys_wrong_or_missing_passphrase_is_named(tmp_path: Path) -> None:
    k = keys
    k.generate(tmp_path / "keys", passphrase="correct horse")
    with pytest.raises(k.KeyError_, match="wrong passphrase"):
        k.load_private(tmp_path / "keys", lambda: "battery staple")
    with pytest.raises(k.KeyError_, match="encrypted"):
        k.load_private(tmp_path / "keys")


def test_keys_files_are_private_and_fingerprint_is_sha256_of_raw_key(tmp_path: Path) -> None:
    import hashlib

    k = keys
    key = k.generate(tmp_path / "keys")
    for name in (k.PRIVATE_NAME, k.PUBLIC_NAME):
        assert stat.S_IMODE((tmp_path / "keys" / name).stat().st_mode) == 0o600
    raw = bytes.fromhex(k.public_hex(key.public_key()))
    assert k.fingerprint(key.public_key()) == hashlib.sha256(raw).hexdigest()
