"""Web fixtures: one real case built per session (fixture reports, real extraction), copied per test,
served by the real app through FastAPI's TestClient."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from svidok.db import analysis
from svidok.services.case import Case
from svidok.web import create_app
from web.casebuild import PASSWORDS, build_template, copy_case


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("webcase"))


@pytest.fixture
def case(template: Path, tmp_path: Path) -> Iterator[Case]:
    c = copy_case(template, tmp_path / "case")
    yield c
    c.close()


@pytest.fixture
def client(case: Case) -> Iterator[TestClient]:
    with TestClient(create_app(case.root, case=case), follow_redirects=False) as c:
        yield c


CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def login(client: TestClient, name: str, password: str | None = None) -> str:
    """Log in through the form; returns the session's CSRF token."""
    page = client.get("/login")
    token = CSRF.search(page.text)
    assert token is not None
    r = client.post("/login", data={"username": name, "password": password or PASSWORDS[name],
                                    "csrf": token.group(1), "next": "/incidents"})
    assert r.status_code == 303, r.text
    found = CSRF.search(client.get("/incidents").text)
    assert found is not None
    return found.group(1)


def incident_id(case: Case, type_: str, place: str) -> str:
    with case.connect() as conn:
        for inc in analysis.load_incidents(conn):
            if inc.type == type_ and inc.place and inc.place.name == place:
                return inc.id
    raise AssertionError(f"fixture case has no {type_} at {place}")
