"""JSON API (`Authorization: Bearer TOKEN`). Incidents use the export format (version 1)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Security
from fastapi.security import HTTPBearer
from pydantic import BaseModel

from svidok.model import Incident, Review
from svidok.services import incidents
from svidok.services import review as review_svc
from svidok.services.export import EXPORT_VERSION, incident_json
from svidok.services.incidents import MAX_FILTER, SORT_KEYS, NotFound
from svidok.services.protection import OFF, Redactor
from svidok.web import policy
from svidok.web.auth import Viewer, api_caller, case_of
from svidok.web.query import DATE_FILTER, Filters, find_window
from svidok.web.redact import request_redactor
from svidok.web.schemas import (
    COMMON,
    NOT_FOUND,
    TEXT_PATTERN,
    IncidentOut,
    IncidentPage,
    ReviewIn,
    review_changes,
)

API_PAGE = 100  # default page size of GET /api/incidents
API_MAX_PAGE = 1000

# PolicyGate checks the token before any route runs; the scheme is declared here so that the
# OpenAPI schema says every operation needs it.
BEARER = HTTPBearer(auto_error=False, description="svidok user token NAME")
router = APIRouter(prefix="/api", tags=["incidents"], responses=COMMON, dependencies=[Security(BEARER)])


class ReviewOut(BaseModel):
    id: int | None
    incident_id: str
    actor: str
    action: str
    note: str
    changes: dict[str, Any]
    at: datetime


def _review(r: Review, red: Redactor = OFF) -> ReviewOut:
    return ReviewOut(id=r.id, incident_id=r.incident_id, actor=r.actor, action=r.action,
                     note=red.plain(r.note), changes=red.value(r.changes), at=r.at)


def _serialise(request: Request, caller: Viewer, items: list[Incident]) -> list[dict[str, Any]]:
    # viewers and external reviewers never receive protected names (policy FIELDS["names"])
    red = request_redactor(request, policy.sees(caller.user.role, "names"))
    if red.active:  # spans then point into the redacted texts
        with case_of(request).connect() as conn:
            red.load(conn, [f.document_id for i in items for f in i.sources])
    return [incident_json(i, red) for i in items]


_TEXT = {"pattern": TEXT_PATTERN}
_DATE = {"pattern": f"^({DATE_FILTER})?$"}  # empty: no filter, as from a form
Sort = Literal[tuple(f"{sign}{key}" for key in SORT_KEYS for sign in ("", "-"))]  # type: ignore[valid-type]
# Ids are given whole or as a unique prefix; anything but control characters reaches the lookup.
IncidentId = Annotated[str, Path(description="Incident id, or a unique prefix of it.",
                                 json_schema_extra={"pattern": TEXT_PATTERN})]


def _text(description: str) -> Any:
    return Query(None, max_length=MAX_FILTER, description=description, json_schema_extra=_TEXT)


@router.get("/incidents", response_model=None, responses={200: {"model": IncidentPage}})
def list_incidents(
    request: Request, caller: Viewer = Depends(api_caller),
    type: str | None = _text("Incident type (taxonomy id), e.g. killing."),
    oblast: str | None = _text("Oblast name, e.g. Kharkiv Oblast."),
    place: str | None = _text("Settlement name or place id."),
    since: str | None = Query(None, description="On or after: YYYY-MM-DD, YYYY-MM or YYYY (its first day).",
                              json_schema_extra=_DATE),
    until: str | None = Query(None, description="On or before: YYYY-MM-DD, YYYY-MM or YYYY (its last day).",
                              json_schema_extra=_DATE),
    grade: str | None = _text("Grade, e.g. corroborated."),
    flagged: bool | None = Query(None, description="true: only incidents whose sources disagree."),
    status: Literal["unreviewed", "confirmed", "edited", "rejected"] | None = None,
    q: str | None = _text("Full-text search over the report texts (plain words; quotes and operators "
                          "are read as words)."),
    sort: Sort = Query("date", description="date, type, place, victims, sources or confidence; "
                       "a leading '-' reverses (\"-victims\": most first). Ties go by id."),
    limit: int = Query(API_PAGE, ge=1, le=API_MAX_PAGE, description="Incidents per page."),
    offset: int = Query(0, ge=0, le=incidents.MAX_WINDOW,
                        description="Incidents to skip (the next page: offset + limit)."),
) -> dict[str, Any]:
    """One page of the incidents matching every given filter, in the export JSON format, with
    `total` (all matches) and `next_offset` (null on the last page)."""
    raw = {"type": type, "oblast": oblast, "place": place, "since": since, "until": until,
           "grade": grade, "flagged": "1" if flagged else None, "status": status, "q": q, "sort": sort}
    filters = Filters.from_params({k: v for k, v in raw.items() if v is not None}, caller.only,
                                  protect=not policy.sees(caller.user.role, "names"))
    with case_of(request).connect() as conn:
        found = find_window(conn, filters, limit, offset)
    items, total = found.items, found.total
    more = offset + len(items) < total
    return {"format": "svidok-export", "version": EXPORT_VERSION, "filters": filters.values,
            "total": total, "offset": offset, "limit": limit,
            "next_offset": offset + len(items) if more else None,
            "incidents": _serialise(request, caller, items)}


def _one(request: Request, incident_id: str) -> Incident:
    with case_of(request).connect() as conn:
        try:
            return incidents.get(conn, incident_id)
        except NotFound as exc:
            raise HTTPException(404, str(exc)) from exc


@router.get("/incidents/{incident_id}", response_model=None,
            responses={200: {"model": IncidentOut}, **NOT_FOUND})
def get_incident(request: Request, incident_id: IncidentId,
                 caller: Viewer = Depends(api_caller)) -> dict[str, Any]:
    return _serialise(request, caller, [_one(request, incident_id)])[0]


@router.post("/incidents/{incident_id}/reviews", status_code=201, responses=NOT_FOUND)
def post_review(request: Request, incident_id: IncidentId, body: ReviewIn,
                caller: Viewer = Depends(api_caller)) -> ReviewOut:
    """Record a review (analysts and admins). merge: changes.other; split: changes.documents;
    attach: changes.mention; edit: changes maps field -> new value."""
    inc = _one(request, incident_id)
    try:
        with case_of(request).begin() as conn:
            r = review_svc.apply(conn, inc.id, body.action, caller.user.name, body.note, review_changes(body))
    except review_svc.ReviewError as exc:
        raise HTTPException(422, str(exc)) from exc
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return _review(r)


@router.get("/incidents/{incident_id}/history", responses=NOT_FOUND)
def get_history(request: Request, incident_id: IncidentId,
                caller: Viewer = Depends(api_caller)) -> list[ReviewOut]:
    with case_of(request).connect() as conn:
        items = review_svc.history(conn, incident_id)
    if not items:
        _one(request, incident_id)  # 404 for an unknown id; [] for an unreviewed incident
    red = request_redactor(request, policy.sees(caller.user.role, "names"))
    return [_review(r, red) for r in items]
