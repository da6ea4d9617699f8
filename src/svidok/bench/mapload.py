"""The map page with 5,000 markers in Debian's chromium: how long until it is interactive.

A fresh SQLite case is filled by `svidok.services.synthetic` (real gazetteer places, the real
linker) until it holds `n` incidents; the real web app serves it with uvicorn on 127.0.0.1, and
chromium (driven by Playwright, never a downloaded browser) opens /map as a signed-in viewer.
"Interactive" is the moment map.js has clustered every marker and the map answers input: it
writes performance.now() (milliseconds since the navigation started) on #map[data-ready]. The
first load (nothing cached) and the median of REPEAT later loads are reported, with the time a
click on the zoom button takes to change the zoom (the page answering input once ready).
"""

from __future__ import annotations

import re
import socket
import statistics
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
REPEAT = 5
PASSWORD = "bench-viewer-pass"
TARGET_MS = 1500


def _fill(case: Any, n: int, say: Callable[[str], None]) -> int:
    from svidok.services import synthetic
    from svidok.services.incidents import count

    seed, total = 21, 0
    while total < n:  # linking merges some events; top up with another seed until n are stored
        with case.begin() as conn:
            synthetic.populate(conn, int((n - total) * 1.09) + 1, seed=seed, progress=say)
            total = count(conn)
        seed += 1
    synthetic.settle(case)
    return total


def _serve(case: Any) -> tuple[Any, str]:
    import uvicorn

    from svidok.web import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    srv = uvicorn.Server(uvicorn.Config(create_app(case.root, case=case), host="127.0.0.1", port=port,
                                        log_level="warning"))
    threading.Thread(target=srv.run, daemon=True).start()
    deadline = time.monotonic() + 30
    while not srv.started:
        if time.monotonic() > deadline:
            raise RuntimeError("map bench: the web app did not start")
        time.sleep(0.05)
    return srv, f"http://127.0.0.1:{port}"


def _load(page: Any) -> tuple[float, int]:
    page.goto("/map")
    page.wait_for_selector("#map[data-ready]", timeout=60_000)
    ready = float(page.get_attribute("#map", "data-ready") or "nan")
    return ready, int(page.get_attribute("#map", "data-markers") or 0)


def _zoom_answer_ms(page: Any) -> float:
    before = page.get_attribute("#map", "data-zoom")
    t0 = time.perf_counter()
    page.click(".leaflet-control-zoom-in")
    while page.get_attribute("#map", "data-zoom") == before and time.perf_counter() - t0 < 10:
        page.wait_for_timeout(5)
    return (time.perf_counter() - t0) * 1000


def bench_map(n: int, tmp: Path, say: Callable[[str], None]) -> dict[str, Any]:
    if not CHROMIUM.exists():
        return {"skipped": f"{CHROMIUM} not found (apt-get install -y chromium)"}
    from playwright.sync_api import sync_playwright

    from svidok.services.case import init_case
    from svidok.services.users import add_user

    case = init_case(tmp / f"map-{uuid.uuid4().hex[:6]}", actor="bench")
    say(f"map: filling a case with {n:,} incidents")
    total = _fill(case, n, say)
    with case.begin() as conn:
        add_user(conn, "bench", "viewer", PASSWORD, actor="bench")
    srv, base = _serve(case)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM),
                                         args=["--headless", "--no-sandbox", "--disable-gpu"])
            page = browser.new_context(base_url=base, viewport={"width": 1400, "height": 1000}).new_page()
            page.goto("/login")
            page.fill("input[name=username]", "bench")
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_url(re.compile(r".*/incidents$"))
            say("map: first load, then warm loads")
            first, markers = _load(page)
            warm = [_load(page)[0] for _ in range(REPEAT)]
            zoom = _zoom_answer_ms(page)
            html = len(page.content().encode("utf-8"))
            browser.close()
    finally:
        srv.should_exit = True
        case.close()
    median = statistics.median(warm)
    return {"incidents": total, "markers": markers, "first_load_ms": round(first),
            "warm_ms": [round(v) for v in warm], "median_ms": round(median),
            "zoom_click_answer_ms": round(zoom), "page_kb": round(html / 1024),
            "target_ms": TARGET_MS, "meets_target": max(first, median) < TARGET_MS}
