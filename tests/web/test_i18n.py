"""The interface in Ukrainian and English: the catalogue is complete and compiled, each page shows
a user their own language, the login page follows the browser, quotes stay in their language."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from svidok.services.case import Case
from svidok.services.custody_log import list_events
from svidok.services.users import set_language
from svidok.web.i18n import negotiate
from web.conftest import CSRF, incident_id, login

ROOT = Path(__file__).resolve().parents[2]


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _pages(case: Case) -> dict[str, str]:
    inc = incident_id(case, "killing", "Izium")
    with case.connect() as conn:
        doc = conn.exec_driver_sql("SELECT id FROM documents ORDER BY id LIMIT 1").scalar_one()
    return {"list": "/incidents", "map": "/map", "timeline": "/timeline", "incident": f"/incidents/{inc}",
            "document": f"/documents/{doc}", "settings": "/settings", "users": "/users",
            "error": "/incidents/inc-000000000000"}


# per page: a label that only that language shows (besides the shared navigation)
UK = {"list": "Оцінка", "map": "на мапі", "timeline": "Хронологія · Svidok",
      "incident": "Позначено в цитатах:", "document": "Збережений текст", "settings": "Мова інтерфейсу",
      "users": "Додати користувача", "error": "Помилка 404"}
EN = {"list": "Grade", "map": "on the map", "timeline": "Timeline · Svidok",
      "incident": "Marked in the quotes:",
      "document": "Preserved text", "settings": "Language of the interface", "users": "Add a user",
      "error": "Error 404"}


def test_i18n_catalogue_is_complete_and_compiled() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_translations.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(("header", "language"), [
    ("uk-UA,uk;q=0.9,en-US;q=0.8,en;q=0.7", "uk"), ("en-US,en;q=0.9,uk;q=0.8", "en"),
    ("ru-RU,ru;q=0.9,uk;q=0.8", "uk"), ("de-DE", "en"), ("uk;q=0, en", "en"), ("", "en"), (None, "en"),
    ("uk;q=abc,en;q=0.5", "en")])
def test_i18n_negotiate_accept_language(header: str | None, language: str) -> None:
    assert negotiate(header) == language


def test_i18n_login_page_follows_accept_language(client: TestClient) -> None:
    uk = client.get("/login", headers={"Accept-Language": "uk-UA,uk;q=0.9"})
    en = client.get("/login", headers={"Accept-Language": "en-GB"})
    assert "<h1>Увійти</h1>" in uk.text and '<html lang="uk">' in uk.text
    assert "<h1>Log in</h1>" in en.text and '<html lang="en">' in en.text


@pytest.mark.parametrize("page", list(UK))
def test_i18n_ukrainian_user_sees_ukrainian_labels(client: TestClient, case: Case, page: str) -> None:
    with case.begin() as conn:
        set_language(conn, "ada", "uk", actor="tester")
    login(client, "ada")
    html = client.get(_pages(case)[page], headers={"Accept-Language": "en"}).text
    text = _words(html)
    assert UK[page] in text and EN[page] not in text
    assert '<html lang="uk">' in html and re.search("[Іі]нцидент", text)


@pytest.mark.parametrize("page", list(EN))
def test_i18n_english_user_sees_english_labels(client: TestClient, case: Case, page: str) -> None:
    login(client, "ada")  # no language chosen: English, whatever the browser asks for
    html = client.get(_pages(case)[page], headers={"Accept-Language": "uk"}).text
    text = _words(html)
    assert EN[page] in text and UK[page] not in text
    assert '<html lang="en">' in html and "Інциденти" not in text


def test_i18n_quotes_stay_in_the_language_of_their_source(client: TestClient, case: Case) -> None:
    with case.begin() as conn:
        set_language(conn, "ana", "uk", actor="tester")
    login(client, "ana")
    html = client.get(_pages(case)["incident"]).text
    assert 'class="passages" lang="en"' in html and "мова en" in _words(html)


def test_i18n_settings_form_sets_own_language_on_the_record(client: TestClient, case: Case) -> None:
    csrf = login(client, "vic")
    r = client.post("/settings", data={"csrf": csrf, "language": "uk"})
    assert r.status_code == 303
    assert "Інциденти" in _words(client.get("/incidents").text)
    events = list_events(case, action="user_language")
    assert [(e.actor, e.details) for e in events] == [("vic", {"user": "vic", "language": "uk"})]


def test_i18n_settings_refuses_a_language_without_catalogue(client: TestClient) -> None:
    csrf = login(client, "vic")
    r = client.post("/settings", data={"csrf": csrf, "language": "ru"})
    assert r.status_code == 400 and "the interface speaks en, uk" in r.text


def test_i18n_settings_needs_csrf(client: TestClient) -> None:
    login(client, "vic")
    assert client.post("/settings", data={"csrf": "wrong", "language": "uk"}).status_code == 403


def test_i18n_wrong_password_message_in_browser_language(client: TestClient) -> None:
    page = client.get("/login", headers={"Accept-Language": "uk"})
    token = CSRF.search(page.text)
    assert token is not None
    r = client.post("/login", headers={"Accept-Language": "uk"},
                    data={"username": "vic", "password": "not-the-password", "csrf": token.group(1)})
    assert r.status_code == 401 and "Неправильне ім&#39;я користувача або пароль." in r.text
