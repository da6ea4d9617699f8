"""Two `svidok add` processes on one PostgreSQL case at once, with different and overlapping files.
(The four-process mix of add, batch and extract is tests/services/test_concurrency.py, which runs
on PostgreSQL in the suite's PostgreSQL run.)"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from batch.reports import REPORTS, write_reports
from postgres.conftest import SVIDOK, export_json, svidok

pytestmark = pytest.mark.postgres


def test_concurrency_two_adds_store_each_document_once(tmp_path: Path, pg_url: str) -> None:
    names = list(REPORTS)
    first = write_reports(tmp_path / "first", names[:5])
    second = write_reports(tmp_path / "second", names[3:])  # two files in both folders
    case = tmp_path / "case"
    svidok("init", case, "--db", pg_url)
    procs = [subprocess.Popen([SVIDOK, "--case", str(case), "add", str(folder)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for folder in (first, second)]
    outcomes = [p.communicate(timeout=300) + (p.returncode,) for p in procs]
    for _out, err, code in outcomes:
        assert code == 0, f"add exited {code}: {err.strip()}"
    verified = json.loads(svidok("--case", case, "verify", "--json").stdout)
    assert verified["ok"], verified["problems"]
    exported = export_json(case, tmp_path / "export.json")
    ids = [d["id"] for d in exported["documents"]]
    assert len(ids) == len(set(ids)) == len(REPORTS)
    lines = svidok("--case", case, "log", "--json", "--limit", "0").stdout.splitlines()
    log = [json.loads(line) for line in lines]
    adds = [e["object_hash"] for e in log if e["action"] == "add"]
    assert sorted(adds) == sorted(ids)  # one `add` event per document, whichever process won
    assert sum(e["action"] == "duplicate_seen" for e in log) == 2
