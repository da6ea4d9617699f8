"""`kill -9` in the middle of `svidok add` leaves a case that verifies, and a re-run completes it."""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from svidok.services.case import init_case, open_case
from svidok.services.verify import verify_case

SVIDOK = [sys.executable, "-c", "from svidok.cli.main import app; app()"]


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
def test_kill_add_sigkill_midbatch_then_verify_and_rerun(tmp_path: Path) -> None:
    init_case(tmp_path / "case").close()
    folder = tmp_path / "in"
    folder.mkdir()
    hashes = set()
    for i in range(150):
        data = f"Report {i}: residents said the school in village {i} was shelled overnight.\n".encode()
        (folder / f"r{i:03}.txt").write_bytes(data)
        hashes.add(hashlib.sha256(data).hexdigest())
    cmd = [*SVIDOK, "--case", str(tmp_path / "case"), "add", str(folder), "--no-extract"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(tmp_path / "case" / "case.db") < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "add finished before it could be killed"
    assert 0 < _count(tmp_path / "case" / "case.db") < 150

    case = open_case(tmp_path / "case")
    assert verify_case(case).ok
    case.close()

    rerun = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    db = sqlite3.connect(tmp_path / "case" / "case.db")
    stored = [r[0] for r in db.execute("SELECT id FROM documents")]
    adds = [r[0] for r in db.execute("SELECT object_hash FROM custody_events WHERE action = 'add'")]
    db.close()
    assert sorted(stored) == sorted(hashes) and sorted(adds) == sorted(hashes)
    case = open_case(tmp_path / "case")
    assert verify_case(case).ok
    case.close()
