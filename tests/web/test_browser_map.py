"""The map, the timeline and the filters they share, in Debian's chromium (Playwright) against the
real server on a real case: 400 reported events at real gazetteer places, linked by the real
linker (services.synthetic). Screenshots go to test-artifacts/ (gitignored).

The page's state is read from attributes map.js writes on #map (zoom, centre, names drawn,
markers shown), because the app's CSP forbids the eval() that page.evaluate would need.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from svidok.services import synthetic
from svidok.services.case import Case, init_case
from svidok.services.incidents import query
from svidok.services.users import add_user
from svidok.web import create_app
from web.browserkit import ARTIFACTS, CHROMIUM, _free_port

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium "
                                                     "(apt-get install -y chromium)"),
]
LABELS = Path(__file__).resolve().parents[2] / "src/svidok/web/static/basemap/ukraine-labels.json"
PASSWORD = "viewer-pass-123"


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Case, str]]:
    import uvicorn

    case = init_case(tmp_path_factory.mktemp("mapcase") / "case", actor="builder")
    with case.begin() as conn:
        synthetic.populate(conn, 400, seed=5)
        add_user(conn, "vic", "viewer", PASSWORD, actor="builder")
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(case.root, case=case), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("test server did not start")
        time.sleep(0.05)
    try:
        yield case, f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        case.close()


@pytest.fixture
def page(world: tuple[Case, str]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            ctx = browser.new_context(base_url=world[1], viewport={"width": 1400, "height": 1000})
            pg = ctx.new_page()
            pg.csp_errors = []  # type: ignore[attr-defined]
            pg.on("console", lambda m: pg.csp_errors.append(m.text)  # type: ignore[attr-defined]
                  if "Content Security Policy" in m.text else None)
            pg.goto("/login")
            pg.fill("input[name=username]", "vic")
            pg.fill("input[name=password]", PASSWORD)
            pg.click("button[type=submit]")
            pg.wait_for_url(re.compile(r".*/incidents$"))
            yield pg
        finally:
            browser.close()


def _shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


def _open_map(page: Any, url: str = "/map") -> None:
    page.goto(url)
    page.wait_for_selector("#map[data-ready][data-names=loaded][data-water=drawn]")


def _attr(page: Any, name: str) -> str:
    return str(page.get_attribute("#map", name))


def _zoom_in(page: Any, times: int) -> None:
    for _ in range(times):
        before = _attr(page, "data-zoom")
        page.click(".leaflet-control-zoom-in")
        deadline = time.monotonic() + 5
        while _attr(page, "data-zoom") == before and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        page.wait_for_timeout(350)  # the zoom animation ends, then the names are redrawn


def test_browser_map_names_places_more_as_you_zoom_in(page: Any) -> None:
    _open_map(page)
    country = int(_attr(page, "data-places"))
    assert page.locator(".olabel").count() >= 15  # oblast names at the country view
    assert page.locator(".plabel .lat", has_text=re.compile(r"^Kharkiv$")).count() == 1
    _zoom_in(page, 3)
    closer = int(_attr(page, "data-places"))
    assert closer > country
    assert page.locator(".plabel .cyr").count() >= 1  # Ukrainian names from zoom 9 on
    _shot(page, "map-zoomed-names.png")
    assert page.locator(".leaflet-tile").count() == 0 and page.csp_errors == []


def test_browser_map_clusters_show_their_mix_of_types_with_a_legend(page: Any) -> None:
    _open_map(page)
    mixes = [el.get_attribute("data-mix") or "" for el in page.query_selector_all(".pie [data-mix]")]
    assert mixes and any("," in m for m in mixes)  # a cluster holding more than one type
    ring = page.locator(".pie svg path").first
    assert re.fullmatch(r"f\d+", ring.get_attribute("class") or "")
    assert page.locator("#type-legend li").count() == 12
    assert "mix of their types" in page.locator(".legends").inner_text()
    _shot(page, "map-clusters.png")


def test_browser_map_choosing_an_oblast_zooms_to_it(page: Any, world: tuple[Case, str]) -> None:
    with world[0].connect() as conn:
        regions = Counter(i.place.admin1 for i in query(conn) if i.place and i.place.admin1)
    oblast = next(name for name, _ in regions.most_common() if name not in ("Kyiv", "Sevastopol"))
    box = next(o for o in json.loads(LABELS.read_text(encoding="utf-8"))["oblasts"] if o[0] == oblast)
    _open_map(page)
    country = float(_attr(page, "data-zoom"))
    page.select_option("select[name=oblast]", oblast)
    page.wait_for_url(re.compile(r".*/map\?.*oblast="))
    page.wait_for_selector("#map[data-names=loaded]")
    deadline = time.monotonic() + 5
    while float(_attr(page, "data-zoom")) <= country and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    lat, lon = (float(v) for v in _attr(page, "data-center").split(","))
    assert float(_attr(page, "data-zoom")) > country
    assert box[4] <= lat <= box[6] and box[5] <= lon <= box[7]
    _shot(page, "map-oblast.png")


def test_browser_filters_carry_across_list_map_and_timeline(page: Any) -> None:
    page.goto("/incidents")
    page.select_option("select[name=type]", "killing")  # HTMX swaps the rows and pushes the URL
    page.wait_for_url(re.compile(r".*type=killing"))
    page.wait_for_timeout(200)
    page.click("header nav a:has-text('Map')")
    page.wait_for_url(re.compile(r".*/map\?.*type=killing"))
    assert page.locator("select[name=type]").input_value() == "killing"
    page.click("header nav a:has-text('Timeline')")
    page.wait_for_url(re.compile(r".*/timeline\?.*type=killing"))
    page.click("p.count a:has-text('list')")
    page.wait_for_url(re.compile(r".*/incidents\?.*type=killing"))
    assert page.locator("select[name=type]").input_value() == "killing"


def test_browser_brushing_the_time_strip_filters_the_map(page: Any) -> None:
    _open_map(page)
    total = int(_attr(page, "data-visible"))
    strip = page.locator("#strip").bounding_box()
    y = strip["y"] + 30
    page.mouse.move(strip["x"] + strip["width"] * 0.2, y)
    page.mouse.down()
    page.mouse.move(strip["x"] + strip["width"] * 0.4, y, steps=5)
    page.mouse.up()
    shown = int(_attr(page, "data-visible"))
    assert 0 < shown < total
    assert re.search(r"since=\d{4}-\d\d-01&until=\d{4}-\d\d-\d\d", page.url)
    assert "since=" in (page.get_attribute("header nav a:has-text('Incidents')", "href") or "")
    _shot(page, "map-brushed.png")
    page.click("#brush-clear")
    assert int(_attr(page, "data-visible")) == total


def test_browser_clicking_a_marker_opens_the_incident(page: Any, world: tuple[Case, str]) -> None:
    with world[0].connect() as conn:
        per_place = Counter(i.place.name for i in query(conn) if i.place)
    place = next(name for name, n in sorted(per_place.items()) if n == 1)
    _open_map(page, f"/map?place={place}")
    marker = page.locator(".leaflet-marker-icon.mk")
    assert marker.count() == 1
    marker.hover()
    page.wait_for_selector(".leaflet-tooltip")
    marker.click()
    page.wait_for_url(re.compile(r".*/incidents/inc-[0-9a-f]+$"))
    assert place in page.locator("main").inner_text()


def test_browser_timeline_bar_opens_its_month_in_the_list(page: Any) -> None:
    page.goto("/timeline")
    bar = page.locator("a.bar-link").first
    month = bar.get_attribute("data-month")
    found = re.search(r": (\d+) incident", bar.locator("title").text_content() or "")
    assert found is not None
    count = int(found.group(1))
    _shot(page, "timeline.png")
    bar.click()
    page.wait_for_url(re.compile(rf".*/incidents\?.*since={month}-01&until={month}-\d\d"))
    assert int(page.locator("#count").inner_text()) == count
