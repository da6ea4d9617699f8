"""`svidok user` token and throttle commands on a real case."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from svidok.cli.main import app
from svidok.services import logins
from svidok.services.case import open_case

runner = CliRunner()


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    case = tmp_path / "case"
    assert runner.invoke(app, ["init", str(case)]).exit_code == 0
    added = runner.invoke(app, ["--case", str(case), "user", "add", "olena", "--role", "analyst",
                                "--password-stdin"], input="correct horse battery\n")
    assert added.exit_code == 0, added.output
    return case


def _cli(case_dir: Path, *args: str) -> tuple[int, str]:
    r = runner.invoke(app, ["--case", str(case_dir), "user", *args])
    return r.exit_code, r.output


def test_users_tokens_lists_id_dates_and_state(case_dir: Path) -> None:
    code, out = _cli(case_dir, "token", "olena", "--days", "30")
    token = out.splitlines()[0]
    assert code == 0 and token.startswith("svk_")
    code, out = _cli(case_dir, "tokens", "olena")
    header, row = out.splitlines()
    assert code == 0 and header.split("\t") == ["id", "created", "expires", "last used", "state"]
    fields = row.split("\t")
    assert len(fields[0]) == 12 and fields[3] == "-" and fields[4] == "live" and token[4:] not in out


def test_users_revoke_by_id(case_dir: Path) -> None:
    _cli(case_dir, "token", "olena")
    token_id = _cli(case_dir, "tokens", "olena")[1].splitlines()[1].split("\t")[0]
    code, out = _cli(case_dir, "revoke", token_id)
    assert code == 0 and f"revoked token {token_id} of olena" in out
    assert _cli(case_dir, "tokens", "olena")[1].splitlines()[1].endswith("revoked")
    assert _cli(case_dir, "revoke", "nope")[0] == 1


def test_users_throttles_shown_and_cleared(case_dir: Path) -> None:
    case = open_case(case_dir)
    try:
        with case.begin() as conn:
            for _ in range(6):
                logins.failed(conn, "olena", "203.0.113.4")
    finally:
        case.close()
    code, out = _cli(case_dir, "throttles")
    assert code == 0 and "account\tolena\t6" in out and "client\t203.0.113.4\t6" in out
    assert "wrong_password" in out
    assert _cli(case_dir, "unthrottle", "203.0.113.4")[0] == 0
    assert _cli(case_dir, "unthrottle", "olena")[0] == 0
    assert "olena\t6" not in _cli(case_dir, "throttles")[1]
    assert _cli(case_dir, "unthrottle", "olena")[0] == 1
