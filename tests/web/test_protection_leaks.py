"""Leak scanner: protected names planted in reports, titles, file names and review notes must not
reach a viewer on any route of the app, nor any export without include_protected.

The case is real (files added through the ingest service: real reading, real spaCy, real
SQLite or PostgreSQL). Routes are found by walking the app's own `app.routes`, with path
parameters filled from the case, so a new route is scanned without editing this test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlsplit

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Route

from svidok.services import documents, incidents, protection, sharing
from svidok.services import review as review_svc
from svidok.services.case import Case, init_case
from svidok.services.export import FORMATS, render
from svidok.services.incidents import IncidentFilters
from svidok.services.ingest import ingest_paths
from svidok.services.users import add_user, issue_token
from svidok.web import create_app
from web.conftest import login

# every identifying token of the two planted persons, in any spelling the reports use
LEAK = re.compile(r"olena|kovalenko|bondarenko|serhiy|serhii|sergey", re.I)
REPORTS = {
    "olena_kovalenko_testimony.txt": (
        "Olena Kovalenko's story: detained in Kupiansk",
        "KUPIANSK, Ukraine (Test Wire) - Russian soldiers detained at least 12 civilians in a basement "
        "in Kupiansk in September, said Olena Kovalenko, 34, a teacher who was held there for 20 days.\n\n"
        "\"They beat us every day,\" Kovalenko said. Olena K. later left the town. Kovalenko's husband "
        "is still missing, and O. Kovalenko has asked for help.\n\n"
        "Police in Izyum District said they were investigating the detentions in Kupiansk.\n"),
    "bondarenko-notes.txt": (
        "Sergey Bondarenko describes torture in Balakliia",
        "BALAKLIIA, Ukraine (Test Wire) - Russian forces tortured detainees in the police station in "
        "Balakliia, according to Serhiy Bondarenko, 52, a driver who was held there for a month.\n\n"
        "Serhii Bondarenko said soldiers used electric shocks on the detainees. Bondarenko's neighbour "
        "confirmed the account.\n"),
    "izium_graves.txt": (
        "Graves near Izium",
        "IZIUM, Ukraine (Test Wire) - Investigators found 440 bodies in a mass grave in Izium, "
        "regional governor Oleh Syniehubov said on Friday. Sergey Bondarenko's cousin was among the dead, "
        "relatives said.\n"),
}
NOTE = "Confirmed by phone with Olena K. and Serhiy Bondarenko"
ORIGINAL = "/documents/{document_id}/original"  # raw bytes: analysts and admins only (web/policy.py)


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Case]:
    root = tmp_path_factory.mktemp("leaks")
    folder = root / "reports"
    folder.mkdir()
    for name, (title, text) in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps(
            {"title": title, "outlet": "Test Wire", "published": "2022-09-20",
             "url": f"https://example.org/news/{name.removesuffix('.txt')}"}), encoding="utf-8")
    c = init_case(root / "case", actor="builder")
    report = ingest_paths(c, [folder])
    assert report.ok, report.failed
    with c.begin() as conn:
        for user, role in (("ada", "admin"), ("ana", "analyst"), ("vic", "viewer"),
                           ("rex", "reviewer-external")):
            add_user(conn, user, role, f"{user}-pass-123", actor="builder")
        protection.add(conn, "Olena Kovalenko", "ana", "witness")
        protection.add(conn, "Serhiy Bondarenko", "ana", "detainee")
        for inc in incidents.query(conn):
            review_svc.apply(conn, inc.id, "edit", "ana", NOTE, {"headline_note": f"per {NOTE}"})
        sharing.share(conn, [i.id for i in incidents.query(conn)], "rex", actor="ada")
    yield c
    c.close()


@pytest.fixture(scope="module")
def client(case: Case) -> Iterator[TestClient]:
    with TestClient(create_app(case.root, case=case), follow_redirects=False) as c:
        yield c


def _fill(path: str, case: Case) -> list[str]:
    with case.connect() as conn:
        everything = incidents.query(conn, IncidentFilters(include_rejected=True))
        values = {"incident_id": [i.id for i in everything], "document_id": documents.ids(conn)}
    urls = [path]
    for param in re.findall(r"{(\w+)}", path):
        assert param in values, f"{path}: the leak scanner does not know how to fill {{{param}}}"
        urls = [u.replace(f"{{{param}}}", v) for u in urls for v in values[param]]
    return urls


def _get_paths(routes: list[Any], prefix: str = "") -> Iterator[str]:
    """Every GET path of the app, into included routers too (FastAPI keeps them as wrappers)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _get_paths(inner.routes, prefix + route.include_context.prefix)
        elif isinstance(route, Route) and "GET" in (route.methods or ()):
            yield prefix + route.path


def _get_urls(client: TestClient, case: Case) -> list[str]:
    urls: list[str] = []
    for path in _get_paths(client.app.routes):  # type: ignore[attr-defined]
        urls += _fill(path, case)  # the originals too: a viewer must get a refusal that names nobody
    # the list with every filter a viewer might try, and an error page echoing stored words
    return urls + ["/incidents?q=Kupiansk", "/incidents?q=Kovalenko", "/map?q=Bondarenko",
                   "/timeline?q=Kupiansk", "/documents/olena-kovalenko", "/incidents/Kovalenko",
                   *(f"/export?format={f}&names=1" for f in FORMATS)]


def _scan(url: str, text: str) -> list[str]:
    """Protected words in a response, leaving out what the request itself typed (the search box
    and an error message repeat the asker's own words; hiding them would be the oracle)."""
    parts = urlsplit(url)
    for value in [*parts.path.split("/"), *(v for _, v in parse_qsl(parts.query))]:
        if value:
            text = text.replace(value, "").replace(quote_plus(value), "")
    return LEAK.findall(text)


def _token(case: Case, user: str) -> dict[str, str]:
    with case.begin() as conn:
        return {"Authorization": f"Bearer {issue_token(conn, user, actor='builder')}"}


def test_protection_leaks_case_plants_names(case: Case) -> None:
    with case.connect() as conn:
        texts = [documents.text(conn, d) for d in documents.ids(conn)]
        assert len(incidents.query(conn)) >= 2
    assert sum(len(LEAK.findall(t.text)) for t in texts if t) >= 10


def test_protection_leaks_no_viewer_page_names_a_protected_person(client: TestClient, case: Case) -> None:
    login(client, "vic", "vic-pass-123")
    urls = _get_urls(client, case)
    assert any(u.startswith("/documents/") for u in urls) and any(u.startswith("/api/") for u in urls)
    pages = []
    for url in urls:
        r = client.get(url)
        assert not _scan(url, r.text), f"{url} ({r.status_code}) leaks: {_scan(url, r.text)[:5]}"
        if url.endswith("/original"):
            assert r.status_code == 403, url  # the raw bytes hold every name: never for viewers
        assert not LEAK.search(r.headers.get("content-disposition", "")), url
        pages.append(r.text)
    seen = "".join(pages)  # what must stay: places, the office holder, the notice itself
    assert "Izyum District" in seen and "Oleh Syniehubov" in seen
    assert "[name withheld] later left" in re.sub(r"<[^>]+>", "", seen)


def test_protection_leaks_no_external_reviewer_page_names_a_protected_person(client: TestClient,
                                                                             case: Case) -> None:
    client.cookies.clear()
    login(client, "rex", "rex-pass-123")
    shown = 0
    for url in _get_urls(client, case):
        r = client.get(url)
        assert not _scan(url, r.text), f"{url} ({r.status_code}) leaks: {_scan(url, r.text)[:5]}"
        if url.endswith("/original"):
            assert r.status_code == 403, url
        shown += url.startswith("/documents/") and r.status_code == 200
    assert shown  # the shared incidents' documents were opened, not only refused
    client.cookies.clear()


def test_protection_leaks_no_viewer_api_answer_names_a_protected_person(client: TestClient,
                                                                        case: Case) -> None:
    client.cookies.clear()
    headers = _token(case, "vic")
    for url in _get_urls(client, case):
        if url.startswith("/api") or url == "/openapi.json":
            r = client.get(url, headers=headers)
            assert r.status_code < 500 and not _scan(url, r.text), f"{url} leaks: {_scan(url, r.text)[:5]}"


def test_protection_leaks_viewer_search_is_no_oracle(client: TestClient, case: Case) -> None:
    client.cookies.clear()
    headers = _token(case, "vic")
    real = client.get("/api/incidents", params={"q": "Kovalenko"}, headers=headers).json()
    invented = client.get("/api/incidents", params={"q": "Zzyzxovenko"}, headers=headers).json()
    assert real["total"] == invented["total"] == 0
    analyst = _token(case, "ana")
    assert client.get("/api/incidents", params={"q": "Kovalenko"}, headers=analyst).json()["total"]


def test_protection_leaks_analyst_and_admin_see_the_names(client: TestClient, case: Case) -> None:
    client.cookies.clear()
    login(client, "ada", "ada-pass-123")
    seen = "".join(client.get(u).text for u in _get_urls(client, case) if u.startswith("/documents/"))
    assert "Olena Kovalenko" in seen and "Bondarenko" in seen
    first = _fill("{incident_id}", case)[0]
    history = client.get(f"/api/incidents/{first}/history", headers=_token(case, "ana"))
    assert NOTE in history.text


@pytest.mark.parametrize("fmt", FORMATS)
def test_protection_leaks_exports(case: Case, fmt: str) -> None:
    with case.connect() as conn:
        hidden, _ = render(conn, fmt)
        shown, _ = render(conn, fmt, include_protected=True)
    assert not LEAK.search(hidden), LEAK.findall(hidden)[:5]
    assert LEAK.search(shown)  # the scanner can fail: the names are there to find


def test_protection_leaks_evidence_package_withholds_names_by_default(client: TestClient, case: Case) -> None:
    import io
    import zipfile

    client.cookies.clear()
    csrf = login(client, "ana", "ana-pass-123")
    found = {}
    for form in ({"csrf": csrf}, {"csrf": csrf, "unredacted": "1", "protected_originals": "1"}):
        r = client.post("/package", data=form)
        assert r.status_code == 200, r.text[:300]
        with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
            found[len(form)] = {n: LEAK.findall(zf.read(n).decode("utf-8", "ignore")) for n in zf.namelist()}
    assert {n: hits for n, hits in found[1].items() if hits} == {}
    assert found[3]["dossier/dossier.html"]  # the scanner can fail: asked for, the names are there
    client.cookies.clear()


def test_protection_leaks_scanner_walks_every_get_route(client: TestClient) -> None:
    paths = set(_get_paths(client.app.routes))  # type: ignore[attr-defined]
    assert {"/incidents/{incident_id}", "/documents/{document_id}", "/api/incidents/{incident_id}/history",
            "/api/incidents", ORIGINAL} <= paths

