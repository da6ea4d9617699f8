"""Tests for svidok.extract.roles: the role each place mention plays, as binding reads it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from spacy.tokens import Doc

from svidok.extract.places import find_places
from svidok.extract.roles import HOLDS_ACT, place_roles

Annotate = Callable[..., Doc]
GOLD = Path(__file__).with_name("gold")


def _role(annotate: Annotate, text: str, surface: str) -> str:
    """The role of the first mention of `surface`: binding's role where it is a place mention,
    else the kind the resolver set it aside as ('outlet', 'raion', ...), else 'none'."""
    start = text.index(surface)
    doc = annotate(text)
    roles = place_roles(doc)
    for p in doc.spans["places"]:
        if p.start_char <= start < p.end_char:
            return roles[p.start]
    kinds = [r.kind for r in find_places(text) if r.span.start <= start < r.span.end]
    return kinds[0] if kinds else "none"


def test_roles_dateline_is_where_the_report_was_filed(annotate: Annotate) -> None:
    text = "IZIUM, Ukraine (Wire) - Soldiers held the men in a basement in Hrakove, a witness said."
    assert _role(annotate, text, "IZIUM") == "dateline"
    assert _role(annotate, text, "Hrakove") == "locative"


def test_roles_place_in_a_named_source_is_its_seat(annotate: Annotate) -> None:
    assert _role(annotate, "The US Embassy in Kyiv said soldiers tortured the prisoners in Bucha.",
                 "Kyiv") == "source"


def test_roles_near_a_village_is_at_the_village(annotate: Annotate) -> None:
    assert _role(annotate, "Two men were shot near Hrakove in April.", "Hrakove") == "locative"


@pytest.fixture(scope="module")
def role_scores(annotate: Annotate) -> dict[str, object]:
    items = json.loads((GOLD / "place_roles.json").read_text(encoding="utf-8"))["items"]
    fine = two = 0
    wrong = []
    for item in items:
        got, want = _role(annotate, item["text"], item["surface"]), item["role"]
        fine += got == want
        two += (got in HOLDS_ACT) == (want in HOLDS_ACT)
        if got != want:
            wrong.append((item["surface"], want, got, item["text"]))
    scores = {"items": items, "wrong": wrong, "fine": fine / len(items), "two_class": two / len(items)}
    print(f"\nplace roles: fine-grained {fine}/{len(items)} ({scores['fine']:.3f}), "
          f"can-hold-an-act {two}/{len(items)} ({scores['two_class']:.3f})")
    return scores


def _floors() -> dict[str, float]:
    return dict(json.loads((GOLD / "floors.json").read_text(encoding="utf-8"))["place_roles"])


def test_roles_gold_covers_every_role(role_scores: dict) -> None:
    items = role_scores["items"]
    roles = json.loads((GOLD / "place_roles.json").read_text(encoding="utf-8"))["roles"]
    assert len(items) >= 80 and {i["role"] for i in items} == set(roles)


def test_roles_gold_fine_grained_accuracy_holds_floor(role_scores: dict) -> None:
    assert role_scores["fine"] >= _floors()["fine_accuracy"], role_scores["wrong"]


def test_roles_gold_can_hold_an_act_accuracy_holds_floor(role_scores: dict) -> None:
    assert role_scores["two_class"] >= _floors()["two_class_accuracy"], role_scores["wrong"]
