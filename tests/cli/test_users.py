"""`svidok user` with the reviewer-external role, token and throttle commands, and
`svidok share|unshare|shares`, in process on real cases (the web fixture reports, really
extracted)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from svidok.cli.main import app
from svidok.services import logins, sharing
from svidok.services.case import Case, open_case
from svidok.services.custody_log import list_events
from svidok.services.users import get_user
from web.casebuild import build_template, copy_case

runner = CliRunner()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("clicase"))


@pytest.fixture
def case(template: Path, tmp_path: Path) -> Iterator[Case]:
    c = copy_case(template, tmp_path / "case")
    yield c
    c.close()


def _cli(case: Case, *args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, ["--case", str(case.root), *args], input=stdin)
    return result.exit_code, result.output


def _incident(case: Case, type_: str) -> str:
    from svidok.services.incidents import query

    with case.connect() as conn:
        return next(i.id for i in query(conn) if i.type == type_)


def test_users_add_reviewer_external(case: Case) -> None:
    code, out = _cli(case, "user", "add", "kyiv-team", "--role", "reviewer-external", "--password-stdin",
                     stdin="partner-pass-1\n")
    assert code == 0 and "added user kyiv-team (reviewer-external)" in out
    with case.connect() as conn:
        user = get_user(conn, "kyiv-team")
    assert user is not None and user.role == "reviewer-external"


def test_users_add_unknown_role_names_the_roles(case: Case) -> None:
    code, out = _cli(case, "user", "add", "x", "--role", "guest", "--password-stdin", stdin="whatever-1\n")
    assert code == 1 and "reviewer-external" in out


def test_users_share_and_unshare_by_prefix_as_custody_events(case: Case) -> None:
    inc = _incident(case, "detention")
    code, out = _cli(case, "share", inc[:8], "--with", "rex")
    assert code == 0 and f"shared {inc} with rex" in out
    with case.connect() as conn:
        assert sharing.scope_of(conn, "rex").incidents == {inc}
    code, out = _cli(case, "shares")
    assert code == 0 and out.split()[:2] == ["rex", inc]
    code, out = _cli(case, "unshare", inc, "--with", "rex")
    assert code == 0 and f"withdrew {inc} from rex" in out
    assert [e.details for e in list_events(case, action="share")] == [{"incident": inc, "user": "rex"}]
    assert [e.details for e in list_events(case, action="unshare")] == [{"incident": inc, "user": "rex"}]


def test_users_share_refuses_in_house_roles_and_unknown_incidents(case: Case) -> None:
    inc = _incident(case, "detention")
    code, out = _cli(case, "share", inc, "--with", "vic")
    assert code == 1 and "share only with reviewer-external users" in out
    code, out = _cli(case, "share", inc, "inc-ffffffffffff", "--with", "rex")
    assert code == 1 and "inc-ffffffffffff: no such incident" in out
    with case.connect() as conn:
        assert sharing.scope_of(conn, "rex").incidents == frozenset()  # nothing half-done


def test_users_unshare_of_unshared_incident_is_an_error(case: Case) -> None:
    code, out = _cli(case, "unshare", _incident(case, "detention"), "--with", "rex")
    assert code == 1 and "not shared with rex" in out


def test_users_share_commands_help_has_an_example() -> None:
    for name in ("share", "unshare", "shares"):
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, name


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    case = tmp_path / "case"
    assert runner.invoke(app, ["init", str(case)]).exit_code == 0
    added = runner.invoke(app, ["--case", str(case), "user", "add", "olena", "--role", "analyst",
                                "--password-stdin"], input="correct horse battery\n")
    assert added.exit_code == 0, added.output
    return case


def _user(case_dir: Path, *args: str) -> tuple[int, str]:
    r = runner.invoke(app, ["--case", str(case_dir), "user", *args])
    return r.exit_code, r.output


def test_users_tokens_lists_id_dates_and_state(case_dir: Path) -> None:
    code, out = _user(case_dir, "token", "olena", "--days", "30")
    token = out.splitlines()[0]
    assert code == 0 and token.startswith("svk_")
    code, out = _user(case_dir, "tokens", "olena")
    header, row = out.splitlines()
    assert code == 0 and header.split("\t") == ["id", "created", "expires", "last used", "state"]
    fields = row.split("\t")
    assert len(fields[0]) == 12 and fields[3] == "-" and fields[4] == "live" and token[4:] not in out


def test_users_revoke_by_id(case_dir: Path) -> None:
    _user(case_dir, "token", "olena")
    token_id = _user(case_dir, "tokens", "olena")[1].splitlines()[1].split("\t")[0]
    code, out = _user(case_dir, "revoke", token_id)
    assert code == 0 and f"revoked token {token_id} of olena" in out
    assert _user(case_dir, "tokens", "olena")[1].splitlines()[1].endswith("revoked")
    assert _user(case_dir, "revoke", "nope")[0] == 1


def test_users_throttles_shown_and_cleared(case_dir: Path) -> None:
    case = open_case(case_dir)
    try:
        with case.begin() as conn:
            for _ in range(6):
                logins.failed(conn, "olena", "203.0.113.4")
    finally:
        case.close()
    code, out = _user(case_dir, "throttles")
    assert code == 0 and "account\tolena\t6" in out and "client\t203.0.113.4\t6" in out
    assert "wrong_password" in out
    assert _user(case_dir, "unthrottle", "203.0.113.4")[0] == 0
    assert _user(case_dir, "unthrottle", "olena")[0] == 0
    assert "olena\t6" not in _user(case_dir, "throttles")[1]
    assert _user(case_dir, "unthrottle", "olena")[0] == 1


def test_users_set_lang_sets_the_interface_language(case: Case) -> None:
    code, output = _cli(case, "user", "set-lang", "vic", "uk")
    assert code == 0 and "vic: interface language uk" in output
    with case.connect() as conn:
        user = get_user(conn, "vic")
    assert user is not None and user.language == "uk"
    rows = [line.split() for line in _cli(case, "user", "list")[1].splitlines()]
    assert ["vic", "viewer", "active", "uk"] in rows


def test_users_set_lang_refuses_a_language_without_catalogue(case: Case) -> None:
    code, output = _cli(case, "user", "set-lang", "vic", "pl")
    assert code == 1 and "the interface speaks en, uk" in output
