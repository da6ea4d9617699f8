"""Use cases: list incidents with filters, and show one incident with its evidence and custody."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.engine import Connection

from svidok.db import analysis, listing, repo
from svidok.db.serial import incident_to_json
from svidok.link.grade import grade_parts
from svidok.model import CustodyEvent, Document, Incident, Mention
from svidok.services import protection
from svidok.services.documents import events as document_events

SORT_KEYS = ("date", "type", "place", "victims", "sources", "confidence")
# Far past any case's size, and well inside the 64-bit integers that SQL LIMIT/OFFSET take.
MAX_WINDOW = 10**9
TEXT_FILTERS = ("type", "place", "oblast", "grade", "status", "text")


class QueryError(ValueError):
    """A filter or sort value that cannot be used; message is one line."""


@dataclass
class IncidentFilters:
    """Every filter is optional; incidents must match all that are given.

    `place` matches the place name or id (case-insensitive), `oblast` the oblast name with or
    without "Oblast", `text` the words of a source report (full-text index). Rejected incidents
    are left out unless `status` asks for them or `include_rejected` is set.
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
    text: str | None = None  # words that a source report's text must contain (full-text search)
    ids: frozenset[str] | None = None  # only these incidents (what an external reviewer was given)
    # the asker does not see protected names: a `text` naming a protected person matches
    # nothing, exactly as a name no report holds (the count is no oracle)
    protect: bool = False

    def to_json(self) -> dict[str, Any]:
        """The filters that are set, JSON-ready (recorded in custody events)."""
        out: dict[str, Any] = {}
        for k, v in asdict(self).items():
            if v is None or v is False:
                continue
            out[k] = v.isoformat() if isinstance(v, date) else sorted(v) if isinstance(v, frozenset) else v
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


def _plain(name: str, value: str | None) -> None:
    """Filter text must be characters a person types: a NUL byte ends strings in SQLite's C API
    and PostgreSQL refuses it; other control characters and lone surrogates are never words."""
    if value is None:
        return
    bad = next((c for c in value if unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n\r"), None)
    if bad is not None:
        raise QueryError(f"{name}: control character U+{ord(bad):04X} is not allowed")
    if len(value) > 1000:
        raise QueryError(f"{name}: at most 1,000 characters")


def _window(limit: int | None, offset: int) -> None:
    if offset < 0 or (limit is not None and limit < 0):
        raise QueryError("limit and offset must not be negative")
    if offset > MAX_WINDOW or (limit is not None and limit > MAX_WINDOW):
        raise QueryError(f"limit and offset must be at most {MAX_WINDOW:,}")


def _where(conn: Connection, f: IncidentFilters) -> listing.Where:
    """The filters as database conditions. Text filters that compare normalised names (oblast,
    place, grade) are matched here against the distinct values in use, then passed as lists."""
    for name in TEXT_FILTERS:
        _plain(name, getattr(f, name))
    if f.since and f.until and f.since > f.until:
        raise QueryError(f"since {f.since} is after until {f.until}")
    text = f.text
    if text and f.protect and protection.redactor(conn).hides_query(text):
        text = ""  # matches nothing
    w = listing.Where(type=f.type, status=f.status, flagged=f.flagged, date_from=f.since,
                      date_to=f.until, min_sources=f.min_sources, text=text,
                      ids=None if f.ids is None else sorted(f.ids))
    if f.status is None and not f.include_rejected:
        w.exclude_status = "rejected"
    if f.oblast:
        want = _norm(f.oblast)
        w.admin1_in = [a for a in listing.distinct_admin1(conn) if _norm(a) == want]
    if f.place:
        want = _norm(f.place)
        w.place_ids = sorted({pid for pid, name in listing.distinct_places(conn)
                              if want in (_norm(name), pid.casefold())})
    if f.grade:
        want = f.grade.strip().casefold()
        w.grades = [g for g in listing.distinct_grades(conn) if want in grade_parts(g.casefold())]
    return w


def _sort(sort: str) -> tuple[str, bool]:
    name = sort.lstrip("-")
    if name not in SORT_KEYS:
        raise QueryError(f"sort {name!r}: use one of {', '.join(SORT_KEYS)} (prefix '-' to reverse)")
    return name, sort.startswith("-")


def query(conn: Connection, filters: IncidentFilters | None = None, sort: str = "date",
          limit: int | None = None, offset: int = 0) -> list[Incident]:
    """Incidents matching `filters`, sorted by `sort` ("-victims" = most victims first), ties by
    id; `limit` and `offset` select one page."""
    name, descending = _sort(sort)
    _window(limit, offset)
    w = _where(conn, filters or IncidentFilters())
    return listing.find(conn, w, name, descending, limit, offset)


def count(conn: Connection, filters: IncidentFilters | None = None) -> int:
    """How many incidents match `filters` (the total behind a page)."""
    return listing.count(conn, _where(conn, filters or IncidentFilters()))


def oblasts(conn: Connection, ids: frozenset[str] | None = None) -> list[str]:
    """The oblasts that incidents (or those of `ids`) are in (for filter choices)."""
    return listing.distinct_admin1(conn, None if ids is None else sorted(ids))


def months(conn: Connection, filters: IncidentFilters | None = None) -> dict[str | None, int]:
    """Matching incidents per month ("2022-03"), undated under None: the timeline's bars."""
    return listing.month_counts(conn, _where(conn, filters or IncidentFilters()))


@dataclass
class IncidentPage:
    items: list[Incident]
    total: int
    offset: int
    limit: int


def page(conn: Connection, filters: IncidentFilters | None = None, sort: str = "date",
         limit: int = 50, offset: int = 0) -> IncidentPage:
    """One page of the listing and the number of all matches (filters resolved once for both)."""
    if limit < 1 or offset < 0:
        raise QueryError(f"limit {limit}, offset {offset}: limit must be at least 1, offset not negative")
    _window(limit, offset)
    name, descending = _sort(sort)
    w = _where(conn, filters or IncidentFilters())
    return IncidentPage(listing.find(conn, w, name, descending, limit, offset), listing.count(conn, w),
                        offset, limit)


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
            "published": d.meta.published_iso(),
            "url": d.meta.url, "sha256": d.sha256, "near_duplicate_of": d.near_duplicate_of,
            "language": d.language.code if d.language else None,
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
    hits = analysis.incident_ids_with_prefix(conn, want, limit=2)
    if len(hits) == 1:
        return hits[0]
    if not hits:
        raise NotFound(f"{prefix}: no such incident")
    raise NotFound(f"{prefix}: ambiguous, matches more than one incident; give more of the id")


def get(conn: Connection, incident_id: str) -> Incident:
    """One incident by id or unique id prefix (the analysts' working copy). Raises NotFound."""
    inc = analysis.get_incident(conn, resolve_id(conn, incident_id))
    if inc is None:  # resolve_id only returns ids it has seen
        raise NotFound(f"{incident_id}: no such incident")
    return inc


def machine_version(conn: Connection, incident_id: str) -> Incident | None:
    """The linker's own version of an incident, kept beside the reviewed one."""
    return analysis.get_machine_incident(conn, incident_id)


def to_json(inc: Incident) -> dict[str, Any]:
    """An incident as the JSON Svidok stores it (every field, spans included)."""
    return incident_to_json(inc)


def show(conn: Connection, incident_id: str) -> IncidentDetail:
    """One incident: facts, quotes, sources (outlet, date, hash, attribution), discrepancies, and
    the custody events of its documents. Raises NotFound."""
    inc = get(conn, incident_id)
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
            events += document_events(conn, docs[d])
    events = sorted({e.seq: e for e in events}.values(), key=lambda e: e.seq)
    machine = analysis.get_machine_incident(conn, inc.id)
    return IncidentDetail(inc, views, events, machine)
