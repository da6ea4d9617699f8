"""Reading originals again: a Telegram export's messages from the preserved export (verify, repair,
originals download), and languages passed with what is read."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from backend import sqlite_init_case
from services.conftest import write
from svidok.db import custody, repo
from svidok.model import Unpacked
from svidok.services import originals
from svidok.services.case import Case, open_case
from svidok.services.ingest import ingest_paths
from svidok.services.reading import read_original, reread
from svidok.services.repair import repair_case
from svidok.services.verify import verify_case

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "telegram" / "oblast_channel" / "result.json"


@pytest.fixture
def tg_root(tmp_path: Path) -> Path:
    case = sqlite_init_case(tmp_path / "case", actor="tester")  # tests edit the SQLite file
    assert ingest_paths(case, [EXPORT]).ok
    case.close()
    return tmp_path / "case"


def _part_ids(root: Path) -> list[str]:
    with sqlite3.connect(root / "case.db") as db:
        return [r[0] for r in db.execute("SELECT id FROM documents WHERE part IS NOT NULL ORDER BY part")]


def test_reading_original_gives_parts_with_languages() -> None:
    found = read_original("svidok", EXPORT.read_bytes(), "result.json")
    assert isinstance(found, Unpacked)
    assert [p.language.code if p.language else None for p in found.parts] == ["uk", "uk", "en"]


def test_reading_original_given_language_applies_to_every_part() -> None:
    found = read_original("svidok", EXPORT.read_bytes(), "result.json", language="ru")
    assert isinstance(found, Unpacked)
    assert [(p.language.code, p.language.method) if p.language else None for p in found.parts] == [
        ("ru", "given")] * 3


def test_reading_plain_file_gives_text_and_language() -> None:
    read, lang = read_original("svidok", "Окупанти обстріляли лікарню в Куп'янську.".encode(), "r.txt")
    assert (read.text, lang.code) == ("Окупанти обстріляли лікарню в Куп'янську.", "uk")


def test_reading_part_again_from_its_original_is_identical(case: Case) -> None:
    ingest_paths(case, [EXPORT], extract=False)
    with case.connect() as conn:
        docs = repo.list_documents(conn)
        texts = {d.id: repo.get_text(conn, d.id) for d in docs}
    assert all(reread(case, d, d.filename) == texts[d.id] for d in docs)


def test_reading_telegram_case_verifies(tg_root: Path) -> None:
    case = open_case(tg_root)
    try:
        result = verify_case(case)
    finally:
        case.close()
    assert result.ok, [p.line() for p in result.problems]
    assert (result.documents, result.objects) == (3, 1)


def test_reading_part_moved_to_another_key_is_named_by_verify(tg_root: Path) -> None:
    first = _part_ids(tg_root)[0]
    with sqlite3.connect(tg_root / "case.db") as db:
        db.execute("UPDATE documents SET part = 'telegram:1700000001:6' WHERE id = ?", (first,))
    case = open_case(tg_root)
    try:
        result = verify_case(case)
    finally:
        case.close()
    assert any(p.kind == "document" and f"document {first} is not in its original" in p.message
               for p in result.problems)


def test_reading_repair_rereads_a_part_text_from_the_export(tg_root: Path) -> None:
    first = _part_ids(tg_root)[0]
    with sqlite3.connect(tg_root / "case.db") as db:
        db.execute("UPDATE texts SET text = 'altered' WHERE document_id = ?", (first,))
    case = open_case(tg_root)
    try:
        report = repair_case(case)
        with case.connect() as conn:
            text = repo.get_text(conn, first)
    finally:
        case.close()
    assert report.texts == [first] and report.texts_not_identical == []
    assert report.after is not None and report.after.ok
    assert text is not None and text.text.startswith("Поліція знайшла катівню")


def test_reading_original_download_of_a_message_is_the_whole_export(tg_root: Path) -> None:
    case = open_case(tg_root)
    try:
        doc, data = originals.download(case, _part_ids(tg_root)[0], "ana", "analyst")
        with case.connect() as conn:
            event = custody.load_events(conn, action="original_downloaded")[-1]
    finally:
        case.close()
    assert data == EXPORT.read_bytes()
    assert event.object_hash == hashlib.sha256(data).hexdigest() == doc.original_sha256
    assert event.details["document_id"] == doc.id


def test_reading_message_text_added_as_a_file_is_its_own_document(case: Case, tmp_path: Path) -> None:
    # the same words as a message, added as a plain file, are another original: both are kept
    ingest_paths(case, [EXPORT], extract=False)
    with case.connect() as conn:
        text = repo.get_text(conn, sorted(repo.document_ids(conn))[0])
    assert text is not None
    report = ingest_paths(case, [write(tmp_path / "copy.txt", text.text)], extract=False)
    assert len(report.added) == 1


def test_reading_repair_puts_a_moved_part_back(tg_root: Path) -> None:
    first = _part_ids(tg_root)[0]
    with sqlite3.connect(tg_root / "case.db") as db:
        db.execute("UPDATE documents SET part = 'telegram:1700000001:6' WHERE id = ?", (first,))
    case = open_case(tg_root)
    try:
        report = repair_case(case)
        with case.connect() as conn:
            doc = repo.get_document(conn, first)
    finally:
        case.close()
    assert report.metadata == [first] and report.after is not None and report.after.ok
    assert doc is not None and doc.part == "telegram:1700000001:2"
