"""The route x role matrix, generated from svidok.web.policy and run against the app's own routes
on a real case (real database, one user per role with a real session and a real API token)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from svidok.services import documents, sharing
from svidok.services.case import Case
from svidok.services.users import ROLES, issue_token, start_session
from svidok.web import create_app, policy
from svidok.web.auth import REFUSED_HEADER, SESSION_COOKIE, route_table
from web.casebuild import PASSWORDS, copy_case
from web.conftest import CSRF, incident_id

NAMES = {role: name for name, role in {"ada": "admin", "ana": "analyst", "vic": "viewer",
                                       "rex": "reviewer-external"}.items()}
CALLERS = [*ROLES, policy.ANONYMOUS]


@dataclass
class World:
    case: Case
    app: FastAPI
    incident: str  # shared with the external reviewer
    document: str  # cited by that incident


@pytest.fixture(scope="module")
def world(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    case = copy_case(template, tmp_path_factory.mktemp("policy") / "case")
    inc = incident_id(case, "killing", "Izium")
    with case.begin() as conn:
        sharing.share(conn, [inc], "rex", actor="ada")
        doc = sorted(sharing.scope_of(conn, "rex").documents)[0]
        assert documents.get(conn, doc) is not None
    yield World(case, create_app(case.root, case=case), inc, doc)
    case.close()


def _client(world: World, role: str, auth: str) -> tuple[TestClient, dict[str, str], str]:
    """A client carrying `role`'s credentials for a route of kind `auth`: (client, headers, csrf)."""
    client = TestClient(world.app, follow_redirects=False)
    if role == policy.ANONYMOUS:
        return client, {}, ""
    name = NAMES[role]
    with world.case.begin() as conn:
        user = _user(conn, name)
        cookie, csrf = start_session(conn, user)
        token = issue_token(conn, name, actor="tester")
    client.cookies.set(SESSION_COOKIE, cookie)
    return client, ({"Authorization": f"Bearer {token}"} if auth == "token" else {}), csrf


def _user(conn: Any, name: str) -> Any:
    from svidok.services.users import get_user

    user = get_user(conn, name)
    assert user is not None
    return user


def _fill(path: str, world: World) -> str:
    if path == "/static":
        return "/static/app.css"
    return path.format(incident_id=world.incident, document_id=world.document)


def _send(world: World, rule: policy.Rule, role: str) -> Any:
    client, headers, csrf = _client(world, role, rule.auth)
    url = _fill(rule.path, world)
    if rule.method == "GET":
        return client.get(url, headers=headers)
    body: dict[str, Any] = {"csrf": csrf}
    if rule.path == "/login":
        page = client.get("/login")
        found = CSRF.search(page.text)
        assert found is not None
        name = NAMES.get(role, "nobody")
        body = {"csrf": found.group(1), "username": name, "password": PASSWORDS.get(name, "wrong-password")}
    elif rule.path.endswith("/review"):
        body["action"] = "confirm"
    elif rule.path == "/incidents/bulk":
        body |= {"action": "confirm", "ids": world.incident, "note": "matrix"}
    elif rule.path.endswith("/share"):
        body |= {"action": "share", "user": "rex"}
    elif rule.path == "/users":
        body |= {"action": "token", "name": "vic"}
    elif rule.path == "/settings":
        body["language"] = "en"
    if rule.auth == "token":
        return client.post(url, headers=headers, json={"action": "confirm", "note": "matrix"})
    return client.post(url, headers=headers, data=body)


# What an admitted caller gets (the handler ran and succeeded); anything else means 200.
ADMITTED = {("GET", "/"): 303, ("POST", "/logout"): 303,
            ("POST", "/incidents/{incident_id}/review"): 303, ("POST", "/incidents/{incident_id}/share"): 303,
            ("POST", "/incidents/bulk"): 303,
            ("POST", "/api/incidents/{incident_id}/reviews"): 201, ("POST", "/settings"): 303}


def _admitted_status(rule: policy.Rule, role: str) -> int:
    if rule.method == "POST" and rule.path == "/login":
        return 401 if role == policy.ANONYMOUS else 303  # anonymous: no such user
    return ADMITTED.get((rule.method, rule.path), 200)


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("rule", policy.RULES, ids=lambda r: f"{r.method} {r.path}")
def test_policy_matrix_route_admits_exactly_its_roles(world: World, rule: policy.Rule, caller: str) -> None:
    assert (rule.method, rule.path) in route_table(world.app), "the rule names no route of the app"
    r = _send(world, rule, caller)
    if policy.admits(rule, None if caller == policy.ANONYMOUS else caller):
        assert REFUSED_HEADER not in r.headers, r.text
        assert r.status_code == _admitted_status(rule, caller), r.text[:300]
    else:
        assert r.headers.get(REFUSED_HEADER) == "refused"
        if caller != policy.ANONYMOUS:
            assert r.status_code == 403
        elif rule.auth == "token":
            assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        else:
            assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")


def test_policy_every_route_of_the_app_has_a_rule(world: World) -> None:
    missing = [key for key in route_table(world.app) if policy.rule_for(*key) is None]
    assert missing == []


def test_policy_every_rule_names_a_route_of_the_app(world: World) -> None:
    routes = set(route_table(world.app))
    assert [(r.method, r.path) for r in policy.RULES if (r.method, r.path) not in routes] == []


def test_policy_route_missing_from_table_refused_to_everyone(world: World) -> None:
    app = create_app(world.case.root, case=world.case)

    @app.get("/unlisted")
    def unlisted() -> dict[str, str]:
        return {"leak": "yes"}

    other = World(world.case, app, world.incident, world.document)
    for caller in CALLERS:
        client, headers, _ = _client(other, caller, "session")
        r = client.get("/unlisted", headers=headers)
        assert r.status_code == 403 and "leak" not in r.text and r.headers[REFUSED_HEADER] == "refused"


def test_policy_roles_match_the_user_service() -> None:
    assert policy.EVERYONE == frozenset(ROLES)
    assert all(r.roles <= policy.EVERYONE for r in policy.RULES)


def test_policy_originals_route_follows_the_original_bytes_field() -> None:
    rule = policy.rule_for("GET", "/documents/{document_id}/original")
    assert rule is not None and rule.roles == policy.FIELDS["original_bytes"] == {"admin", "analyst"}
