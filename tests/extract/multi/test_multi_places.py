"""svidok.extract.multi.places: inflected, Russian and foreign spellings of Ukrainian places."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc

from svidok.extract.multi.places import finder
from svidok.extract.places import resolve


def _names(text: str, lang: str) -> list[str | None]:
    return [r.place.name if r.place else None for r in resolve(text, finder(lang).find(text), lang=lang)
            if r.kind == "place" and (r.place is None or r.place.level != "country")]


def test_places_inflected_ukrainian_names_with_every_apostrophe() -> None:
    text = "Окупанти були в Ізюмі, з Балаклії пішли у Куп'янськ, потім до Куп’янська і знову в Купʼянську."
    assert _names(text, "uk") == ["Izium", "Balakliia", "Kupiansk", "Kupiansk", "Kupiansk"]


def test_places_russian_inflected_names() -> None:
    assert _names("Бои шли в Изюме и под Харьковом, а в Купянске было тихо.", "ru") == [
        "Izium", "Kharkiv", "Kupiansk"]


@pytest.mark.parametrize(("text", "lang"), [("Обстріли на Харківщині тривають.", "uk"),
                                            ("Обстрелы на Харьковщине продолжаются.", "ru"),
                                            ("Бої йдуть у Харківській області.", "uk"),
                                            ("Слідчі працюють у Київській області.", "uk")])
def test_places_oblast_by_colloquial_and_adjective_names(text: str, lang: str) -> None:
    names = _names(text, lang)
    assert len(names) == 1 and names[0] is not None and names[0].endswith("Oblast")


def test_places_multiword_name_inflected_word_by_word() -> None:
    assert _names("У Новій Каховці та у Великих Проходах окупанти лютували.", "uk") == [
        "Nova Kakhovka", "Velyki Prokhody"]


def test_places_hromada_is_its_centre() -> None:
    assert _names("У Балаклійській громаді та Куп'янській міській громаді знайшли катівні.", "uk") == [
        "Balakliia", "Kupiansk"]


@pytest.mark.parametrize(("word", "lang", "name"), [
    ("Charków", "pl", "Kharkiv"), ("Izioum", "fr", "Izium"), ("Járkov", "es", "Kharkiv"),
    ("Charkiw", "de", "Kharkiv"), ("Isjum", "de", "Izium"), ("Butscha", "de", "Bucha"),
    ("Cherson", "pl", "Kherson"), ("Jersón", "es", "Kherson"), ("Boutcha", "fr", "Bucha")])
def test_places_exonyms(word: str, lang: str, name: str) -> None:
    assert _names(f"Die Leute in {word} warten." if lang == "de" else f"{word}.", lang) == [name]


def test_places_polish_cases_and_oblast_adjective() -> None:
    assert _names("W Iziumie i w Buczy, a także w obwodzie charkowskim.", "pl") == [
        "Izium", "Bucha", "Kharkiv Oblast"]


def test_places_region_named_after_its_city() -> None:
    assert _names("Les enquêteurs travaillent dans la région de Kharkiv.", "fr") == ["Kharkiv Oblast"]
    assert _names("Die Ermittler sind im Gebiet Charkiw unterwegs.", "de") == ["Kharkiv Oblast"]


def test_places_adjective_of_the_next_noun_is_no_place() -> None:
    text = "Бої тривають на Куп'янському та Лиманському напрямках. Головне управління поліції повідомило."
    assert _names(text, "uk") == []


def test_places_pronoun_and_first_name_are_no_places() -> None:
    assert _names("«Мене взяли вночі», — розповідає 29-річний Максим.", "uk") == []


def test_places_river_is_no_place_but_the_city_on_it_is() -> None:
    assert _names("Росіяни зруйнували міст через Десну на лівому березі Дніпра.", "uk") == []
    assert _names("Вибухи пролунали у Дніпрі.", "uk") == ["Dnipro"]


def test_places_common_word_opening_a_sentence_needs_evidence() -> None:
    assert _names("Доля чоловіка досі невідома. Мирне населення ховалося.", "uk") == []


def test_places_namesake_decided_by_the_report_oblast() -> None:
    text = "Изюм освободили. В соседнем селе Каменка Харьковской области военные похитили двоих мужчин."
    matches = resolve(text, finder("ru").find(text), lang="ru")
    kamianka = [r.place for r in matches if r.surface == "Каменка"][0]
    assert kamianka is not None and kamianka.admin1 == "Kharkiv Oblast"


def test_places_town_adjective_before_its_council_or_head_is_the_town() -> None:
    text = ("Окупанти затримали секретаря Балаклійської міської ради, а також заступника Ізюмського міського "
            "голови.")
    assert _names(text, "uk") == ["Balakliia", "Izium"]


def test_places_oblast_adjective_before_an_office_is_no_town() -> None:
    assert "Kharkiv" not in _names("Про це повідомили у Харківській ОВА.", "uk")


def test_places_land_named_after_its_city_after_na() -> None:
    assert _names("Окупанти вивезли тонни зерна на Запоріжжі.", "uk") == ["Zaporizhzhia Oblast"]
    assert _names("Окупанти обстріляли будинки у Запоріжжі.", "uk") == ["Zaporizhzhia"]


def test_places_headline_word_before_a_paragraph_break_is_still_a_place() -> None:
    text = "Слідчі допитали жителів Балаклії\n\nДеталі на сайті."
    assert _names(text, "uk") == ["Balakliia"]


def test_places_act_in_a_raion_is_in_its_oblast(ml_annotate: Callable[..., Doc]) -> None:
    for text, lang in (("Окупанти обстріляли лікарню у Балаклійському районі.", "uk"),
                       ("Оккупанты ударили по больнице в Изюмском районе.", "ru")):
        doc = ml_annotate(text, lang)
        assert [p.kb_id_ for p in doc.spans["places"]] == ["admin1:63"]


def test_places_raion_named_without_a_preposition_is_no_place() -> None:
    assert _names("Пошукова група працювала в лісі біля Ворзеля Бучанського району.", "uk") == ["Vorzel"]


def test_places_city_and_oblast_after_it() -> None:
    assert _names("Окупанти обстрілювали Харків та області.", "uk") == ["Kharkiv", "Kharkiv Oblast"]
    assert _names("Подвалы для пыток нашли в Николаеве и области.", "ru") == ["Mykolaiv", "Mykolaiv Oblast"]


def test_places_country_adjective_before_an_office_is_no_town() -> None:
    assert _names("Украинские следователи и Изюмский городской голова сообщили о пытках.", "ru") == ["Izium"]
    assert _names("Окупанти катували людей у селі Гракове Чугуївської громади.", "uk")[0] == "Hrakove"


def test_places_region_of_a_city_by_its_old_name_is_the_oblast() -> None:
    assert _names("Des frappes ont touché la région de Dnipropetrovsk.", "fr") == ["Dnipropetrovsk Oblast"]


def test_places_two_regions_named_together_are_both_oblasts() -> None:
    assert _names("Los abusos ocurrieron en las regiones de Kiev y Chernígov.", "es") == [
        "Kyiv Oblast", "Chernihiv Oblast"]
