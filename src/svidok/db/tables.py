"""SQLAlchemy Core tables: the one description of the schema that code queries against.

The schema itself is created only by the Alembic migrations in `migrations/versions/`; a test
checks that those migrations produce exactly these tables.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

documents = sa.Table(
    "documents",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # SHA-256 of the original bytes
    sa.Column("sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("filename", sa.Text, nullable=False),
    sa.Column("original_path", sa.Text),
    sa.Column("media_type", sa.String(100), nullable=False),
    sa.Column("size", sa.BigInteger, nullable=False),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.Text),
    sa.Column("url", sa.Text),
    sa.Column("published", sa.Date),
    sa.Column("collected_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("collector", sa.Text),
    sa.Column("near_duplicate_of", sa.String(64)),
    sa.Column("similarity", sa.Float),
    sa.Column("minhash", sa.LargeBinary),
    sa.Column("status", sa.String(20), nullable=False, server_default="stored"),
    sa.Column("error", sa.Text),
    sa.Column("published_precision", sa.String(5)),  # 0003: day | month | year (NULL: day)
    # 0007: language (ISO 639-1 or "und"), how it was decided, runs of a mixed page (JSON)
    sa.Column("language", sa.String(8)),
    sa.Column("language_confidence", sa.Float),
    sa.Column("language_method", sa.String(10)),
    sa.Column("language_runs", sa.Text),
    sa.Column("extraction_status", sa.String(60)),  # NULL | extracted | unsupported_language: <code>
    # 0007: the preserved original a part document was read from, and where in it
    sa.Column("original_sha256", sa.String(64)),
    sa.Column("part", sa.String(200)),
    sa.Index("ix_documents_original_sha256", "original_sha256"),
    sa.Index("ix_documents_language", "language"),
)

texts = sa.Table(
    "texts",
    metadata,
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

custody_events = sa.Table(
    "custody_events",
    metadata,
    # seq is the primary key: two writers can never both append the same link.
    sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
    # `at` and `details` are stored as the exact strings that were hashed.
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("action", sa.String(50), nullable=False),
    sa.Column("object_hash", sa.String(64)),
    sa.Column("details", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("hash", sa.String(64), nullable=False, unique=True),
    sa.Column("signature", sa.String(128), nullable=False),
    sa.Index("ix_custody_events_object_hash", "object_hash"),
    sa.Index("ix_custody_events_action", "action"),
)

chain_head = sa.Table(
    "chain_head",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),  # always 1
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
)

incidents = sa.Table(
    "incidents",
    metadata,
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
    sa.Column("reviewed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("place_name", sa.Text),  # 0002: sort and filter keys of the listing
    sa.Column("confidence", sa.Float, nullable=False, server_default="0"),
    # 0006: the date the listing places it at (db.derived): the act's, else the earliest report's
    sa.Column("when_start", sa.Date),
    sa.Column("when_end", sa.Date),
    sa.Column("date_basis", sa.String(10)),  # act | reported | NULL
    sa.Column("reported", sa.Date),
    sa.Column("reported_precision", sa.String(5)),
    sa.Column("lat", sa.Float),  # 0006: the place's coordinates, so the map reads no JSON
    sa.Column("lon", sa.Float),
    sa.Index("ix_incidents_type", "type"),
    sa.Index("ix_incidents_admin1", "admin1"),
    sa.Index("ix_incidents_date_start", "date_start"),
    sa.Index("ix_incidents_status", "status"),
    sa.Index("ix_incidents_flagged", "flagged"),
    sa.Index("ix_incidents_place_id", "place_id"),
    sa.Index("ix_incidents_date_sort", "date_start", "id", "status"),
    sa.Index("ix_incidents_place_name", "place_name", "place_id", "id", "status"),
    sa.Index("ix_incidents_victims", "victims", "id", "status"),
    sa.Index("ix_incidents_sources_count", "sources_count", "id", "status"),
    sa.Index("ix_incidents_confidence", "confidence", "id", "status"),
    sa.Index("ix_incidents_grade", "grade"),
    sa.Index("ix_incidents_when_sort", "when_start", "id", "status"),
)

# What search reads of each incident (db.derived.search_text; migration 0006): full-text indexed
# by raw SQL (SQLite: FTS5 table incident_fts kept by triggers; PostgreSQL: GIN expressions).
incident_search = sa.Table(
    "incident_search",
    metadata,
    sa.Column("incident_id", sa.String(40), primary_key=True),
    sa.Column("quotes", sa.Text, nullable=False, server_default=""),
    sa.Column("fields", sa.Text, nullable=False, server_default=""),
)

# The incident as JSON, apart from the narrow rows that listing filters scan (migration 0002).
incident_json = sa.Table(
    "incident_json",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("data", sa.JSON, nullable=False),  # working copy (what analysts see and edit)
    sa.Column("machine_data", sa.JSON),  # the linker's own version
)

mentions = sa.Table(
    "mentions",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("document_id", sa.String(64), sa.ForeignKey("documents.id", ondelete="CASCADE"),
              nullable=False),
    sa.Column("type", sa.String(60), nullable=False),
    sa.Column("place_id", sa.String(60)),
    sa.Column("data", sa.JSON, nullable=False),
    sa.Column("extractor", sa.String(100), nullable=False),
    sa.Column("extractor_version", sa.String(50), nullable=False),
    # No foreign key: linking rewrites incidents wholesale and mentions must survive that.
    sa.Column("incident_id", sa.String(40)),
    sa.Index("ix_mentions_document_id", "document_id"),
    sa.Index("ix_mentions_document_incident", "document_id", "incident_id"),
    sa.Index("ix_mentions_incident_id", "incident_id"),
    sa.Index("ix_mentions_type_place", "type", "place_id"),
)

reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("incident_id", sa.String(40), nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("action", sa.String(20), nullable=False),
    sa.Column("note", sa.Text, nullable=False, server_default=""),
    sa.Column("changes", sa.JSON, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("machine_before", sa.JSON),
    sa.Index("ix_reviews_incident_id", "incident_id"),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.Text),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("language", sa.String(8)),  # 0007: interface language (NULL: English)
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("user", sa.String(100), sa.ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked", sa.Boolean, nullable=False, server_default=sa.false()),
    # 0003: the id names the token in listings and events (first 12 hex of its hash)
    sa.Column("id", sa.String(16)),
    sa.Column("expires_at", sa.DateTime(timezone=True)),
    sa.Column("last_used_at", sa.DateTime(timezone=True)),
    sa.Index("ix_api_tokens_id", "id", unique=True),
    sa.Index("ix_api_tokens_user", "user"),
)

# 0003: failed-login state per account and per client address (shared by every server process)
login_throttles = sa.Table(
    "login_throttles",
    metadata,
    sa.Column("kind", sa.String(10), primary_key=True),  # "account" or "client"
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_failure", sa.DateTime(timezone=True), nullable=False),
    sa.Column("locked_until", sa.DateTime(timezone=True)),
)

# 0003: audit of failed and refused logins
login_failures = sa.Table(
    "login_failures",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("user", sa.String(200), nullable=False),
    sa.Column("client", sa.String(200), nullable=False),
    sa.Column("reason", sa.String(40), nullable=False),
    sa.Index("ix_login_failures_at", "at"),
)

web_sessions = sa.Table(
    "web_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),  # sha256 of the cookie value
    sa.Column("user", sa.String(100), sa.ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

# Incidents an admin shared with a reviewer-external user (migration 0003_access). No foreign key
# to incidents: linking rewrites incident rows wholesale, and a share of a merged-away incident
# simply shows nothing.
shares = sa.Table(
    "shares",
    metadata,
    sa.Column("incident_id", sa.String(40), primary_key=True),
    sa.Column("user", sa.String(100), sa.ForeignKey("users.name", ondelete="CASCADE"), primary_key=True),
    sa.Column("shared_by", sa.Text, nullable=False),
    sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_shares_user", "user"),
)

# The case's register of protected persons (migration 0003_protect): names extraction found (witnesses,
# victims, relatives, detainees) and names people added or released by hand. `key` is the
# normalised name; `rev` grows with every change, so (count, max rev) versions the register.
protected_persons = sa.Table(
    "protected_persons",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("key", sa.String(200), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("origin", sa.String(20), nullable=False),  # extracted | manual
    sa.Column("status", sa.String(20), nullable=False),  # protected | released
    sa.Column("document_id", sa.String(64)),  # where extraction first found it
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("why", sa.Text, nullable=False, server_default=""),
    sa.Column("rev", sa.Integer, nullable=False),
    sa.Index("ix_protected_persons_rev", "rev"),
)
