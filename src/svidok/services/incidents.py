"""Use cases: list incidents with filters, and show one incident with its evidence and custody."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
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
MAX_FILTER = 1000  # characters of one text filter
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
    if len(value) > MAX_FILTER:
        raise QueryError(f"{name}: at most {MAX_FILTER:,} characters")


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
        ids, regions = place_ids(conn, f.place)
        w.place_ids, w.place_admin1 = sorted(ids), sorted(regions)
    if f.grade:
        want = f.grade.strip().casefold()
        w.grades = [g for g in listing.distinct_grades(conn) if want in grade_parts(g.casefold())]
    return w


def place_ids(conn: Connection, name: str) -> tuple[set[str], set[str]]:
    """(place ids, oblast names) a place query means: every spelling and script of a gazetteer
    name ("Kupyansk", "Куп'янськ", "Купянск" -> Kupiansk), an id, or a place name as stored; a
    query naming an oblast also means the places in it. Only places some incident is at."""
    from svidok.extract.gazetteer import Gazetteer

    want = _norm(name)
    in_use = listing.distinct_places(conn)
    found = {p for p in Gazetteer.load().lookup(name.strip())}
    by_gazetteer = {p.id for p in found}
    regions = {p.name for p in found if p.level == "admin1"}
    ids = {pid for pid, stored in in_use
           if pid in by_gazetteer or want in (_norm(stored), pid.casefold())}
    return ids, {a for a in listing.distinct_admin1(conn) if a in regions}


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


def months(conn: Connection, filters: IncidentFilters | None = None
           ) -> dict[tuple[str | None, str | None], int]:
    """Matching incidents per (month, basis): ("2022-03", "act") counts those the act's own date
    places in March 2022, ("2022-03", "reported") those placed there by their earliest report;
    (None, None) those nothing dates. The timeline's bars."""
    return listing.month_counts(conn, _where(conn, filters or IncidentFilters()))


@dataclass(frozen=True)
class When:
    """Where an incident sits in time, and why: the act's own date ("act", with the text's
    precision) or the earliest publication date of its sources ("reported")."""

    start: date
    end: date
    basis: str  # act | reported
    precision: str  # day | month | year | range
    reported: date | None = None
    reported_precision: str | None = None

    def label(self) -> str:
        """"2022-03-14", "2022-03", "2022", "2022-03-01/2022-09-30"."""
        from svidok.model import DateValue

        return DateValue(self.start, self.end, self.precision).iso()  # type: ignore[arg-type]


def _precision_of(start: date, end: date) -> str:
    """The precision a stored date range stands for (a whole month reads as a month)."""
    if start == end:
        return "day"
    same_month = (start.year, start.month) == (end.year, end.month)
    if same_month and start.day == 1 and (end + timedelta(days=1)).day == 1:
        return "month"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return "year"
    return "range"


@dataclass(frozen=True)
class Marker:
    """One incident as the map shows it."""

    id: str
    type: str
    place: str
    lat: float
    lon: float
    victims: int | None
    grade: str
    status: str
    when: When | None


def markers(conn: Connection, filters: IncidentFilters | None, limit: int) -> tuple[list[Marker], int]:
    """The `limit` most recent matching incidents that have coordinates, read from the narrow
    listing rows (5,000 markers without reading 5,000 incident records), and how many of those
    read had no coordinates."""
    _window(limit, 0)
    rows = listing.map_rows(conn, _where(conn, filters or IncidentFilters()), limit)
    out = []
    for r in rows:
        if r.lat is None or r.lon is None:
            continue
        when = None
        if r.when_start is not None and r.when_end is not None and r.basis is not None:
            precision = (_precision_of(r.when_start, r.when_end) if r.basis == "act"
                         else (r.reported_precision or "day"))
            when = When(r.when_start, r.when_end, r.basis, precision)
        out.append(Marker(r.id, r.type, r.place_name or "", r.lat, r.lon, r.victims, r.grade or "", r.status,
                          when))
    return out, len(rows) - len(out)


def dating(conn: Connection, items: list[Incident]) -> dict[str, When]:
    """When each incident is placed in time (incidents nothing dates are left out)."""
    rows = listing.dating(conn, [i.id for i in items])
    out = {}
    for inc in items:
        start, end, basis, reported, rprec = rows.get(inc.id, (None, None, None, None, None))
        if start is None or end is None or basis is None:
            continue
        precision = inc.date.precision if basis == "act" and inc.date else (rprec or "day")
        out[inc.id] = When(start, end, basis, precision, reported, rprec)
    return out


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
