"""Engine factory: SQLite (embedded default) or PostgreSQL (team server), chosen by URL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

READ_OPTION = "svidok_read"


class DatabaseError(Exception):
    """A database URL that cannot be used, with a one-line reason."""


def open_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine for `url` with Svidok's connection settings.

    SQLite gets WAL, foreign keys, a busy timeout, and `BEGIN IMMEDIATE` for every transaction so
    concurrent writers queue on the database lock instead of failing half-way (pysqlite's own
    transaction handling is switched off because it defers BEGIN until the first write).
    Connections given the execution option `svidok_read=True` begin DEFERRED: read-only snapshots.
    """
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError as exc:
        raise DatabaseError(f"{url}: not a database URL") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = sa.create_engine(parsed, connect_args={"timeout": 60}, **kwargs)
        _tune_sqlite(engine)
        return engine
    if backend == "postgresql":
        return sa.create_engine(parsed, pool_pre_ping=True, **kwargs)
    raise DatabaseError(f"{url}: unsupported database (use sqlite:/// or postgresql+psycopg://)")


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        # NORMAL under WAL: never corrupts and survives any process crash (kill -9); only a power
        # cut can roll back the last commits, which leaves orphan objects that verify tolerates.
        # FULL would fsync every commit and made ingest several times slower.
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Readers (execution option svidok_read=True) take a WAL snapshot and never wait for writers.
        read = conn.get_execution_options().get(READ_OPTION, False)
        conn.exec_driver_sql("BEGIN DEFERRED" if read else "BEGIN IMMEDIATE")


def is_sqlite(conn: Connection | Engine) -> bool:
    return conn.dialect.name == "sqlite"


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One write transaction; commits on success, rolls back on any exception."""
    with engine.begin() as conn:
        yield conn


def refresh_statistics(engine: Engine) -> None:
    """After a bulk load: PostgreSQL's VACUUM ANALYZE (planner statistics and the visibility map
    that index-only scans need; autovacuum would run it within about a minute). SQLite: nothing,
    its planner does well on our indexes without statistics."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("VACUUM ANALYZE")
