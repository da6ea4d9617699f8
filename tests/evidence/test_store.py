from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest

from svidok.evidence.store import ObjectStore, StoreError


def test_store_put_returns_sha256_and_shards_path(tmp_path: Path) -> None:
    store = ObjectStore(tmp_path)
    sha = store.put(b"report body")
    assert sha == hashlib.sha256(b"report body").hexdigest()
    assert store.path(sha) == tmp_path / sha[:2] / sha[2:]
    assert store.get(sha) == b"report body"


def test_store_object_is_read_only(tmp_path: Path) -> None:
    store = ObjectStore(tmp_path)
    mode = stat.S_IMODE(os.stat(store.path(store.put(b"x"))).st_mode)
    assert mode == 0o444


def test_store_put_never_overwrites_existing_object(tmp_path: Path) -> None:
    store = ObjectStore(tmp_path)
    sha = store.put(b"original")
    before = os.stat(store.path(sha))
    assert store.put(b"original") == sha
    after = os.stat(store.path(sha))
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_store_leaves_no_temporary_files(tmp_path: Path) -> None:
    store = ObjectStore(tmp_path)
    sha = store.put(b"a")
    store.put(b"a")
    assert [p.name for p in store.path(sha).parent.iterdir()] == [sha[2:]]


def test_store_verify_detects_flipped_byte(tmp_path: Path) -> None:
    store = ObjectStore(tmp_path)
    sha = store.put(b"abcdef")
    path = store.path(sha)
    os.chmod(path, 0o644)
    path.write_bytes(b"abcdeg")
    assert store.verify(sha) is not None and "hashes to" in store.verify(sha)  # type: ignore[operator]


def test_store_verify_reports_missing_object(tmp_path: Path) -> None:
    assert ObjectStore(tmp_path).verify("a" * 64) == "missing"


def test_store_rejects_names_that_are_not_sha256(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a SHA-256"):
        ObjectStore(tmp_path).path("../../etc/passwd")


def test_store_get_missing_raises_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="missing"):
        ObjectStore(tmp_path).get("b" * 64)


def test_store_iter_hashes_lists_objects_only(tmp_path: Path) -> None:
    store = ObjectStore(tmp_path)
    shas = {store.put(b"one"), store.put(b"two")}
    (tmp_path / shas.copy().pop()[:2] / ".tmp-abandoned").write_bytes(b"partial")
    assert set(store.iter_hashes()) == shas
