"""Concurrent `svidok` processes on one SQLite case end as a sequential run does (no lost links)."""

from pathlib import Path

import pytest

from postgres.mixed import run_mixed


@pytest.mark.slow
def test_concurrency_mixed_processes_end_as_sequential_run_on_sqlite(tmp_path: Path) -> None:
    run_mixed(tmp_path, [], [])
