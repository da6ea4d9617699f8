"""`svidok protect list|add|remove` on a real case directory."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from svidok.cli.main import app
from svidok.services.case import init_case, open_case
from svidok.services.custody_log import list_events

runner = CliRunner()


def _case(tmp_path: Path) -> str:
    init_case(tmp_path / "case", actor="tester").close()
    return str(tmp_path / "case")


def test_protect_add_list_remove_roundtrip(tmp_path: Path) -> None:
    case = _case(tmp_path)
    added = runner.invoke(app, ["--case", case, "protect", "add", "Olena Kovalenko", "--why", "witness"])
    assert added.exit_code == 0, added.output
    listed = runner.invoke(app, ["--case", case, "protect", "list"])
    assert all(w in listed.output for w in ("Olena Kovalenko", "O. Kovalenko", "witness"))
    removed = runner.invoke(app, ["--case", case, "protect", "remove", "Olena Kovalenko", "--why", "typo"])
    assert removed.exit_code == 0, removed.output
    assert "Olena Kovalenko" not in runner.invoke(app, ["--case", case, "protect", "list"]).output
    c = open_case(case)
    try:
        assert [e.action for e in list_events(c)][-2:] == ["protect_add", "protect_remove"]
    finally:
        c.close()


def test_protect_remove_unknown_name_fails_cleanly(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--case", _case(tmp_path), "protect", "remove", "Nobody", "--why", "x"])
    assert result.exit_code == 1 and "not on the register" in result.output


def test_protect_every_command_help_has_an_example() -> None:
    for name in ("list", "add", "remove"):
        result = runner.invoke(app, ["protect", name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, name
