from __future__ import annotations

from pathlib import Path

import pytest

from svidok.db.engine import DatabaseError, open_engine


def test_engine_sqlite_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() == 60000
    engine.dispose()


def test_engine_rejects_unsupported_url() -> None:
    with pytest.raises(DatabaseError, match="unsupported database"):
        open_engine("mysql://localhost/x")


def test_engine_rejects_malformed_url() -> None:
    with pytest.raises(DatabaseError, match="not a database URL"):
        open_engine("no url at all")
