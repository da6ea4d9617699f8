"""Repository of the protected-persons register (table protected_persons, migration 0003)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from svidok.db import tables
from svidok.db.repo import utc
from svidok.db.tables import protected_persons
from svidok.model import ProtectedPerson

_TITLES = re.compile(r"^(?:(?:mr|mrs|ms|miss|dr|prof|father|mother)\.?\s+)+", re.I)
_POSSESSIVE = re.compile(r"['’]s?$")


def clean_name(name: str) -> str:
    """A name as a register entry: spaces collapsed, titles ("Mrs") and a possessive dropped."""
    text = " ".join(unicodedata.normalize("NFC", name).split()).strip(" .,;:\"“”()[]")
    return _POSSESSIVE.sub("", _TITLES.sub("", text)).strip()


def name_key(name: str) -> str:
    """The register's key of a name (the migration keeps a frozen copy of this rule)."""
    return clean_name(name).casefold()[:200]


def _row(r: sa.Row[tuple[object, ...]]) -> ProtectedPerson:
    m = r._mapping
    at = utc(m["at"])
    assert at is not None
    return ProtectedPerson(key=m["key"], name=m["name"], origin=m["origin"], status=m["status"],
                           actor=m["actor"], at=at, why=m["why"] or "", document_id=m["document_id"])


def entries(conn: Connection, status: str | None = None) -> list[ProtectedPerson]:
    """Register entries (all, or those with `status`), by name."""
    q = sa.select(protected_persons).order_by(protected_persons.c.key)
    if status is not None:
        q = q.where(protected_persons.c.status == status)
    return [_row(r) for r in conn.execute(q)]


def get(conn: Connection, key: str) -> ProtectedPerson | None:
    r = conn.execute(sa.select(protected_persons).where(protected_persons.c.key == key)).first()
    return None if r is None else _row(r)


def version(conn: Connection) -> str:
    """Changes whenever an entry is added or changed: "count:max rev:latest change time" (the
    time tells apart two writes that a rollback gave the same count and rev)."""
    c = protected_persons.c
    n, top, at = conn.execute(sa.select(sa.func.count(), sa.func.max(c.rev), sa.func.max(c.at))).one()
    return f"{int(n or 0)}:{int(top or 0)}:{at}"


def _next_rev(conn: Connection) -> int:
    return int(conn.execute(sa.select(sa.func.max(protected_persons.c.rev))).scalar() or 0) + 1


def add_extracted(conn: Connection, names: Iterable[tuple[str, str]], actor: str) -> int:
    """Insert (name, document id) pairs extraction found whose key is not yet registered (a name
    someone released stays released). Returns how many were new."""
    fresh: dict[str, tuple[str, str]] = {}
    for name, doc_id in names:
        key = name_key(name)
        if len(key) >= 2:
            fresh.setdefault(key, (clean_name(name), doc_id))
    if not fresh:
        return 0
    c = protected_persons.c
    known = {r[0] for r in conn.execute(sa.select(c.key).where(c.key.in_(list(fresh))))}
    rev, now = _next_rev(conn), datetime.now(UTC)
    rows = [{"key": k, "name": n, "origin": "extracted", "status": "protected", "document_id": d,
             "actor": actor, "at": now, "why": "", "rev": rev}
            for k, (n, d) in fresh.items() if k not in known]
    if rows:
        conn.execute(protected_persons.insert(), rows)
    return len(rows)


def set_entry(conn: Connection, name: str, status: str, actor: str, why: str) -> ProtectedPerson:
    """Add or change one entry by hand (origin stays "extracted" for a name extraction found)."""
    key = name_key(name)
    values = {"status": status, "actor": actor, "at": datetime.now(UTC), "why": why, "rev": _next_rev(conn)}
    c = protected_persons.c
    if conn.execute(sa.select(c.id).where(c.key == key)).first() is None:
        conn.execute(protected_persons.insert().values(key=key, name=clean_name(name), origin="manual",
                                                       document_id=None, **values))
    else:
        conn.execute(protected_persons.update().where(c.key == key).values(**values))
    found = get(conn, key)
    assert found is not None
    return found


def texts(conn: Connection, document_ids: list[str]) -> dict[str, str]:
    """The stored clean texts of these documents, by id (what redaction maps offsets in)."""
    out: dict[str, str] = {}
    for start in range(0, len(document_ids), 500):
        chunk = document_ids[start:start + 500]
        t = tables.texts.c
        q = sa.select(t.document_id, t.text).where(t.document_id.in_(chunk))
        out.update({str(r[0]): str(r[1]) for r in conn.execute(q)})
    return out
