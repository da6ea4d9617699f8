"""Repository functions for mentions, incidents and reviews (the extraction and linking results)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from svidok.db.derived import SourceFacts, dating, search_text
from svidok.db.repo import utc
from svidok.db.serial import (
    incident_from_json,
    incident_to_json,
    mention_from_json,
    mention_to_json,
)
from svidok.db.tables import documents, incident_json, incident_search, incidents, mentions, reviews
from svidok.model import Incident, Mention, Review


def replace_mentions(conn: Connection, document_id: str, new: Sequence[Mention],
                     extractor_version: str) -> None:
    """Replace every mention of one document (re-extraction is idempotent)."""
    conn.execute(mentions.delete().where(mentions.c.document_id == document_id))
    rows = []
    for m in new:
        if m.id is None:
            raise ValueError(f"mention of {document_id} has no id")
        if m.document_id != document_id:
            raise ValueError(f"mention {m.id} belongs to {m.document_id}, not {document_id}")
        rows.append({"id": m.id, "document_id": document_id, "type": m.type,
                     "place_id": m.place.id if m.place else None, "data": mention_to_json(m),
                     "extractor": m.component, "extractor_version": extractor_version,
                     "incident_id": None})
    if rows:
        conn.execute(mentions.insert(), rows)


def insert_mentions(conn: Connection, new: Sequence[Mention], extractor_version: str) -> None:
    """Insert mentions of many documents in one executemany (bulk loads; no replacement)."""
    rows = [{"id": m.id, "document_id": m.document_id, "type": m.type,
             "place_id": m.place.id if m.place else None, "data": mention_to_json(m),
             "extractor": m.component, "extractor_version": extractor_version, "incident_id": None}
            for m in new]
    if rows:
        conn.execute(mentions.insert(), rows)


def mention_home(conn: Connection, mention_id: str) -> tuple[str, str | None] | None:
    """(document id, incident id) of a stored mention, or None when there is none."""
    m = mentions.c
    row = conn.execute(sa.select(m.document_id, m.incident_id).where(m.id == mention_id)).first()
    return None if row is None else (str(row[0]), row[1])


def load_mentions(conn: Connection, document_ids: Iterable[str] | None = None) -> list[Mention]:
    q = sa.select(mentions.c.data).order_by(mentions.c.document_id, mentions.c.id)
    if document_ids is not None:
        q = q.where(mentions.c.document_id.in_(list(document_ids)))
    return [mention_from_json(r[0]) for r in conn.execute(q)]


def load_mentions_of_keys(conn: Connection, keys: Iterable[tuple[str, str]]) -> list[Mention]:
    """Every stored mention of the given (type, place id) pairs (linking rebuilds whole keys)."""
    wanted = set(keys)
    places = sorted({p for _, p in wanted})
    out: list[Mention] = []
    m = mentions.c
    for i in range(0, len(places), 500):
        q = (sa.select(m.type, m.place_id, m.data).where(m.place_id.in_(places[i:i + 500]))
             .order_by(m.document_id, m.id))
        out += [mention_from_json(r[2]) for r in conn.execute(q) if (r[0], r[1]) in wanted]
    return out


def unlinked_documents(conn: Connection) -> list[str]:
    """Documents with a placed mention that no incident holds: a linking pass that never ran (an
    interrupted `add`) or lost a race. Every relink takes them in, so nothing stays unlinked."""
    m = mentions.c
    q = (sa.select(m.document_id).where(m.place_id.is_not(None), m.incident_id.is_(None))
         .distinct().order_by(m.document_id))
    return [str(r[0]) for r in conn.execute(q)]


def mention_incidents(conn: Connection) -> dict[str, str | None]:
    """mention id -> incident id (None while unlinked)."""
    return {r[0]: r[1] for r in conn.execute(sa.select(mentions.c.id, mentions.c.incident_id))}


def set_mention_incident(conn: Connection, mention_ids: Iterable[str], incident_id: str | None) -> None:
    ids = list(mention_ids)
    if ids:
        conn.execute(mentions.update().where(mentions.c.id.in_(ids)).values(incident_id=incident_id))


def source_facts(conn: Connection, items: Sequence[Incident]) -> dict[str, SourceFacts]:
    """Publication date, outlet and title of every document the incidents cite (one query per 2,000)."""
    ids = sorted({f.document_id for inc in items for f in inc.sources})
    d = documents.c
    out: dict[str, SourceFacts] = {}
    for start in range(0, len(ids), 2000):
        q = sa.select(d.id, d.published, d.published_precision, d.outlet, d.title).where(
            d.id.in_(ids[start:start + 2000]))
        for r in conn.execute(q):
            out[r[0]] = SourceFacts(r[1], r[2] or "day", r[3], r[4])
    return out


def incident_columns(inc: Incident) -> dict[str, Any]:
    """The `incidents` row's filter and sort columns, as derived from the incident's record alone
    (verify checks the row against them; the dating columns also read the sources' dates)."""
    return {
        "type": inc.type, "place_id": inc.place.id if inc.place else None,
        "place_name": inc.place.name if inc.place else None, "confidence": inc.confidence,
        "admin1": inc.place.admin1 if inc.place else None,
        "date_start": inc.date.start if inc.date else None, "date_end": inc.date.end if inc.date else None,
        "victims": inc.victims, "grade": inc.grade, "status": inc.status, "flagged": inc.flagged,
        "sources_count": len({s.document_id for s in inc.sources}),
    }


def _columns(inc: Incident, facts: dict[str, SourceFacts]) -> dict[str, Any]:
    when = dating(inc, facts)
    return {
        **incident_columns(inc),
        "when_start": when.when_start, "when_end": when.when_end, "date_basis": when.basis,
        "reported": when.reported, "reported_precision": when.reported_precision,
        "lat": inc.place.lat if inc.place else None, "lon": inc.place.lon if inc.place else None,
        "updated_at": datetime.now(UTC),
    }


def _write_search(conn: Connection, items: Sequence[Incident], facts: dict[str, SourceFacts]) -> None:
    """Replace the search rows of `items` (one delete and one executemany)."""
    ids = [inc.id for inc in items]
    for start in range(0, len(ids), 2000):
        chunk = ids[start:start + 2000]
        conn.execute(incident_search.delete().where(incident_search.c.incident_id.in_(chunk)))
    rows = []
    for inc in items:
        quotes, fields = search_text(inc, facts)
        rows.append({"incident_id": inc.id, "quotes": quotes, "fields": fields})
    if rows:
        conn.execute(incident_search.insert(), rows)


def refresh_derived(conn: Connection, ids: Sequence[str]) -> None:
    """Recompute the dating columns and search rows of stored incidents (migration 0006). A
    stored record too old or damaged to read keeps what the migration set from its columns."""
    j = incident_json
    items = []
    for r in conn.execute(sa.select(j.c.data).where(j.c.id.in_(list(ids)))):
        try:
            items.append(incident_from_json(r[0]))
        except (KeyError, TypeError, ValueError):
            continue
    facts = source_facts(conn, items)
    for inc in items:
        cols = _columns(inc, facts)
        conn.execute(incidents.update().where(incidents.c.id == inc.id).values(
            {k: cols[k] for k in ("when_start", "when_end", "date_basis", "reported", "reported_precision",
                                  "lat", "lon")}))
    _write_search(conn, items, facts)


def save_incidents(conn: Connection, items: Sequence[Incident], machine: bool) -> None:
    """Insert or update incidents.

    The filterable columns live in `incidents`, the JSON in `incident_json` (same id).
    machine=True (linking): always refreshes `machine_data`; the working copy `data` is refreshed too
    unless a human has reviewed the incident, whose edits win. machine=False (review): updates `data`
    and marks the incident reviewed, keeping the machine's version for comparison.
    """
    j = incident_json
    facts = source_facts(conn, items)
    working: list[Incident] = []  # whose working copy (what lists and search read) changes
    for inc in items:
        data = incident_to_json(inc)
        existing = conn.execute(
            sa.select(incidents.c.reviewed).where(incidents.c.id == inc.id)
        ).first()
        if existing is None:
            conn.execute(incidents.insert().values(id=inc.id, reviewed=not machine, **_columns(inc, facts)))
            working.append(inc)
            conn.execute(j.insert().values(id=inc.id, data=data, machine_data=data if machine else None))
        elif machine and existing.reviewed:
            conn.execute(j.update().where(j.c.id == inc.id).values(machine_data=data))
        elif machine:
            conn.execute(incidents.update().where(incidents.c.id == inc.id).values(**_columns(inc, facts)))
            conn.execute(j.update().where(j.c.id == inc.id).values(data=data, machine_data=data))
            working.append(inc)
        else:
            conn.execute(incidents.update().where(incidents.c.id == inc.id).values(
                reviewed=True, **_columns(inc, facts)))
            conn.execute(j.update().where(j.c.id == inc.id).values(data=data))
            working.append(inc)
    _write_search(conn, working, facts)


# Bulk writes: save_incidents and set_mention_incident run one statement per row, which alone
# takes ~10 s for 10,000 mentions; these batch the common case of linking into executemany calls.
def insert_incidents(conn: Connection, items: Sequence[Incident]) -> None:
    """Insert new machine incidents (working copy = machine version)."""
    rows, docs = [], []
    facts = source_facts(conn, items)
    for inc in items:
        data = incident_to_json(inc)
        rows.append({"id": inc.id, "reviewed": False, **_columns(inc, facts)})
        docs.append({"id": inc.id, "data": data, "machine_data": data})
    if rows:
        conn.execute(incidents.insert(), rows)
        conn.execute(incident_json.insert(), docs)
        _write_search(conn, items, facts)


def point_mentions(conn: Connection, items: Sequence[Incident], only: set[str] | None = None) -> None:
    """Point every mention of each incident's sources at that incident (of those in `only`, if given)."""
    rows = [{"mid": mid, "iid": inc.id} for inc in items for f in inc.sources for mid in f.mention_ids
            if only is None or mid in only]
    if rows:
        stmt = (mentions.update().where(mentions.c.id == sa.bindparam("mid"))
                .values(incident_id=sa.bindparam("iid")))
        conn.execute(stmt, rows)


def delete_incidents(conn: Connection, ids: Iterable[str]) -> None:
    ids = list(ids)
    if ids:
        conn.execute(mentions.update().where(mentions.c.incident_id.in_(ids)).values(incident_id=None))
        conn.execute(incidents.delete().where(incidents.c.id.in_(ids)))
        conn.execute(incident_json.delete().where(incident_json.c.id.in_(ids)))
        conn.execute(incident_search.delete().where(incident_search.c.incident_id.in_(ids)))


def load_incidents(conn: Connection, *, type: str | None = None, admin1: str | None = None,
                   place_id: str | None = None, status: str | None = None, flagged: bool | None = None,
                   reviewed: bool | None = None, date_from: date | None = None,
                   date_to: date | None = None, ids: Iterable[str] | None = None,
                   document_id: str | None = None, limit: int | None = None) -> list[Incident]:
    """Incidents (working copy) matching every given filter, by date then id.

    date_from/date_to keep incidents whose date range overlaps [date_from, date_to].
    """
    c = incidents.c
    q = (sa.select(incident_json.c.data).join_from(incidents, incident_json, incident_json.c.id == c.id)
         .order_by(c.date_start, c.id))
    for col, val in ((c.type, type), (c.admin1, admin1), (c.place_id, place_id), (c.status, status),
                     (c.flagged, flagged), (c.reviewed, reviewed)):
        if val is not None:
            q = q.where(col == val)
    if date_from is not None:
        q = q.where(c.date_end >= date_from)
    if date_to is not None:
        q = q.where(c.date_start <= date_to)
    if ids is not None:
        q = q.where(c.id.in_(list(ids)))
    if document_id is not None:
        sub = sa.select(mentions.c.incident_id).where(mentions.c.document_id == document_id)
        q = q.where(c.id.in_(sub))
    if limit is not None:
        q = q.limit(limit)
    return [incident_from_json(r[0]) for r in conn.execute(q)]


def incident_ids_with_prefix(conn: Connection, prefix: str, limit: int | None = None) -> list[str]:
    """Ids that start with `prefix` (a range scan on the primary key, no pattern parsing)."""
    q = sa.select(incidents.c.id).where(incidents.c.id >= prefix, incidents.c.id < prefix + "\uffff")
    q = q.order_by(incidents.c.id)
    return [r[0] for r in conn.execute(q.limit(limit) if limit is not None else q)]


def get_incident(conn: Connection, incident_id: str) -> Incident | None:
    row = conn.execute(sa.select(incident_json.c.data).where(incident_json.c.id == incident_id)).first()
    return None if row is None else incident_from_json(row[0])


def get_machine_incident(conn: Connection, incident_id: str) -> Incident | None:
    j = incident_json
    row = conn.execute(sa.select(j.c.machine_data).where(j.c.id == incident_id)).first()
    return None if row is None or row[0] is None else incident_from_json(row[0])


def incident_is_reviewed(conn: Connection, incident_id: str) -> bool:
    return bool(conn.execute(sa.select(incidents.c.reviewed).where(incidents.c.id == incident_id)).scalar())


def insert_review(conn: Connection, review: Review, machine_before: Incident | None = None) -> int:
    res = conn.execute(reviews.insert().values(
        incident_id=review.incident_id, actor=review.actor, action=review.action, note=review.note,
        changes=review.changes, at=review.at,
        machine_before=incident_to_json(machine_before) if machine_before else None,
    ))
    pk = res.inserted_primary_key
    assert pk is not None
    return int(pk[0])


def list_reviews(conn: Connection, incident_id: str | None = None) -> list[Review]:
    q = sa.select(reviews).order_by(reviews.c.id)
    if incident_id is not None:
        q = q.where(reviews.c.incident_id == incident_id)
    out = []
    for r in conn.execute(q):
        m = r._mapping
        at = utc(m["at"])
        assert at is not None
        out.append(Review(incident_id=m["incident_id"], actor=m["actor"], action=m["action"],
                          note=m["note"], changes=m["changes"], at=at, id=m["id"]))
    return out
