"""Telegram Desktop channel exports (our own fixture exports under tests/fixtures/telegram)."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from svidok.model import DocumentMeta
from svidok.read.errors import ReadError
from svidok.read.telegram import flatten, looks_like, message_url, record, unpack, username

TELEGRAM = Path(__file__).resolve().parents[1] / "fixtures" / "telegram"
CHANNEL = (TELEGRAM / "oblast_channel" / "result.json").read_bytes()


def _export(messages: list[dict[str, object]], kind: str = "public_channel") -> bytes:
    return json.dumps({"name": "Test channel", "type": kind, "id": 42, "messages": messages},
                      ensure_ascii=False).encode("utf-8")


def test_telegram_each_message_with_text_is_a_part() -> None:
    found = unpack(CHANNEL, "result.json")
    assert found is not None
    assert [p.key for p in found.parts] == ["telegram:1700000001:2", "telegram:1700000001:4",
                                            "telegram:1700000001:6"]


def test_telegram_service_and_empty_messages_are_counted() -> None:
    found = unpack(CHANNEL, "result.json")
    assert found is not None and dict(found.skipped) == {"service messages": 2, "messages without text": 2}


def test_telegram_channel_is_outlet_and_date_is_published() -> None:
    found = unpack(CHANNEL, "result.json")
    assert found is not None
    part = found.parts[0]
    assert (part.meta.outlet, part.meta.published, part.read.published) == (
        "Вісті Куп'янської громади", date(2022, 9, 16), date(2022, 9, 16))


def test_telegram_title_is_first_line() -> None:
    found = unpack(CHANNEL, "result.json")
    assert found is not None
    assert found.parts[0].meta.title == "Поліція знайшла катівню в підвалі на вулиці Садовій у Куп'янську"


def test_telegram_long_first_line_title_is_cut_at_a_word() -> None:
    message = {"id": 1, "type": "message", "date": "2022-09-16T10:00:00", "text": "слово " * 40}
    found = unpack(_export([message]), "r.json")
    assert found is not None and found.parts[0].meta.title is not None
    assert found.parts[0].meta.title.endswith("слово…") and len(found.parts[0].meta.title) <= 121


def test_telegram_text_with_entities_is_joined_as_shown() -> None:
    found = unpack(CHANNEL, "result.json")
    assert found is not None
    text = found.parts[1].read.text
    assert text.startswith("⚡️ Обстріл Куп'янська\nВночі") and text.endswith("Деталі на сайті громади.")


def test_telegram_flatten_ignores_unknown_pieces() -> None:
    assert flatten(["a", {"type": "bold", "text": "b"}, 3, {"type": "x"}]) == "ab"


def test_telegram_url_without_username_is_stable_tg_link() -> None:
    found = unpack(CHANNEL, "result.json")
    assert found is not None
    assert found.parts[0].meta.url == "tg://privatepost?channel=1700000001&post=2"


def test_telegram_url_with_username_from_given_address() -> None:
    found = unpack(CHANNEL, "result.json", DocumentMeta(url="https://t.me/kupiansk_visti"))
    assert found is not None
    assert [p.meta.url for p in found.parts] == ["https://t.me/kupiansk_visti/2", "https://t.me/kupiansk_visti/4",
                                                 "https://t.me/kupiansk_visti/6"]


def test_telegram_given_outlet_replaces_channel_name() -> None:
    found = unpack(CHANNEL, "result.json", DocumentMeta(outlet="Kupiansk community"))
    assert found is not None and {p.meta.outlet for p in found.parts} == {"Kupiansk community"}


@pytest.mark.parametrize(("url", "name"), [("https://t.me/kharkiv_oda", "kharkiv_oda"),
                                           ("t.me/s/kharkiv_oda/", "kharkiv_oda"),
                                           ("https://example.org/kharkiv", None), (None, None)])
def test_telegram_username_from_channel_address(url: str | None, name: str | None) -> None:
    assert username(url) == name


def test_telegram_message_url_forms() -> None:
    assert message_url(5, 7, "chan") == "https://t.me/chan/7"
    assert message_url(5, 7, None) == "tg://privatepost?channel=5&post=7"


def test_telegram_part_id_is_hash_of_canonical_record() -> None:
    found = unpack(CHANNEL, "result.json")
    assert found is not None
    part = found.parts[0]
    message = json.loads(CHANNEL)["messages"][1]
    assert part.sha256 == hashlib.sha256(record(1700000001, message, part.read.text)).hexdigest()


def test_telegram_same_message_in_a_later_export_has_the_same_id() -> None:
    export = json.loads(CHANNEL)
    export["name"] = "Renamed channel"
    export["messages"].append({"id": 9, "type": "message", "date": "2022-09-19T10:00:00",
                               "text": "Новий допис"})
    later = unpack(json.dumps(export, ensure_ascii=False, indent=2).encode(), "later.json")
    first = unpack(CHANNEL, "result.json")
    assert later is not None and first is not None
    assert {p.sha256 for p in first.parts} < {p.sha256 for p in later.parts}


def test_telegram_edited_message_is_another_document() -> None:
    msg = {"id": 1, "type": "message", "date": "2022-09-16T10:00:00", "date_unixtime": "1663322400",
           "text": "Перша версія"}
    first = unpack(_export([msg]), "a.json")
    second = unpack(_export([{**msg, "text": "Друга версія", "edited_unixtime": "1663326000"}]), "b.json")
    assert first is not None and second is not None
    assert first.parts[0].sha256 != second.parts[0].sha256


def test_telegram_spans_point_into_message_text() -> None:
    found = unpack(CHANNEL, "result.json")
    assert found is not None
    read = found.parts[0].read
    assert read.body and all(0 <= a < b <= len(read.text) for a, b in read.body)


def test_telegram_reading_is_reproducible() -> None:
    assert unpack(CHANNEL, "result.json") == unpack(CHANNEL, "result.json")


def test_telegram_other_json_is_not_a_container() -> None:
    assert unpack(b'{"messages": [], "type": "report"}', "x.json") is None
    assert not looks_like(b'plain text that mentions "type": "public_channel" and "messages"')


def test_telegram_personal_chat_is_refused_by_name() -> None:
    with pytest.raises(ReadError, match="r.json: Telegram export of a personal_chat"):
        unpack(_export([], kind="personal_chat"), "r.json")


def test_telegram_broken_json_names_the_file() -> None:
    with pytest.raises(ReadError, match="broken.json: Telegram export is not valid JSON"):
        unpack(CHANNEL[:-40], "broken.json")


def test_telegram_export_without_text_messages_is_an_error() -> None:
    with pytest.raises(ReadError, match="no message that has text .service messages 1"):
        unpack(_export([{"id": 1, "type": "service", "date": "2022-09-16T10:00:00", "text": ""}]), "r.json")


def test_telegram_whole_account_export_is_refused_with_advice() -> None:
    data = json.dumps({"about": "x", "chats": {"about": "y", "list": []}}).encode()
    with pytest.raises(ReadError, match="whole Telegram account export"):
        unpack(data, "result.json")


def test_telegram_date_falls_back_to_unixtime() -> None:
    found = unpack(_export([{"id": 1, "type": "message", "date_unixtime": "1663308760", "text": "Текст"}]),
                   "r.json")
    assert found is not None and found.parts[0].meta.published == date(2022, 9, 16)
