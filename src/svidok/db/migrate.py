"""Run the bundled Alembic migrations programmatically (never relies on the working directory)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade_connection(conn: Connection, revision: str = "head") -> None:
    """Upgrade inside the caller's transaction (so a test can roll the whole schema back)."""
    if conn.dialect.name == "postgresql":
        # Two processes opening the same new case must not both create the schema.
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7348520017)")
    cfg = alembic_config()
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, revision)


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as conn:
        if current_revision(conn) == head_revision() and revision == "head":
            return
        upgrade_connection(conn, revision)
