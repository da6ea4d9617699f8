from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

from svidok.db.engine import open_engine
from svidok.db.migrate import current_revision, head_revision, upgrade
from svidok.db.tables import metadata


def _ours(obj: object, name: str | None, type_: str, *_: object) -> bool:
    # The search machinery (FTS5 shadow tables, GIN indexes) is created by raw SQL on purpose.
    return not (name or "").startswith(("texts_fts", "ix_texts_fts", "incident_fts", "ix_incident_search_",
                                        "alembic_version"))


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


def test_migrate_0002_moves_json_and_fills_listing_columns(tmp_path: Path) -> None:
    import json

    engine = open_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0001")
    data = {"id": "inc-1", "type": "killing", "place": {"id": "gn:1", "name": "Izium"}, "confidence": 0.75}
    with engine.begin() as c:
        c.execute(sa.text(
            "INSERT INTO incidents (id, type, place_id, data, updated_at, status, flagged, sources_count, "
            "reviewed) VALUES ('inc-1', 'killing', 'gn:1', :d, '2026-01-01', 'unreviewed', 0, 1, 0)"),
            {"d": json.dumps(data)})
    upgrade(engine)
    with engine.connect() as c:
        row = c.execute(sa.text("SELECT place_name, confidence FROM incidents")).one()
        kept = c.execute(sa.text("SELECT data FROM incident_json WHERE id = 'inc-1'")).scalar_one()
    assert tuple(row) == ("Izium", 0.75) and json.loads(kept) == data
    engine.dispose()


def test_migrate_0006_dates_and_indexes_existing_incidents(tmp_path: Path) -> None:
    """An incident stored before 0006 is placed at its earliest report's date and searchable by
    its evidence quote after the upgrade."""
    from svidok.db.serial import incident_to_json
    from svidok.model import Incident, Place, SourceFigure, Span

    engine = open_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0003_hardening")
    inc = Incident(id="inc-old", type="detention", date=None, victims=None, qualifier=None,
                   place=Place("gn:1", "Izium", "settlement", 49.2, 37.2, "Kharkiv Oblast"),
                   sources=[SourceFigure("d" * 64, None, None, None,
                                         (Span(0, 24, "held men in the basement"),))])
    with engine.begin() as c:
        c.execute(sa.text(
            "INSERT INTO documents (id, sha256, filename, media_type, size, collected_at, published, "
            "status) VALUES (:d, :d, 'r.txt', 'text/plain', 1, '2024-01-01', '2022-09-20', 'processed')"),
            {"d": "d" * 64})
        c.execute(sa.text(
            "INSERT INTO incidents (id, type, place_id, status, flagged, sources_count, reviewed, "
            "updated_at, confidence) "
            "VALUES ('inc-old', 'detention', 'gn:1', 'unreviewed', 0, 1, 0, '2024-01-01', 0)"))
        c.execute(sa.text("INSERT INTO incident_json (id, data) VALUES ('inc-old', :j)"),
                  {"j": json.dumps(incident_to_json(inc))})
    upgrade(engine)
    with engine.connect() as c:
        row = c.execute(sa.text("SELECT when_start, date_basis, lat FROM incidents")).one()
        fts = "SELECT incident_id FROM incident_fts WHERE incident_fts MATCH 'basement'"
        hits = c.execute(sa.text(fts)).all()
    assert tuple(row) == ("2022-09-20", "reported", 49.2) and [h[0] for h in hits] == ["inc-old"]
    engine.dispose()
