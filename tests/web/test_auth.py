"""Login, sessions, CSRF and throttling through the real app."""

from __future__ import annotations

import json
import re

from fastapi.testclient import TestClient

from svidok.services import documents, sharing
from svidok.services.case import Case
from svidok.services.custody_log import list_events
from svidok.services.incidents import get as get_incident
from svidok.services.review import history
from svidok.services.users import disable_user, issue_token
from svidok.web import create_app
from svidok.web.auth import LOGIN_CSRF_COOKIE, REFUSED_HEADER, SESSION_COOKIE, safe_next
from web.conftest import CSRF, incident_id, login


def _login_token(client: TestClient) -> str:
    m = CSRF.search(client.get("/login").text)
    assert m is not None
    return m.group(1)


def test_auth_session_cookie_httponly_samesite_lax(client: TestClient) -> None:
    token = _login_token(client)
    r = client.post("/login", data={"username": "ana", "password": "analyst-pass-123", "csrf": token})
    cookie = next(v for k, v in r.headers.multi_items() if k == "set-cookie" and SESSION_COOKIE in v)
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()


def test_auth_wrong_password_rejected(client: TestClient) -> None:
    token = _login_token(client)
    r = client.post("/login", data={"username": "ana", "password": "nope-nope", "csrf": token})
    assert r.status_code == 401 and "Wrong user name or password" in r.text


def test_auth_login_without_csrf_rejected(client: TestClient) -> None:
    client.get("/login")
    r = client.post("/login", data={"username": "ana", "password": "analyst-pass-123"})
    assert r.status_code == 403


def test_auth_review_without_csrf_rejected(client: TestClient, case: Case) -> None:
    login(client, "ana")
    inc = incident_id(case, "killing", "Izium")
    r = client.post(f"/incidents/{inc}/review", data={"action": "confirm", "note": "x"})
    assert r.status_code == 403
    r = client.post(f"/incidents/{inc}/review", data={"action": "confirm", "csrf": "forged"})
    assert r.status_code == 403
    with case.connect() as conn:
        assert history(conn, inc) == []


def test_auth_review_with_foreign_csrf_rejected(client: TestClient, case: Case) -> None:
    other = login(client, "ada")
    login(client, "ana")  # a new session has its own token
    inc = incident_id(case, "killing", "Izium")
    r = client.post(f"/incidents/{inc}/review", data={"action": "confirm", "csrf": other})
    assert r.status_code == 403


def _from(case: Case, address: str) -> TestClient:
    """A client of the same app coming from another address."""
    return TestClient(create_app(case.root, case=case), follow_redirects=False, client=(address, 40000))


def _try(client: TestClient, name: str, password: str) -> int:
    token = _login_token(client)
    return client.post("/login", data={"username": name, "password": password, "csrf": token}).status_code


def test_auth_login_throttled_after_five_failures(client: TestClient) -> None:
    for _ in range(5):
        assert _try(client, "ana", "wrong-wrong") == 401
    r = client.post("/login", data={"username": "ana", "password": "analyst-pass-123",
                                    "csrf": _login_token(client)})
    assert r.status_code == 429 and "Too many failed logins" in r.text


def test_auth_throttle_spares_the_owner_on_a_clean_address(client: TestClient, case: Case) -> None:
    for _ in range(6):
        _try(client, "ana", "wrong-wrong")
    with _from(case, "198.51.100.7") as owner:
        assert _try(owner, "ana", "analyst-pass-123") == 303


def test_auth_throttle_slows_a_guessing_address_for_every_account(client: TestClient) -> None:
    for _ in range(5):
        _try(client, "ana", "wrong-wrong")
    assert _try(client, "vic", "viewer-pass-123") == 429


def test_auth_throttle_locked_account_holds_other_failing_addresses(client: TestClient, case: Case) -> None:
    for _ in range(5):
        _try(client, "ana", "wrong-wrong")
    with _from(case, "203.0.113.9") as other:
        assert _try(other, "ana", "wrong-guess") == 401  # a new address gets one try
        assert _try(other, "ana", "analyst-pass-123") == 429  # then waits out the account's lock


def test_auth_failed_logins_are_audited(client: TestClient, case: Case) -> None:
    from svidok.services.logins import recent_failures

    _try(client, "ana", "wrong-wrong")
    with case.connect() as conn:
        found = recent_failures(conn)
    assert [(f["user"], f["client"], f["reason"]) for f in found] == [("ana", "testclient", "wrong_password")]


def test_auth_login_with_control_characters_is_400(client: TestClient) -> None:
    assert _try(client, "ana\x00", "wrong-wrong") == 400


def test_auth_logout_ends_session(client: TestClient) -> None:
    csrf = login(client, "vic")
    assert client.post("/logout", data={"csrf": csrf}).status_code == 303
    assert client.get("/incidents").status_code == 303


def test_auth_disabled_user_session_stops(client: TestClient, case: Case) -> None:
    login(client, "ana")
    with case.begin() as conn:
        disable_user(conn, "ana", actor="ada")
    assert client.get("/incidents").status_code == 303


def test_auth_next_only_same_site() -> None:
    assert safe_next("//evil.example/") == "/incidents"
    assert safe_next("https://evil.example/") == "/incidents"
    assert safe_next("/map?type=killing") == "/map?type=killing"


# --- reviewer-external: only what an admin shared ---------------------------------------------

IDS = re.compile(r"inc-[0-9a-f]{12}")


def _share_killing(case: Case) -> str:
    inc = incident_id(case, "killing", "Izium")
    with case.begin() as conn:
        sharing.share(conn, [inc], "rex", actor="ada")
    return inc


def _token(case: Case, name: str) -> dict[str, str]:
    with case.begin() as conn:
        return {"Authorization": f"Bearer {issue_token(conn, name)}"}


def _docs(case: Case, inc: str) -> set[str]:
    with case.connect() as conn:
        return {f.document_id for f in get_incident(conn, inc).sources}


def _all_docs(case: Case) -> set[str]:
    with case.connect() as conn:
        return set(documents.ids(conn))


def test_auth_external_list_shows_only_shared_incidents(client: TestClient, case: Case) -> None:
    inc = _share_killing(case)
    login(client, "rex")
    html = client.get("/incidents").text
    assert set(IDS.findall(html)) == {inc}
    assert "Balakliia" not in html  # not even as an oblast or place choice of the filter form


def test_auth_external_api_lists_only_shared_incidents(client: TestClient, case: Case) -> None:
    inc = _share_killing(case)
    body = client.get("/api/incidents", headers=_token(case, "rex")).json()
    assert body["total"] == 1 and [i["id"] for i in body["incidents"]] == [inc]


def test_auth_external_search_cannot_count_unshared_reports(client: TestClient, case: Case) -> None:
    _share_killing(case)
    h = _token(case, "rex")
    assert client.get("/api/incidents", params={"q": "Balakliia"}, headers=h).json()["total"] == 0
    assert client.get("/api/incidents", params={"q": "Balakliia"},
                      headers=_token(case, "vic")).json()["total"] >= 1


def test_auth_external_unshared_incident_answers_like_unknown(client: TestClient, case: Case) -> None:
    _share_killing(case)
    other = incident_id(case, "detention", "Balakliia")
    login(client, "rex")
    h = _token(case, "rex")
    for path in (f"/incidents/{other}", f"/api/incidents/{other}", f"/api/incidents/{other}/history"):
        r = client.get(path, headers=h)
        assert r.status_code == 404 and f"{other}: no such incident" in r.text
    unknown = client.get("/api/incidents/inc-000000000000", headers=h)
    assert unknown.status_code == 404 and unknown.json()["detail"].endswith("no such incident")


def test_auth_external_opens_shared_incident_redacted(client: TestClient, case: Case) -> None:
    inc = _share_killing(case)
    login(client, "rex")
    r = client.get(f"/incidents/{inc}")
    assert r.status_code == 200 and "Hrytsenko" not in r.text and "[name withheld]" in r.text
    assert 'value="confirm"' not in r.text
    api = client.get(f"/api/incidents/{inc}", headers=_token(case, "rex"))
    assert api.status_code == 200 and "Hrytsenko" not in api.text


def test_auth_external_document_pages_only_of_cited_documents(client: TestClient, case: Case) -> None:
    inc = _share_killing(case)
    cited = _docs(case, inc)
    login(client, "rex")
    for doc in cited:
        page = client.get(f"/documents/{doc}")
        assert page.status_code == 200
        assert set(IDS.findall(page.text)) == {inc}  # the other incident citing it stays unnamed
        assert "download original" not in page.text
    for doc in _all_docs(case) - cited:
        assert client.get(f"/documents/{doc}").status_code == 404


def test_auth_external_gets_no_original_even_of_cited_document(client: TestClient, case: Case) -> None:
    inc = _share_killing(case)
    login(client, "rex")
    doc = sorted(_docs(case, inc))[0]
    r = client.get(f"/documents/{doc}/original")
    assert r.status_code == 403 and r.headers[REFUSED_HEADER] == "refused"


def test_auth_external_map_and_timeline_count_only_shared(client: TestClient, case: Case) -> None:
    inc = _share_killing(case)
    login(client, "rex")
    data = re.search(r'id="incident-data">(.*?)</script>', client.get("/map").text, re.S)
    assert data is not None and [p["id"] for p in json.loads(data.group(1))] == [inc]
    timeline = client.get("/timeline").text
    assert "1 incident." in timeline and 'id="m-2022-08"' not in timeline
    assert set(IDS.findall(timeline)) == {inc}


def test_auth_external_without_shares_sees_nothing(client: TestClient, case: Case) -> None:
    login(client, "rex")
    assert IDS.findall(client.get("/incidents").text) == []
    assert client.get("/api/incidents", headers=_token(case, "rex")).json()["total"] == 0
    assert "0 incidents." in client.get("/timeline").text


def test_auth_external_unshare_ends_access_at_once(client: TestClient, case: Case) -> None:
    inc = _share_killing(case)
    login(client, "rex")
    assert client.get(f"/incidents/{inc}").status_code == 200
    with case.begin() as conn:
        sharing.unshare(conn, [inc], "rex", actor="ada")
    assert client.get(f"/incidents/{inc}").status_code == 404


def test_auth_external_cannot_review_through_api(client: TestClient, case: Case) -> None:
    inc = _share_killing(case)
    r = client.post(f"/api/incidents/{inc}/reviews", json={"action": "confirm"}, headers=_token(case, "rex"))
    assert r.status_code == 403
    with case.connect() as conn:
        assert history(conn, inc) == []


def test_auth_admin_shares_from_incident_page_as_custody_event(client: TestClient, case: Case) -> None:
    inc = incident_id(case, "detention", "Balakliia")
    csrf = login(client, "ada")
    page = client.get(f"/incidents/{inc}").text
    assert 'id="sharing"' in page and "<option>rex</option>" in page
    r = client.post(f"/incidents/{inc}/share", data={"csrf": csrf, "action": "share", "user": "rex"})
    assert r.status_code == 303 and r.headers["location"] == f"/incidents/{inc}#sharing"
    events = list_events(case, action="share")
    assert [(e.actor, e.details) for e in events] == [("ada", {"incident": inc, "user": "rex"})]
    bad = client.post(f"/incidents/{inc}/share", data={"csrf": csrf, "action": "share", "user": "vic"})
    assert bad.status_code == 400 and "share only with reviewer-external users" in bad.text


def test_auth_share_control_hidden_from_analyst(client: TestClient, case: Case) -> None:
    login(client, "ana")
    assert 'id="sharing"' not in client.get(f"/incidents/{incident_id(case, 'killing', 'Izium')}").text


def _proxied(case: Case, proxy_headers: bool) -> TestClient:
    """The app as `svidok serve [--proxy-headers]` runs it (uvicorn's own proxy-header handling),
    reached from the proxy's address."""
    from svidok.cli.serve import server_config

    config = server_config(create_app(case.root, case=case), "127.0.0.1", 8765, proxy_headers)
    config.load()
    return TestClient(config.loaded_app, follow_redirects=False, client=("127.0.0.1", 40000))


def _session_cookie(client: TestClient, headers: dict[str, str]) -> str:
    page = client.get("/login", headers=headers)
    m = CSRF.search(page.text)
    assert m is not None
    # a Secure cookie is not sent back over the test's plain http: hand the login CSRF cookie over
    client.cookies.clear()
    sent = {**headers, "Cookie": f"{LOGIN_CSRF_COOKIE}={m.group(1)}"}
    r = client.post("/login", headers=sent, data={"username": "ana", "password": "analyst-pass-123",
                                                  "csrf": m.group(1)})
    assert r.status_code == 303, r.text
    return next(v for k, v in r.headers.multi_items() if k == "set-cookie" and SESSION_COOKIE in v)


def test_auth_cookie_secure_behind_https_proxy(case: Case) -> None:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.20"}
    with _proxied(case, True) as client:
        assert "secure" in _session_cookie(client, headers).lower()


def test_auth_proxy_headers_ignored_without_the_flag(case: Case) -> None:
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.20"}
    with _proxied(case, False) as client:
        assert "secure" not in _session_cookie(client, headers).lower()
