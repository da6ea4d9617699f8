"""Pages on a real case: filters, full-text search, quotes, review flow, untrusted text, masking."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from svidok.db import analysis
from svidok.services.case import Case
from svidok.services.custody_log import list_events
from svidok.services.verify import verify_case
from web.conftest import incident_id, login


def _doc_of(case: Case, type_: str, place: str) -> list[str]:
    with case.connect() as conn:
        inc = analysis.get_incident(conn, incident_id(case, type_, place))
    assert inc is not None
    return [f.document_id for f in inc.sources]


def _count(html: str) -> int:
    m = re.search(r'<span id="count">(\d+)</span>', html)
    assert m is not None
    return int(m.group(1))


def test_pages_list_filters_by_type(client: TestClient) -> None:
    login(client, "vic")
    html = client.get("/incidents", params={"type": "detention"}).text
    assert _count(html) == 1 and "Balakliia" in html and "Izium" not in html.split("<tbody>")[1]


def test_pages_list_filters_by_oblast_and_flagged(client: TestClient) -> None:
    login(client, "vic")
    assert _count(client.get("/incidents", params={"oblast": "Kharkiv Oblast"}).text) == 3
    flagged = client.get("/incidents", params={"flagged": "1"}).text
    assert "Balakliia" not in flagged.split("<tbody>")[1]


def test_pages_list_full_text_search(client: TestClient) -> None:
    login(client, "vic")
    html = client.get("/incidents", params={"q": "pensioners"}).text
    body = html.split("<tbody>")[1]
    assert "Izium" in body and "Balakliia" not in body


def test_pages_list_htmx_returns_rows_only(client: TestClient) -> None:
    login(client, "vic")
    r = client.get("/incidents", params={"type": "killing"}, headers={"HX-Request": "true"})
    assert r.text.lstrip().startswith('<p class="count">') and "<html" not in r.text


def test_pages_incident_quote_highlighted_in_context(client: TestClient, case: Case) -> None:
    login(client, "ana")
    html = client.get(f"/incidents/{incident_id(case, 'killing', 'Izium')}").text
    assert re.search(r'<mark class="[^"]*f-victims[^"]*"[^>]*>At least seven civilians</mark>', html)
    assert "shelled the market in" in html  # the surrounding context is shown too


def test_pages_review_confirm_then_history(client: TestClient, case: Case) -> None:
    csrf = login(client, "ana")
    inc = incident_id(case, "killing", "Izium")
    r = client.post(f"/incidents/{inc}/review", data={"csrf": csrf, "action": "confirm", "note": "ok"})
    assert r.status_code == 303
    html = client.get(f"/incidents/{inc}").text
    assert re.search(r'<strong id="status"[^>]*>confirmed</strong>', html)
    assert re.search(r"<strong>ana</strong> confirm", html)


def test_pages_review_edit_without_note_shows_error(client: TestClient, case: Case) -> None:
    csrf = login(client, "ana")
    inc = incident_id(case, "killing", "Izium")
    r = client.post(f"/incidents/{inc}/review", data={"csrf": csrf, "action": "edit", "victims": "4"})
    assert r.status_code == 400 and "a note saying why is required" in r.text


def test_pages_script_in_report_is_inert_text(client: TestClient, case: Case) -> None:
    login(client, "ana")
    inc_html = client.get(f"/incidents/{incident_id(case, 'detention', 'Balakliia')}").text
    doc_html = client.get(f"/documents/{_doc_of(case, 'detention', 'Balakliia')[0]}").text
    for html in (inc_html, doc_html):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert 'href="javascript:' not in html
        assert len(re.findall(r"<script\b", html)) == len(re.findall(r'<script src="/static/', html))


def test_pages_javascript_url_not_linked(client: TestClient, case: Case) -> None:
    login(client, "vic")
    html = client.get(f"/documents/{_doc_of(case, 'detention', 'Balakliia')[0]}").text
    assert '<span class="inert">javascript:alert(3)</span>' in html


def test_pages_document_highlights_every_mention(client: TestClient, case: Case) -> None:
    login(client, "ana")
    doc = _doc_of(case, "killing", "Izium")[0]
    with case.connect() as conn:
        n = len(analysis.load_mentions(conn, [doc]))
    html = client.get(f"/documents/{doc}").text
    assert n > 0 and html.count('class="ev') >= n
    assert "custody" in html.lower() and "add" in html


def test_pages_person_names_masked_for_viewer_only(client: TestClient, case: Case) -> None:
    inc = incident_id(case, "killing", "Izium")
    login(client, "vic")
    assert "Hrytsenko" not in client.get(f"/incidents/{inc}").text
    assert "[name withheld]" in client.get(f"/incidents/{inc}").text
    login(client, "ana")
    assert "Hrytsenko" in client.get(f"/incidents/{inc}").text


def test_pages_original_downloads_exact_bytes(client: TestClient, case: Case) -> None:
    login(client, "ana")
    doc = _doc_of(case, "detention", "Balakliia")[0]
    r = client.get(f"/documents/{doc}/original")
    import hashlib

    assert hashlib.sha256(r.content).hexdigest() == doc
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-disposition"].startswith("attachment")


def test_pages_original_download_is_a_custody_event(client: TestClient, case: Case) -> None:
    login(client, "ana")
    doc = _doc_of(case, "detention", "Balakliia")[0]
    assert client.get(f"/documents/{doc}/original").status_code == 200
    events = list_events(case, action="original_downloaded")
    assert [(e.actor, e.object_hash, e.details["user"], e.details["role"]) for e in events] == [
        ("ana", doc, "ana", "analyst")]
    client.get(f"/documents/{doc}/original")
    assert len(list_events(case, action="original_downloaded")) == 2
    assert verify_case(case).ok


@pytest.mark.parametrize("user", ["vic", "rex"])
def test_pages_original_refused_to_viewers_and_external_reviewers(client: TestClient, case: Case,
                                                                    user: str) -> None:
    login(client, user)
    doc = _doc_of(case, "detention", "Balakliia")[0]
    r = client.get(f"/documents/{doc}/original")
    assert r.status_code == 403 and r.headers["content-type"].startswith("text/html")
    assert list_events(case, action="original_downloaded") == []


def test_pages_original_link_shown_only_to_those_who_may_download(client: TestClient, case: Case) -> None:
    doc = _doc_of(case, "detention", "Balakliia")[0]
    login(client, "vic")
    assert "download original" not in client.get(f"/documents/{doc}").text
    login(client, "ana")
    assert f'href="/documents/{doc}/original"' in client.get(f"/documents/{doc}").text


def test_pages_altered_original_not_served(client: TestClient, case: Case) -> None:
    doc = _doc_of(case, "detention", "Balakliia")[0]
    stored = case.store.path(doc)
    stored.chmod(0o644)
    stored.write_bytes(stored.read_bytes() + b" altered")
    login(client, "ada")
    r = client.get(f"/documents/{doc}/original")
    assert r.status_code == 500 and "does not match its hash" in r.text
    assert list_events(case, action="original_downloaded") == []


def test_pages_map_embeds_markers_and_basemap_served(client: TestClient) -> None:
    login(client, "vic")
    html = client.get("/map", params={"type": "detention"}).text
    data = re.search(r'<script type="application/json" id="incident-data">(.*?)</script>', html, re.S)
    assert data is not None
    import json

    points = json.loads(data.group(1))
    assert [p["p"] for p in points] == ["Balakliia"]
    geo = client.get("/basemap.geojson").json()
    assert {f["properties"]["kind"] for f in geo["features"]} == {"country", "oblast-borders"}


def test_pages_timeline_groups_by_month(client: TestClient) -> None:
    login(client, "vic")
    html = client.get("/timeline").text
    assert 'id="m-2022-03"' in html and 'id="m-2022-08"' in html


def test_pages_admin_adds_user_and_issues_token_once(client: TestClient) -> None:
    csrf = login(client, "ada")
    r = client.post("/users", data={"csrf": csrf, "action": "add", "name": "newbie", "role": "viewer",
                                    "password": "newbie-pass-1"})
    assert r.status_code == 200 and "newbie" in r.text
    r = client.post("/users", data={"csrf": csrf, "action": "token", "name": "newbie"})
    token = re.search(r'<code id="new-token">([^<]+)</code>', r.text)
    assert token is not None
    bearer = {"Authorization": f"Bearer {token.group(1)}"}
    assert client.get("/api/incidents", headers=bearer).status_code == 200
    assert token.group(1) not in client.get("/users").text




def test_pages_document_masks_names_for_viewer(client: TestClient, case: Case) -> None:
    docs = _doc_of(case, "killing", "Izium")
    login(client, "vic")
    pages = [client.get(f"/documents/{d}").text for d in docs]
    assert all("Hrytsenko" not in p for p in pages)
    assert any("[name withheld]" in p for p in pages)
    login(client, "ana")
    assert any("Hrytsenko" in client.get(f"/documents/{d}").text for d in docs)


def test_pages_document_in_unsupported_language_says_so(client: TestClient, case: Case, tmp_path) -> None:
    from svidok.services.ingest import ingest_paths

    report = tmp_path / "it.txt"
    report.write_text("I militari hanno trattenuto sette civili nella cantina di una scuola a Balakliia.",
                      encoding="utf-8")
    doc = ingest_paths(case, [report]).added[0]
    login(client, "ana")
    html = client.get(f"/documents/{doc}").text
    assert "language not supported for extraction: it" in html and "no incidents were looked for" in html
    assert 'id="language">it (model' in html and '<pre class="doctext" id="doctext" lang="it">' in html
    assert "<dt>Incidents</dt><dd>not looked for</dd>" in html


def test_pages_incident_sources_show_their_language(client: TestClient, case: Case) -> None:
    login(client, "vic")
    html = client.get(f"/incidents/{incident_id(case, 'killing', 'Izium')}").text
    assert '<span class="lang" lang="en">language en</span>' in html


def _text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


def test_pages_incident_quotes_each_passage_once_with_a_legend(client: TestClient, case: Case) -> None:
    login(client, "ana")
    html = client.get(f"/incidents/{incident_id(case, 'killing', 'Izium')}").text
    assert _text(html).count("At least seven civilians") == 1
    assert html.count('<blockquote class="quote">') == 2  # one passage per source here
    legend = re.search(r'<p class="legend" id="legend">(.*?)</p>', html, re.S)
    assert legend is not None and re.findall(r'class="f-(\w+)"', legend.group(1)) == [
        "act", "place", "victims", "date", "perpetrator", "source"]


def test_pages_incident_qualifier_and_place_basis_read_as_words(client: TestClient, case: Case) -> None:
    login(client, "vic")
    html = client.get(f"/incidents/{incident_id(case, 'detention', 'Balakliia')}").text
    assert '<dd id="victims">about 40' in html and "about_" not in html
    assert "place named in the same sentence" in html or "place carried from the paragraph" in html
    assert "about 40" in client.get("/incidents").text


def test_pages_incident_headline_note_follows_an_edit(client: TestClient, case: Case) -> None:
    csrf = login(client, "ana")
    inc = incident_id(case, "killing", "Izium")
    assert "Headline 4 is the most conservative" in client.get(f"/incidents/{inc}").text
    client.post(f"/incidents/{inc}/review", data={"csrf": csrf, "action": "edit", "victims": "9",
                                                   "note": "morgue count"})
    note = re.search(r'<small id="headline-note">([^<]*)</small>', client.get(f"/incidents/{inc}").text)
    assert note is not None
    assert note.group(1).startswith("Figure 9 set by a reviewer; sources give 4, at least 7")


def test_pages_source_without_metadata_named_from_its_own_text(client: TestClient, case: Case,
                                                               tmp_path: Path) -> None:
    from svidok.services.ingest import ingest_paths

    report = tmp_path / "scan_0042_final.txt"
    report.write_text("Shelter hit in Chuhuiv\n\nCHUHUIV - A strike on a school used as a shelter in Chuhuiv "
                      "killed three civilians on March 20, 2022, police said.\n", encoding="utf-8")
    assert ingest_paths(case, [report]).ok
    login(client, "ana")
    html = client.get(f"/incidents/{incident_id(case, 'killing', 'Chuhuiv')}").text
    assert '<span class="src-title">Shelter hit in Chuhuiv</span>' in html and "scan_0042" not in html
    doc = re.search(r'href="/documents/([0-9a-f]{64})"', html)
    assert doc is not None
    page = client.get(f"/documents/{doc.group(1)}").text
    assert "<h1>Shelter hit in Chuhuiv</h1>" in page
    assert "<title>scan_0042" not in page  # the file name is listed as the file, never as the title
def test_pages_admin_sees_and_clears_a_login_throttle(client: TestClient) -> None:
    for _ in range(3):
        page = client.get("/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert token is not None
        client.post("/login", data={"username": "ana", "password": "wrong-guess", "csrf": token.group(1),
                                    "next": "/incidents"})
    csrf = login(client, "ada")
    html = client.get("/users").text
    assert "<td>account</td><td>ana</td><td>3</td>" in html and "wrong_password" in html
    r = client.post("/users", data={"csrf": csrf, "action": "unthrottle", "key": "ana"})
    assert r.status_code == 200 and "cleared the login throttle of ana" in r.text
    assert "<td>account</td><td>ana</td>" not in r.text


def test_pages_admin_lists_and_revokes_one_token(client: TestClient, case: Case) -> None:
    from svidok.services.users import issue_token, list_tokens

    with case.begin() as conn:
        kept = issue_token(conn, "ana")
        before = {t.id for t in list_tokens(conn, "ana")}
        gone = issue_token(conn, "ana")
        (gone_id,) = {t.id for t in list_tokens(conn, "ana")} - before
    csrf = login(client, "ada")
    html = client.get("/users").text
    assert all(f"<code>{i}</code>" in html for i in before | {gone_id})
    assert kept not in html and gone not in html  # ids only, never the tokens
    r = client.post("/users", data={"csrf": csrf, "action": "revoke", "token_id": gone_id})
    assert r.status_code == 200 and f"revoked token {gone_id} of ana" in r.text
    states = [client.get("/api/incidents", headers={"Authorization": f"Bearer {t}"}).status_code
              for t in (kept, gone)]
    assert states == [200, 401]
