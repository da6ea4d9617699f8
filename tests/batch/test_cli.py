"""`svidok batch` through Typer, registered on an app with the real root callback (--case)."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from batch.reports import REPORTS, write_reports
from svidok.cli.batch import register
from svidok.cli.main import main as root_callback
from svidok.services.case import init_case, open_case, overview


def _app() -> typer.Typer:
    app = typer.Typer()
    app.callback()(root_callback)
    register(app)
    return app


def test_cli_batch_local_adds_and_links(tmp_path: Path) -> None:
    names = list(REPORTS)[:3]
    reports = write_reports(tmp_path / "reports", names)
    init_case(tmp_path / "case", actor="tester").close()
    result = CliRunner().invoke(_app(), ["--case", str(tmp_path / "case"), "batch", str(reports),
                                         "--local", "1", "--chunk", "2"])
    assert result.exit_code == 0, result.output
    assert "added 3," in result.output
    case = open_case(tmp_path / "case")
    counts = overview(case)
    case.close()
    assert counts["documents"] == 3 and counts["incidents"] > 0


def test_cli_batch_rejects_both_cluster_options(tmp_path: Path) -> None:
    init_case(tmp_path / "case", actor="tester").close()
    result = CliRunner().invoke(_app(), ["--case", str(tmp_path / "case"), "batch", str(tmp_path),
                                         "--local", "1", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 1
    assert "either --scheduler or --local" in result.output
