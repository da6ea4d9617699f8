"""Telegram Desktop chat exports (result.json, "Export chat history" as JSON) of a channel or a
group: one preserved original, one document per message with text.

The export is {"name", "type", "id", "messages": [...]}; a message is {"id", "type": "message",
"date", "date_unixtime", "text", "text_entities", ...} where "text" is a string or a list of
strings and entity objects {"type", "text"}. Service messages (pins, title changes, joins) and
messages without text (a photo without a caption, a sticker) are skipped and counted.

Each message's document id is the SHA-256 of its canonical record (chat id, message id, time,
edit time, text): the same message in a later export of the channel is the same document, an
edited one is a new one. Pure functions: the same bytes always give the same parts.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

from svidok.model import DocumentMeta, Part, ReadText, Unpacked
from svidok.read.errors import ReadError
from svidok.read.segments import body_spans
from svidok.read.text import clean

NAME = "svidok.read.telegram"
VERSION = "1"
KIND = "telegram"
TYPES = {"public_channel": "channel", "private_channel": "channel", "public_supergroup": "group",
         "private_supergroup": "group", "private_group": "group"}
_HEAD = re.compile(rb'"type"\s*:\s*"(public_channel|private_channel|public_supergroup|private_supergroup'
                   rb'|private_group|personal_chat|bot_chat|saved_messages)"')
_FULL_EXPORT = re.compile(rb'"chats"\s*:\s*\{')
_USERNAME = re.compile(r"^(?:https?://)?(?:www\.)?t(?:elegram)?\.me/(?:s/)?([A-Za-z][A-Za-z0-9_]{3,31})/?$")
TITLE_CHARS = 120


def looks_like(data: bytes) -> bool:
    """A JSON object whose first few KB name a Telegram chat type (cheap: no parsing)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and _HEAD.search(head) is not None and b'"messages"' in data[:65536]


def flatten(text: Any) -> str:
    """A message's "text" as shown: a string, or the strings and entity texts of a list joined."""
    if isinstance(text, str):
        return text
    if isinstance(text, list):
        return "".join(p if isinstance(p, str) else str(p.get("text", "")) if isinstance(p, dict) else ""
                       for p in text)
    return ""


def username(url: str | None) -> str | None:
    """NAME from a channel address https://t.me/NAME (or t.me/s/NAME), else None."""
    m = _USERNAME.match((url or "").strip())
    return m.group(1) if m else None


def message_url(chat_id: int, message_id: int, name: str | None) -> str:
    """https://t.me/NAME/ID for a channel with a public name, else a stable tg:// link."""
    if name:
        return f"https://t.me/{name}/{message_id}"
    return f"tg://privatepost?channel={chat_id}&post={message_id}"


def _title(text: str) -> str | None:
    for line in text.split("\n"):
        s = " ".join(line.split())
        if s:
            if len(s) <= TITLE_CHARS:
                return s
            cut = s[:TITLE_CHARS].rsplit(" ", 1)[0]
            return cut + "…"
    return None


def _day(message: dict[str, Any]) -> date | None:
    """The day as Telegram Desktop showed it (its "date"), else the UTC day of "date_unixtime"."""
    raw = message.get("date")
    if isinstance(raw, str):
        try:
            return datetime.fromisoformat(raw).date()
        except ValueError:
            pass
    try:
        return datetime.fromtimestamp(int(message.get("date_unixtime", "")), UTC).date()
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def record(chat_id: int, message: dict[str, Any], text: str) -> bytes:
    """The canonical bytes of one message: what its document id is the SHA-256 of."""
    fields = {"chat_id": chat_id, "message_id": message.get("id"),
              "date": message.get("date_unixtime") or message.get("date"),
              "edited": message.get("edited_unixtime") or message.get("edited"), "text": text}
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def _load(data: bytes, filename: str) -> dict[str, Any]:
    try:
        export = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ReadError(filename, f"Telegram export is not UTF-8 ({exc.reason})") from None
    except ValueError as exc:
        raise ReadError(filename, f"Telegram export is not valid JSON ({exc})") from None
    if not isinstance(export, dict) or not isinstance(export.get("messages"), list):
        raise ReadError(filename, "Telegram export without a list of messages")
    kind = export.get("type")
    if kind not in TYPES:
        raise ReadError(filename, f"Telegram export of a {kind or 'chat of unknown type'}, not of a channel "
                                  "or group: not read")
    if not isinstance(export.get("id"), int):
        raise ReadError(filename, "Telegram export without a numeric chat id")
    return export


def unpack(data: bytes, filename: str, given: DocumentMeta | None = None) -> Unpacked | None:
    """The messages of a Telegram Desktop channel or group export as parts, or None when `data` is
    not one. `given` (sidecar or command line) may name the outlet and the channel's address
    (https://t.me/NAME, which gives each message its https://t.me/NAME/ID link). Raises ReadError
    for an export that cannot be read or holds no message with text."""
    if not looks_like(data):
        if data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") and _FULL_EXPORT.search(data[:4096]):
            raise ReadError(filename, "a whole Telegram account export; export the channel itself "
                                      "(Export chat history, JSON) and add its result.json")
        return None
    export = _load(data, filename)
    chat_id: int = export["id"]
    name = str(export.get("name") or f"Telegram {TYPES[export['type']]} {chat_id}")
    given = given or DocumentMeta()
    handle = username(given.url) or (str(export["username"]) if isinstance(export.get("username"), str)
                                     and export["username"] else None)
    outlet = given.outlet or name
    parts: list[Part] = []
    skipped: Counter[str] = Counter()
    seen: set[str] = set()
    for message in export["messages"]:
        if not isinstance(message, dict) or message.get("type") != "message":
            skipped["service messages"] += 1
            continue
        text = clean(flatten(message.get("text"))).strip()
        if not text or not isinstance(message.get("id"), int):
            skipped["messages without text"] += 1
            continue
        sha = hashlib.sha256(record(chat_id, message, text)).hexdigest()
        if sha in seen:
            skipped["repeated messages"] += 1
            continue
        seen.add(sha)
        day = _day(message)
        title = _title(text)
        read = ReadText(text, NAME, VERSION, title=title, published=day, encoding="utf-8",
                        body=body_spans(text))
        meta = DocumentMeta(title=title, outlet=outlet, url=message_url(chat_id, message["id"], handle),
                            published=day, collector=given.collector)
        parts.append(Part(f"{KIND}:{chat_id}:{message['id']}", sha, read, meta))
    if not parts:
        counts = ", ".join(f"{why} {n}" for why, n in sorted(skipped.items())) or "no messages"
        raise ReadError(filename, f"Telegram export with no message that has text ({counts})")
    label = f"Telegram {TYPES[export['type']]} {name} (id {chat_id})"
    return Unpacked(KIND, label, tuple(parts), tuple(sorted(skipped.items())), "application/json")

