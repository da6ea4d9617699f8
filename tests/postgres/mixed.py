"""Four `svidok` processes at once (add, batch, extract, batch over overlapping folders) against the
same files added one after the other: the end state must be the same, incident by incident and link
by link. Each `batch` runs its own local Dask cluster of one worker."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from batch.reports import REPORTS, write_reports
from postgres.conftest import SVIDOK, export_json, svidok
from svidok.db import analysis
from svidok.services.case import open_case


def view(export: dict[str, Any]) -> list[tuple[Any, ...]]:
    """What linking decided, independent of which process made an incident first (ids may differ)."""
    return sorted((i["type"], (i.get("place") or {}).get("name"), i["victims"],
                   tuple(sorted(s["document_id"] for s in i["sources"])))
                  for i in export["incidents"])


def links(case_dir: Path) -> list[tuple[str, str, bool]]:
    """(document, mention type, linked?) of every placed mention: a lost link shows here only."""
    case = open_case(case_dir)
    try:
        with case.connect() as conn:
            return sorted((m.document_id, m.type, owner is not None)
                          for m in analysis.load_mentions(conn) if m.place is not None
                          for owner in [analysis.mention_incidents(conn).get(m.id or "")])
    finally:
        case.close()


def run_mixed(tmp: Path, init_args: list[str], sequential_init_args: list[str]) -> None:
    names = list(REPORTS)
    first = write_reports(tmp / "first", names[:3])
    second = write_reports(tmp / "second", names[2:6])
    third = write_reports(tmp / "third", names[4:])
    case, ref = tmp / "case", tmp / "ref"
    svidok("init", case, *init_args)
    svidok("--case", case, "add", first)  # something for `extract` to redo while the adds run
    # `add` and a `batch` race for the files of `second`; the other `batch` shares two files with it
    commands = [["add", str(second)], ["batch", str(third), "--local", "1"], ["extract"],
                ["batch", str(second), "--local", "1"]]
    procs = [subprocess.Popen([SVIDOK, "--case", str(case), *cmd], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for cmd in commands]
    for cmd, proc in zip(commands, procs, strict=True):
        _out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"svidok {' '.join(cmd)} exited {proc.returncode}: {err.strip()}"
    svidok("init", ref, *sequential_init_args)
    for folder in (first, second, third):
        svidok("--case", ref, "add", folder)
    got = export_json(case, tmp / "got.json")
    want = export_json(ref, tmp / "want.json")
    assert view(got) == view(want)
    assert links(case) == links(ref)
    assert all(linked for _doc, _type, linked in links(case))
    verified = svidok("--case", case, "verify")
    assert "OK" in verified.stdout
