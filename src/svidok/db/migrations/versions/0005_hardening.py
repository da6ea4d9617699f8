"""Hardening: published-date precision, API token ids and expiry, login throttles and their audit.

- PostgreSQL's full-text index covers the first 200,000 characters of each text.
- documents.published_precision: "day", "month" or "year" (NULL on older rows means "day"); the
  published column holds the first day of the period.
- api_tokens gain an id (the first 12 hex digits of the token's hash, already named in custody
  events), an expiry and the time of last use. Tokens issued before have no expiry.
- login_throttles: failed-login state per account and per client address, in the database so that
  every server process sees it. login_failures: the audit of failed and refused logins (an
  attacker could otherwise flood the signed custody log).

Revision ID: 0003_hardening
Revises: 0003_protect
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_hardening"
down_revision = "0003_protect"
branch_labels = None
depends_on = None


# PostgreSQL: the full-text index covers the first 200,000 characters of a text (db.repo.PG_TSVECTOR);
# over the whole text, a long text's tsvector passes PostgreSQL's 1 MB limit and its insert fails.
FTS_OLD = "CREATE INDEX ix_texts_fts ON texts USING GIN (to_tsvector('simple', text))"
FTS_NEW = "CREATE INDEX ix_texts_fts ON texts USING GIN (to_tsvector('simple', left(text, 200000)))"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_texts_fts")
        op.execute(FTS_NEW)
    op.add_column("documents", sa.Column("published_precision", sa.String(5)))
    op.add_column("api_tokens", sa.Column("id", sa.String(16)))
    op.add_column("api_tokens", sa.Column("expires_at", sa.DateTime(timezone=True)))
    op.add_column("api_tokens", sa.Column("last_used_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE api_tokens SET id = substr(token_hash, 1, 12)")
    op.create_index("ix_api_tokens_id", "api_tokens", ["id"], unique=True)
    op.create_index("ix_api_tokens_user", "api_tokens", ["user"])
    op.create_table(
        "login_throttles",
        sa.Column("kind", sa.String(10), primary_key=True),  # "account" or "client"
        sa.Column("key", sa.String(200), primary_key=True),  # user name (casefolded) or address
        sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("last_failure", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user", sa.String(200), nullable=False),
        sa.Column("client", sa.String(200), nullable=False),
        sa.Column("reason", sa.String(40), nullable=False),  # wrong_password | throttled
        sa.Index("ix_login_failures_at", "at"),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_texts_fts")
        op.execute(FTS_OLD)
    op.drop_table("login_failures")
    op.drop_table("login_throttles")
    op.drop_index("ix_api_tokens_user", "api_tokens")
    op.drop_index("ix_api_tokens_id", "api_tokens")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("last_used_at")
        batch.drop_column("expires_at")
        batch.drop_column("id")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("published_precision")
