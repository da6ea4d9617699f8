"""List and API latency with 100,000 incidents (SQLite, and PostgreSQL when reachable).

A fresh case is filled by `svidok.services.synthetic` (real gazetteer places, the real linker),
then the real web app answers requests through FastAPI's in-process test client: routing,
session or token check, the database query, templates or JSON. The network is left out. Each
request kind is sent a few times to warm caches, then timed REPEAT times; p50, p95 and max are
reported per kind. After the fill the database settles (PostgreSQL: VACUUM ANALYZE, as
autovacuum would) and the fill's Python objects are collected and frozen out of the collector,
as in a server process that never held them.
"""

from __future__ import annotations

import gc
import math
import re
import statistics
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPEAT = 40
WARM = 3
PASSWORD = "bench-viewer-pass"


def _requests(sample: dict[str, str]) -> list[tuple[str, str, dict[str, str]]]:
    """(name, path, params) of each timed request kind; `sample` holds values found in the case."""
    return [
        ("list, no filter", "/incidents", {}),
        ("list, type + oblast", "/incidents", {"type": "detention", "oblast": sample["oblast"]}),
        ("list, dates + grade, most victims", "/incidents",
         {"since": "2023-01-01", "until": "2023-12-31", "grade": "corroborated", "sort": "-victims"}),
        ("list, place", "/incidents", {"place": sample["place"]}),
        ("list, full text", "/incidents", {"q": sample["word"]}),
        ("list, page 200", "/incidents", {"page": "200"}),
        ("list, htmx rows, flagged", "/incidents", {"flagged": "1", "_hx": "1"}),
        ("api, no filter (100)", "/api/incidents", {}),
        ("api, type + oblast", "/api/incidents", {"type": "killing", "oblast": sample["oblast"]}),
        ("api, dates, newest first", "/api/incidents", {"since": "2024-01-01", "sort": "-date"}),
        ("api, full text", "/api/incidents", {"q": sample["word"]}),
        ("api, offset 50,000", "/api/incidents", {"offset": "50000"}),
    ]


def _fresh_pg(url: str) -> tuple[str, Callable[[], None]]:
    import sqlalchemy as sa

    schema = f"svidok_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(url)
    with admin.begin() as c:
        c.exec_driver_sql(f"CREATE SCHEMA {schema}")

    def drop() -> None:
        with admin.begin() as c:
            c.exec_driver_sql(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        admin.dispose()

    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}", drop


def _fill(case: Any, n: int, say: Callable[[str], None]) -> int:
    from svidok.services import synthetic
    from svidok.services.incidents import count

    seed, total = 11, 0
    while total < n:  # linking merges some events; top up with another seed until n are stored
        events = math.ceil((n - total) * 1.09)
        with case.begin() as conn:
            synthetic.populate(conn, events, seed=seed, progress=say)
            total = count(conn)
        seed += 1
    synthetic.settle(case)
    return total


def _sample(case: Any) -> dict[str, str]:
    from svidok.services.incidents import query

    with case.connect() as conn:
        top = query(conn, sort="-sources", limit=1)[0]
    assert top.place is not None and top.place.admin1
    return {"oblast": top.place.admin1, "place": top.place.name, "word": top.place.name.split()[0]}


def _login(client: Any) -> None:
    page = client.get("/login")
    token = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert token is not None
    r = client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf": token.group(1),
                                    "next": "/incidents"})
    if r.status_code != 303:
        raise RuntimeError(f"bench login failed: HTTP {r.status_code}")


def _time(client: Any, path: str, params: dict[str, str], headers: dict[str, str]) -> tuple[list[float], int]:
    hx = params.pop("_hx", None)
    h = dict(headers, **({"HX-Request": "true"} if hx else {}))
    rows = 0
    for _ in range(WARM):
        client.get(path, params=params, headers=h)
    times = []
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        r = client.get(path, params=params, headers=h)
        times.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise RuntimeError(f"{path} {params}: HTTP {r.status_code}: {r.text[:200]}")
        if path.startswith("/api"):
            rows = len(r.json()["incidents"])
        else:
            rows = len(re.findall(r'<tr class="st-', r.text))
    return times, rows


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def bench_latency(n: int, db_url: str | None, tmp: Path, say: Callable[[str], None]) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from svidok.services.case import init_case
    from svidok.services.users import add_user, issue_token
    from svidok.web import create_app

    drop: Callable[[], None] | None = None
    url = None
    if db_url is not None:
        url, drop = _fresh_pg(db_url)
    backend = "postgresql" if url else "sqlite"
    try:
        case = init_case(tmp / f"latency-{backend}-{uuid.uuid4().hex[:6]}", url, actor="bench")
        say(f"latency: filling a {backend} case with {n:,} incidents")
        t0 = time.perf_counter()
        total = _fill(case, n, say)
        fill_s = time.perf_counter() - t0
        with case.begin() as conn:
            add_user(conn, "bench", "viewer", PASSWORD, actor="bench")
            token = issue_token(conn, "bench")
        sample = _sample(case)
        # A server process holds none of the fill's objects: collect them, and keep what is left
        # (gazetteer, model data) out of later collections, as a server's start-up would.
        gc.collect()
        gc.freeze()
        endpoints = []
        with TestClient(create_app(case.root, case=case), follow_redirects=False) as client:
            _login(client)
            for name, path, params in _requests(sample):
                say(f"latency: {backend}: {name}")
                headers = {"Authorization": f"Bearer {token}"} if path.startswith("/api") else {}
                times, rows = _time(client, path, dict(params), headers)
                endpoints.append({"name": name, "path": path, "params": params, "requests": REPEAT,
                                  "rows": rows, "p50_ms": round(statistics.median(times), 1),
                                  "p95_ms": round(_pct(times, 0.95), 1), "max_ms": round(max(times), 1)})
        case.close()
    finally:
        gc.unfreeze()
        if drop is not None:
            drop()
    worst = max(e["p95_ms"] for e in endpoints)
    return {"db": backend, "incidents": total, "fill_s": round(fill_s, 1), "sample": sample,
            "endpoints": endpoints, "worst_p95_ms": worst, "target_p95_ms": 150,
            "meets_target": worst < 150}
