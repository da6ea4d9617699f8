"""Login, sessions, CSRF and throttling through the real app."""

from __future__ import annotations

from fastapi.testclient import TestClient

from svidok.services.case import Case
from svidok.services.review import history
from svidok.services.users import disable_user
from svidok.web.auth import SESSION_COOKIE, Throttle, safe_next
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


def test_auth_login_throttled_per_user_and_ip(client: TestClient) -> None:
    token = _login_token(client)
    for _ in range(5):
        client.post("/login", data={"username": "ana", "password": "wrong-wrong", "csrf": token})
    r = client.post("/login", data={"username": "ana", "password": "analyst-pass-123", "csrf": token})
    assert r.status_code == 429 and "Too many failed logins" in r.text
    # another user from the same address is not locked out
    r = client.post("/login", data={"username": "vic", "password": "viewer-pass-123", "csrf": token})
    assert r.status_code == 303


def test_auth_throttle_window_expires() -> None:
    t = Throttle(limit=2, window=0.05)
    t.failed("a", "1.2.3.4")
    t.failed("A", "1.2.3.4")
    assert t.retry_after("a", "1.2.3.4") > 0
    assert t.retry_after("a", "5.6.7.8") == 0
    import time

    time.sleep(0.06)
    assert t.retry_after("a", "1.2.3.4") == 0


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
