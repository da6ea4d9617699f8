"""Use cases: list incidents with filters, and show one incident with its evidence and custody."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from svidok.db import analysis, custody, repo
from svidok.db.serial import incident_to_json
from svidok.link.grade import grade_parts
from svidok.model import CustodyEvent, Document, Incident, Mention

SORT_KEYS = ("date", "type", "place", "victims", "sources", "confidence")


class QueryError(ValueError):
    """A filter or sort value that cannot be used; message is one line."""


@dataclass
class IncidentFilters:
    """Every filter is optional; incidents must match all that are given.

    `place` matches the place name or id (case-insensitive), `oblast` the oblast name with or
    without "Oblast". Rejected incidents are left out unless `status` asks for them or
    `include_rejected` is set.
    """

    type: str | None = None
    place: str | None = None
    oblast: str | None = None
    since: date | None = None
    until: date | None = None
    min_sources: int | None = None
    grade: str | None = None
    flagged: bool | None = None
    status: str | None = None
    include_rejected: bool = False

    def to_json(self) -> dict[str, Any]:
        """The filters that are set, JSON-ready (recorded in custody events)."""
        out: dict[str, Any] = {}
        for k, v in asdict(self).items():
            if v is None or v is False:
                continue
            out[k] = v.isoformat() if isinstance(v, date) else v
        return out

    def active(self) -> bool:
        return bool(self.to_json())


def _norm(text: str | None) -> str:
    s = (text or "").casefold()
    s = re.sub(r"\b(oblast|region|province)\b", " ", s)
    return re.sub(r"[^\w]+", " ", s).strip()


def source_count(inc: Incident) -> int:
    return len({f.document_id for f in inc.sources})


def independent_count(inc: Incident) -> int:
    return len({f.document_id for f in inc.sources if f.independent})


def matches(inc: Incident, f: IncidentFilters) -> bool:
    """Filters that the database query does not apply itself."""
    if f.status is None and not f.include_rejected and inc.status == "rejected":
        return False
    if f.place:
        want = _norm(f.place)
        if inc.place is None or want not in (_norm(inc.place.name), inc.place.id.casefold()):
            return False
    if f.oblast and (inc.place is None or _norm(inc.place.admin1) != _norm(f.oblast)):
        return False
    if f.min_sources is not None and source_count(inc) < f.min_sources:
        return False
    if f.grade and f.grade.strip().casefold() not in grade_parts(inc.grade.casefold()):
        return False
    return True


def _sort_key(name: str) -> Any:
    keys: dict[str, Any] = {
        "date": lambda i: (i.date.start.isoformat() if i.date else "9999", i.id),
        "type": lambda i: (i.type, i.id),
        "place": lambda i: ((i.place.name if i.place else "~"), i.id),
        "victims": lambda i: (i.victims if i.victims is not None else -1, i.id),
        "sources": lambda i: (source_count(i), i.id),
        "confidence": lambda i: (i.confidence, i.id),
    }
    if name not in keys:
        raise QueryError(f"sort {name!r}: use one of {', '.join(SORT_KEYS)} (prefix '-' to reverse)")
    return keys[name]


def query(conn: Connection, filters: IncidentFilters | None = None, sort: str = "date",
          limit: int | None = None) -> list[Incident]:
    """Incidents matching `filters`, sorted by `sort` ("-victims" = most victims first)."""
    f = filters or IncidentFilters()
    if f.since and f.until and f.since > f.until:
        raise QueryError(f"since {f.since} is after until {f.until}")
    key = _sort_key(sort.lstrip("-"))
    rows = analysis.load_incidents(conn, type=f.type, status=f.status, flagged=f.flagged,
                                   date_from=f.since, date_to=f.until)
    found = sorted((i for i in rows if matches(i, f)), key=key, reverse=sort.startswith("-"))
    return found[:limit] if limit is not None else found


@dataclass
class SourceView:
    """One source of an incident, with what the analyst needs to judge it."""

    document: Document
    figure: dict[str, Any]  # the SourceFigure as JSON
    attribution_kinds: list[str] = field(default_factory=list)
    denied: bool = False

    def to_json(self) -> dict[str, Any]:
        d = self.document
        return {
            "document_id": d.id, "filename": d.filename, "outlet": d.meta.outlet, "title": d.meta.title,
            "published": d.meta.published.isoformat() if d.meta.published else None,
            "url": d.meta.url, "sha256": d.sha256, "near_duplicate_of": d.near_duplicate_of,
            "attribution_kinds": self.attribution_kinds, "denied": self.denied, **self.figure,
        }


@dataclass
class IncidentDetail:
    incident: Incident
    sources: list[SourceView]
    events: list[CustodyEvent]
    machine: Incident | None = None  # the linker's own version, when a human has changed it

    def to_json(self) -> dict[str, Any]:
        data = incident_to_json(self.incident)
        data["flagged"] = self.incident.flagged
        data["date"] = self.incident.date.iso() if self.incident.date else None
        data["sources"] = [s.to_json() for s in self.sources]
        data["custody"] = [
            {"seq": e.seq, "at": e.at.isoformat(), "actor": e.actor, "action": e.action,
             "object_hash": e.object_hash, "details": e.details, "hash": e.hash} for e in self.events
        ]
        data["reviewed_differs_from_machine"] = self.machine is not None and self.machine != self.incident
        return data


class NotFound(LookupError):
    """No incident with that id (or unique id prefix)."""


def resolve_id(conn: Connection, prefix: str) -> str:
    """Full incident id from an id or a unique prefix of it (with or without "inc-")."""
    if analysis.get_incident(conn, prefix) is not None:
        return prefix
    want = prefix if prefix.startswith("inc-") else "inc-" + prefix
    hits = [i.id for i in analysis.load_incidents(conn) if i.id.startswith(want)]
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NotFound(f"{prefix}: no such incident")
    raise NotFound(f"{prefix}: ambiguous, matches {len(hits)} incidents")


def show(conn: Connection, incident_id: str) -> IncidentDetail:
    """One incident: facts, quotes, sources (outlet, date, hash, attribution), discrepancies, and
    the custody events of its documents. Raises NotFound."""
    inc = analysis.get_incident(conn, resolve_id(conn, incident_id))
    assert inc is not None
    doc_ids = list(dict.fromkeys(f.document_id for f in inc.sources))
    docs = {d.id: d for d in repo.list_documents(conn, doc_ids)}
    mentions: dict[str, list[Mention]] = {}
    for m in analysis.load_mentions(conn, doc_ids):
        mentions.setdefault(m.document_id, []).append(m)
    views = []
    for fig_json, fig in zip(incident_to_json(inc)["sources"], inc.sources, strict=True):
        doc = docs.get(fig.document_id)
        if doc is None:
            continue
        own = [m for m in mentions.get(fig.document_id, []) if m.id in fig.mention_ids]
        fig_json["date"] = fig.date.iso() if fig.date else None
        kinds = sorted({m.attribution_kind for m in own if m.attribution_kind})
        views.append(SourceView(doc, fig_json, kinds, any(m.denied for m in own)))
    events: list[CustodyEvent] = []
    for d in doc_ids:
        if d in docs:
            events += custody.load_events(conn, object_hash=docs[d].sha256)
    events.sort(key=lambda e: e.seq)
    machine = analysis.get_machine_incident(conn, inc.id)
    return IncidentDetail(inc, views, events, machine)
