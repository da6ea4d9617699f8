"""The tamper suite of issue 12: each attack on a copy of one real case (sample reports, real
extraction and linking, one review), and what verify must say about it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from backend import sqlite_init_case
from svidok.evidence import custody, keys
from svidok.services import tree_head
from svidok.services.anchor import write_anchor
from svidok.services.case import CaseError, open_case
from svidok.services.ingest import ingest_paths
from svidok.services.repair import RepairError, repair_case
from svidok.services.review import confirm
from svidok.services.verify import VerifyResult, verify_case

SAMPLES = Path(str(files("svidok.data"))) / "samples"


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("tamper")
    case = sqlite_init_case(base / "case", actor="tester")  # the attacks edit the SQLite file
    assert ingest_paths(case, sorted(SAMPLES.glob("*.txt"))[:6]).ok
    with case.begin() as conn:
        inc = conn.exec_driver_sql("SELECT id FROM incidents ORDER BY id LIMIT 1").scalar_one()
        confirm(conn, inc, "tester", "checked against the source")
    write_anchor(case, base / "anchor.json")
    case.close()
    return base


@pytest.fixture
def root(template: Path, tmp_path: Path) -> Path:
    shutil.copytree(template / "case", tmp_path / "case")
    shutil.copy(template / "anchor.json", tmp_path / "anchor.json")
    return tmp_path / "case"


def _verify(root: Path, *anchors: Path) -> VerifyResult:
    case = open_case(root, load_key=False)
    try:
        return verify_case(case, anchors)
    finally:
        case.close()


def _sql(root: Path, *statements: str) -> None:
    db = sqlite3.connect(root / "case.db")
    for statement in statements:
        db.execute(statement)
    db.commit()
    db.close()


def _one(root: Path, query: str) -> Any:
    db = sqlite3.connect(root / "case.db")
    try:
        return db.execute(query).fetchone()[0]
    finally:
        db.close()


def _messages(result: VerifyResult, kind: str) -> list[str]:
    return [p.message for p in result.problems if p.kind == kind]


def rewrite_log(root: Path, key: Ed25519PrivateKey,
                mutate: Callable[[int, str, dict[str, Any]], dict[str, Any]] | None = None) -> None:
    """What a key holder (or a thief with a fresh key) can do: re-sign the whole log, head and
    tree head included, so that the case on its own verifies."""
    db = sqlite3.connect(root / "case.db")
    rows = db.execute("SELECT seq, at, actor, action, object_hash, details FROM custody_events "
                      "ORDER BY seq").fetchall()
    prev = custody.GENESIS
    for seq, at, actor, action, obj, details in rows:
        d = json.loads(details)
        if seq == 1:
            d["public_key"] = keys.public_hex(key.public_key())
        if mutate is not None:
            d = mutate(seq, action, d)
        ev = custody.make_event(key, seq, prev, actor, action, obj, d, datetime.fromisoformat(at))
        db.execute("UPDATE custody_events SET details=?, prev_hash=?, hash=?, signature=? WHERE seq=?",
                   (ev["details"], ev["prev_hash"], ev["hash"], ev["signature"], seq))
        prev = ev["hash"]
    db.execute("UPDATE chain_head SET hash=? WHERE id=1", (prev,))
    db.commit()
    db.close()
    shutil.rmtree(root / "keys")
    (root / "keys").mkdir()
    (root / "keys" / keys.PRIVATE_NAME).write_bytes(key.private_bytes(
        keys.serialization.Encoding.PEM, keys.serialization.PrivateFormat.PKCS8,
        keys.serialization.NoEncryption()))
    (root / "keys" / keys.PUBLIC_NAME).write_bytes(keys.public_pem(key.public_key()))
    (root / tree_head.RECORD).unlink()
    case = open_case(root)
    tree_head.record_head(case)
    case.close()


def test_verify_tamper_clean_case_is_ok_with_fingerprint_and_tree_head(root: Path) -> None:
    result = _verify(root, root.parent / "anchor.json")
    case = open_case(root, load_key=False)
    fingerprint = keys.fingerprint(case.public_key)
    case.close()
    assert result.ok and result.anchors == 1 and result.key_fingerprint == fingerprint
    assert result.tree_size == result.events and result.root_hash is not None


def test_verify_tamper_removed_database_is_reported_and_not_recreated(root: Path) -> None:
    for name in ("case.db", "case.db-wal", "case.db-shm"):
        (root / name).unlink(missing_ok=True)
    with pytest.raises(CaseError, match="case database is missing"):
        open_case(root, load_key=False)
    assert not (root / "case.db").exists()


def test_verify_tamper_emptied_database_file_is_reported(root: Path) -> None:
    for name in ("case.db-wal", "case.db-shm"):
        (root / name).unlink(missing_ok=True)
    (root / "case.db").write_bytes(b"")
    with pytest.raises(CaseError, match="case database is empty"):
        open_case(root, load_key=False)


def test_verify_tamper_database_replaced_by_one_without_schema_is_reported(root: Path) -> None:
    for name in ("case.db", "case.db-wal", "case.db-shm"):
        (root / name).unlink(missing_ok=True)
    sqlite3.connect(root / "case.db").execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(CaseError, match="holds no Svidok schema"):
        open_case(root, load_key=False)
    assert _one(root, "SELECT count(*) FROM sqlite_master") == 1  # nothing was created


def test_verify_tamper_emptied_log_with_objects_stored_fails(root: Path) -> None:
    _sql(root, "DELETE FROM custody_events", f"UPDATE chain_head SET seq = 0, hash = '{custody.GENESIS}'")
    result = _verify(root)
    assert not result.ok
    assert any("objects are stored but the custody log is empty" in m for m in _messages(result, "log"))


def test_verify_tamper_dropped_log_table_fails(root: Path) -> None:
    _sql(root, "DROP TABLE custody_events")
    result = _verify(root)
    assert [p.kind for p in result.problems] == ["log"]
    assert "the custody log cannot be read" in result.problems[0].message


def test_verify_tamper_cut_tail_with_head_moved_back_is_caught(root: Path) -> None:
    n = _one(root, "SELECT max(seq) FROM custody_events")
    _sql(root, f"DELETE FROM custody_events WHERE seq > {n - 2}",
         f"UPDATE chain_head SET seq = {n - 2}, hash = (SELECT hash FROM custody_events WHERE seq = {n - 2})")
    result = _verify(root)
    (message,) = _messages(result, "head")  # and the review row whose event went with the tail
    assert f"events {n - 1}..{n} were removed" in message and _messages(result, "review")
    assert f"events {n - 1}..{n} were removed" in _messages(_verify(root, root.parent / "anchor.json"),
                                                            "anchor")[0]


def test_verify_tamper_cut_tail_is_not_healed_by_later_writes(root: Path, tmp_path: Path) -> None:
    n = _one(root, "SELECT max(seq) FROM custody_events")
    _sql(root, f"DELETE FROM custody_events WHERE seq > {n - 2}",
         f"UPDATE chain_head SET seq = {n - 2}, hash = (SELECT hash FROM custody_events WHERE seq = {n - 2})")
    case = open_case(root)
    extra = [tmp_path / f"new{i}.txt" for i in range(3)]
    for i, path in enumerate(extra):
        path.write_text(f"Later report {i}: shelling in Balakliia.", encoding="utf-8")
    assert ingest_paths(case, extra, extract=False).ok  # the log grows past its old size again
    assert _one(root, "SELECT max(seq) FROM custody_events") > n
    case.close()
    assert "history was rewritten" in _messages(_verify(root), "head")[0]


def test_verify_tamper_edited_recorded_tree_head_fails_its_signature(root: Path) -> None:
    path = root / tree_head.RECORD
    data = json.loads(path.read_text())
    data["tree_head"]["timestamp"] = "2020-01-01T00:00:00+00:00"
    path.write_text(json.dumps(data))
    assert "signature does not verify" in _messages(_verify(root), "head")[0]


def test_verify_tamper_fresh_key_rewrite_passes_alone_but_not_against_anchor(root: Path) -> None:
    rewrite_log(root, Ed25519PrivateKey.generate())
    assert _verify(root).ok  # the case on its own holds together: that is why anchors exist
    result = _verify(root, root.parent / "anchor.json")
    assert not result.ok and "key changed since anchor" in _messages(result, "anchor")[0]


def test_verify_tamper_history_rewritten_with_the_same_key_is_caught_by_anchor(root: Path) -> None:
    case = open_case(root)
    key = case.key
    case.close()

    def fewer(seq: int, action: str, d: dict[str, Any]) -> dict[str, Any]:
        return {**d, "mentions": 0} if action == "link" else d

    rewrite_log(root, key, fewer)
    assert _verify(root).ok
    message = _messages(_verify(root, root.parent / "anchor.json"), "anchor")[0]
    assert "history was rewritten" in message


def test_verify_tamper_edited_document_metadata_names_document_and_field(root: Path) -> None:
    doc = _one(root, "SELECT id FROM documents ORDER BY id LIMIT 1")
    _sql(root, f"UPDATE documents SET title = 'Nothing happened' WHERE id = '{doc}'")
    problem = next(p for p in _verify(root).problems if p.kind == "document")
    assert doc in problem.message and problem.message.endswith("differs from its add event: title")


def test_verify_tamper_edited_metadata_caught_on_events_without_digests(root: Path) -> None:
    case = open_case(root)
    key = case.key
    case.close()

    def old_style(seq: int, action: str, d: dict[str, Any]) -> dict[str, Any]:
        drop = ("meta_sha256", "text_sha256", "collector", "collected_at")
        return {k: v for k, v in d.items() if k not in drop} if action == "add" else d

    rewrite_log(root, key, old_style)
    assert _verify(root).ok
    _sql(root, "UPDATE documents SET outlet = 'Other' WHERE id = (SELECT min(id) FROM documents)")
    assert "outlet" in _messages(_verify(root), "document")[0]


def test_verify_tamper_edited_text_names_document(root: Path) -> None:
    doc = _one(root, "SELECT document_id FROM texts ORDER BY document_id LIMIT 1")
    _sql(root, f"UPDATE texts SET text = replace(text, 'e', 'a') WHERE document_id = '{doc}'")
    (message,) = _messages(_verify(root), "text")
    assert doc in message and message.endswith("differs from the digest in its add event")


def test_verify_tamper_edited_review_row_names_it(root: Path) -> None:
    _sql(root, "UPDATE reviews SET note = 'never checked' WHERE id = 1")
    assert "review row 1" in _messages(_verify(root), "review")[0]
    assert "differs from its review event" in _messages(_verify(root), "review")[0]


def test_verify_tamper_deleted_review_row_is_missing(root: Path) -> None:
    _sql(root, "DELETE FROM reviews WHERE id = 1")
    assert "review row 1" in _messages(_verify(root), "review")[0] and "is missing" in _messages(
        _verify(root), "review")[0]


def test_verify_tamper_unlinked_mention_and_its_incident_are_named(root: Path) -> None:
    mid = _one(root, "SELECT id FROM mentions WHERE place_id IS NOT NULL ORDER BY id LIMIT 1")
    _sql(root, f"UPDATE mentions SET incident_id = NULL WHERE id = '{mid}'")
    result = _verify(root)
    assert f"mention {mid}" in _messages(result, "mention")[0]
    assert "has a place but is linked to no incident" in _messages(result, "mention")[0]
    assert f"cites mention {mid}, which points to no incident" in _messages(result, "incident")[0]


def test_verify_tamper_unlinked_mention_of_unfinished_document_is_a_warning(root: Path) -> None:
    doc = _one(root, "SELECT document_id FROM mentions WHERE place_id IS NOT NULL ORDER BY id LIMIT 1")
    # what an `add` killed between extraction and linking leaves (its re-run links them)
    _sql(root, f"UPDATE documents SET status = 'stored' WHERE id = '{doc}'",
         f"DELETE FROM incidents WHERE id IN (SELECT incident_id FROM mentions WHERE document_id = '{doc}')",
         "DELETE FROM incident_json WHERE id NOT IN (SELECT id FROM incidents)",
         f"UPDATE mentions SET incident_id = NULL WHERE document_id = '{doc}'")
    result = _verify(root)
    assert f"document {doc}: mentions not linked yet" in " ".join(result.warnings)
    assert not [p for p in result.problems if p.kind == "mention" and doc in p.message]


def test_verify_tamper_first_problem_of_each_kind_is_listed(root: Path) -> None:
    _sql(root, "UPDATE reviews SET note = 'x' WHERE id = 1",
         "UPDATE documents SET url = 'http://elsewhere' WHERE id = (SELECT min(id) FROM documents)")
    kinds = [p.kind for p in _verify(root).first_of_each_kind()]
    assert sorted(kinds) == ["document", "review"]


def test_verify_tamper_repair_rebuilds_metadata_text_and_links_as_a_custody_event(root: Path) -> None:
    doc = _one(root, "SELECT min(id) FROM documents")
    mid = _one(root, "SELECT id FROM mentions WHERE place_id IS NOT NULL ORDER BY id LIMIT 1")
    events = _one(root, "SELECT count(*) FROM custody_events")
    _sql(root, f"UPDATE documents SET title = 'x' WHERE id = '{doc}'",
         f"UPDATE texts SET text = 'nothing' WHERE document_id = '{doc}'",
         f"UPDATE mentions SET incident_id = NULL WHERE id = '{mid}'")
    case = open_case(root)
    try:
        report = repair_case(case)
    finally:
        case.close()
    assert report.metadata == [doc] and report.texts == [doc] and not report.texts_not_identical
    assert report.after is not None and report.after.ok, report.after.problems
    assert _one(root, "SELECT action FROM custody_events ORDER BY seq DESC LIMIT 1") == "repair"
    assert _one(root, "SELECT count(*) FROM custody_events") > events


def test_verify_tamper_repair_reports_reviews_as_not_derivable(root: Path) -> None:
    _sql(root, "UPDATE reviews SET note = 'never checked' WHERE id = 1")
    case = open_case(root)
    try:
        report = repair_case(case)
    finally:
        case.close()
    assert report.reviews_not_derivable == [1] and report.after is not None and not report.after.ok


def test_verify_tamper_repair_refuses_a_broken_log(root: Path) -> None:
    _sql(root, "UPDATE custody_events SET actor = 'mallory' WHERE seq = 2")
    case = open_case(root)
    try:
        with pytest.raises(RepairError, match="seq 2"):
            repair_case(case)
    finally:
        case.close()


def test_verify_tamper_edited_incident_row_names_incident_and_column(root: Path) -> None:
    iid = _one(root, "SELECT id FROM incidents WHERE status = 'unreviewed' ORDER BY id LIMIT 1")
    _sql(root, f"UPDATE incidents SET victims = 999, type = 'pillage' WHERE id = '{iid}'")
    (message,) = _messages(_verify(root), "incident")
    assert message == f"incident {iid}: its row differs from its record: type, victims"


def test_verify_tamper_edited_incident_record_differs_from_machine_version(root: Path) -> None:
    iid = _one(root, "SELECT id FROM incidents WHERE status = 'unreviewed' ORDER BY id LIMIT 1")
    _sql(root, "UPDATE incident_json SET data = json_set(data, '$.headline_note', 'made up') "
               f"WHERE id = '{iid}'")
    (message,) = _messages(_verify(root), "incident")
    assert message == (f"incident {iid}: unreviewed, but its working copy differs from the machine's "
                       "version: headline_note")


def test_verify_tamper_incident_rewritten_everywhere_disagrees_with_its_mentions(root: Path) -> None:
    iid = _one(root, "SELECT id FROM incidents WHERE status = 'unreviewed' ORDER BY id LIMIT 1")
    edit = "json_set({}, '$.victims', 4321)"
    _sql(root, f"UPDATE incident_json SET data = {edit.format('data')}, "
               f"machine_data = {edit.format('machine_data')} WHERE id = '{iid}'",
         f"UPDATE incidents SET victims = 4321 WHERE id = '{iid}'")
    (message,) = _messages(_verify(root), "incident")
    assert message == f"incident {iid}: does not agree with the mentions it cites: victims"


def test_verify_tamper_repair_rebuilds_edited_incidents(root: Path) -> None:
    first, second = (r for r in sqlite3.connect(root / "case.db").execute(
        "SELECT id FROM incidents WHERE status = 'unreviewed' ORDER BY id LIMIT 2"))
    _sql(root, f"UPDATE incidents SET victims = 999 WHERE id = '{first[0]}'",
         f"UPDATE incident_json SET data = json_set(data, '$.victims', 77), "
         f"machine_data = json_set(machine_data, '$.victims', 77) WHERE id = '{second[0]}'",
         f"UPDATE incidents SET victims = 77 WHERE id = '{second[0]}'")
    assert len(_messages(_verify(root), "incident")) == 2
    case = open_case(root)
    try:
        report = repair_case(case)
    finally:
        case.close()
    assert report.incident_rows == [first[0]] and report.relinked
    assert report.after is not None and report.after.ok, report.after.problems
