"""Downloads of the current selection: an export (CSV, GeoJSON, JSON, ACLED) of the filtered list,
and evidence packages of one incident or of the filtered list (docs/packages.md).

Exports are open to everyone who may see the list, limited to what the caller may see (restricted
roles: their shared incidents) and redacted as every export is: protected names are withheld unless
a caller who sees names asks for them. Packages carry original files, so they are for the roles
that may download originals (policy FIELDS["original_bytes"]); each is a custody event, like each
export.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, Response
from starlette.background import BackgroundTask

from svidok.services import package as package_svc
from svidok.services.export import ExportError, export_bytes
from svidok.services.incidents import QueryError
from svidok.web.auth import Viewer, case_of, check_csrf, page_viewer
from svidok.web.query import Filters

router = APIRouter()
WEB_PACKAGE_LIMIT = 200  # incidents per package built by the web app (the CLI has no bound)
MEDIA = {"csv": ("text/csv; charset=utf-8", "csv"), "acled": ("text/csv; charset=utf-8", "acled.csv"),
         "json": ("application/json", "json"), "geojson": ("application/geo+json", "geojson")}
YES = ("1", "on", "true")


@router.get("/export", include_in_schema=False)
def export_download(request: Request, format: str = "csv", names: str = "",
                    viewer: Viewer = Depends(page_viewer)) -> Response:
    """The filtered list (the list's own query string) in one export format."""
    if format not in MEDIA:
        raise HTTPException(400, f"format {format[:20]!r}: use one of {', '.join(MEDIA)}")
    filters = Filters.from_params(request.query_params, viewer.only, protect=not viewer.sees_names)
    with_names = viewer.sees_names and names in YES
    try:
        with case_of(request).begin() as conn:
            data, result = export_bytes(conn, format, filters.to_service(), include_protected=with_names,
                                        out=f"web:{viewer.user.name}")
    except (ExportError, QueryError) as exc:
        raise HTTPException(400, str(exc)) from exc
    media, ext = MEDIA[format]
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return Response(data, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="svidok-export-{stamp}.{ext}"',
        "X-Svidok-SHA256": result.sha256})


def _package(request: Request, viewer: Viewer, ids: list[str], filters: Filters | None, unredacted: str,
             protected_originals: str) -> Response:
    tmp = Path(tempfile.mkdtemp(prefix="svidok-package-"))
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    out = tmp / f"svidok-package-{stamp}.zip"
    options = package_svc.PackageOptions(
        unredacted=unredacted in YES, include_protected_originals=protected_originals in YES,
        max_incidents=WEB_PACKAGE_LIMIT, out_label=f"web:{viewer.user.name}", actor=viewer.user.name)
    try:
        chosen = None if filters is None else filters.to_service()
        result = package_svc.build(case_of(request), out, ids, chosen, options)
    except package_svc.PackageError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise HTTPException(400, str(exc)) from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    headers = {"X-Svidok-SHA256": result.sha256}
    if result.pdf_missing:  # said, never silently left out: the manifest records it too
        headers["X-Svidok-Warning"] = f"no PDF dossier: {result.pdf_missing}"[:300]
    return FileResponse(out, media_type="application/zip", filename=out.name, headers=headers,
                        background=BackgroundTask(shutil.rmtree, tmp, ignore_errors=True))


@router.post("/incidents/{incident_id}/package", include_in_schema=False)
def incident_package(request: Request, incident_id: str, csrf: str = Form(""), unredacted: str = Form(""),
                     protected_originals: str = Form(""), viewer: Viewer = Depends(page_viewer)) -> Response:
    """The evidence package of one incident."""
    check_csrf(viewer, csrf)
    return _package(request, viewer, [incident_id], None, unredacted, protected_originals)


@router.post("/package", include_in_schema=False)
def list_package(request: Request, csrf: str = Form(""), unredacted: str = Form(""),
                 protected_originals: str = Form(""), viewer: Viewer = Depends(page_viewer)) -> Response:
    """The evidence package of the filtered list (filters in the query string, as on the list)."""
    check_csrf(viewer, csrf)
    filters = Filters.from_params(request.query_params, viewer.only, protect=not viewer.sees_names)
    return _package(request, viewer, [], filters, unredacted, protected_originals)
