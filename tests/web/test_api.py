"""JSON API with bearer tokens on a real case."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from svidok.services.case import Case
from svidok.services.users import issue_token
from web.conftest import incident_id

Auth = Callable[[str], dict[str, str]]


@pytest.fixture
def auth(case: Case) -> Auth:
    def make(user: str) -> dict[str, str]:
        with case.begin() as conn:
            return {"Authorization": f"Bearer {issue_token(conn, user)}"}
    return make


def test_api_without_token_401(client: TestClient) -> None:
    r = client.get("/api/incidents")
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_api_bad_token_401(client: TestClient) -> None:
    assert client.get("/api/incidents", headers={"Authorization": "Bearer svk_nope"}).status_code == 401


def test_api_list_in_export_format(client: TestClient, auth: Auth) -> None:
    body = client.get("/api/incidents", headers=auth("vic")).json()
    assert body["format"] == "svidok-export" and body["version"] == 1
    first = body["incidents"][0]
    assert {"id", "type", "place", "date", "victims", "grade", "grade_reasons", "status", "flagged",
            "sources"} <= set(first)


def test_api_list_filters_and_search(client: TestClient, auth: Auth) -> None:
    h = auth("vic")
    types = {i["type"] for i in client.get("/api/incidents", params={"type": "detention"},
                                           headers=h).json()["incidents"]}
    assert types == {"detention"}
    found = client.get("/api/incidents", params={"q": "pensioners"}, headers=h).json()["incidents"]
    assert found and all(i["place"]["name"] == "Izium" for i in found)


def test_api_bad_date_filter_400(client: TestClient, auth: Auth) -> None:
    r = client.get("/api/incidents", params={"since": "yesterday"}, headers=auth("vic"))
    assert r.status_code == 400 and "since" in r.json()["detail"]


def test_api_get_one_and_404(client: TestClient, case: Case, auth: Auth) -> None:
    h = auth("vic")
    inc = incident_id(case, "killing", "Izium")
    assert client.get(f"/api/incidents/{inc}", headers=h).json()["id"] == inc
    assert client.get("/api/incidents/inc-000000000000", headers=h).status_code == 404


def test_api_viewer_posting_review_403(client: TestClient, case: Case, auth: Auth) -> None:
    inc = incident_id(case, "killing", "Izium")
    r = client.post(f"/api/incidents/{inc}/reviews", json={"action": "confirm"}, headers=auth("vic"))
    assert r.status_code == 403


def test_api_analyst_review_201_and_history(client: TestClient, case: Case, auth: Auth) -> None:
    h = auth("ana")
    inc = incident_id(case, "killing", "Izium")
    r = client.post(f"/api/incidents/{inc}/reviews", headers=h,
                    json={"action": "edit", "note": "governor's figure", "changes": {"victims": 5}})
    assert r.status_code == 201 and r.json()["changes"]["victims"]["to"] == 5
    hist = client.get(f"/api/incidents/{inc}/history", headers=h).json()
    assert [(x["action"], x["actor"]) for x in hist] == [("edit", "ana")]
    assert client.get(f"/api/incidents/{inc}", headers=h).json()["victims"] == 5


def test_api_review_without_note_422(client: TestClient, case: Case, auth: Auth) -> None:
    inc = incident_id(case, "killing", "Izium")
    r = client.post(f"/api/incidents/{inc}/reviews", headers=auth("ana"),
                    json={"action": "reject", "note": ""})
    assert r.status_code == 422 and "note" in r.json()["detail"]


def test_api_unknown_action_422(client: TestClient, case: Case, auth: Auth) -> None:
    inc = incident_id(case, "killing", "Izium")
    r = client.post(f"/api/incidents/{inc}/reviews", headers=auth("ana"), json={"action": "bless"})
    assert r.status_code == 422


def test_api_names_withheld_for_viewer_token(client: TestClient, case: Case, auth: Auth) -> None:
    inc = incident_id(case, "killing", "Izium")
    as_viewer = client.get(f"/api/incidents/{inc}", headers=auth("vic")).text
    as_analyst = client.get(f"/api/incidents/{inc}", headers=auth("ana")).text
    assert "Hrytsenko" not in as_viewer and "[name withheld]" in as_viewer
    assert "Hrytsenko" in as_analyst
