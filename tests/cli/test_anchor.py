"""`svidok anchor` and `svidok verify` from the command line: what each prints."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backend import sqlite_init_case
from evidence.test_rfc3161 import build_response
from svidok.cli.main import app
from svidok.services.ingest import ingest_paths

runner = CliRunner()


def _case(tmp_path: Path) -> Path:
    root = tmp_path / "case"
    case = sqlite_init_case(root, actor="tester")  # some tests below edit the SQLite file
    report = tmp_path / "in" / "r.txt"
    report.parent.mkdir()
    report.write_text("A witness said soldiers looted the pharmacy in Izium.", encoding="utf-8")
    assert ingest_paths(case, [report], extract=False).ok
    case.close()
    return root


def test_anchor_writes_tree_head_and_fingerprint_that_verify_checks(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _case(tmp_path)
    monkeypatch.chdir(tmp_path)
    made = runner.invoke(app, ["--case", str(root), "anchor"])
    assert made.exit_code == 0, made.output
    anchor = json.loads((tmp_path / "anchor-2.json").read_text())
    fingerprint = anchor["key_fingerprint"]
    assert f"key fingerprint: {fingerprint}" in made.output and "tree size: 2" in made.output
    checked = runner.invoke(app, ["--case", str(root), "verify", "--against", "anchor-2.json"])
    assert checked.exit_code == 0, checked.output
    assert checked.output.startswith("OK: 2 custody events")
    assert f"key fingerprint: {fingerprint}" in checked.output
    assert f"tree head: size 2, root {anchor['tree_head']['root_hash']}" in checked.output
    assert "anchors: the log extends all 1 given" in checked.output


def test_anchor_verify_against_anchor_of_another_key_says_key_changed(tmp_path: Path) -> None:
    root = _case(tmp_path)
    other = _case(tmp_path / "other")
    runner.invoke(app, ["--case", str(root), "anchor", "-o", str(tmp_path / "mine.json")])
    runner.invoke(app, ["--case", str(other), "anchor", "-o", str(tmp_path / "a.json")])
    result = runner.invoke(app, ["--case", str(root), "verify", "--against", str(tmp_path / "mine.json"),
                                 str(tmp_path / "a.json")])
    assert result.exit_code == 1 and "key changed since anchor" in result.output
    assert f"{tmp_path / 'a.json'}: key changed" in result.output


def test_anchor_tsq_and_tsr_round_trip(tmp_path: Path) -> None:
    root = _case(tmp_path)
    a, q = tmp_path / "a.json", tmp_path / "a.tsq"
    assert runner.invoke(app, ["--case", str(root), "anchor", "-o", str(a), "--tsq", str(q)]).exit_code == 0
    anchor = json.loads(a.read_text())
    imprint = bytes.fromhex(anchor["imprint_sha256"])
    assert imprint in q.read_bytes()
    at = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
    good, bad = tmp_path / "good.tsr", tmp_path / "bad.tsr"
    good.write_bytes(build_response(imprint, at, anchor["tsq"]["nonce"]))
    bad.write_bytes(build_response(hashlib.sha256(b"else").digest(), at, anchor["tsq"]["nonce"]))
    ok = runner.invoke(app, ["anchor", "--verify-tsr", str(good), "--anchor", str(a)])
    assert ok.exit_code == 0, ok.output
    assert "imprint matches" in ok.output and "genTime: 2026-05-01T09:00:00+00:00" in ok.output
    assert "NOT checked" in ok.output
    broken = runner.invoke(app, ["anchor", "--verify-tsr", str(bad), "--anchor", str(a)])
    assert broken.exit_code == 1 and "does not match the anchor's" in broken.output


def test_anchor_refuses_to_vouch_for_a_broken_log(tmp_path: Path) -> None:
    root = _case(tmp_path)
    db = sqlite3.connect(root / "case.db")
    db.execute("UPDATE custody_events SET actor = 'mallory' WHERE seq = 2")
    db.commit()
    db.close()
    result = runner.invoke(app, ["--case", str(root), "anchor", "-o", str(tmp_path / "a.json")])
    assert result.exit_code == 1 and "the log does not verify (seq 2" in result.output
    assert not (tmp_path / "a.json").exists()


def test_anchor_verify_fails_on_removed_database_without_creating_one(tmp_path: Path) -> None:
    root = _case(tmp_path)
    for name in ("case.db", "case.db-wal", "case.db-shm"):
        (root / name).unlink(missing_ok=True)
    result = runner.invoke(app, ["--case", str(root), "verify"])
    assert result.exit_code == 1 and "case database is missing" in result.output
    assert not (root / "case.db").exists()


def test_anchor_verify_prints_first_problem_of_each_kind(tmp_path: Path) -> None:
    root = _case(tmp_path)
    db = sqlite3.connect(root / "case.db")
    db.execute("UPDATE custody_events SET actor = 'mallory' WHERE seq = 1")
    db.execute("UPDATE documents SET title = 'nothing'")
    db.commit()
    db.close()
    result = runner.invoke(app, ["--case", str(root), "verify"])
    assert result.exit_code == 1
    assert result.output.startswith("BROKEN: seq 1: stored hash does not match")
    assert "first document problem: seq 2, object" in result.output
    assert "metadata differs from its add event: title" in result.output


def test_anchor_verify_repair_restores_metadata(tmp_path: Path) -> None:
    root = _case(tmp_path)
    db = sqlite3.connect(root / "case.db")
    db.execute("UPDATE documents SET outlet = 'Elsewhere'")
    db.commit()
    db.close()
    result = runner.invoke(app, ["--case", str(root), "verify", "--repair"])
    assert result.exit_code == 0, result.output
    assert "repair: metadata restored" in result.output
    assert "OK: 3 custody events" in result.output  # init, add, repair


def test_anchor_passphrase_key_is_asked_to_sign_but_not_to_verify(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SVIDOK_KEY_PASSPHRASE", "correct horse")
    made = runner.invoke(app, ["init", str(tmp_path / "case"), "--passphrase"])
    assert made.exit_code == 0, made.output
    monkeypatch.delenv("SVIDOK_KEY_PASSPHRASE")
    root = tmp_path / "case"
    assert b"ENCRYPTED" in (root / "keys" / "case_ed25519.pem").read_bytes()
    assert runner.invoke(app, ["--case", str(root), "verify"]).exit_code == 0
    wrong = runner.invoke(app, ["--case", str(root), "anchor", "-o", str(tmp_path / "a.json")],
                          input="battery staple\n")
    assert wrong.exit_code == 1 and "wrong passphrase" in wrong.output
    right = runner.invoke(app, ["--case", str(root), "anchor", "-o", str(tmp_path / "a.json")],
                          input="correct horse\n")
    assert right.exit_code == 0, right.output
