from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svidok.cli.main import app

runner = CliRunner()
TELEGRAM = Path(__file__).resolve().parents[1] / "fixtures" / "telegram"


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("docs") / "case"
    assert runner.invoke(app, ["init", str(root)]).exit_code == 0
    italian = tmp_path_factory.mktemp("it") / "it.txt"
    italian.write_text("I militari hanno trattenuto almeno sette civili nella cantina di una scuola.",
                       encoding="utf-8")
    added = runner.invoke(app, ["--case", str(root), "add", str(TELEGRAM / "oblast_channel"), str(italian)])
    assert added.exit_code == 0, added.output
    return root


def test_documents_lists_language_and_flags_unsupported(case_dir: Path) -> None:
    result = runner.invoke(app, ["--case", str(case_dir), "documents"])
    assert result.exit_code == 0
    assert result.output.count("unsupported (it)") == 1 and result.output.count("extracted") == 3
    assert "4 documents; 1 in a language not supported for extraction" in result.output


def test_documents_json_filters_by_language(case_dir: Path) -> None:
    result = runner.invoke(app, ["--case", str(case_dir), "documents", "--lang", "en", "--json"])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["language"], r["extraction_status"], r["part"]) for r in rows] == [
        ("en", "extracted", "telegram:1700000001:6")]


def test_documents_unsupported_only(case_dir: Path) -> None:
    result = runner.invoke(app, ["--case", str(case_dir), "documents", "--unsupported", "--json"])
    assert [json.loads(line)["extraction_status"] for line in result.stdout.splitlines()] == [
        "unsupported_language: it"]


def test_documents_help_has_an_example() -> None:
    result = runner.invoke(app, ["documents", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
