"""`svidok init --db postgresql+psycopg://...`, add, verify, export: same results as on SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from batch.reports import write_reports
from postgres.conftest import export_json, incidents_view, svidok

pytestmark = pytest.mark.postgres


def _flow(tmp: Path, reports: Path, db: str | None) -> dict[str, object]:
    case = tmp / "case"
    svidok("init", case, *(["--db", db] if db else []))
    svidok("--case", case, "add", reports)
    verified = json.loads(svidok("--case", case, "verify", "--json").stdout)
    return {"verify": verified, "export": export_json(case, tmp / "export.json")}


def test_flow_postgres_matches_sqlite(tmp_path: Path, pg_url: str) -> None:
    reports = write_reports(tmp_path / "reports")
    pg = _flow(tmp_path / "pg", reports, pg_url)
    lite = _flow(tmp_path / "lite", reports, None)
    settings = json.loads((tmp_path / "pg" / "case" / "case.json").read_text(encoding="utf-8"))
    assert settings["db_url"] == pg_url  # the case really lives in PostgreSQL
    assert not (tmp_path / "pg" / "case" / "case.db").exists()
    assert pg["verify"]["ok"] and pg["verify"]["documents"] == 8  # type: ignore[index]
    pg_export, lite_export = pg["export"], lite["export"]
    assert sorted(d["id"] for d in pg_export["documents"]) == sorted(  # type: ignore[index]
        d["id"] for d in lite_export["documents"])  # type: ignore[index]
    assert incidents_view(pg_export)  # type: ignore[arg-type]
    assert incidents_view(pg_export) == incidents_view(lite_export)  # type: ignore[arg-type]
