"""svidok.extract.multi.roles: the role of a place in a Ukrainian or Russian sentence."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from svidok.extract.multi.lexicon import load_lexicon
from svidok.extract.multi.roles import place_role


def _roles(doc: Doc) -> dict[str, str]:
    lex = load_lexicon(doc.lang_)
    return {p.text: place_role(p, lex) for p in doc.spans["places"]}


@pytest.mark.parametrize(("text", "place", "role"), [
    ("Про це повідомила прокуратура Харківської області.", "Харківської області", "office"),
    ("Поліція Київщини розслідує злочин.", "Київщини", "office"),
    ("Мер Ізюма розповів про катівні.", "Ізюма", "role"),
    ("Окупанти вивезли з Херсона до Криму 46 дітей.", "Херсона", "locative"),
    ("Окупанти вивезли з Херсона до Криму 46 дітей.", "Криму", "direction"),
    ("До Бучі приїхали слідчі з Харкова.", "Харкова", "origin"),
    ("Тут сталося те саме, що й у Бучі, як у Бучі.", "Бучі", "comparison"),
    ("Бої тривали під Харковом.", "Харковом", "vicinity"),
    ("Село лежить за 20 км від Ізюма.", "Ізюма", "reference"),
    ("В Купянске оккупанты держали людей в подвале.", "Купянске", "locative"),
    ("Оккупанты вывезли детей в Крым.", "Крым", "direction"),
])
def test_roles_by_the_words_around_the_place(ml_annotate: Callable[..., Doc], text: str, place: str,
                                              role: str) -> None:
    lang = "ru" if any(ch in text for ch in "ыэъё") else "uk"
    assert _roles(ml_annotate(text, lang))[place] == role


def test_roles_an_office_named_by_its_adjective_is_no_place(ml_annotate: Callable[..., Doc]) -> None:
    # the oblast's office names no place; a town's council names its town, as a role (never where an
    # act happened, but the story's town when nothing else is named)
    doc = ml_annotate("Харківська обласна прокуратура та Куп'янська міська рада повідомили про катівню.",
                      "uk")
    assert _roles(doc) == {"Куп'янська": "role"}


def test_roles_regional_office_named_by_its_city(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Lo informó el jefe de la administración militar regional de Járkov.", "es")
    assert list(_roles(doc).values()) == ["office"]


def test_roles_a_place_that_locates_the_village_named_before(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Циркуни — велике село на північній околиці Харкова.", "uk")
    assert _roles(doc)["Харкова"] == "reference"


def test_roles_the_edge_of_a_town_is_the_town(ml_annotate: Callable[..., Doc]) -> None:
    doc = ml_annotate("Des croix se dressent à la lisière nord d'Izioum.", "fr")
    assert _roles(doc) == {"Izioum": "locative"}


@pytest.mark.parametrize(("text", "place", "role"), [
    ("Дітей забрали й повезли до тимчасово окупованого Криму.", "Криму", "direction"),
    ("Полонених перевезли на окуповану територію Криму.", "Криму", "direction"),
    ("Колона евакуйованих прямувала на підконтрольну Києву територію.", "Києву", "reference"),
    ("Окупанти катували людей у звільненому Ізюмі.", "Ізюмі", "locative"),
])
def test_roles_preposition_past_modifiers_and_controlled_territory(
        ml_annotate: Callable[..., Doc], text: str, place: str, role: str) -> None:
    assert _roles(ml_annotate(text, "uk"))[place] == role
