"""Review from the web app (analysts and admins): the incident page's review form, bulk review of
the filtered list, and the gazetteer search behind the place field.

Every change goes through services.review (one review row and one signed custody event per
incident changed, the machine's version kept).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from svidok.services import place_search, triage
from svidok.services import review as review_svc
from svidok.services.incidents import NotFound, resolve_id
from svidok.web.auth import Viewer, case_of, check_csrf, page_viewer
from svidok.web.pages import incident_view, render
from svidok.web.query import Filters, find_incidents

router = APIRouter()
EDIT_FIELDS = ("type", "date", "victims", "qualifier", "perpetrator", "grade")
STATUS_ACTIONS = {"confirmed": "confirm", "rejected": "reject"}


def _edit_changes(form: FormData) -> dict[str, Any]:
    """The edit form's fields that were filled in (empty ones are left as they are)."""
    changes: dict[str, Any] = {k: str(form.get(k, "")) for k in EDIT_FIELDS
                               if str(form.get(k, "") or "").strip()}
    place = str(form.get("place_id", "") or "").strip()
    if place:
        changes["place"] = place  # a gazetteer id; the service looks it up
    return changes


def _apply(conn: Any, iid: str, action: str, actor: str, note: str, form: FormData) -> str:
    """Apply one action of the incident page's review form; returns the incident to show next."""
    kind, _, mention = action.partition(":")
    if kind in ("confirm", "reject"):
        review_svc.apply(conn, iid, kind, actor, note)
    elif kind == "edit":
        changes = _edit_changes(form)
        then = STATUS_ACTIONS.get(str(form.get("status", "")))
        if changes:
            try:
                review_svc.edit(conn, iid, actor, changes, note)
            except review_svc.ReviewError:
                if then is None:  # "nothing changed" is no error when a status is also chosen
                    raise
        elif then is None:
            raise review_svc.ReviewError("edit: no changes given")
        if then is not None:
            review_svc.apply(conn, iid, then, actor, note)
    elif kind == "merge":
        other = str(form.get("other", "") or form.get("other_id", "")).strip()
        if not other:
            raise review_svc.ReviewError("merge: choose the incident to merge with this one")
        review_svc.merge(conn, iid, resolve_id(conn, other), actor, note)
    elif kind == "split":
        review_svc.split(conn, iid, [str(d) for d in form.getlist("documents")], actor, note)
    elif kind == "move" and mention:
        target = str(form.get(f"to:{mention}", "")).strip()
        if not target:
            raise review_svc.ReviewError("move: choose the incident the mention belongs to")
        target = resolve_id(conn, target)
        review_svc.attach(conn, mention, target, actor, note)
        return iid if review_svc.successor(conn, iid) is None else target
    elif kind == "detach" and mention:
        review_svc.detach(conn, mention, actor, note, iid)
    elif kind == "attach":
        review_svc.attach(conn, str(form.get("mention", "")).strip(), iid, actor, note)
    else:
        raise review_svc.ReviewError(f"action {action[:40]!r}: not a review action")
    return iid


@router.post("/incidents/{incident_id}/review", include_in_schema=False)
async def review_form(request: Request, incident_id: str, viewer: Viewer = Depends(page_viewer)) -> Response:
    form = await request.form()
    check_csrf(viewer, str(form.get("csrf", "")))
    action = str(form.get("action", ""))
    note = str(form.get("note", ""))
    try:
        with case_of(request).begin() as conn:
            iid = resolve_id(conn, incident_id)
            show = _apply(conn, iid, action, viewer.user.name, note, form)
    except (review_svc.ReviewError, NotFound) as exc:
        return incident_view(request, viewer, incident_id, 400, str(exc))
    anchor = "#sources" if action.startswith(("move:", "detach:")) else "#history"
    return RedirectResponse(f"/incidents/{show}{anchor}", status_code=303)


@router.post("/incidents/bulk", include_in_schema=False)
async def bulk_review(request: Request, viewer: Viewer = Depends(page_viewer)) -> Response:
    """Confirm or reject the ticked incidents, or every incident matching the list's filter."""
    form = await request.form()
    check_csrf(viewer, str(form.get("csrf", "")))
    filters = Filters.from_params(form, viewer.only, protect=not viewer.sees_names)
    action = str(form.get("action", ""))
    try:
        with case_of(request).begin() as conn:
            if form.get("all") == "1":
                ids = [i.id for i in find_incidents(conn, filters, triage.MAX_BULK + 1)]
            else:
                ids = [str(i) for i in form.getlist("ids")]
            done = triage.bulk(conn, ids, action, viewer.user.name, str(form.get("note", "")))
    except (review_svc.ReviewError, NotFound) as exc:
        raise HTTPException(400, str(exc)) from exc
    back = {**filters.values, "done": done.action, "changed": len(done.changed),
            "unchanged": len(done.unchanged)}
    return RedirectResponse(f"/incidents?{urlencode(back)}", status_code=303)


@router.get("/places", include_in_schema=False)
def place_options(request: Request, q: str = "", viewer: Viewer = Depends(page_viewer)) -> HTMLResponse:
    """Gazetteer places whose name, in any spelling or script, starts with `q` (the place field's
    suggestions, as radio buttons of the review form)."""
    hits = place_search.search(q[:100], limit=10)
    return render(request, "_places.html", viewer, hits=hits, q=q[:100])
