"""A fresh PostgreSQL database per test (created and dropped here), and the `svidok` command.

Tests skip with the reason when 127.0.0.1:5432 does not answer.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=test connect_timeout=3"
SVIDOK = str(Path(sys.executable).with_name("svidok"))


def _admin() -> Any:
    import psycopg

    return psycopg.connect(ADMIN, autocommit=True)  # CREATE/DROP DATABASE cannot run in a transaction


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a new, empty database svidok_test_<random>, dropped after the test."""
    try:
        admin = _admin()
    except Exception as exc:  # any failure to connect means: no server for this run
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 does not answer ({type(exc).__name__}: "
                    f"{str(exc).strip().splitlines()[0] if str(exc).strip() else ''})")
    name = f"svidok_test_{uuid.uuid4().hex[:10]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with _admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def svidok(*args: str | Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run the installed `svidok` command; fail the test with its stderr when it fails."""
    done = subprocess.run([SVIDOK, *map(str, args)], capture_output=True, text=True, timeout=300)
    if check and done.returncode != 0:
        pytest.fail(f"svidok {' '.join(map(str, args))} exited {done.returncode}: {done.stderr.strip()}")
    return done


def export_json(case: Path, out: Path) -> dict[str, Any]:
    svidok("--case", case, "export", "--format", "json", "-o", out)
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return data


def incidents_view(export: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Incidents as comparable tuples (what linking decided, independent of the database)."""
    return sorted((i["id"], i["type"], (i.get("place") or {}).get("geonameid"), i["victims"],
                   tuple(sorted(s["document_id"] for s in i["sources"])))
                  for i in export["incidents"])
