"""Pages of the incident list and the API on a case with a few hundred incidents."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from svidok.services import synthetic
from svidok.services.case import Case
from svidok.services.users import issue_token
from web.conftest import login


@pytest.fixture
def big(case: Case) -> Case:
    with case.begin() as conn:
        synthetic.populate(conn, 180, seed=4)
    return case


def _ids(html: str) -> list[str]:
    return re.findall(r'href="/incidents/(inc-[0-9a-f]+)"', html)


def _total(html: str) -> int:
    m = re.search(r'<span id="count">(\d+)</span>', html)
    assert m is not None
    return int(m.group(1))


def test_paging_list_shows_fifty_rows_and_the_total(big: Case, client: TestClient) -> None:
    login(client, "vic")
    html = client.get("/incidents").text
    assert len(_ids(html)) == 50 and _total(html) > 150 and "page 1 of" in html


def test_paging_next_page_has_the_following_rows(big: Case, client: TestClient) -> None:
    login(client, "vic")
    first = _ids(client.get("/incidents", params={"sort": "-victims"}).text)
    second = _ids(client.get("/incidents", params={"sort": "-victims", "page": 2}).text)
    assert len(second) == 50 and not set(first) & set(second)


def test_paging_links_keep_the_filters(big: Case, client: TestClient) -> None:
    login(client, "vic")
    html = client.get("/incidents", params={"status": "unreviewed", "sort": "-date"}).text
    nxt = re.search(r'rel="next" href="([^"]+)"', html)
    assert nxt is not None and "status=unreviewed" in nxt.group(1) and "sort=-date" in nxt.group(1)
    assert "page=2" in nxt.group(1).replace("&amp;", "&")


def test_paging_bad_page_number_400(big: Case, client: TestClient) -> None:
    login(client, "vic")
    assert client.get("/incidents", params={"page": "0"}).status_code == 400
    assert client.get("/incidents", params={"page": "x"}).status_code == 400


def test_paging_bad_sort_400(big: Case, client: TestClient) -> None:
    login(client, "vic")
    assert client.get("/incidents", params={"sort": "colour"}).status_code == 400


def test_paging_api_walks_every_incident_once(big: Case, client: TestClient) -> None:
    with big.begin() as conn:
        h = {"Authorization": f"Bearer {issue_token(conn, 'vic')}"}
    seen: list[str] = []
    offset: int | None = 0
    total = None
    while offset is not None:
        body = client.get("/api/incidents", params={"limit": 70, "offset": offset}, headers=h).json()
        total = body["total"]
        seen += [i["id"] for i in body["incidents"]]
        offset = body["next_offset"]
    assert total is not None and total > 150 and len(seen) == total == len(set(seen))


def test_paging_api_limit_above_maximum_422(big: Case, client: TestClient) -> None:
    with big.begin() as conn:
        h = {"Authorization": f"Bearer {issue_token(conn, 'vic')}"}
    assert client.get("/api/incidents", params={"limit": 5000}, headers=h).status_code == 422


def test_paging_timeline_bars_count_every_match(big: Case, client: TestClient) -> None:
    login(client, "vic")
    html = client.get("/timeline").text
    bars = [int(n) for n in re.findall(r"<title>\d{4}-\d\d: (\d+) incidents? ", html)]
    assert sum(bars) == _total(client.get("/incidents").text)
