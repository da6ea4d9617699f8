"""Real browser (Debian's chromium, driven by Playwright) against the real server on a real case,
at a desktop width (1400 px) and a phone width (390 px): the review flows an investigator goes
through all day. Screenshots are kept in test-artifacts/.

Never lets Playwright download a browser: uses /usr/bin/chromium or skips.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from svidok.db import analysis
from svidok.services.case import Case
from svidok.services.review import split
from web.browserkit import NEEDS_CHROMIUM, PHONE, WIDE, chromium, login, new_page, serving, shot, sideways
from web.conftest import incident_id

pytestmark = [pytest.mark.browser, NEEDS_CHROMIUM]
WIDTHS = [pytest.param(WIDE, id="wide"), pytest.param(PHONE, id="phone")]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def server(case: Case) -> Iterator[str]:
    with serving(case) as url:
        yield url


@pytest.fixture
def page(browser: Any, server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    width = getattr(request, "param", WIDE)
    pg = new_page(browser, server, width)
    yield pg
    pg.context.close()


def _expect() -> Any:
    # locator assertions poll without eval(), which the app's CSP (script-src 'self') forbids
    from playwright.sync_api import expect

    return expect


def _status(case: Case, iid: str) -> str | None:
    with case.connect() as conn:
        inc = analysis.get_incident(conn, iid)
    return None if inc is None else inc.status


def _clean(page: Any) -> None:
    assert page.csp_errors == [] and page.script_errors == [] and page.dialogs == []


@pytest.mark.parametrize("page", WIDTHS, indirect=True)
def test_browser_evidence_page_quotes_each_source_once(page: Any, case: Case) -> None:
    width = page.viewport_size["width"]
    login(page, "ana")
    page.goto(f"/incidents/{incident_id(case, 'killing', 'Izium')}")
    quotes = page.locator("blockquote.quote")
    sources = page.locator("#sources").text_content() or ""  # folded sources too
    assert quotes.count() == 2 and sources.count("At least seven civilians") == 1
    assert page.locator("#legend mark").count() == 6
    assert page.locator("blockquote.quote mark.f-victims").first.inner_text() == "four civilians"
    assert "place named in the same sentence" in page.locator("#sources").inner_text()
    assert sideways(page) == 0
    if width == PHONE:  # one-handed: one source open at a time, the actions under the thumb
        assert page.locator("details.source[open]").count() == 1
        bar = page.locator(".actionbar").bounding_box()
        assert bar is not None and bar["y"] + bar["height"] <= 900 + 1 and bar["y"] > 600
    shot(page, f"incident-{width}.png")
    _clean(page)


@pytest.mark.parametrize("page", WIDTHS, indirect=True)
def test_browser_confirm_from_the_action_bar(page: Any, case: Case) -> None:
    login(page, "ana")
    page.select_option("select[name=type]", "killing")  # HTMX swaps the rows in place
    _expect()(page.locator("#rows tbody tr")).to_have_count(1)
    assert "type=killing" in page.url
    page.click("#rows tbody td.type a")
    page.wait_for_url(re.compile(r".*/incidents/inc-"))
    page.fill("#review-note", "checked against both reports")
    page.click("#confirm")
    page.wait_for_url(re.compile(r".*/incidents/inc-.*#history"))
    assert page.locator("#status").inner_text() == "confirmed"
    assert "ana confirm" in page.locator("ol.history").inner_text()
    _clean(page)


@pytest.mark.parametrize("page", WIDTHS, indirect=True)
def test_browser_place_edited_through_gazetteer_search(page: Any, case: Case) -> None:
    width = page.viewport_size["width"]
    iid = incident_id(case, "detention", "Balakliia")
    login(page, "ana")
    page.goto(f"/incidents/{iid}")
    page.click("#edit > summary")
    page.fill("#place-q", "Куп'янськ")
    option = page.locator("#place-options label.opt", has_text="Kupiansk (Kupianskyi raion, Kharkiv Oblast)")
    _expect()(option).to_be_visible()
    page.press("#place-q", "Enter")  # Enter in the search field submits nothing
    page.wait_for_timeout(300)
    assert page.url.endswith(iid) and _status(case, iid) == "unreviewed"
    option.click()
    shot(page, f"place-search-{width}.png")
    page.fill("#review-note", "the report names Kupiansk")
    page.click("#save-edit")
    page.wait_for_url(re.compile(r".*#history"))
    assert "Kupiansk" in page.locator("dl.facts").inner_text()
    assert "place: Balakliia → Kupiansk" in page.locator("ol.history").inner_text()
    _clean(page)


@pytest.mark.parametrize("page", WIDTHS, indirect=True)
def test_browser_merge_with_a_nearby_incident_by_a_click(page: Any, case: Case) -> None:
    keep = incident_id(case, "killing", "Izium")
    with case.begin() as conn:
        inc = analysis.get_incident(conn, keep)
        assert inc is not None
        _, other = split(conn, keep, [inc.sources[-1].document_id], "ana", "two events?")
    login(page, "ana")
    page.goto(f"/incidents/{keep}")
    page.click("#merge > summary")
    page.check(f"input[name=other][value={other}]")
    page.fill("#review-note", "the same attack after all")
    page.click("#merge-button")
    page.wait_for_url(re.compile(r".*#history"))
    assert "merged from" in page.locator("ol.history").inner_text()
    page.goto(f"/incidents/{other}")  # the old address leads to the merged incident
    assert page.url.endswith(f"/incidents/{keep}") and page.locator("#iid").get_attribute("data-id") == keep
    _clean(page)


@pytest.mark.parametrize("page", WIDTHS, indirect=True)
def test_browser_split_one_mention_by_a_click(page: Any, case: Case) -> None:
    iid = incident_id(case, "killing", "Izium")
    login(page, "ana")
    page.goto(f"/incidents/{iid}")
    page.locator("details.source").last.evaluate("d => d.open = true")
    page.fill("#review-note", "the pensioners died on another day")
    button = page.locator("details.source").last.locator("button", has_text="Split into a new incident").last
    mention = (button.get_attribute("value") or "").split(":", 1)[1]
    button.click()
    page.wait_for_url(re.compile(r".*#sources"))
    with case.connect() as conn:
        home = analysis.mention_incidents(conn)[mention]
    assert home != iid and _status(case, home) == "edited"
    _clean(page)


@pytest.mark.parametrize("page", WIDTHS, indirect=True)
def test_browser_bulk_reject_everything_the_filter_matches(page: Any, case: Case) -> None:
    width = page.viewport_size["width"]
    login(page, "ana")
    page.select_option("select[name=oblast]", "Kharkiv Oblast")
    page.select_option("select[name=type]", "killing")
    _expect()(page.locator("#rows tbody tr")).to_have_count(1)
    page.check("#pick-page")  # ticks every row of the page
    assert page.locator("#rows tbody input[name=ids]:checked").count() == 1
    page.check("#bulk-all")
    page.fill("#bulk-note", "outside the investigation's period")
    shot(page, f"bulk-{width}.png")
    page.click("#bulk-reject")
    _expect()(page.locator("#bulk-done")).to_have_text("1 incident(s) rejected.")
    assert _status(case, incident_id(case, "killing", "Izium")) == "rejected"
    assert _status(case, incident_id(case, "detention", "Balakliia")) == "unreviewed"
    _clean(page)


@pytest.mark.parametrize("page", WIDTHS, indirect=True)
def test_browser_keyboard_shortcuts(page: Any, case: Case) -> None:
    login(page, "ana")
    page.goto("/incidents?sort=date")
    ids = [r.get_attribute("data-id") for r in page.locator("#rows tbody tr").all()]
    page.keyboard.press("?")
    assert page.locator("#keys-help").get_attribute("open") is not None
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("o")  # opens the second incident of the list
    page.wait_for_url(re.compile(f".*/incidents/{ids[1]}$"))
    page.keyboard.press("k")  # back to the first, from the list the page came from
    page.wait_for_url(re.compile(f".*/incidents/{ids[0]}$"))
    page.keyboard.press("c")
    page.wait_for_url(re.compile(r".*#history"))
    assert _status(case, str(ids[0])) == "confirmed"
    page.keyboard.press("j")
    page.wait_for_url(re.compile(f".*/incidents/{ids[1]}$"))
    page.keyboard.press("r")  # asks for the note first
    assert page.evaluate("document.activeElement.id") == "review-note"
    page.keyboard.type("not an incident")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*#history"))
    assert _status(case, str(ids[1])) == "rejected"
    page.keyboard.press("o")  # the source in view
    page.wait_for_url(re.compile(r".*/documents/[0-9a-f]{64}$"))
    _clean(page)


def test_browser_map_draws_markers_over_basemap(page: Any) -> None:
    login(page, "vic")
    page.goto("/map")
    page.wait_for_selector("#map[data-basemap=drawn]")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-overlay-pane path").count() >= 2  # outline + oblast borders
    assert page.locator(".leaflet-marker-icon").count() >= 1
    assert page.locator(".leaflet-tile").count() == 0  # no tile server
    shot(page, "map.png")
    page.goto("/timeline")
    assert page.locator("#timeline-chart rect").count() >= 2
    shot(page, "timeline.png")
    _clean(page)


def test_browser_script_in_report_does_not_run(page: Any, case: Case) -> None:
    login(page, "ana")
    page.goto(f"/incidents/{incident_id(case, 'detention', 'Balakliia')}")
    assert "<script>alert(1)</script>" in page.locator("main").inner_text()
    page.click("details.source a.open-source")
    page.wait_for_selector("#doctext")
    text = page.locator("#doctext").inner_text()
    assert "<script>alert(1)</script>" in text and "javascript:alert(2)" in text
    assert page.locator("#doctext a, #doctext script").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []


def test_browser_keyboard_messages_in_the_users_language(page: Any, case: Case) -> None:
    from svidok.services.users import set_language

    with case.begin() as conn:
        set_language(conn, "ana", "uk", actor="tester")
    login(page, "ana")
    page.goto("/incidents?sort=date")
    ids = [r.get_attribute("data-id") for r in page.locator("#rows tbody tr").all()]
    page.goto(f"/incidents/{ids[-1]}")
    page.keyboard.press("j")  # the last of the list: the page says so, in Ukrainian
    _expect()(page.locator("#keys-status")).to_contain_text("немає наступного інциденту")
    _clean(page)
