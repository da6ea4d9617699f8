"""Backend switch for the whole suite: SVIDOK_TEST_DB=postgresql runs it on PostgreSQL.

Imported by tests/conftest.py (which applies it) and by tests that need a copy of a case.

Every case a test creates through `svidok.services.case.init_case` (directly, or through the
in-process CLI and web app) then gets a fresh schema on the local server instead of a SQLite
file. `activate()` applies the patch; tests/conftest.py calls it at import time, before any test
module imports init_case.
`svidok` commands run as subprocesses keep SQLite; tests/postgres runs those on PostgreSQL.
Without a server the PostgreSQL run skips every test with the reason.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest

BACKEND = os.environ.get("SVIDOK_TEST_DB", "sqlite").strip().lower() or "sqlite"
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
_schemas: list[str] = []
_databases: list[str] = []
_pg_error: str | None = None


def _admin() -> Any:
    import sqlalchemy as sa

    return sa.create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})


def _original_init_case() -> Any:
    from svidok.services import case as case_module

    return getattr(case_module.init_case, "__wrapped__", case_module.init_case)


def sqlite_init_case(path: Any, actor: str | None = None) -> Any:
    """init_case on SQLite whatever the backend: for tests that tamper with the SQLite file."""
    return _original_init_case()(path, None, actor)


def _patch_init_case() -> None:
    from svidok.services import case as case_module

    original = case_module.init_case

    def init_case_on_postgres(path: Any, db_url: str | None = None, actor: str | None = None,
                              **options: Any) -> Any:
        if db_url is None:
            schema = f"svidok_suite_{uuid.uuid4().hex[:12]}"
            engine = _admin()
            with engine.begin() as c:
                c.exec_driver_sql(f"CREATE SCHEMA {schema}")
            engine.dispose()
            _schemas.append(schema)
            db_url = f"{PG_ADMIN_URL}?options=-csearch_path%3D{schema}"
        return original(path, db_url, actor, **options)

    init_case_on_postgres.__wrapped__ = original  # type: ignore[attr-defined]
    case_module.init_case = init_case_on_postgres  # type: ignore[assignment]


def activate() -> str | None:
    """Apply the backend; returns why the PostgreSQL run cannot happen, or None."""
    global _pg_error
    if BACKEND not in ("sqlite", "postgresql"):
        raise pytest.UsageError(f"SVIDOK_TEST_DB={BACKEND!r}: use sqlite or postgresql")
    if BACKEND == "postgresql":
        try:
            with _admin().connect():
                pass
        except Exception as exc:  # any failure to connect: no server for this run
            _pg_error = (f"SVIDOK_TEST_DB=postgresql but 127.0.0.1:5432 does not answer "
                         f"({type(exc).__name__})")
        else:
            _patch_init_case()
    return _pg_error


def new_database(template: str | None = None) -> str:
    """A fresh database (a copy of `template` when given); its URL. Dropped at the end."""
    name = f"svidok_suite_{uuid.uuid4().hex[:12]}"
    engine = _admin().execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.exec_driver_sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    engine.dispose()
    _databases.append(name)
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def cleanup() -> None:
    """Drop every schema and database this process created."""
    if not (_schemas or _databases):
        return
    engine = _admin().execution_options(isolation_level="AUTOCOMMIT")
    with engine.connect() as c:
        c.exec_driver_sql("SET lock_timeout = '10s'")
        for schema in _schemas:
            c.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        for name in _databases:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()
