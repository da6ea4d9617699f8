"""Login, sessions, CSRF and throttling through the real app."""

from __future__ import annotations

from fastapi.testclient import TestClient

from svidok.services.case import Case
from svidok.services.review import history
from svidok.services.users import disable_user
from svidok.web import create_app
from svidok.web.auth import LOGIN_CSRF_COOKIE, SESSION_COOKIE, safe_next
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
