"""`svidok package` and `svidok verify-package` on a real case built from the bundled samples."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from services.package_kit import flipped, members, sample_case, standalone
from svidok.cli.main import app
from svidok.services import chromium

runner = CliRunner()


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("cli-package") / "case"
    sample_case(root).close()
    yield root


@pytest.fixture(scope="module")
def package(case_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out") / "detention.zip"
    res = runner.invoke(app, ["--case", str(case_dir), "package", "--type", "detention", "-o", str(out)])
    assert res.exit_code == 0, res.output
    return out


def test_package_command_writes_a_package_of_the_filtered_incidents(package: Path) -> None:
    manifest = json.loads(members(package)["manifest.json"])
    data = json.loads(members(package)["data/incidents.json"])
    assert manifest["incidents"] and {i["type"] for i in data["incidents"]} == {"detention"}
    assert manifest["filters"] == {"type": "detention"}


def test_package_command_summary_names_the_file_and_its_hash(case_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "one.zip"
    first = json.loads(runner.invoke(app, ["--case", str(case_dir), "incidents", "--json"]).stdout)[0]["id"]
    res = runner.invoke(app, ["--case", str(case_dir), "package", first[:10], "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert f"package {out}: 1 incident, 1 originals" in res.output and "sha256 " in res.output
    assert json.loads(members(out)["manifest.json"])["incidents"] == [first]


def test_verify_package_command_ok_and_names_a_flipped_file(package: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["verify-package", str(package)])
    assert res.exit_code == 0 and "OK: " in res.output, res.output
    original = next(n for n in members(package) if n.startswith("originals/"))
    bad = runner.invoke(app, ["verify-package", str(flipped(package, original, tmp_path / "bad.zip"))])
    assert bad.exit_code == 1 and f"FAIL {original}: SHA-256 does not match the manifest" in bad.output


def test_verify_package_command_json(package: Path) -> None:
    res = runner.invoke(app, ["verify-package", str(package), "--json"])
    body = json.loads(res.stdout)
    assert res.exit_code == 0 and body["ok"] is True and body["failures"] == [] and body["originals"] >= 1


def test_verify_package_command_not_a_zip(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip")
    res = runner.invoke(app, ["verify-package", str(junk)])
    assert res.exit_code == 1 and f"FAIL {junk}: cannot be read as a package" in res.output


def test_package_standalone_script_in_the_unpacked_folder(package: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(package) as zf:
        zf.extractall(tmp_path)
    run = standalone(tmp_path / "verify.py", cwd=tmp_path)
    assert run.returncode == 0 and "OK: " in run.stdout, run.stdout + run.stderr


def test_package_command_without_selection_is_one_line_error(case_dir: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["--case", str(case_dir), "package", "-o", str(tmp_path / "p.zip")])
    assert res.exit_code == 1 and "give incident ids, a filter" in res.output
    assert not (tmp_path / "p.zip").exists()


def test_package_command_warns_when_there_is_no_chromium(case_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "p.zip"
    res = runner.invoke(app, ["--case", str(case_dir), "package", "--type", "pillage", "-o", str(out)],
                        env={chromium.ENV: str(tmp_path / "absent")})
    assert res.exit_code == 0, res.output
    assert "warning: no PDF dossier in the package" in res.stderr and "absent" in res.stderr
    assert "dossier/dossier.pdf" not in members(out) and "dossier/dossier.html" in members(out)


def test_package_command_help_has_an_example() -> None:
    for command in ("package", "verify-package"):
        res = runner.invoke(app, [command, "--help"])
        assert res.exit_code == 0 and "Example: svidok" in res.output
