"""Tests for svidok.services.extraction: stored documents -> stored mentions + custody event."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from services.conftest import write
from svidok.db import custody as custody_db
from svidok.db import repo
from svidok.db.analysis import load_mentions, mention_incidents
from svidok.db.tables import documents
from svidok.services.case import Case, init_case
from svidok.services.extraction import extract_documents, extract_in_case
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


def test_extraction_failing_document_fails_alone_and_named(case: Case, tmp_path: Path) -> None:
    from breaker import MARKER, breaking_extractor

    files = [write(tmp_path / "in" / "a.txt", REPORT),
             write(tmp_path / "in" / "bad.txt", f"{MARKER}\n{REPORT}"),
             write(tmp_path / "in" / "c.txt", REPORT.replace("Izium", "Balakliia"))]
    with breaking_extractor():
        report = ingest_paths(case, files, Overrides(published=date(2022, 9, 20)))
    assert report.failed == [(str(files[1]), "extraction failed: test_breaks_on_marker refused the text")]
    assert len(report.added) == 3 and len(report.processed) == 2
    with case.connect() as conn:
        homes = mention_incidents(conn)
        linked = {m.document_id for m in load_mentions(conn, report.processed) if homes.get(m.id or "")}
        extracted = custody_db.hashes_with_action(conn, "extract")
    assert linked == set(report.processed) and len(extracted & set(report.added)) == 2


def test_extraction_long_text_in_a_batch_with_a_normal_one(case: Case, tmp_path: Path) -> None:
    import hashlib

    blob = "\n\n".join(" ".join(hashlib.sha256(f"{i}-{j}".encode()).hexdigest() * 6 for j in range(10))
                       for i in range(320))
    long = write(tmp_path / "in" / "long.txt", REPORT + "\n\n" + blob + "\n\n" + REPORT)
    short = write(tmp_path / "in" / "short.txt", REPORT.replace("Izium", "Balakliia"))
    report = ingest_paths(case, [long, short], Overrides(published=date(2022, 9, 20)))
    assert report.failed == [] and len(report.processed) == 2
    with case.connect() as conn:
        from svidok.db import repo

        by_doc = {d: load_mentions(conn, [d]) for d in report.processed}
        texts = {d: repo.get_text(conn, d) for d in report.processed}
    long_id = next(d for d, t in texts.items() if t is not None and len(t.text) > 1_200_000)
    assert all(by_doc.values())
    assert max(m.evidence.start for m in by_doc[long_id]) > 1_200_000
    for d, ms in by_doc.items():
        text = texts[d].text  # type: ignore[union-attr]
        assert all(text[m.evidence.start:m.evidence.end] == m.evidence.text for m in ms)


IT_REPORT = ("I militari hanno trattenuto almeno sette civili nella cantina di una scuola. Gli investigatori "
             "hanno esaminato la cantina e trovato un elenco di nomi sul muro.")


def test_extraction_unsupported_language_is_flagged_with_an_event(case: Case, tmp_path: Path) -> None:
    f = write(tmp_path / "it.txt", IT_REPORT)
    doc_id = ingest_paths(case, [f], extract=False).added[0]
    summary = extract_in_case(case, [doc_id])
    with case.connect() as conn:
        doc = repo.get_document(conn, doc_id)
        event = custody_db.load_events(conn, action="extract")[-1]
    assert summary.unsupported == [(doc_id, "it")] and summary.failed == []
    assert doc is not None and doc.extraction_status == "unsupported_language: it"
    assert doc.unsupported_language == "it"
    assert event.details == {"extractor": "svidok.extract", "version": event.details["version"],
                             "mentions": 0, "types": [], "status": "unsupported_language: it"}


def test_extraction_rerun_clears_mentions_of_a_document_now_unsupported(case: Case, stored: str) -> None:
    extract_in_case(case, [stored])
    with case.connect() as conn:
        assert load_mentions(conn, [stored])
    with case.begin() as conn:  # its language is now known to be Italian (as --lang would give)
        conn.execute(documents.update().where(documents.c.id == stored).values(language="it",
                                                                               language_method="given"))
    extract_in_case(case, [stored])
    with case.connect() as conn:
        assert load_mentions(conn, [stored]) == []
        assert repo.get_document(conn, stored).extraction_status == "unsupported_language: it"  # type: ignore[union-attr]


def test_extraction_english_document_is_marked_extracted(case: Case, stored: str) -> None:
    extract_in_case(case, [stored])
    with case.connect() as conn:
        assert repo.get_document(conn, stored).extraction_status == "extracted"  # type: ignore[union-attr]
