"""Tests for svidok.services.extraction: stored documents -> stored mentions + custody event."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from services.conftest import write
from svidok.db import custody as custody_db
from svidok.db.analysis import load_mentions
from svidok.services.case import Case, init_case
from svidok.services.extraction import extract_documents
from svidok.services.ingest import Overrides, ingest_paths
from svidok.services.verify import verify_case

REPORT = ("Russian soldiers held at least 12 civilians in a basement in Izium for 46 days, a witness said. "
          "Investigators later found the bodies of two men in the yard.\n")


@pytest.fixture
def stored(case: Case, tmp_path: Path) -> str:
    """One report ingested with extraction off (as `svidok add --no-extract`); returns its id."""
    f = write(tmp_path / "in" / "izium.txt", REPORT)
    report = ingest_paths(case, [f], Overrides(published=date(2022, 9, 20)), extract=False)
    assert report.failed == [] and len(report.added) == 1
    return report.added[0]


def test_extraction_stores_mentions_of_the_document(case: Case, stored: str) -> None:
    with case.begin() as conn:
        summary = extract_documents(conn, [stored])
    with case.connect() as conn:
        ms = load_mentions(conn, [stored])
    assert summary.documents == 1 and summary.mentions == len(ms) > 0
    assert ("detention", "Izium", 12, "at_least") in {
        (m.type, m.place.name if m.place else None, m.count, m.qualifier) for m in ms}


def test_extraction_appends_signed_extract_event(case: Case, stored: str) -> None:
    with case.begin() as conn:
        extract_documents(conn, [stored])
    with case.connect() as conn:
        events = custody_db.load_events(conn, action="extract")
    assert len(events) == 1
    ev = events[0]
    assert ev.object_hash == stored and ev.signature
    assert ev.details["extractor"] == "svidok.extract" and ev.details["mentions"] > 0
    assert "detention" in ev.details["types"]


def test_extraction_rerun_replaces_mentions(case: Case, stored: str) -> None:
    with case.begin() as conn:
        extract_documents(conn, [stored])
    with case.begin() as conn:
        extract_documents(conn, [stored])
    with case.connect() as conn:
        ids = [m.id for m in load_mentions(conn, [stored])]
    assert ids and len(ids) == len(set(ids))


def test_extraction_unknown_document_is_skipped(case: Case) -> None:
    missing = "0" * 64
    with case.begin() as conn:
        summary = extract_documents(conn, [missing])
    assert (summary.documents, summary.mentions, summary.skipped) == (0, 0, [missing])
    with case.connect() as conn:
        assert custody_db.load_events(conn, action="extract") == []


def test_extraction_custody_chain_verifies_after_extract(case: Case, stored: str) -> None:
    with case.begin() as conn:
        extract_documents(conn, [stored])
    result = verify_case(case)
    assert result.ok, result.problems
    assert result.events == 3  # init, add, extract


def test_extraction_in_case_commits_in_chunks_and_reports_progress(tmp_path: Path) -> None:
    from svidok.services.extraction import extract_in_case

    case = init_case(tmp_path / "chunked")
    folder = tmp_path / "chunked-in"
    folder.mkdir()
    for n in range(3):
        (folder / f"r{n}.txt").write_text(
            f"In the village of Hrakove, Chuhuiv district, soldiers detained {n + 2} men in a basement.\n"
        )
    report = ingest_paths(case, [folder], extract=False)
    seen: list[str] = []
    summary = extract_in_case(case, report.added, chunk=2, progress=lambda n, name: seen.append(name))
    with case.connect() as conn:
        stored = load_mentions(conn, report.added)
    case.close()
    assert summary.documents == 3 and len(seen) == 3 and {m.document_id for m in stored} == set(report.added)
