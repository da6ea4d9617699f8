"""Shares: the incidents an admin gives a reviewer-external user to see.

Revision ID: 0003_access
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_access"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shares",
        sa.Column("incident_id", sa.String(40), primary_key=True),
        sa.Column("user", sa.String(100), sa.ForeignKey("users.name", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("shared_by", sa.Text, nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_shares_user", "shares", ["user"])


def downgrade() -> None:
    op.drop_index("ix_shares_user", table_name="shares")
    op.drop_table("shares")
