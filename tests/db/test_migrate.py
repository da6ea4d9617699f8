from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

from svidok.db.engine import open_engine
from svidok.db.migrate import current_revision, head_revision, upgrade
from svidok.db.tables import metadata


def _ours(obj: object, name: str | None, type_: str, *_: object) -> bool:
    # The search machinery (FTS5 shadow tables, GIN index) is created by raw SQL on purpose.
    return not (name or "").startswith(("texts_fts", "ix_texts_fts", "alembic_version"))


def test_migrate_schema_matches_tables(engine: Engine) -> None:
    with engine.connect() as c:
        ctx = MigrationContext.configure(c, opts={"include_object": _ours, "compare_type": False})
        diff = compare_metadata(ctx, metadata)
    assert diff == []


def test_migrate_upgrade_twice_is_harmless(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade(engine)
    upgrade(engine)
    with engine.connect() as c:
        assert current_revision(c) == head_revision()
    engine.dispose()


def test_migrate_creates_fulltext_search_on_sqlite(tmp_path: Path) -> None:
    engine = open_engine(f"sqlite:///{tmp_path / 'f.db'}")
    upgrade(engine)
    with engine.connect() as c:
        names = set(sa.inspect(c).get_table_names())
    assert "texts_fts" in names
    engine.dispose()
