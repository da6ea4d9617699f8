"""Initial schema: documents, texts, custody chain, mentions, incidents, reviews, accounts, search.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("filename", sa.Text, nullable=False),
        sa.Column("original_path", sa.Text),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("size", sa.BigInteger, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("collected_at", TZ, nullable=False),
        sa.Column("collector", sa.Text),
        sa.Column("near_duplicate_of", sa.String(64)),
        sa.Column("similarity", sa.Float),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("status", sa.String(20), nullable=False, server_default="stored"),
        sa.Column("error", sa.Text),
    )
    op.create_table(
        "texts",
        sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("reader", sa.String(100), nullable=False),
        sa.Column("reader_version", sa.String(50), nullable=False),
        sa.Column("encoding", sa.String(50)),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("body_json", sa.Text, nullable=False, server_default="[]"),
    )
    op.create_table(
        "custody_events",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.String(50), nullable=False),
        sa.Column("object_hash", sa.String(64)),
        sa.Column("details", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
        sa.Column("signature", sa.String(128), nullable=False),
    )
    op.create_index("ix_custody_events_object_hash", "custody_events", ["object_hash"])
    op.create_index("ix_custody_events_action", "custody_events", ["action"])
    head = op.create_table(
        "chain_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    # The head row exists from the start so every append (the first included) locks the same row.
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": "0" * 64}])
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("place_id", sa.String(60)),
        sa.Column("admin1", sa.Text),
        sa.Column("date_start", sa.Date),
        sa.Column("date_end", sa.Date),
        sa.Column("victims", sa.Integer),
        sa.Column("grade", sa.String(60)),
        sa.Column("status", sa.String(20), nullable=False, server_default="unreviewed"),
        sa.Column("flagged", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("sources_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("machine_data", sa.JSON),
        sa.Column("reviewed", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("updated_at", TZ, nullable=False),
    )
    for col in ("type", "admin1", "date_start", "status", "flagged", "place_id"):
        op.create_index(f"ix_incidents_{col}", "incidents", [col])
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("type", sa.String(60), nullable=False),
        sa.Column("place_id", sa.String(60)),
        sa.Column("data", sa.JSON, nullable=False),
        sa.Column("extractor", sa.String(100), nullable=False),
        sa.Column("extractor_version", sa.String(50), nullable=False),
        sa.Column("incident_id", sa.String(40)),
    )
    op.create_index("ix_mentions_document_id", "mentions", ["document_id"])
    op.create_index("ix_mentions_incident_id", "mentions", ["incident_id"])
    op.create_index("ix_mentions_type_place", "mentions", ["type", "place_id"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("incident_id", sa.String(40), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("note", sa.Text, nullable=False, server_default=""),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("machine_before", sa.JSON),
    )
    op.create_index("ix_reviews_incident_id", "reviews", ["incident_id"])
    op.create_table(
        "users",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.Text),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("user", sa.String(100), sa.ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("user", sa.String(100), sa.ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
    )
    _create_search()


def _create_search() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # A standalone FTS5 table kept in step with `texts` by triggers (texts has no integer rowid
        # key that an external-content FTS table could follow).
        op.execute("CREATE VIRTUAL TABLE texts_fts USING fts5(document_id UNINDEXED, text)")
        op.execute(
            "CREATE TRIGGER texts_fts_ai AFTER INSERT ON texts BEGIN "
            "INSERT INTO texts_fts(document_id, text) VALUES (new.document_id, new.text); END"
        )
        op.execute(
            "CREATE TRIGGER texts_fts_ad AFTER DELETE ON texts BEGIN "
            "DELETE FROM texts_fts WHERE document_id = old.document_id; END"
        )
        op.execute(
            "CREATE TRIGGER texts_fts_au AFTER UPDATE OF text ON texts BEGIN "
            "DELETE FROM texts_fts WHERE document_id = old.document_id; "
            "INSERT INTO texts_fts(document_id, text) VALUES (new.document_id, new.text); END"
        )
    else:
        op.execute("CREATE INDEX ix_texts_fts ON texts USING GIN (to_tsvector('simple', text))")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trig in ("texts_fts_ai", "texts_fts_ad", "texts_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trig}")
        op.execute("DROP TABLE IF EXISTS texts_fts")
    for table in ("web_sessions", "api_tokens", "users", "reviews", "mentions", "incidents",
                  "chain_head", "custody_events", "texts", "documents"):
        op.drop_table(table)
