from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend import sqlite_init_case
from services.conftest import write
from svidok.services.case import Case, init_case, open_case
from svidok.services.ingest import ingest_paths
from svidok.services.verify import verify_case

COLUMNS = ["seq", "at", "actor", "action", "object_hash", "details", "prev_hash", "hash", "signature"]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small finished case (3 documents, a duplicate) that each example copies and tampers with."""
    base = tmp_path_factory.mktemp("verify")
    case = sqlite_init_case(base / "case", actor="tester")  # the tests below edit the SQLite file
    files = [write(base / "in" / f"r{i}.txt", f"Report {i}: shelling hit the clinic in the town.")
             for i in range(3)]
    dup = write(base / "in" / "same-as-r0.txt", files[0].read_bytes())
    report = ingest_paths(case, [*files, dup], extract=False)
    assert report.ok and len(report.added) == 3
    case.close()
    return base / "case"


@pytest.fixture
def copy(template: Path) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield _copy(template, Path(tmp))


def _copy(template: Path, into: Path) -> Path:
    dest = into / "case"
    shutil.copytree(template, dest)
    return dest


def _verify(root: Path) -> object:
    case = open_case(root)
    try:
        return verify_case(case)
    finally:
        case.close()


def test_verify_clean_case_is_ok(copy: Path) -> None:
    result = _verify(copy)
    assert result.ok and result.events == 5 and result.objects == 3  # type: ignore[attr-defined]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(which=st.integers(0, 2), pos=st.integers(0, 10_000), bit=st.integers(0, 7))
def test_verify_detects_any_flipped_object_byte(template: Path, which: int, pos: int, bit: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = _copy(template, Path(tmp))
        objects = sorted(p for p in (root / "objects").rglob("*") if p.is_file())
        target = objects[which]
        data = bytearray(target.read_bytes())
        data[pos % len(data)] ^= 1 << bit
        os.chmod(target, 0o644)
        target.write_bytes(bytes(data))
        result = _verify(root)
        first = result.first  # type: ignore[attr-defined]
        assert not result.ok  # type: ignore[attr-defined]
        assert first.object_hash == target.parent.name + target.name and first.seq is not None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seq=st.integers(1, 5), column=st.sampled_from(COLUMNS), pos=st.integers(0, 200),
       char=st.characters(codec="utf-8", exclude_characters="\x00"))
def test_verify_detects_any_edited_custody_column(template: Path, seq: int, column: str, pos: int,
                                                  char: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = _copy(template, Path(tmp))
        db = sqlite3.connect(root / "case.db")
        (old,) = db.execute(f"SELECT {column} FROM custody_events WHERE seq = ?", (seq,)).fetchone()
        if column == "seq":
            new: object = old + 1000
        else:
            text = old or ""
            i = pos % (len(text) + 1)
            new = text[:i] + char + text[i + 1:]
            if new == text:
                new = text + char
        db.execute(f"UPDATE custody_events SET {column} = ? WHERE seq = ?", (new, seq))
        db.commit()
        db.close()
        result = _verify(root)
        assert not result.ok  # type: ignore[attr-defined]
        assert result.first.seq is not None  # type: ignore[attr-defined]


def test_verify_names_first_broken_seq(copy: Path) -> None:
    db = sqlite3.connect(copy / "case.db")
    db.execute("UPDATE custody_events SET actor = 'mallory' WHERE seq IN (3, 4)")
    db.commit()
    db.close()
    result = _verify(copy)
    assert result.first.seq == 3  # type: ignore[attr-defined]


def test_verify_detects_removed_last_event(copy: Path) -> None:
    db = sqlite3.connect(copy / "case.db")
    db.execute("DELETE FROM custody_events WHERE seq = 5")
    db.commit()
    db.close()
    result = _verify(copy)
    assert not result.ok and result.first.kind == "head"  # type: ignore[attr-defined]


def test_verify_detects_document_without_add_event(copy: Path) -> None:
    db = sqlite3.connect(copy / "case.db")
    db.execute("UPDATE custody_events SET action = 'read' WHERE seq = 2")
    db.commit()
    db.close()
    kinds = {p.kind for p in _verify(copy).problems}  # type: ignore[attr-defined]
    assert "document" in kinds


def test_verify_detects_missing_object(copy: Path) -> None:
    victim = next(p for p in (copy / "objects").rglob("*") if p.is_file())
    victim.unlink()
    first = _verify(copy).first  # type: ignore[attr-defined]
    assert first.kind == "object" and "missing" in first.message


def test_verify_detects_replaced_key(copy: Path) -> None:
    shutil.rmtree(copy / "keys")
    from svidok.evidence import keys

    keys.generate(copy / "keys")
    assert not _verify(copy).ok  # type: ignore[attr-defined]


def test_verify_warns_about_orphan_object(case: Case) -> None:
    case.store.put(b"bytes stored just before a crash")
    result = verify_case(case)
    assert result.ok and len(result.warnings) == 1


@pytest.mark.postgres
def test_verify_case_on_postgres_detects_edit(tmp_path: Path, pg_schema: str) -> None:
    import sqlalchemy as sa

    from db.conftest import PG_URL, pg_schema_url

    schema = pg_schema + "_verify"
    admin = sa.create_engine(PG_URL)
    with admin.begin() as c:
        c.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        case = init_case(tmp_path / "pg", db_url=pg_schema_url(schema), actor="tester")
        ingest_paths(case, [write(tmp_path / "r.txt", "Shelling hit the clinic, officials said.")],
                     extract=False)
        assert verify_case(case).ok
        with case.engine.begin() as c:
            c.exec_driver_sql("UPDATE custody_events SET actor = 'mallory' WHERE seq = 2")
        first = verify_case(case).first
        case.close()
        assert first is not None and first.seq == 2
    finally:
        with admin.begin() as c:
            c.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        admin.dispose()
