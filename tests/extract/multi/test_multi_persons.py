"""svidok.extract.multi.persons: names of private persons in any language, for witness protection."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from spacy.tokens import Doc

FIXTURES = json.loads((Path(__file__).parent / "persons_fixtures.json").read_text(encoding="utf-8"))["texts"]


def _persons(doc: Doc, label: str) -> list[str]:
    return [p.text for p in doc.spans["persons"] if p.label_ == label]


def test_persons_ukrainian_names_by_the_dictionary(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate(FIXTURES[0]["text"], "uk")
    assert "Ганна Петрівна Коваленко" in _persons(doc, "private")


def test_persons_russian_names_through_natasha(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate(FIXTURES[4]["text"], "ru")
    assert "Наталья Сергеевна Иванова" in _persons(doc, "private")


def test_persons_officials_in_their_role_are_not_private(ml_annotate: Callable[..., Doc]) -> None:
    for item in (FIXTURES[0], FIXTURES[4]):
        doc = ml_annotate(item["text"], item["lang"])
        assert item["official"][0] not in _persons(doc, "private")


def test_persons_a_town_is_no_person(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("После Изюма следователи поехали в Купянск.", "ru")
    assert _persons(doc, "private") == []


def test_persons_recall_on_the_fixtures(ml_annotate: Callable[..., Doc]) -> None:
    """Every private name should be found (withheld); measured per language group."""
    found = {"uk": [0, 0], "ru": [0, 0], "other": [0, 0]}
    for item in FIXTURES:
        doc = ml_annotate(item["text"], item["lang"])
        spans = [(p.start_char, p.end_char) for p in doc.spans["persons"] if p.label_ == "private"]
        group = found[item["lang"] if item["lang"] in found else "other"]
        for name in item["private"]:
            start = item["text"].index(name)
            group[1] += 1
            group[0] += any(a <= start and start + len(name) <= b or (a < start + len(name) and start < b)
                            for a, b in spans)
    recall = {k: v[0] / v[1] for k, v in found.items()}
    assert recall["uk"] >= 0.85 and recall["ru"] >= 0.85 and recall["other"] >= 0.6, recall
