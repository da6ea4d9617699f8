"""Incident listing at scale: narrow incident rows, every sort key a column with an index.

The incident list filters, sorts and pages in the database. The incident JSON (working copy and
machine version, ~2 KB each) moves to its own table `incident_json`, so that the `incidents`
rows that filters read are ~200 bytes and even a filter no index serves scans 100,000 of them in
a few milliseconds; place name and confidence become columns so that every sort key is indexed
(docs/benchmarks.md, latency).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Sort keys carry id and status: a page deep in the list (offset 50,000) is then read from the
# index alone, without touching a row.
INDEXES = {
    "ix_incidents_date_sort": ["date_start", "id", "status"],
    "ix_incidents_place_name": ["place_name", "place_id", "id", "status"],
    "ix_incidents_victims": ["victims", "id", "status"],
    "ix_incidents_sources_count": ["sources_count", "id", "status"],
    "ix_incidents_confidence": ["confidence", "id", "status"],
    "ix_incidents_grade": ["grade"],
}


def upgrade() -> None:
    op.create_table(
        "incident_json",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("machine_data", sa.JSON),
    )
    op.execute("INSERT INTO incident_json (id, data, machine_data) "
               "SELECT id, data, machine_data FROM incidents")
    op.add_column("incidents", sa.Column("place_name", sa.Text))
    op.add_column("incidents", sa.Column("confidence", sa.Float, nullable=False, server_default="0"))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, data FROM incident_json")).fetchall()
    updates = []
    for incident_id, data in rows:
        d = json.loads(data) if isinstance(data, str) else data
        place = d.get("place") or {}
        updates.append({"i": incident_id, "n": place.get("name"), "c": float(d.get("confidence") or 0.0)})
    if updates:
        conn.execute(sa.text("UPDATE incidents SET place_name = :n, confidence = :c WHERE id = :i"), updates)
    with op.batch_alter_table("incidents") as batch:  # SQLite: the table is rebuilt without them
        batch.drop_column("data")
        batch.drop_column("machine_data")
    for name, cols in INDEXES.items():
        op.create_index(name, "incidents", cols)
    # full-text filter: documents -> their incidents without reading mention JSON
    op.create_index("ix_mentions_document_incident", "mentions", ["document_id", "incident_id"])


def downgrade() -> None:
    op.drop_index("ix_mentions_document_incident", "mentions")
    for name in INDEXES:
        op.drop_index(name, "incidents")
    with op.batch_alter_table("incidents") as batch:
        batch.drop_column("confidence")
        batch.drop_column("place_name")
        batch.add_column(sa.Column("data", sa.JSON, nullable=True))
        batch.add_column(sa.Column("machine_data", sa.JSON))
    op.execute("UPDATE incidents SET data = (SELECT j.data FROM incident_json j WHERE j.id = incidents.id), "
               "machine_data = (SELECT j.machine_data FROM incident_json j WHERE j.id = incidents.id)")
    op.drop_table("incident_json")
