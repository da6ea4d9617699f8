"""Four `svidok` processes at once (add, batch, extract, batch over overlapping folders; see
svidok.bench.concurrency, which runs the same mix at 2,000 reports in `make bench`) against the same
files added one after the other: the end state must be the same, incident by incident and link by
link, with every placed mention linked. Each `batch` runs its own local Dask cluster of one worker."""

from __future__ import annotations

import subprocess
from pathlib import Path

from batch.reports import REPORTS, write_reports
from postgres.conftest import SVIDOK, svidok
from svidok.bench.concurrency import mix, outcome_of


def run_mixed(tmp: Path, init_args: list[str], sequential_init_args: list[str]) -> None:
    names = list(REPORTS)
    first = write_reports(tmp / "first", names[:3])
    second = write_reports(tmp / "second", names[2:6])
    third = write_reports(tmp / "third", names[4:])
    case, ref = tmp / "case", tmp / "ref"
    svidok("init", case, *init_args)
    svidok("--case", case, "add", first)  # something for `extract` to redo while the others run
    commands = mix(first, second, third)  # add and a batch race for `second`
    procs = [subprocess.Popen([SVIDOK, "--case", str(case), *cmd], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for cmd in commands]
    for cmd, proc in zip(commands, procs, strict=True):
        _out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"svidok {' '.join(cmd)} exited {proc.returncode}: {err.strip()}"
    svidok("init", ref, *sequential_init_args)
    for folder in (first, second, third):
        svidok("--case", ref, "add", folder)
    got, want = outcome_of(case), outcome_of(ref)
    assert got.incidents == want.incidents  # incident by incident
    assert got.links == want.links  # every placed mention held by the same incident
    assert got.links and all(owner is not None for *_, owner in got.links)
    verified = svidok("--case", case, "verify")
    assert "OK" in verified.stdout
