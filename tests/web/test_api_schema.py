"""schemathesis against the API's own OpenAPI schema, with an analyst's token, on a real case copy.

Every operation gets a bounded number of generated requests (schemathesis's positive and negative
data, and its probes such as the same request without the token), derandomised so a run repeats.
A well-formed request is sent again with its generated incident id replaced by a real one, so the
routes behind the 404 are exercised too. Every response must be no server error and conform to the
schema: documented status code, content type, headers and body (bodies are described strictly, see
svidok/web/schemas.py); schema-violating requests must be refused and well-formed ones accepted.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from svidok.db import analysis
from svidok.services.case import Case
from svidok.services.users import issue_token
from svidok.web import create_app
from svidok.web.app import openapi_document

EXAMPLES = int(os.environ.get("SVIDOK_SCHEMA_EXAMPLES", "50"))  # per operation: under a minute


@dataclass
class Served:
    app: FastAPI
    token: str
    incidents: list[str]


_current: list[Served] = []


async def _app(scope: Any, receive: Any, send: Any) -> None:
    """The app of the running test: schemathesis's own probes go to the schema's app, which has
    to exist when this module loads, before any case does."""
    await _current[-1].app(scope, receive, send)


# A review names other incidents, mentions and documents and must change something: a well-formed
# request may still be refused (422, the reason given), which no schema can say in advance.
CONFIG = SchemathesisConfig.from_dict({"operations": [{
    "include-method": "POST", "include-path": "/api/incidents/{incident_id}/reviews",
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "422"]}}}]})
# Loaded once from the app's own schema (schemathesis's fixture loader does not run on this pytest).
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)
schema.app = _app


@schema.auth(refresh_interval=None)
class AnalystToken:
    """The running test's analyst token, in the header the schema's security scheme names."""

    def get(self, case: Any, context: Any) -> str:
        return _current[-1].token if _current else "no-test-running"  # asked once at collection

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def served(case: Case) -> Iterator[Served]:
    """The app on a copy of the fixture case, an analyst's token and the incident ids."""
    with case.begin() as conn:
        token = issue_token(conn, "ana")
        ids = sorted(i.id for i in analysis.load_incidents(conn))
    now = Served(create_app(case.root, case=case), token, ids)
    _current.append(now)
    yield now
    _current.remove(now)


def test_api_schema_is_the_one_served(served: Served) -> None:
    with TestClient(served.app) as client:
        assert client.get("/openapi.json").json() == openapi_document()


def test_api_schema_declares_bearer_security_on_every_operation() -> None:
    doc = openapi_document()
    assert doc["components"]["securitySchemes"]["HTTPBearer"]["scheme"] == "bearer"
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op.get("security") == [{"HTTPBearer": []}], (method, path)


@schema.parametrize()
@settings(max_examples=EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_schema_every_response_conforms(case: Any, served: Served) -> None:
    case.call_and_validate()
    generated = (case.path_parameters or {}).get("incident_id")
    positive = case.meta is not None and case.meta.generation.mode.is_positive
    if positive and isinstance(generated, str) and served.incidents:
        case.path_parameters["incident_id"] = served.incidents[len(generated) % len(served.incidents)]
        case.call_and_validate()
