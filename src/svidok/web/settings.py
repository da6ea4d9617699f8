"""The signed-in user's own settings: the language of the interface."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from svidok.services import users as users_svc
from svidok.web import i18n
from svidok.web.auth import Viewer, case_of, check_csrf, page_viewer

router = APIRouter()


@router.get("/settings", include_in_schema=False)
def settings_page(request: Request, viewer: Viewer = Depends(page_viewer)) -> HTMLResponse:
    from svidok.web.pages import render

    return render(request, "settings.html", viewer, languages=i18n.LANGUAGES, names=i18n.NAMES, error=None,
                  page="settings")


@router.post("/settings", include_in_schema=False)
def settings_save(request: Request, csrf: str = Form(""), language: str = Form(""),
                  viewer: Viewer = Depends(page_viewer)) -> Response:
    """Choose one's own interface language (a custody event, like every account change)."""
    from svidok.web.pages import render

    check_csrf(viewer, csrf)
    try:
        with case_of(request).begin() as conn:
            users_svc.set_language(conn, viewer.user.name, language, actor=viewer.user.name)
    except users_svc.UserError as exc:
        return render(request, "settings.html", viewer, 400, languages=i18n.LANGUAGES, names=i18n.NAMES,
                      error=str(exc), page="settings")
    return RedirectResponse("/settings", status_code=303)
