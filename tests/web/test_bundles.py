"""Downloads from the web app: exports of the filtered list and evidence packages, on a real case."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient

from svidok.services import sharing
from svidok.services.case import Case
from svidok.services.custody_log import list_events
from svidok.services.package_verify import verify_package
from web.conftest import incident_id, login


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _package_form(page: str) -> str | None:
    found = re.search(r'<form method="post" class="inline package" action="([^"]+)"', page)
    return None if found is None else found.group(1).replace("&amp;", "&")


def test_bundles_analyst_sees_package_buttons_viewer_does_not(client: TestClient, case: Case) -> None:
    inc = incident_id(case, "killing", "Izium")
    login(client, "ana")
    assert _package_form(client.get(f"/incidents/{inc}").text) == f"/incidents/{inc}/package"
    assert _package_form(client.get("/incidents?type=killing").text) == "/package?type=killing"
    client.cookies.clear()
    login(client, "vic")
    assert _package_form(client.get(f"/incidents/{inc}").text) is None
    listing = client.get("/incidents?type=killing").text
    assert _package_form(listing) is None and 'action="/export"' in listing
    assert 'name="type" value="killing"' in listing and 'name="names"' not in listing


def test_bundles_incident_package_downloads_and_verifies(client: TestClient, case: Case,
                                                         tmp_path: Path) -> None:
    inc = incident_id(case, "killing", "Izium")
    csrf = login(client, "ana")
    r = client.post(f"/incidents/{inc}/package", data={"csrf": csrf})
    assert r.status_code == 200, r.text[:300]
    assert r.headers["content-type"] == "application/zip"
    assert r.headers["content-disposition"].startswith('attachment; filename="svidok-package-')
    out = tmp_path / "p.zip"
    out.write_bytes(r.content)
    check = verify_package(out)
    assert check.ok and check.incidents == [inc], [f.line() for f in check.failures]
    event = [e for e in list_events(case) if e.action == "package"][-1]
    assert event.actor == "ana" and event.details["out"] == "web:ana" and event.object_hash == _sha(out)


def test_bundles_list_package_follows_the_filters(client: TestClient, case: Case) -> None:
    csrf = login(client, "ada")
    r = client.post("/package?type=killing", data={"csrf": csrf})
    assert r.status_code == 200, r.text[:300]
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        data = json.loads(zf.read("data/incidents.json"))
        manifest = json.loads(zf.read("manifest.json"))
    assert data["incidents"] and {i["type"] for i in data["incidents"]} == {"killing"}
    assert manifest["filters"] == {"type": "killing"} and manifest["redaction"]["names_withheld"] is True


def test_bundles_package_needs_the_csrf_token(client: TestClient, case: Case) -> None:
    login(client, "ana")
    assert client.post("/package", data={"csrf": "wrong"}).status_code == 403
    assert not [e for e in list_events(case) if e.action == "package"]


def test_bundles_package_that_matches_nothing_is_a_400(client: TestClient) -> None:
    csrf = login(client, "ana")
    r = client.post("/package?type=no_such_type", data={"csrf": csrf})
    assert r.status_code == 400 and "none matches" in r.text


def test_bundles_export_every_format_of_the_filtered_list(client: TestClient, case: Case) -> None:
    login(client, "vic")
    csv_rows = list(csv.DictReader(io.StringIO(client.get("/export?format=csv&type=killing").text)))
    assert csv_rows and {r["type"] for r in csv_rows} == {"killing"}
    body = client.get("/export?format=json&type=killing").json()
    assert body["format"] == "svidok-export" and {i["type"] for i in body["incidents"]} == {"killing"}
    geo = client.get("/export?format=geojson")
    assert geo.headers["content-type"] == "application/geo+json" and geo.json()["type"] == "FeatureCollection"
    acled = client.get("/export?format=acled")
    assert acled.text.startswith("event_id,")
    assert 'filename="svidok-export-' in acled.headers["content-disposition"]
    assert client.get("/export?format=xml").status_code == 400
    logged = [e.details for e in list_events(case) if e.action == "export"]
    assert [d["format"] for d in logged] == ["csv", "json", "geojson", "acled"]
    assert all(d["out"] == "web:vic" and d["include_protected"] is False for d in logged)


def test_bundles_export_names_only_for_those_who_see_them(client: TestClient, case: Case) -> None:
    login(client, "vic")
    client.get("/export?format=csv&names=1")
    client.cookies.clear()
    login(client, "ana")
    client.get("/export?format=csv&names=1")
    logged = [(e.details["out"], e.details["include_protected"]) for e in list_events(case)
              if e.action == "export"]
    assert logged == [("web:vic", False), ("web:ana", True)]


def test_bundles_external_reviewer_exports_only_shared_incidents(client: TestClient, case: Case) -> None:
    inc = incident_id(case, "killing", "Izium")
    with case.begin() as conn:
        sharing.share(conn, [inc], "rex", actor="ada")
    login(client, "rex")
    body = client.get("/export?format=json").json()
    assert [i["id"] for i in body["incidents"]] == [inc]
    assert client.post(f"/incidents/{inc}/package", data={"csrf": "x"}).status_code == 403
