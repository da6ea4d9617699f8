from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa

from db.conftest import pg_schema_url
from svidok.db import custody as custody_db
from svidok.services.case import Case, CaseError, init_case, open_case, overview


def test_case_init_creates_layout(case: Case) -> None:
    root = case.root
    assert json.loads((root / "case.json").read_text())["format"] == "svidok-case"
    assert (root / "objects").is_dir()
    assert (root / "case.db").is_file() == (case.engine.dialect.name == "sqlite")
    assert stat.S_IMODE(os.stat(root / "keys" / "case_ed25519.pem").st_mode) == 0o600
    assert (root / "keys" / "case_ed25519.pub.pem").is_file()


def test_case_init_records_signed_init_event(case: Case) -> None:
    with case.connect() as conn:
        events = custody_db.load_events(conn)
    assert [(e.seq, e.action, e.actor) for e in events] == [(1, "init", "tester")]


def test_case_init_refuses_existing_case(case: Case) -> None:
    with pytest.raises(CaseError, match="already a case"):
        init_case(case.root)


def test_case_open_without_settings_names_directory(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match=f"{tmp_path}: not a case"):
        open_case(tmp_path)


def test_case_open_without_any_case_given_explains(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SVIDOK_CASE", raising=False)
    with pytest.raises(CaseError, match="--case"):
        open_case(None)


def test_case_open_uses_svidok_case_env(case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVIDOK_CASE", str(case.root))
    opened = open_case()
    assert opened.root == case.root
    assert overview(opened)["events"] == 1
    opened.close()


def test_case_bad_settings_file_is_one_line_error(tmp_path: Path) -> None:
    (tmp_path / "case.json").write_text("{not json")
    with pytest.raises(CaseError, match="case.json: unreadable settings"):
        open_case(tmp_path)


@pytest.mark.postgres
def test_case_on_postgres_records_init(tmp_path: Path, pg_schema: str) -> None:
    schema = pg_schema + "_case"
    admin = sa.create_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    with admin.begin() as c:
        c.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        case = init_case(tmp_path / "pg", db_url=pg_schema_url(schema), actor="tester")
        assert case.engine.dialect.name == "postgresql"
        assert overview(case)["events"] == 1
        case.close()
        assert open_case(tmp_path / "pg").engine.dialect.name == "postgresql"
    finally:
        with admin.begin() as c:
            c.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()


def test_case_reader_is_not_blocked_by_open_write_transaction(case: Case) -> None:
    from concurrent.futures import ThreadPoolExecutor

    def read() -> int:
        return overview(case)["events"]

    with case.begin() as conn, ThreadPoolExecutor(1) as pool:
        custody_db.append_event(conn, case.key, "tester", "read")
        assert pool.submit(read).result(timeout=10) == 1  # snapshot from before the write
