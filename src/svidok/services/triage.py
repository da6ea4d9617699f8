"""Review at speed: which incidents one may be merged with, and one review applied to many.

Every change still goes through services.review (a review row and a signed custody event per
incident, the machine's version kept).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection

from svidok.db import analysis
from svidok.model import Incident
from svidok.services import review
from svidok.services.incidents import resolve_id

NEARBY_KM = 30.0  # "nearby": within this distance, or in the same oblast
MAX_CANDIDATES = 12
MAX_BULK = 2000  # incidents one bulk review may change (each is a signed custody event)
BULK_ACTIONS = ("confirm", "reject")


@dataclass(frozen=True)
class Candidate:
    """An incident that may be the same as another: same type, nearby."""

    incident: Incident
    km: float | None  # distance between the two places (None: a place has no coordinates)
    same_oblast: bool
    shared_documents: int  # sources both cite

    def why(self) -> str:
        parts = []
        if self.shared_documents:
            parts.append(f"{self.shared_documents} shared source{'s' if self.shared_documents > 1 else ''}")
        if self.km is not None:
            parts.append("same place" if self.km < 0.5 else f"{self.km:.0f} km away")
        if self.same_oblast and (self.km is None or self.km >= 0.5):
            parts.append("same oblast")
        return ", ".join(parts)


def km_between(a: Incident, b: Incident) -> float | None:
    """Great-circle distance between two incidents' places (None without coordinates)."""
    if not (a.place and b.place and a.place.lat is not None and a.place.lon is not None
            and b.place.lat is not None and b.place.lon is not None):
        return None
    p1, p2 = math.radians(a.place.lat), math.radians(b.place.lat)
    dp, dl = p2 - p1, math.radians(b.place.lon - a.place.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def _oblast(inc: Incident) -> str | None:
    if inc.place is None:
        return None
    return inc.place.admin1 or (inc.place.name if inc.place.level == "admin1" else None)


def _days_apart(a: Incident, b: Incident) -> int:
    if a.date is None or b.date is None:
        return 10**6
    if a.date.end < b.date.start:
        return (b.date.start - a.date.end).days
    if b.date.end < a.date.start:
        return (a.date.start - b.date.end).days
    return 0


def merge_candidates(conn: Connection, incident_id: str, km: float = NEARBY_KM,
                     limit: int = MAX_CANDIDATES) -> list[Candidate]:
    """Incidents of the same type as `incident_id` that share a source with it, lie within `km`
    of it or in its oblast; rejected ones left out. Closest first (shared sources, then distance,
    then dates)."""
    inc = analysis.get_incident(conn, resolve_id(conn, incident_id))
    if inc is None:
        return []
    docs = {f.document_id for f in inc.sources}
    oblast = _oblast(inc)
    found = []
    for other in analysis.load_incidents(conn, type=inc.type):
        if other.id == inc.id or other.status == "rejected":
            continue
        shared = len(docs & {f.document_id for f in other.sources})
        dist = km_between(inc, other)
        same = oblast is not None and _oblast(other) == oblast
        if shared or same or (dist is not None and dist <= km):
            found.append(Candidate(other, dist, same, shared))
    found.sort(key=lambda c: (-c.shared_documents, c.km if c.km is not None else math.inf,
                              _days_apart(inc, c.incident), c.incident.id))
    return found[:limit]


@dataclass
class BulkResult:
    action: str
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # already had that status


def bulk(conn: Connection, incident_ids: list[str], action: str, actor: str, note: str) -> BulkResult:
    """Confirm or reject every incident of `incident_ids` (one audited review each), in the
    caller's transaction: all or none. Incidents that already have the status are left alone."""
    if action not in BULK_ACTIONS:
        raise review.ReviewError(f"bulk review: action {action!r}: use confirm or reject")
    ids = list(dict.fromkeys(incident_ids))
    if not ids:
        raise review.ReviewError("bulk review: no incidents selected")
    if len(ids) > MAX_BULK:
        raise review.ReviewError(f"bulk review: {len(ids):,} incidents selected; at most {MAX_BULK:,} "
                                 "at a time (narrow the filter)")
    if action == "reject" and not note.strip():
        raise review.ReviewError("reject: a note saying why is required")
    target = "confirmed" if action == "confirm" else "rejected"
    out = BulkResult(action)
    for iid in ids:
        full = resolve_id(conn, iid)
        inc = analysis.get_incident(conn, full)
        if inc is not None and inc.status == target:
            out.unchanged.append(full)
            continue
        review.apply(conn, full, action, actor, note)
        out.changed.append(full)
    return out
