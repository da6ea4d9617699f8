"""A case at rest: private folder and files, and checking without the private key."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from backend import sqlite_init_case
from services.conftest import write
from svidok.evidence import keys
from svidok.services import tree_head
from svidok.services.case import Case, CaseError, open_case
from svidok.services.ingest import ingest_paths
from svidok.services.verify import verify_case


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_case_at_rest_folder_database_and_keys_are_private(tmp_path: Path) -> None:
    case = sqlite_init_case(tmp_path / "case")
    case.close()
    root = tmp_path / "case"
    assert _mode(root) == 0o700 and _mode(root / "objects") == 0o700 and _mode(root / "keys") == 0o700
    for name in ("case.db", "keys/case_ed25519.pem", "keys/case_ed25519.pub.pem", tree_head.RECORD):
        assert _mode(root / name) == 0o600, name


def test_case_at_rest_verify_needs_no_private_key(tmp_path: Path) -> None:
    sqlite_init_case(tmp_path / "case").close()
    (tmp_path / "case" / "keys" / keys.PRIVATE_NAME).unlink()
    case = open_case(tmp_path / "case", load_key=False)
    try:
        assert verify_case(case).ok
        with pytest.raises(CaseError, match="cannot load private key"):
            case.key  # noqa: B018  (signing is what needs it)
    finally:
        case.close()


def test_case_at_rest_encrypted_key_opens_with_env_passphrase(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from svidok.services.case import init_case

    init_case(tmp_path / "case", passphrase="correct horse").close()
    with pytest.raises(CaseError, match="encrypted"):
        open_case(tmp_path / "case")
    monkeypatch.setenv("SVIDOK_KEY_PASSPHRASE", "correct horse")
    open_case(tmp_path / "case").close()


def test_case_at_rest_tree_head_follows_every_committed_append(case: Case, tmp_path: Path) -> None:
    ingest_paths(case, [write(tmp_path / f"r{i}.txt", f"Report {i} on shelling.") for i in range(3)],
                 extract=False)
    recorded = tree_head.read_record(case.root)
    leaves = tree_head.leaf_hashes(case)
    assert recorded is not None and recorded.head.tree_size == len(leaves) == 4
    assert recorded.head.root_hash == tree_head.unsigned_head(leaves)[1]
