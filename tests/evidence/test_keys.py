from __future__ import annotations

import os
import stat
from pathlib import Path

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
