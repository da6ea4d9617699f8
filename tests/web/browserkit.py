"""What the browser tests share: Debian's chromium driven by Playwright (never a downloaded browser),
the real app served by uvicorn on a free port, logins, screenshots, axe-core and layout checks.

Screenshots go to test-artifacts/ at the repository root (git-ignored).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from svidok.services.case import Case
from svidok.web import create_app
from web.casebuild import PASSWORDS

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
AXE_URL = "/static/vendor/axe-core/axe.min.js"  # served by the app itself, so the CSP lets it run
WIDE, PHONE = 1400, 390
NEEDS_CHROMIUM = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at "
                                    "/usr/bin/chromium (apt-get install -y chromium)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(case: Case) -> Iterator[str]:
    """The app on `case`, served on 127.0.0.1 in a thread; yields its base URL."""
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


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Any, base_url: str, width: int = WIDE, state: Any = None) -> Any:
    """A fresh browser context at `width` px (no cookies, or the saved `state` of a login); records
    dialogs, CSP and script errors."""
    ctx = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900},
                              storage_state=state)
    pg = ctx.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.csp_errors = []
    pg.on("console", lambda m: pg.csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    pg.script_errors = []
    pg.on("pageerror", lambda exc: pg.script_errors.append(str(exc)))
    return pg


def login(page: Any, user: str) -> None:
    page.goto("/login")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", PASSWORDS[user])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/incidents$"))


def signed_in(browser: Any, base_url: str, user: str) -> Any:
    """The cookies of a fresh login of `user`, for new_page(state=...)."""
    page = new_page(browser, base_url)
    try:
        login(page, user)
        return page.context.storage_state()
    finally:
        page.context.close()


def shot(page: Any, name: str) -> Path:
    """A full-page screenshot kept as a test artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=True)
    return path


def sideways(page: Any) -> int:
    """How many pixels the page scrolls sideways (0: it fits the window)."""
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return int(width) - int(inner)


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[str]:
    """axe-core's violations of those impacts on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(url=AXE_URL)
    found = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
                          ".map(v => ({id: v.id, impact: v.impact, help: v.help,"
                          " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))")
    return [f"{v['impact']} {v['id']}: {v['help']} at {v['nodes']}" for v in found if v["impact"] in impacts]
