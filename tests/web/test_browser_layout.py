"""Every page, for every role that may open it, in Chromium: nothing scrolls sideways on a 390 px
phone, and axe-core finds no serious or critical accessibility violation. Screenshots of each page
at both widths are kept in test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from svidok.db import analysis
from svidok.services import documents, incidents, sharing
from svidok.services.case import init_case
from svidok.services.ingest import ingest_paths
from svidok.services.review import edit, split
from svidok.services.users import add_user
from svidok.web import policy
from web.browserkit import (
    NEEDS_CHROMIUM,
    PHONE,
    WIDE,
    axe_violations,
    chromium,
    new_page,
    serving,
    shot,
    sideways,
    signed_in,
)
from web.casebuild import PASSWORDS, copy_case
from web.conftest import incident_id

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]
USERS = {"admin": "ada", "analyst": "ana", "viewer": "vic", "reviewer-external": "rex"}
# every page of the app, as a policy route and the address that opens it
PAGES = {
    "list": ("/incidents", "/incidents"),
    "list-filtered": ("/incidents", "/incidents?type=killing&flagged=1"),
    "map": ("/map", "/map"),
    "timeline": ("/timeline", "/timeline"),
    "incident": ("/incidents/{incident_id}", "/incidents/{incident}"),
    "document": ("/documents/{document_id}", "/documents/{document}"),
    "users": ("/users", "/users"),
    "not-found": ("/incidents", "/incidents/inc-000000000000"),
}


@dataclass
class Site:
    url: str
    incident: str  # shared with the external reviewer
    document: str  # one of its sources
    browser: Any
    states: dict[str, Any]  # user -> cookies of a login


@pytest.fixture(scope="module")
def site(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    case = copy_case(template, tmp_path_factory.mktemp("layout") / "case")
    inc = incident_id(case, "killing", "Izium")
    with case.begin() as conn:
        # a second killing at Izium and one at Balakliia: the incident page then offers "merge
        # with…" and "move to", with choices as long as real ones
        found = analysis.get_incident(conn, inc)
        assert found is not None
        split(conn, inc, [found.sources[-1].document_id], "ana", "two events?")
        edit(conn, incident_id(case, "detention", "Balakliia"), "ana", {"type": "killing"}, "a killing")
        sharing.share(conn, [inc], "rex", actor="ada")
        doc = sorted(sharing.scope_of(conn, "rex").documents)[0]
        assert documents.get(conn, doc) is not None
    try:
        with serving(case) as url, chromium() as browser:
            yield Site(url, inc, doc, browser, {u: signed_in(browser, url, u) for u in USERS.values()})
    finally:
        case.close()


def _visits() -> list[Any]:
    out = [pytest.param("anonymous", "login", id="anonymous-login")]
    for role, user in USERS.items():
        for name, (route, _) in PAGES.items():
            if policy.may(role, "GET", route):
                out.append(pytest.param(user, name, id=f"{role}-{name}"))
    return out


def _open(site: Site, user: str, name: str, width: int) -> Any:
    page = new_page(site.browser, site.url, width, site.states.get(user))
    if user == "anonymous":
        page.goto("/login")
        return page
    page.goto(PAGES[name][1].format(incident=site.incident, document=site.document))
    if name == "map":
        page.wait_for_selector("#map[data-basemap=drawn]")
    return page


@pytest.mark.parametrize(("user", "name"), _visits())
def test_browser_layout_no_sideways_scroll_on_a_phone(site: Site, user: str, name: str) -> None:
    page = _open(site, user, name, PHONE)
    try:
        shot(page, f"phone-{user}-{name}.png")
        assert sideways(page) == 0, f"{name} as {user} is {sideways(page)} px wider than a {PHONE} px phone"
        assert page.script_errors == [] and page.csp_errors == []
    finally:
        page.context.close()


@pytest.mark.parametrize(("user", "name"), _visits())
def test_browser_layout_no_serious_accessibility_violation(site: Site, user: str, name: str) -> None:
    page = _open(site, user, name, WIDE)
    try:
        shot(page, f"wide-{user}-{name}.png")
        assert axe_violations(page) == []
    finally:
        page.context.close()


def test_browser_layout_axe_can_fail(site: Site) -> None:
    """The check is live: a page with an unlabelled input and an image without text fails it."""
    page = _open(site, "ana", "list", WIDE)
    try:
        page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend',"
                      " '<input id=bare><img src=/static/vendor/leaflet/images/marker-icon.png>')")
        found = axe_violations(page, ("minor", "moderate", "serious", "critical"))
        assert any("label" in v for v in found) and any("image-alt" in v for v in found)
    finally:
        page.context.close()


def test_browser_layout_sideways_check_can_fail(site: Site) -> None:
    page = _open(site, "vic", "list", PHONE)
    try:
        page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend',"
                      " '<pre>' + 'x'.repeat(400) + '</pre>')")
        assert sideways(page) > 0
    finally:
        page.context.close()


Samples = tuple[str, list[str], Any]  # (base URL, incident ids, the analyst's login)


@pytest.fixture(scope="module")
def samples(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Samples]:
    """The bundled sample reports as a case of their own (real extraction): pages as varied as a
    real case's (long place names, many mentions, shared sources, far and near candidates)."""
    case = init_case(tmp_path_factory.mktemp("samples") / "case", actor="builder")
    folder = Path(str(files("svidok.data"))) / "samples"
    try:
        assert ingest_paths(case, sorted(folder.glob("*.txt"))).ok
        with case.begin() as conn:
            add_user(conn, "ana", "analyst", PASSWORDS["ana"], actor="builder")
            ids = [i.id for i in incidents.query(conn)]
        with serving(case) as url:
            yield url, ids, signed_in(site.browser, url, "ana")
    finally:
        case.close()


def test_browser_layout_every_sample_incident_fits_a_phone(site: Site, samples: Samples) -> None:
    url, ids, state = samples
    page = new_page(site.browser, url, PHONE, state)
    try:
        wide = {}
        for iid in ids:
            page.goto(f"/incidents/{iid}")
            if sideways(page):
                wide[iid] = sideways(page)
        assert len(ids) >= 10 and wide == {}
    finally:
        page.context.close()
