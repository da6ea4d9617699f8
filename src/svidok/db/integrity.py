"""Reads and the few writes that verify and repair need: derived rows, raw, in bulk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from svidok.db.repo import _document, utc
from svidok.db.serial import incident_from_json
from svidok.db.tables import documents, incident_json, incidents, mentions, reviews, texts
from svidok.model import Document, Incident, Review


def iter_documents(conn: Connection, batch: int = 1000) -> Iterator[Document]:
    """Every document, by id, a batch at a time."""
    last = ""
    while True:
        rows = list(conn.execute(sa.select(documents).where(documents.c.id > last)
                                 .order_by(documents.c.id).limit(batch)))
        if not rows:
            return
        yield from (_document(r) for r in rows)
        last = rows[-1]._mapping["id"]


def text_ids(conn: Connection) -> set[str]:
    return {r[0] for r in conn.execute(sa.select(texts.c.document_id))}


def iter_reviews(conn: Connection) -> Iterator[Review]:
    for r in conn.execute(sa.select(reviews).order_by(reviews.c.id)):
        m = r._mapping
        at = utc(m["at"])
        assert at is not None
        yield Review(incident_id=m["incident_id"], actor=m["actor"], action=m["action"], note=m["note"],
                     changes=m["changes"], at=at, id=m["id"])


def mention_links(conn: Connection) -> Iterator[tuple[str, str, str | None, str | None]]:
    """(mention id, document id, place id, incident id) of every mention, by id."""
    m = mentions.c
    q = sa.select(m.id, m.document_id, m.place_id, m.incident_id).order_by(m.id)
    for row in conn.execute(q):
        yield str(row[0]), str(row[1]), row[2], row[3]


def unfinished_documents(conn: Connection) -> set[str]:
    """Documents not yet through extraction and linking (an `add` that stopped, or --no-extract)."""
    q = sa.select(documents.c.id).where(documents.c.status != "processed")
    return {str(r[0]) for r in conn.execute(q)}


def incident_citations(conn: Connection) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(incident id, [(document id, mention id)...]) of every incident, from its working copy."""
    q = (sa.select(incident_json.c.data).join_from(incidents, incident_json,
                                                   incident_json.c.id == incidents.c.id)
         .order_by(incidents.c.id))
    for (data,) in conn.execute(q):
        inc = incident_from_json(data)
        yield inc.id, [(f.document_id, mid) for f in inc.sources for mid in f.mention_ids]


def restore_document(conn: Connection, document_id: str, values: dict[str, Any]) -> None:
    """Put back recorded metadata (repair): `values` maps documents columns to their values."""
    row = dict(values)
    if isinstance(row.get("published"), str):
        row["published"] = date.fromisoformat(row["published"][:10])
    if isinstance(row.get("collected_at"), str):
        row["collected_at"] = datetime.fromisoformat(row["collected_at"])
    conn.execute(documents.update().where(documents.c.id == document_id).values(**row))


def put_text(conn: Connection, document_id: str, values: dict[str, Any]) -> None:
    """Replace (or insert) one document's text row (repair re-reads it from the original)."""
    conn.execute(texts.delete().where(texts.c.document_id == document_id))
    conn.execute(texts.insert().values(document_id=document_id, **values))


def clear_dangling_links(conn: Connection) -> None:
    """Unlink mentions that point to an incident that does not exist, so relinking sees them."""
    gone = ~mentions.c.incident_id.in_(sa.select(incidents.c.id))
    conn.execute(mentions.update().where(mentions.c.incident_id.is_not(None), gone).values(incident_id=None))


def iter_incidents(conn: Connection) -> Iterator[tuple[dict[str, Any], Incident | None, Incident | None]]:
    """(`incidents` row, working copy, machine version) of every incident, by id; a record that is
    missing (or that does not parse) is None."""
    j = incident_json.c
    q = (sa.select(incidents, j.data, j.machine_data)
         .join_from(incidents, incident_json, j.id == incidents.c.id, isouter=True)
         .order_by(incidents.c.id))
    for r in conn.execute(q):
        m = dict(r._mapping)
        yield m, _incident(m.pop("data")), _incident(m.pop("machine_data"))


def _incident(data: Any) -> Incident | None:
    if data is None:
        return None
    try:
        return incident_from_json(data)
    except (KeyError, TypeError, ValueError):
        return None


def restore_incident_row(conn: Connection, inc: Incident) -> None:
    """Rewrite an `incidents` row from the incident's record (repair)."""
    from svidok.db.analysis import incident_columns

    conn.execute(incidents.update().where(incidents.c.id == inc.id).values(**incident_columns(inc)))
