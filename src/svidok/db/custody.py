"""Custody chain storage. Appends are serialised in the database itself.

Every append locks the single `chain_head` row (SELECT ... FOR UPDATE on PostgreSQL; on SQLite the
engine opens every transaction with BEGIN IMMEDIATE, which takes the database write lock), and
`custody_events.seq` / `prev_hash` are unique, so no two writers can ever fork the chain.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.engine import Connection

from svidok.db.tables import chain_head, custody_events
from svidok.evidence import custody
from svidok.model import CustodyEvent

# Set on Connection.info by every append, so the case can extend its signed tree head on commit.
APPENDED = "svidok.appended"
_COLS = ("seq", "at", "actor", "action", "object_hash", "details", "prev_hash", "hash", "signature")


def lock_chain(conn: Connection) -> tuple[int, str]:
    """Lock the chain head row until the transaction ends; return (seq, hash) of the last event.

    Callers that check-then-insert (e.g. "is this document new?") take it first so the check and
    the insert are serialised with every other writer.
    """
    row = conn.execute(
        sa.select(chain_head.c.seq, chain_head.c.hash).where(chain_head.c.id == 1).with_for_update()
    ).first()
    if row is None:  # created by the initial migration; missing means the schema was tampered with
        raise RuntimeError("custody chain head row is missing (database not created by Svidok?)")
    return int(row.seq), str(row.hash)


def append_event(conn: Connection, key: Ed25519PrivateKey, actor: str, action: str,
                 object_hash: str | None = None, details: dict[str, Any] | None = None,
                 at: datetime | None = None) -> CustodyEvent:
    """Append one signed event in the caller's transaction and return it."""
    return append_events(conn, key, actor, [(action, object_hash, details or {})], at)[0]


def append_events(conn: Connection, key: Ed25519PrivateKey, actor: str,
                  events: Sequence[tuple[str, str | None, dict[str, Any]]],
                  at: datetime | None = None) -> list[CustodyEvent]:
    """Append (action, object_hash, details) events in order, in the caller's transaction.

    One head lock, one multi-row insert and one head update for the lot: bulk loads write
    thousands of events, and three statements per event made the chain their slowest part."""
    if not events:
        return []
    seq, prev = lock_chain(conn)
    rows = []
    for action, object_hash, details in events:
        seq += 1
        row = custody.make_event(key, seq, prev, actor, action, object_hash, details, at)
        rows.append(row)
        prev = row["hash"]
    conn.execute(custody_events.insert(), rows)
    conn.execute(chain_head.update().where(chain_head.c.id == 1).values(seq=seq, hash=prev))
    conn.info[APPENDED] = True
    return [custody.to_model(row) for row in rows]


def iter_rows(conn: Connection, batch: int = 2000, after: int | None = None) -> Iterator[dict[str, Any]]:
    """Every stored event row (with seq > `after` when given) in seq order, as raw stored values."""
    last = after
    while True:
        q = sa.select(*[custody_events.c[c] for c in _COLS]).order_by(custody_events.c.seq).limit(batch)
        if last is not None:
            q = q.where(custody_events.c.seq > last)
        rows = [dict(r._mapping) for r in conn.execute(q)]
        if not rows:
            return
        yield from rows
        last = rows[-1]["seq"]


def load_events(conn: Connection, limit: int | None = None, action: str | None = None,
                object_hash: str | None = None, newest_first: bool = False,
                offset: int = 0) -> list[CustodyEvent]:
    q = sa.select(*[custody_events.c[c] for c in _COLS])
    if action is not None:
        q = q.where(custody_events.c.action == action)
    if object_hash is not None:
        q = q.where(custody_events.c.object_hash == object_hash)
    q = q.order_by(custody_events.c.seq.desc() if newest_first else custody_events.c.seq)
    if limit is not None:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    return [custody.to_model(dict(r._mapping)) for r in conn.execute(q)]


def head(conn: Connection) -> tuple[int, str]:
    row = conn.execute(sa.select(chain_head.c.seq, chain_head.c.hash).where(chain_head.c.id == 1)).first()
    return (0, custody.GENESIS) if row is None else (int(row.seq), str(row.hash))


def hashes_with_action(conn: Connection, action: str, among: list[str] | None = None) -> set[str]:
    """Object hashes that have an event `action` (only those of `among` when given)."""
    q = sa.select(custody_events.c.object_hash).where(custody_events.c.action == action).distinct()
    if among is not None:
        q = q.where(custody_events.c.object_hash.in_(among))
    return {r[0] for r in conn.execute(q) if r[0] is not None}
