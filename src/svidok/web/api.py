"""JSON API (`Authorization: Bearer TOKEN`). Incidents use the export format (version 1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from svidok.model import Incident, Review, User
from svidok.services import documents, incidents
from svidok.services import review as review_svc
from svidok.services.export import EXPORT_VERSION, Redactor, incident_json
from svidok.services.incidents import NotFound
from svidok.services.users import allows
from svidok.web.auth import api_user, case_of
from svidok.web.query import Filters, find_window

API_PAGE = 100  # default page size of GET /api/incidents
API_MAX_PAGE = 1000

router = APIRouter(prefix="/api", tags=["incidents"])


class ReviewIn(BaseModel):
    action: Literal["confirm", "reject", "edit", "merge", "split", "attach"]
    note: str = ""
    changes: dict[str, Any] = Field(default_factory=dict)


class ReviewOut(BaseModel):
    id: int | None
    incident_id: str
    actor: str
    action: str
    note: str
    changes: dict[str, Any]
    at: datetime


def _review(r: Review) -> ReviewOut:
    return ReviewOut(id=r.id, incident_id=r.incident_id, actor=r.actor, action=r.action, note=r.note,
                     changes=r.changes, at=r.at)


def _serialise(request: Request, user: User, items: list[Incident]) -> list[dict[str, Any]]:
    names = allows(user, "analyst")  # viewers never receive protected person names
    with case_of(request).connect() as conn:
        docs = list({f.document_id for i in items for f in i.sources})
        persons = {} if names else documents.person_spans(conn, docs)
    red = Redactor(dict(persons), enabled=not names)
    return [incident_json(i, red) for i in items]


@router.get("/incidents")
def list_incidents(
    request: Request, user: User = Depends(api_user),
    type: str | None = None, oblast: str | None = None, place: str | None = None,
    since: str | None = None, until: str | None = None, grade: str | None = None,
    flagged: bool | None = None, status: str | None = None,
    q: str | None = Query(None, description="Full-text search over the report texts."),
    sort: str = Query("date", description="date, type, place, victims, sources or confidence; "
                      "a leading '-' reverses (\"-victims\": most first). Ties go by id."),
    limit: int = Query(API_PAGE, ge=1, le=API_MAX_PAGE, description="Incidents per page."),
    offset: int = Query(0, ge=0, le=incidents.MAX_WINDOW,
                        description="Incidents to skip (the next page: offset + limit)."),
) -> dict[str, Any]:
    """One page of the incidents matching every given filter, in the export JSON format, with
    `total` (all matches) and `next_offset` (null on the last page)."""
    raw = {"type": type, "oblast": oblast, "place": place, "since": since, "until": until,
           "grade": grade, "flagged": "1" if flagged else None, "status": status, "q": q, "sort": sort}
    filters = Filters({k: v for k, v in raw.items() if v})
    with case_of(request).connect() as conn:
        found = find_window(conn, filters, limit, offset)
    items, total = found.items, found.total
    more = offset + len(items) < total
    return {"format": "svidok-export", "version": EXPORT_VERSION, "filters": filters.values,
            "total": total, "offset": offset, "limit": limit,
            "next_offset": offset + len(items) if more else None,
            "incidents": _serialise(request, user, items)}


def _one(request: Request, incident_id: str) -> Incident:
    with case_of(request).connect() as conn:
        try:
            return incidents.get(conn, incident_id)
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from exc


@router.get("/incidents/{incident_id}")
def get_incident(request: Request, incident_id: str, user: User = Depends(api_user)) -> dict[str, Any]:
    return _serialise(request, user, [_one(request, incident_id)])[0]


@router.post("/incidents/{incident_id}/reviews", status_code=201)
def post_review(request: Request, incident_id: str, body: ReviewIn,
                user: User = Depends(api_user)) -> ReviewOut:
    """Record a review (analysts and admins). merge: changes.other; split: changes.documents;
    attach: changes.mention; edit: changes maps field -> new value."""
    if not allows(user, "analyst"):
        raise HTTPException(403, "reviews need the analyst role")
    inc = _one(request, incident_id)
    try:
        with case_of(request).begin() as conn:
            r = review_svc.apply(conn, inc.id, body.action, user.name, body.note, body.changes)
    except review_svc.ReviewError as exc:
        raise HTTPException(422, str(exc)) from exc
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return _review(r)


@router.get("/incidents/{incident_id}/history")
def get_history(request: Request, incident_id: str, user: User = Depends(api_user)) -> list[ReviewOut]:
    with case_of(request).connect() as conn:
        items = review_svc.history(conn, incident_id)
    if not items:
        _one(request, incident_id)  # 404 for an unknown id; [] for an unreviewed incident
    return [_review(r) for r in items]
