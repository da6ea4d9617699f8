from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from svidok.cli.main import app
from svidok.db import analysis
from svidok.services import review
from svidok.services.case import open_case

runner = CliRunner()
REPORT = (
    "Police in Kharkiv region said on Tuesday that Russian soldiers had held 30 residents of "
    "Balakliia in the basement of the town's police station for six weeks.\n\n"
    "Former detainees said they were beaten during interrogations.\n"
)


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    case = tmp_path / "case"
    assert runner.invoke(app, ["init", str(case)]).exit_code == 0
    report = tmp_path / "in" / "balakliia.txt"
    report.parent.mkdir()
    report.write_text(REPORT)
    added = runner.invoke(app, ["--case", str(case), "add", str(report), "--published", "2022-09-20"])
    assert added.exit_code == 0, added.output
    return case


def _incidents(case_dir: Path) -> dict[str, str]:
    case = open_case(case_dir)
    try:
        with case.connect() as conn:
            return {i.id: i.status for i in analysis.load_incidents(conn)}
    finally:
        case.close()


def test_extract_rerun_keeps_incident_ids(case_dir: Path) -> None:
    before = _incidents(case_dir)
    result = runner.invoke(app, ["--case", str(case_dir), "extract"])
    assert result.exit_code == 0, result.output
    assert before and _incidents(case_dir).keys() == before.keys()


def test_extract_rerun_keeps_human_review(case_dir: Path) -> None:
    target = sorted(_incidents(case_dir))[0]
    case = open_case(case_dir)
    try:
        with case.begin() as conn:
            review.confirm(conn, target, "anna", "checked against the police statement")
    finally:
        case.close()
    assert runner.invoke(app, ["--case", str(case_dir), "extract"]).exit_code == 0
    assert _incidents(case_dir)[target] == "confirmed"


def test_extract_rerun_leaves_a_verifiable_case(case_dir: Path) -> None:
    assert runner.invoke(app, ["--case", str(case_dir), "extract"]).exit_code == 0
    assert runner.invoke(app, ["--case", str(case_dir), "verify"]).exit_code == 0


def test_extract_failing_document_is_named_without_traceback(case_dir: Path, tmp_path: Path) -> None:
    from breaker import MARKER, breaking_extractor

    bad = tmp_path / "in" / "bad.txt"
    bad.write_text(f"{MARKER}\n{REPORT}")
    assert runner.invoke(app, ["--case", str(case_dir), "add", str(bad), "--no-extract"]).exit_code == 0
    with breaking_extractor():
        result = runner.invoke(app, ["--case", str(case_dir), "extract"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert f"{bad}: extraction failed: test_breaks_on_marker refused the text" in result.output
    assert "extracted" in result.output and "Traceback" not in result.output


def test_extract_rerun_on_an_unchanged_case_relinks_every_mention_as_before(tmp_path: Path) -> None:
    """The issue's case: `extract` on an unchanged case left 3 of 75 mentions linked and text
    search found nothing. Now the incidents and every link are what they were."""
    from importlib.resources import files

    from svidok.services.linking import outcome

    samples = sorted((Path(str(files("svidok.data"))) / "samples").glob("*.txt"))[:5]
    case = tmp_path / "case"
    assert runner.invoke(app, ["init", str(case)]).exit_code == 0
    assert runner.invoke(app, ["--case", str(case), "add", *map(str, samples)]).exit_code == 0

    def state() -> object:
        opened = open_case(case)
        try:
            with opened.connect() as conn:
                return outcome(conn)
        finally:
            opened.close()

    before = state()
    assert runner.invoke(app, ["--case", str(case), "extract"]).exit_code == 0
    after = state()
    assert after == before and all(owner is not None for *_, owner in after.links)  # type: ignore[attr-defined]
    found = runner.invoke(app, ["--case", str(case), "incidents", "--json", "--text", "cellars"])
    assert found.exit_code == 0 and '"id": "inc-' in found.output
def test_extract_rerun_names_unsupported_languages(case_dir: Path, tmp_path: Path) -> None:
    it = tmp_path / "in" / "it.txt"
    it.parent.mkdir(parents=True, exist_ok=True)
    it.write_text("Le truppe hanno detenuto almeno sette civili nel seminterrato della scuola del villaggio.",
                  encoding="utf-8")
    assert runner.invoke(app, ["--case", str(case_dir), "add", str(it)]).exit_code == 0
    result = runner.invoke(app, ["--case", str(case_dir), "extract"])
    assert result.exit_code == 0, result.output
    assert "language not supported for extraction: 1 documents (it 1)" in result.output
