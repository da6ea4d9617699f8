"""Review from the web app on a real case: the place field's gazetteer search, grade and status
selects, merge with a nearby incident, moving or splitting off one mention, bulk review of the
list, and the old address of a merged incident."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

from svidok.db import analysis
from svidok.services.case import Case
from svidok.services.review import history, split
from web.conftest import incident_id, login


def _get(case: Case, iid: str):  # type: ignore[no-untyped-def]
    with case.connect() as conn:
        return analysis.get_incident(conn, iid)


def _split_second_killing(case: Case) -> tuple[str, str]:
    iid = incident_id(case, "killing", "Izium")
    with case.begin() as conn:
        inc = analysis.get_incident(conn, iid)
        assert inc is not None
        _, new_id = split(conn, iid, [inc.sources[-1].document_id], "ana", "two events?")
    return iid, new_id


def test_review_pages_place_search_offers_gazetteer_places_as_choices(client: TestClient) -> None:
    login(client, "ana")
    html = client.get("/places", params={"q": "Куп'янськ"}).text
    choice = re.search(r'<input type="radio" name="place_id" value="([^"]+)" form="review"> <span>'
                       r'Kupiansk \(Kupianskyi raion, Kharkiv Oblast\)', html)
    assert choice is not None and choice.group(1).startswith("ua:")
    assert "No place" in client.get("/places", params={"q": "Zzyzx"}).text


def test_review_pages_edit_sets_place_from_search_choice(client: TestClient, case: Case) -> None:
    csrf = login(client, "ana")
    iid = incident_id(case, "detention", "Balakliia")
    pid = re.search(r'value="(ua:[^"]+)"', client.get("/places", params={"q": "Kupyansk"}).text)
    assert pid is not None
    r = client.post(f"/incidents/{iid}/review", data={
        "csrf": csrf, "action": "edit", "place_id": pid.group(1), "note": "the report means Kupiansk",
        "q": "Kupyansk"})
    assert r.status_code == 303
    inc = _get(case, iid)
    assert inc is not None and inc.place is not None and inc.place.name == "Kupiansk"
    assert "place: Balakliia → Kupiansk" in client.get(f"/incidents/{iid}").text


def test_review_pages_grade_select_and_status_after_edit(client: TestClient, case: Case) -> None:
    csrf = login(client, "ana")
    iid = incident_id(case, "detention", "Balakliia")
    page = client.get(f"/incidents/{iid}").text
    assert '<option value="corroborated; contested; first-hand"' in page
    r = client.post(f"/incidents/{iid}/review", data={
        "csrf": csrf, "action": "edit", "grade": "single source", "status": "confirmed",
        "note": "no first-hand account"})
    assert r.status_code == 303
    inc = _get(case, iid)
    assert inc is not None and (inc.grade, inc.status) == ("single source", "confirmed")
    with case.connect() as conn:
        assert [h.action for h in history(conn, iid)] == ["edit", "confirm"]


def test_review_pages_merge_with_a_nearby_incident_offered_by_id(client: TestClient, case: Case) -> None:
    keep, other = _split_second_killing(case)
    csrf = login(client, "ana")
    page = client.get(f"/incidents/{keep}").text
    assert f'<input type="radio" name="other" value="{other}">' in page and "same place" in page
    r = client.post(f"/incidents/{keep}/review", data={"csrf": csrf, "action": "merge", "other": other,
                                                        "note": "one attack"})
    assert r.status_code == 303 and _get(case, other) is None
    moved = client.get(f"/incidents/{other}?sort=date")
    assert moved.status_code == 302 and moved.headers["location"] == f"/incidents/{keep}?sort=date"


def test_review_pages_unknown_incident_is_still_404(client: TestClient) -> None:
    login(client, "vic")
    assert client.get("/incidents/inc-000000000000").status_code == 404


def test_review_pages_move_one_mention_to_another_incident(client: TestClient, case: Case) -> None:
    keep, other = _split_second_killing(case)
    moving = _get(case, other).sources[0].mention_ids[0]  # type: ignore[union-attr]
    csrf = login(client, "ana")
    page = client.get(f"/incidents/{other}").text
    assert f'value="move:{moving}"' in page and f'<select name="to:{moving}" form="review">' in page
    r = client.post(f"/incidents/{other}/review", data={"csrf": csrf, "action": f"move:{moving}",
                                                         f"to:{moving}": keep, "note": "same attack"})
    assert r.status_code == 303 and r.headers["location"] == f"/incidents/{other}#sources"
    cited = {m for f in _get(case, keep).sources for m in f.mention_ids}  # type: ignore[union-attr]
    assert moving in cited


def test_review_pages_split_one_mention_into_a_new_incident(client: TestClient, case: Case) -> None:
    iid = incident_id(case, "killing", "Izium")
    inc = _get(case, iid)
    mid = inc.sources[-1].mention_ids[-1]  # type: ignore[union-attr]
    csrf = login(client, "ana")
    r = client.post(f"/incidents/{iid}/review", data={"csrf": csrf, "action": f"detach:{mid}",
                                                       "note": "the pensioners died elsewhere"})
    assert r.status_code == 303
    with case.connect() as conn:
        home = analysis.mention_incidents(conn)[mid]
    assert home != iid and _get(case, home) is not None


def test_review_pages_move_without_a_target_shows_the_reason(client: TestClient, case: Case) -> None:
    iid = incident_id(case, "killing", "Izium")
    mid = _get(case, iid).sources[0].mention_ids[0]  # type: ignore[union-attr]
    csrf = login(client, "ana")
    r = client.post(f"/incidents/{iid}/review", data={"csrf": csrf, "action": f"move:{mid}", "note": "x"})
    assert r.status_code == 400 and "choose the incident" in r.text


def test_review_pages_bulk_confirm_ticked_rows(client: TestClient, case: Case) -> None:
    ids = [incident_id(case, "killing", "Izium"), incident_id(case, "detention", "Balakliia")]
    csrf = login(client, "ana")
    r = client.post("/incidents/bulk", data={"csrf": csrf, "action": "confirm", "ids": ids, "note": "",
                                             "sort": "-victims"})
    assert r.status_code == 303
    back = parse_qs(urlsplit(r.headers["location"]).query)
    assert back == {"sort": ["-victims"], "done": ["confirm"], "changed": ["2"], "unchanged": ["0"]}
    assert "2 incident(s) confirmed." in client.get(r.headers["location"]).text
    assert [_get(case, i).status for i in ids] == ["confirmed", "confirmed"]  # type: ignore[union-attr]


def test_review_pages_bulk_reject_everything_matching_the_filter(client: TestClient, case: Case) -> None:
    csrf = login(client, "ana")
    r = client.post("/incidents/bulk", data={"csrf": csrf, "action": "reject", "all": "1",
                                             "oblast": "Kharkiv", "type": "killing", "note": "out of scope"})
    assert r.status_code == 303
    assert _get(case, incident_id(case, "killing", "Izium")).status == "rejected"  # type: ignore[union-attr]
    assert _get(case, incident_id(case, "detention", "Balakliia")).status == "unreviewed"  # type: ignore[union-attr]


def test_review_pages_bulk_reject_without_note_is_refused(client: TestClient, case: Case) -> None:
    csrf = login(client, "ana")
    r = client.post("/incidents/bulk", data={"csrf": csrf, "action": "reject",
                                             "ids": [incident_id(case, "killing", "Izium")]})
    assert r.status_code == 400 and "a note saying why is required" in r.text


def test_review_pages_list_offers_bulk_review_to_reviewers_only(client: TestClient) -> None:
    login(client, "vic")
    assert 'id="bulk"' not in client.get("/incidents").text
    login(client, "ana")
    html = client.get("/incidents", params={"type": "killing"}).text
    assert 'id="bulk"' in html and '<input type="hidden" name="type" value="killing">' in html
    assert 'name="ids"' in html and "all 1 matching this filter" in html


def test_review_pages_enter_in_a_field_submits_nothing(client: TestClient, case: Case) -> None:
    """The review form's default button (its first in page order) is disabled, so Enter in the
    place search or the note never triggers an action such as splitting a mention."""
    login(client, "ana")
    html = client.get(f"/incidents/{incident_id(case, 'killing', 'Izium')}").text
    first = re.search(r'<button [^>]*form="review"[^>]*>|<form [^>]*id="review">', html)
    assert first is not None and "disabled" in first.group(0) and 'type="submit"' in first.group(0)
