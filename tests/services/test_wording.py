"""Stored details in words: hashes cut, long lists counted, changes as from → to."""

from __future__ import annotations

from svidok.services.wording import change_lines, details_line, readable


def test_wording_details_telling_keys_first_and_hashes_cut() -> None:
    line = details_line({"size": 400, "filename": "r.txt", "text_sha256": "ab" * 32, "path": None})
    assert line == "filename: r.txt; size: 400; text sha256: abababababab…"


def test_wording_long_lists_are_counted() -> None:
    assert readable(["a", "b", "c", "d", "e"], "documents") == "5"
    assert details_line({"documents": [f"{n:064x}" for n in range(7)]}) == "documents: 7"
    assert readable(["x", "y"], "types") == "x, y"


def test_wording_changes_read_from_to() -> None:
    place = {"id": "ua:1", "name": "Izium", "level": "settlement"}
    assert change_lines({"victims": {"from": 4, "to": 7}, "place": {"from": None, "to": place},
                         "date": {"from": {"start": "2022-03-07", "end": "2022-03-07", "precision": "day"},
                                  "to": None}}) == ["victims: 4 → 7", "place: none → Izium",
                                                     "date: 2022-03-07 → none"]
