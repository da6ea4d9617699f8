"""A fresh case per test (real SQLite file, real object store, real key)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Connection

from db.conftest import pg_schema  # noqa: F401  (shared PostgreSQL schema fixture)
from svidok.services.case import INFO_KEY, Case, init_case


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


@pytest.fixture(scope="module")
def module_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    """One case for a whole test module; tests keep it clean through `tx`."""
    c = init_case(tmp_path_factory.mktemp("case") / "c", actor="tester")
    yield c
    c.close()


@pytest.fixture
def tx(module_case: Case) -> Iterator[Connection]:
    """A connection of `module_case` inside a transaction that is rolled back after the test."""
    with module_case.engine.connect() as c:
        c.info[INFO_KEY] = module_case
        trans = c.begin()
        yield c
        trans.rollback()
