"""Dates with their basis, and search that reads the evidence quotes.

- incidents gain when_start/when_end/date_basis (the act's date, else the earliest publication
  date of the sources) and reported/reported_precision: the timeline, the date filters and the
  date sort read them, so an incident whose text dates nothing is still placed in time and the
  list says "reported" (db.derived). lat/lon: the place's coordinates, so that the map's 5,000
  markers are read from narrow rows, not from 5,000 incident records.
- incident_search holds each incident's evidence quotes and its other words; SQLite indexes it
  with the FTS5 table incident_fts (kept by triggers), PostgreSQL with two GIN expressions.
  Existing incidents are filled from their stored JSON and their sources' documents.

Revision ID: 0006_webmap
Revises: 0003_hardening
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_webmap"
down_revision = "0003_hardening"
branch_labels = None
depends_on = None

PG_QUOTES = ("CREATE INDEX ix_incident_search_quotes ON incident_search "
             "USING GIN (to_tsvector('simple', quotes))")
PG_ALL = ("CREATE INDEX ix_incident_search_all ON incident_search "
          "USING GIN (to_tsvector('simple', quotes || ' ' || fields))")
SQLITE_FTS = (
    "CREATE VIRTUAL TABLE incident_fts USING fts5(incident_id UNINDEXED, quotes, fields)",
    "CREATE TRIGGER incident_fts_ai AFTER INSERT ON incident_search BEGIN "
    "INSERT INTO incident_fts(incident_id, quotes, fields) "
    "VALUES (new.incident_id, new.quotes, new.fields); END",
    "CREATE TRIGGER incident_fts_ad AFTER DELETE ON incident_search BEGIN "
    "DELETE FROM incident_fts WHERE incident_id = old.incident_id; END",
    "CREATE TRIGGER incident_fts_au AFTER UPDATE ON incident_search BEGIN "
    "DELETE FROM incident_fts WHERE incident_id = old.incident_id; "
    "INSERT INTO incident_fts(incident_id, quotes, fields) "
    "VALUES (new.incident_id, new.quotes, new.fields); END",
)


def _backfill() -> None:
    from svidok.db import analysis

    conn = op.get_bind()
    conn.execute(sa.text("UPDATE incidents SET when_start = date_start, when_end = date_end, "
                         "date_basis = 'act' WHERE date_start IS NOT NULL"))
    ids = [r[0] for r in conn.execute(sa.text("SELECT id FROM incidents ORDER BY id"))]
    for start in range(0, len(ids), 2000):
        analysis.refresh_derived(conn, ids[start:start + 2000])


def upgrade() -> None:
    with op.batch_alter_table("incidents") as batch:
        batch.add_column(sa.Column("when_start", sa.Date))
        batch.add_column(sa.Column("when_end", sa.Date))
        batch.add_column(sa.Column("date_basis", sa.String(10)))
        batch.add_column(sa.Column("reported", sa.Date))
        batch.add_column(sa.Column("reported_precision", sa.String(5)))
        batch.add_column(sa.Column("lat", sa.Float))
        batch.add_column(sa.Column("lon", sa.Float))
    op.create_index("ix_incidents_when_sort", "incidents", ["when_start", "id", "status"])
    op.create_table(
        "incident_search",
        sa.Column("incident_id", sa.String(40), primary_key=True),
        sa.Column("quotes", sa.Text, nullable=False, server_default=""),
        sa.Column("fields", sa.Text, nullable=False, server_default=""),
    )
    if op.get_bind().dialect.name == "sqlite":
        for stmt in SQLITE_FTS:
            op.execute(stmt)
    else:
        op.execute(PG_QUOTES)
        op.execute(PG_ALL)
    _backfill()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trig in ("incident_fts_ai", "incident_fts_ad", "incident_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trig}")
        op.execute("DROP TABLE IF EXISTS incident_fts")
    op.drop_table("incident_search")
    op.drop_index("ix_incidents_when_sort", "incidents")
    with op.batch_alter_table("incidents") as batch:
        for col in ("lon", "lat", "reported_precision", "reported", "date_basis", "when_end", "when_start"):
            batch.drop_column(col)
