"""Register of protected persons: one row per name to withhold from viewers and exports.

Existing cases get the names their stored mentions already hold (Mention.persons), so that
redaction does not wait for a re-extraction.

Revision ID: 0003_protect
Revises: 0003_access
Create Date: 2026-11-30
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0003_protect"
down_revision = "0003_access"
branch_labels = None
depends_on = None

# Frozen copy of the key rule at this revision (svidok.db.protection.name_key).
_TITLES = re.compile(r"^(?:(?:mr|mrs|ms|miss|dr|prof|father|mother)\.?\s+)+", re.I)
_POSSESSIVE = re.compile(r"['’]s?$")


def _clean(name: str) -> str:
    text = " ".join(unicodedata.normalize("NFC", name).split()).strip(" .,;:\"“”()[]")
    return _POSSESSIVE.sub("", _TITLES.sub("", text)).strip()


def upgrade() -> None:
    table = op.create_table(
        "protected_persons",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(200), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("document_id", sa.String(64)),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("why", sa.Text, nullable=False, server_default=""),
        sa.Column("rev", sa.Integer, nullable=False),
    )
    op.create_index("ix_protected_persons_rev", "protected_persons", ["rev"])
    conn = op.get_bind()
    seen: dict[str, dict[str, object]] = {}
    now = datetime.now(UTC)
    for doc_id, data in conn.execute(sa.text("SELECT document_id, data FROM mentions ORDER BY document_id")):
        d = json.loads(data) if isinstance(data, str) else data
        for p in d.get("persons") or []:
            name = _clean(str(p.get("text", "")) if isinstance(p, dict) else "")
            key = name.casefold()
            if len(name) >= 2 and key not in seen:
                seen[key] = {"key": key[:200], "name": name, "origin": "extracted", "status": "protected",
                             "document_id": doc_id, "actor": "migration 0003", "at": now, "why": "",
                             "rev": len(seen) + 1}
    if seen:
        op.bulk_insert(table, list(seen.values()))


def downgrade() -> None:
    op.drop_index("ix_protected_persons_rev", "protected_persons")
    op.drop_table("protected_persons")
