"""Suite-wide hooks: the backend switch of tests/backend.py (SVIDOK_TEST_DB=sqlite|postgresql)."""

from __future__ import annotations

import pytest

import backend

_PG_ERROR = backend.activate()


def pytest_report_header(config: pytest.Config) -> str:
    return f"svidok cases on: {backend.BACKEND}" + (f" ({_PG_ERROR})" if _PG_ERROR else "")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _PG_ERROR:
        skip = pytest.mark.skip(reason=_PG_ERROR)
        for item in items:
            item.add_marker(skip)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    backend.cleanup()
