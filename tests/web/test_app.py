"""Which role may open which route: a matrix over the real app on a real case."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from svidok.services.case import Case
from web.conftest import incident_id, login

PAGES = ["/incidents", "/map", "/timeline", "/incidents/{inc}", "/documents/{doc}",
         "/documents/{doc}/original"]


def _fill(path: str, case: Case) -> str:
    from svidok.db import analysis

    inc = incident_id(case, "killing", "Izium")
    with case.connect() as conn:
        found = analysis.get_incident(conn, inc)
    assert found is not None
    return path.format(inc=inc, doc=found.sources[0].document_id)


@pytest.mark.parametrize("path", PAGES + ["/users"])
def test_app_pages_redirect_anonymous_to_login(client: TestClient, case: Case, path: str) -> None:
    r = client.get(_fill(path, case))
    assert r.status_code == 303
    assert r.headers["location"].startswith("/login?next=")


@pytest.mark.parametrize("user", ["vic", "ana", "ada"])
@pytest.mark.parametrize("path", [p for p in PAGES if not p.endswith("/original")])
def test_app_every_role_reads_pages(client: TestClient, case: Case, user: str, path: str) -> None:
    login(client, user)
    assert client.get(_fill(path, case)).status_code == 200


@pytest.mark.parametrize(("user", "code"), [("vic", 403), ("ana", 403), ("ada", 200)])
def test_app_only_admin_manages_users(client: TestClient, user: str, code: int) -> None:
    login(client, user)
    assert client.get("/users").status_code == code


@pytest.mark.parametrize(("user", "code"), [("vic", 403), ("ana", 303), ("ada", 303)])
def test_app_only_analysts_and_admins_review(client: TestClient, case: Case, user: str, code: int) -> None:
    csrf = login(client, user)
    inc = incident_id(case, "killing", "Izium")
    r = client.post(f"/incidents/{inc}/review", data={"csrf": csrf, "action": "confirm", "note": ""})
    assert r.status_code == code


def test_app_review_form_shown_to_analyst_not_viewer(client: TestClient, case: Case) -> None:
    inc = incident_id(case, "killing", "Izium")
    login(client, "vic")
    assert 'value="confirm"' not in client.get(f"/incidents/{inc}").text
    login(client, "ana")
    assert 'value="confirm"' in client.get(f"/incidents/{inc}").text


def test_app_security_headers_forbid_inline_script(client: TestClient) -> None:
    login(client, "vic")
    r = client.get("/incidents")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "unsafe-inline" not in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_app_openapi_served(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/incidents/{incident_id}/reviews" in paths


def test_app_unknown_incident_is_404_page(client: TestClient) -> None:
    login(client, "vic")
    r = client.get("/incidents/inc-000000000000")
    assert r.status_code == 404 and "no such incident" in r.text
