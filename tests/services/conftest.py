"""A fresh case per test (real SQLite file, real object store, real key)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from db.conftest import pg_schema  # noqa: F401  (shared PostgreSQL schema fixture)
from svidok.services.case import Case, init_case


@pytest.fixture
def case(tmp_path: Path) -> Iterator[Case]:
    c = init_case(tmp_path / "case", actor="tester")
    yield c
    c.close()


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return path
