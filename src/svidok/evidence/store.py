"""Content-addressed object store: objects/ab/cdef... named by the SHA-256 of their bytes.

Objects are written atomically (temp file in the same directory, fsync, rename, fsync the
directory), made read-only, and never overwritten.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20


class StoreError(Exception):
    """An object that is missing, malformed or does not hash to its name."""


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class ObjectStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, sha: str) -> Path:
        if not _HEX64.match(sha):
            raise StoreError(f"{sha!r}: not a SHA-256 hex digest")
        return self.root / sha[:2] / sha[2:]

    def put(self, data: bytes) -> str:
        """Store `data`; return its SHA-256. An existing object is left untouched."""
        sha = sha256_bytes(data)
        target = self.path(sha)
        if target.exists():
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o444)
            if target.exists():  # another writer won the race with the same bytes
                os.unlink(tmp)
                return sha
            os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        _fsync_dir(target.parent)
        return sha

    def exists(self, sha: str) -> bool:
        return self.path(sha).is_file()

    def get(self, sha: str) -> bytes:
        try:
            return self.path(sha).read_bytes()
        except FileNotFoundError as exc:
            raise StoreError(f"object {sha}: missing") from exc

    def open(self, sha: str) -> BinaryIO:
        try:
            return open(self.path(sha), "rb")
        except FileNotFoundError as exc:
            raise StoreError(f"object {sha}: missing") from exc

    def verify(self, sha: str) -> str | None:
        """Return None if the object exists and hashes to its name, else a one-line reason."""
        path = self.path(sha)
        if not path.is_file():
            return "missing"
        actual = sha256_file(path)
        if actual != sha:
            return f"content hashes to {actual}"
        return None

    def iter_hashes(self) -> Iterator[str]:
        """Every object name on disk (temp files of interrupted writes are skipped)."""
        if not self.root.is_dir():
            return
        for sub in sorted(self.root.iterdir()):
            if not sub.is_dir() or len(sub.name) != 2:
                continue
            for obj in sorted(sub.iterdir()):
                name = sub.name + obj.name
                if _HEX64.match(name):
                    yield name
