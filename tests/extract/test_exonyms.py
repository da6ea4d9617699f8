"""svidok.extract.exonyms: Russian forms and foreign spellings of Ukrainian place names."""

from __future__ import annotations

import pytest

from svidok.extract.exonyms import exonyms, russian_forms


@pytest.mark.parametrize(("uk", "ru"), [("Харків", "харков"), ("Іванівка", "ивановка"), ("Ягідне", "ягодное"),
                                        ("Куп'янськ", "купянск"), ("Андріївка", "андреевка"),
                                        ("Нова Каховка", "новая каховка"), ("Мотижин", "мотыжин")])
def test_exonyms_russian_forms_by_rule(uk: str, ru: str) -> None:
    assert ru in russian_forms(uk)


@pytest.mark.parametrize(("name", "lang", "spelling"), [
    ("Харків", "pl", "charków"), ("Харків", "de", "charkiw"), ("Ізюм", "fr", "izioum"), ("Ізюм", "de",
     "isjum"),
    ("Харьков", "es", "jarkov"), ("Бородянка", "pl", "borodzianka"), ("Запоріжжя", "de", "saporischschja"),
    ("Одеса", "fr", "odessa"), ("Буча", "pl", "bucza")])
def test_exonyms_spelling_by_language(name: str, lang: str, spelling: str) -> None:
    assert spelling in exonyms(name, lang)


def test_exonyms_unknown_language_is_an_error() -> None:
    with pytest.raises(ValueError, match="no exonym rules"):
        exonyms("Харків", "it")
