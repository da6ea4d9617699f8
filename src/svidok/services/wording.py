"""Stored details (custody event details, review changes) as words a person reads at a glance.

JSON stays the record (`svidok log --json`, the API); this is only how it is shown: hashes cut to
12 characters, long lists counted, places and dates by name, "from → to" for changes.
"""

from __future__ import annotations

import re
from typing import Any

_HASH = re.compile(r"[0-9a-f]{40,}")
# keys shown first, in this order, when an event's details are listed
_FIRST = ("incident_id", "action", "filename", "title", "outlet", "published", "note", "changes", "user",
          "role", "format", "count", "extractor", "linker", "mentions", "incidents", "created", "updated")
_LIST_WORDS = {"documents": "documents", "ids": "incidents", "incidents": "incidents", "types": "types",
               "mentions": "mentions"}
MAX_ITEMS = 4  # a list longer than this is counted, not spelled out


def _words(key: str) -> str:
    return key.replace("_", " ")


def readable(value: Any, key: str = "") -> str:
    """One value in words (nested dicts as "key: value; ...")."""
    if isinstance(value, dict):
        if set(value) == {"from", "to"}:
            return f"{readable(value['from'], key)} → {readable(value['to'], key)}"
        if {"id", "name", "level"} <= set(value):  # a place
            return str(value["name"])
        if {"start", "end", "precision"} <= set(value):  # a date
            return (str(value["start"]) if value["start"] == value["end"]
                    else f"{value['start']}/{value['end']}")
        return details_line(value)
    if isinstance(value, list | tuple):
        if len(value) > MAX_ITEMS:  # "documents: 11", "ids: 12 incidents"
            noun = _LIST_WORDS.get(key, "items")
            return str(len(value)) if key == noun else f"{len(value)} {noun}"
        return ", ".join(readable(v, key) for v in value) or "none"
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    text = " ".join(str(value).split())
    return text[:12] + "…" if _HASH.fullmatch(text) else text


def details_line(details: dict[str, Any]) -> str:
    """A dict of details as "key: value; key: value", the telling keys first, empty ones left out."""
    keys = [k for k in _FIRST if k in details] + sorted(k for k in details if k not in _FIRST)
    return "; ".join(f"{_words(k)}: {readable(details[k], k)}" for k in keys
                     if details[k] not in (None, "", [], {}))


def change_lines(changes: dict[str, Any]) -> list[str]:
    """A review's changes, one line per field ("victims: 4 → 5")."""
    return [f"{_words(k)}: {readable(v, k)}" for k, v in changes.items() if v not in (None, "", [], {})]
