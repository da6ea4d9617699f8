"""Four `svidok` processes at once on one case end as a sequential run does (no lost links), on
the suite's backend: a SQLite file, or a fresh PostgreSQL database with SVIDOK_TEST_DB=postgresql."""

from pathlib import Path

import pytest

from backend import BACKEND, new_database
from postgres.mixed import run_mixed


@pytest.mark.slow
def test_concurrency_mixed_processes_end_as_sequential_run(tmp_path: Path) -> None:
    init = ["--db", new_database()] if BACKEND == "postgresql" else []
    run_mixed(tmp_path, init, [])
