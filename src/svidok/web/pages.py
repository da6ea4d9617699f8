"""HTML pages: login, incident list, incident, document, map, timeline, users (admin)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from svidok.services import documents, incidents, logins, originals, sharing, triage
from svidok.services import review as review_svc
from svidok.services import users as users_svc
from svidok.services.incidents import MAX_WINDOW, NotFound, resolve_id
from svidok.services.logins import LoginInputError
from svidok.services.passages import FACTS, source_label
from svidok.services.wording import details_line
from svidok.web import i18n
from svidok.web.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    Viewer,
    case_of,
    check_csrf,
    client_ip,
    new_login_csrf,
    page_viewer,
    safe_next,
    ui_language,
)
from svidok.web.evidence import change_lines, evidence_blocks
from svidok.web.i18n import N_
from svidok.web.query import (
    GRADES,
    MAP_LIMIT,
    PAGE_SIZE,
    STATUSES,
    TIMELINE_LIMIT,
    Filters,
    count_incidents,
    find_incidents,
    find_markers,
    find_page,
    map_points,
    month_counts,
    oblasts,
    when_of,
    when_words,
)
from svidok.web.query import timeline as timeline_data
from svidok.web.redact import request_redactor
from svidok.web.render import (
    figure_words,
    highlight,
    mention_marks,
    safe_url,
    taxonomy,
    type_index,
    type_label,
)

router = APIRouter()
MAX_PAGE = MAX_WINDOW // PAGE_SIZE


def render(request: Request, name: str, viewer: Viewer | None, status: int = 200, **ctx: Any) -> HTMLResponse:
    """A page in the request's interface language (web/i18n.py): templates, and the labels that
    come from data (L(...): type labels, grades, review states), are translated while it renders."""
    templates = request.app.state.templates
    red = request_redactor(request, viewer is None or viewer.sees_names)  # R(text): names withheld
    language = ui_language(request)
    with i18n.using(language):
        base = {"viewer": viewer, "type_index": type_index, "statuses": STATUSES, "grades": GRADES,
                "safe_url": safe_url, "R": red.plain, "RV": red.value, "ui_lang": language,
                "taxonomy": [(t, i18n.gettext(label)) for t, label in taxonomy()],
                "type_label": type_label, "L": lambda text: i18n.gettext(text) if text else "",
                # a grade is "corroborated; first-hand": each part translated, free text kept
                "G": lambda grade: "; ".join(i18n.gettext(p) for p in (red.plain(grade) or "").split("; ")
                                             if p)}
        return templates.TemplateResponse(  # type: ignore[no-any-return]
            request, name, {**base, **ctx}, status_code=status)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


@router.get("/", include_in_schema=False)
def home() -> RedirectResponse:
    return RedirectResponse("/incidents", status_code=303)


@router.get("/login", include_in_schema=False)
def login_form(request: Request, next: str = "/incidents") -> HTMLResponse:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or new_login_csrf()
    resp = render(request, "login.html", None, next=safe_next(next), login_csrf=token, error=None)
    resp.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request))
    return resp


@router.post("/login", include_in_schema=False)
def login(request: Request, username: str = Form(""), password: str = Form(""), csrf: str = Form(""),
          next: str = Form("/incidents")) -> Response:
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not csrf or expected != csrf:
        raise HTTPException(403, "missing or wrong CSRF token; reload the login page")
    throttle = request.app.state.throttle
    ip = client_ip(request)
    try:
        wait = throttle.retry_after(username, ip)
    except LoginInputError as exc:
        raise HTTPException(400, str(exc)) from exc
    if wait:
        return render(request, "login.html", None, 429, next=safe_next(next), login_csrf=expected,
                      error=i18n.translate(ui_language(request), N_(
                          "Too many failed logins. Try again in %(seconds)s seconds."), seconds=wait))
    case = case_of(request)
    with case.begin() as conn:
        user = users_svc.verify_password(conn, username, password)
        session = users_svc.start_session(conn, user) if user is not None else None
    if session is None:
        throttle.failed(username, ip)
        return render(request, "login.html", None, 401, next=safe_next(next), login_csrf=expected,
                      error=N_("Wrong user name or password."))
    throttle.succeeded(username, ip)
    resp = RedirectResponse(safe_next(next), status_code=303)
    resp.set_cookie(SESSION_COOKIE, session[0], httponly=True, samesite="lax", secure=_secure(request),
                    max_age=users_svc.SESSION_HOURS * 3600)
    resp.delete_cookie(LOGIN_CSRF_COOKIE)
    return resp


@router.post("/logout", include_in_schema=False)
def logout(request: Request, csrf: str = Form(""), viewer: Viewer = Depends(page_viewer)) -> Response:
    check_csrf(viewer, csrf)
    with case_of(request).begin() as conn:
        users_svc.end_session(conn, request.cookies.get(SESSION_COOKIE, ""))
    resp = RedirectResponse("/login", status_code=303)
    resp.delete_cookie(SESSION_COOKIE)
    return resp


def _page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    # ASCII digits only ("²".isdigit() is true), and no page past the last possible offset
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= MAX_PAGE:
        raise HTTPException(400, f"page {raw[:40]!r}: a whole number from 1 to {MAX_PAGE:,}")
    return int(raw)


@router.get("/incidents", include_in_schema=False)
def incident_list(request: Request, viewer: Viewer = Depends(page_viewer)) -> HTMLResponse:
    filters = Filters.from_params(request.query_params, viewer.only, protect=not viewer.sees_names)
    number = _page_number(request)
    with case_of(request).connect() as conn:
        found = find_page(conn, filters, number)
        regions = oblasts(conn, viewer.only)
        whens = when_of(conn, found.items)
    last = max(1, -(-found.total // found.limit))
    partial = request.headers.get("hx-request") == "true"
    resp = render(request, "_rows.html" if partial else "list.html", viewer, items=found.items,
                  total=found.total, first=found.offset + 1, number=number, last=last, whens=whens,
                  when_words=when_words, filters=filters, oblasts=regions, page="list")
    resp.headers["Vary"] = "HX-Request"
    return resp


@router.get("/map", include_in_schema=False)
def map_page(request: Request, viewer: Viewer = Depends(page_viewer)) -> HTMLResponse:
    filters = Filters.from_params(request.query_params, viewer.only, protect=not viewer.sees_names)
    with case_of(request).connect() as conn:
        found, unplaced = find_markers(conn, filters, MAP_LIMIT)
        read = len(found) + unplaced
        total = count_incidents(conn, filters) if read >= MAP_LIMIT else read
        regions = oblasts(conn, viewer.only)
    points = map_points(found, request_redactor(request, viewer.sees_names))
    return render(request, "map.html", viewer, points=points, unplaced=unplaced,
                  capped=total - read, total=total, filters=filters, oblasts=regions, page="map")


@router.get("/timeline", include_in_schema=False)
def timeline_page(request: Request, viewer: Viewer = Depends(page_viewer)) -> HTMLResponse:
    filters = Filters.from_params(request.query_params, viewer.only, protect=not viewer.sees_names)
    with case_of(request).connect() as conn:
        counts = month_counts(conn, filters)
        items = find_incidents(conn, filters, TIMELINE_LIMIT, sort="date")
        regions = oblasts(conn, viewer.only)
        whens = when_of(conn, items)
    tl = timeline_data(counts, items, whens)
    return render(request, "timeline.html", viewer, tl=tl, count=tl["total"], listed=len(items),
                  month_url=filters.month_url, when_words=when_words, filters=filters, oblasts=regions,
                  page="timeline")


@router.get("/basemap.geojson", include_in_schema=False)
def basemap(request: Request) -> Response:
    return Response(request.app.state.basemap, media_type="application/geo+json",
                    headers={"Cache-Control": "max-age=86400"})


def incident_view(request: Request, viewer: Viewer, incident_id: str, status: int = 200,
                   error: str | None = None) -> Response:
    red = request_redactor(request, viewer.sees_names)
    with case_of(request).connect() as conn, i18n.using(ui_language(request)):
        try:
            inc = incidents.get(conn, incident_id)
        except NotFound as exc:
            moved = review_svc.successor(conn, incident_id) if status == 200 else None
            if moved is None:
                raise HTTPException(404, str(exc)) from exc
            # a merged incident's old address leads to the one it was merged into
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(f"/incidents/{moved}{query}", status_code=302)
        machine = incidents.machine_version(conn, inc.id)
        blocks = evidence_blocks(conn, inc, red)
        hist = review_svc.history(conn, inc.id)
        candidates = triage.merge_candidates(conn, inc.id) if viewer.can_review else []
        shared_with = sharing.shared_users(conn, inc.id) if viewer.may_share else []
        externals = [u.name for u in users_svc.list_users(conn)
                     if u.role == users_svc.EXTERNAL and u.active] if viewer.may_share else []
    reasons = [red.plain(r) for r in inc.grade_reasons]
    return render(request, "incident.html", viewer, status, inc=inc, machine=machine, blocks=blocks,
                  history=hist, reasons=reasons, error=error, editable=review_svc.EDITABLE, page="incident",
                  shared_with=shared_with, externals=[u for u in externals if u not in shared_with],
                  candidates=candidates, facts=FACTS, figure_words=figure_words, change_lines=change_lines,
                  grade_choices=_grade_choices(inc.grade))


def _grade_choices(current: str) -> list[str]:
    """Every grade a reviewer may give (a base grade and its markers), the current one included."""
    choices = [base + "".join(f"; {m}" for m in marks) for base in ("corroborated", "single source")
               for marks in ((), ("first-hand",), ("contested",), ("contested", "first-hand"))]
    return choices if current in choices else [current, *choices]


@router.get("/incidents/{incident_id}", include_in_schema=False)
def incident_page(request: Request, incident_id: str, viewer: Viewer = Depends(page_viewer)) -> Response:
    return incident_view(request, viewer, incident_id)


@router.post("/incidents/{incident_id}/share", include_in_schema=False)
def share_form(request: Request, incident_id: str, csrf: str = Form(""), action: str = Form(""),
               user: str = Form(""), viewer: Viewer = Depends(page_viewer)) -> Response:
    """Share an incident with an external reviewer, or withdraw the share (admins)."""
    check_csrf(viewer, csrf)
    try:
        with case_of(request).begin() as conn:
            iid = resolve_id(conn, incident_id)
            if action == "share":
                sharing.share(conn, [iid], user, actor=viewer.user.name)
            elif action == "unshare":
                sharing.unshare(conn, [iid], user, actor=viewer.user.name)
            else:
                raise sharing.ShareError(f"action {action!r}: use share or unshare")
    except (sharing.ShareError, NotFound) as exc:
        return incident_view(request, viewer, incident_id, 400, str(exc))
    return RedirectResponse(f"/incidents/{iid}#sharing", status_code=303)


@router.get("/documents/{document_id}", include_in_schema=False)
def document_page(request: Request, document_id: str, viewer: Viewer = Depends(page_viewer)) -> HTMLResponse:
    with case_of(request).connect() as conn:
        found = documents.view(conn, document_id)
    if found is None:
        raise HTTPException(404, f"{document_id}: no such document")
    doc, read, mentions, events, linked = (found.document, found.read, found.mentions, found.events,
                                           found.incidents)
    if viewer.only is not None:  # a restricted caller learns of no other incident citing it
        linked = [i for i in linked if i.id in viewer.only]
    red = request_redactor(request, viewer.sees_names)
    text = read.text if read else ""
    with i18n.using(ui_language(request)):
        body = highlight(text, 0, len(text), mention_marks(mentions, red), red.document_spans(doc.id, text))
    return render(request, "document.html", viewer, doc=doc, read=read, body=body, mentions=mentions,
                  events=events, linked=linked, label=source_label(doc, read), facts=FACTS,
                  details_line=details_line, page="document")


@router.get("/documents/{document_id}/original", include_in_schema=False)
def original(request: Request, document_id: str, viewer: Viewer = Depends(page_viewer)) -> Response:
    """The original bytes (policy: analysts and admins); each download is a custody event."""
    try:
        doc, data = originals.download(case_of(request), document_id, viewer.user.name, viewer.user.role)
    except originals.OriginalDamaged as exc:
        raise HTTPException(500, str(exc)) from exc
    except originals.OriginalError as exc:
        raise HTTPException(404, str(exc)) from exc
    # Always a download, never rendered: the original may be hostile HTML.
    safe_name = "".join(c if c.isalnum() or c in "._-" else "_" for c in doc.filename)[:120] or "original"
    return Response(data, media_type="application/octet-stream",
                    headers={"Content-Disposition": f'attachment; filename="{safe_name}"',
                             "X-Svidok-SHA256": doc.sha256})


def _admin_view(request: Request) -> dict[str, Any]:
    """What the users page lists: people, their API tokens (never the secrets), login throttles
    and the latest failed logins (the audit)."""
    now = datetime.now(UTC)
    with case_of(request).connect() as conn:
        throttled = [(t, t.wait(now)) for t in logins.list_throttles(conn, now)]
        return {"people": users_svc.list_users(conn), "tokens": users_svc.list_tokens(conn),
                "throttles": throttled, "failures": logins.recent_failures(conn, 20), "now": now}


@router.get("/users", include_in_schema=False)
def users_page(request: Request, viewer: Viewer = Depends(page_viewer)) -> HTMLResponse:
    return render(request, "users.html", viewer, roles=users_svc.ROLES, error=None, token=None, page="users",
                  **_admin_view(request))


@router.post("/users", include_in_schema=False)
def users_action(request: Request, csrf: str = Form(""), action: str = Form(""), name: str = Form(""),
                 role: str = Form("viewer"), password: str = Form(""), token_id: str = Form(""),
                 key: str = Form(""), viewer: Viewer = Depends(page_viewer)) -> HTMLResponse:
    check_csrf(viewer, csrf)
    token = None
    error = None
    done = None
    try:
        with case_of(request).begin() as conn:
            if action == "add":
                users_svc.add_user(conn, name, role, password or None, actor=viewer.user.name)
            elif action == "disable":
                users_svc.disable_user(conn, name, actor=viewer.user.name)
            elif action == "token":
                token = users_svc.issue_token(conn, name, actor=viewer.user.name)
            elif action == "revoke":
                owner = users_svc.revoke_token_id(conn, token_id, actor=viewer.user.name)
                done = f"revoked token {token_id} of {owner}"
            elif action == "unthrottle":
                if not logins.unthrottle(conn, key, actor=viewer.user.name):
                    raise users_svc.UserError(f"no throttle for {key!r}")
                done = f"cleared the login throttle of {key}"
            else:
                raise users_svc.UserError(f"action {action!r}: use add, disable, token, revoke or unthrottle")
    except users_svc.UserError as exc:
        error = str(exc)
    return render(request, "users.html", viewer, 400 if error else 200, roles=users_svc.ROLES, error=error,
                  token=token, token_user=name, done=done, page="users", **_admin_view(request))

