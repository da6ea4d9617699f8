"""Languages: each document's language (and its runs on a mixed page), its extraction status, the
original it was read from when it is one part of a larger file (a Telegram channel export), and
each user's interface language.

- documents.language / language_confidence / language_method ("model", "letters", "given") /
  language_runs (JSON [[start, end, code], ...] or NULL); older rows keep NULL (identified as
  English-or-unknown: extraction runs the English pipeline on them, as before).
- documents.extraction_status: NULL (not extracted yet), "extracted", or
  "unsupported_language: <code>".
- documents.original_sha256 / part: NULL for a document that is its own original.
- users.language: NULL for English.

Revision ID: 0007_langinfra
Revises: 0006_webmap
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_langinfra"
down_revision = "0006_webmap"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("language", sa.String(8)))
    op.add_column("documents", sa.Column("language_confidence", sa.Float))
    op.add_column("documents", sa.Column("language_method", sa.String(10)))
    op.add_column("documents", sa.Column("language_runs", sa.Text))
    op.add_column("documents", sa.Column("extraction_status", sa.String(60)))
    op.add_column("documents", sa.Column("original_sha256", sa.String(64)))
    op.add_column("documents", sa.Column("part", sa.String(200)))
    op.create_index("ix_documents_original_sha256", "documents", ["original_sha256"])
    op.create_index("ix_documents_language", "documents", ["language"])
    op.add_column("users", sa.Column("language", sa.String(8)))


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("language")
    op.drop_index("ix_documents_language", "documents")
    op.drop_index("ix_documents_original_sha256", "documents")
    with op.batch_alter_table("documents") as batch:
        for name in ("part", "original_sha256", "extraction_status", "language_runs", "language_method",
                     "language_confidence", "language"):
            batch.drop_column(name)
