"""Real browser (Debian's chromium, driven by Playwright) against the real server on a real case.

Never lets Playwright download a browser: uses /usr/bin/chromium or skips.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from svidok.services.case import Case
from svidok.web import create_app
from web.casebuild import PASSWORDS
from web.conftest import incident_id

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                     "(apt-get install -y chromium)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(case: Case) -> Iterator[str]:
    import uvicorn

    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(case.root, case=case), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not srv.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("test server did not start")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def page(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            ctx = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
            pg = ctx.new_page()
            pg.dialogs = []  # type: ignore[attr-defined]
            pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
            pg.csp_errors = []  # type: ignore[attr-defined]
            pg.on("console", lambda m: pg.csp_errors.append(m.text)  # type: ignore[attr-defined]
                  if "Content Security Policy" in m.text else None)
            yield pg
        finally:
            browser.close()


def _login(page: Any, user: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORDS[user])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/incidents$"))


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def test_browser_review_flow(page: Any, case: Case) -> None:
    _login(page, "ana")
    _shot(page, "list.png")
    page.select_option("select[name=type]", "killing")  # HTMX swaps the rows in place
    # a locator assertion polls without eval(), which the app's CSP (script-src 'self') forbids
    from playwright.sync_api import expect

    expect(page.locator("#rows tbody tr")).to_have_count(1)
    assert "type=killing" in page.url
    page.click("#rows tbody a")
    page.wait_for_url(re.compile(r".*/incidents/inc-"))
    quote = page.locator("mark.quote").first
    assert quote.is_visible()
    _shot(page, "incident.png")
    page.fill("section.review form.inline input[name=note]", "checked against both reports")
    page.click("#confirm")
    page.wait_for_url(re.compile(r".*/incidents/inc-.*#history"))
    assert page.locator("#status").inner_text() == "confirmed"
    assert "ana confirm" in page.locator("ol.history").inner_text()
    assert page.csp_errors == []


def test_browser_map_draws_markers_over_basemap(page: Any) -> None:
    _login(page, "vic")
    page.goto("/map")
    page.wait_for_selector("#map[data-basemap=drawn]")
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-overlay-pane path").count() >= 2  # outline + oblast borders
    assert page.locator(".leaflet-marker-icon").count() >= 1
    assert page.locator(".leaflet-tile").count() == 0  # no tile server
    _shot(page, "map.png")
    page.goto("/timeline")
    assert page.locator("#timeline-chart rect").count() >= 2
    _shot(page, "timeline.png")
    assert page.csp_errors == []


def test_browser_script_in_report_does_not_run(page: Any, case: Case) -> None:
    _login(page, "ana")
    inc = incident_id(case, "detention", "Balakliia")
    page.goto(f"/incidents/{inc}")
    assert "<script>alert(1)</script>" in page.locator("main").inner_text()
    page.click("section.source h3 a")
    page.wait_for_selector("#doctext")
    text = page.locator("#doctext").inner_text()
    assert "<script>alert(1)</script>" in text and "javascript:alert(2)" in text
    assert page.locator("#doctext a, #doctext script").count() == 0
    page.wait_for_timeout(300)
    assert page.dialogs == []
