"""Tests for svidok.extract.translit (official 2010 system and news spellings)."""

from __future__ import annotations

from svidok.extract.translit import normalize, official, spelling_variants


def test_translit_official_positional_letters() -> None:
    assert official("Єнакієве") == "Yenakiieve"
    assert official("Юрівка") == "Yurivka"
    assert official("Ягідне") == "Yahidne"
    assert official("Їжакевич") == "Yizhakevych"
    assert official("Йосипівка") == "Yosypivka"
    assert official("Стрий") == "Stryi"


def test_translit_official_consonants_and_signs() -> None:
    assert official("Згурівка") == "Zghurivka"
    assert official("Гракове") == "Hrakove"
    assert official("Ґалаґан") == "Galagan"
    assert official("Щорс") == "Shchors"
    assert official("Харків") == "Kharkiv"
    assert official("Куп'янськ") == "Kupiansk"
    assert official("Біла Церква") == "Bila Tserkva"


def test_translit_news_variants_include_russian_forms() -> None:
    assert {"kupyansk", "kupjansk"} <= spelling_variants("Куп'янськ")
    assert "grakovo" in spelling_variants("Гракове")
    assert {"kiev", "chuguyev"} <= spelling_variants("Киев") | spelling_variants("Чугуев")


def test_translit_normalize_unifies_marks_and_hyphens() -> None:
    assert normalize("Kup’yans’k") == normalize("Kup'yans'k") == "kupyansk"
    assert normalize("Ivano-Frankivsk") == "ivano frankivsk"
    assert normalize("Buča") == "buca"
    assert normalize("Київ") == "київ"  # Cyrillic ї must survive


def test_translit_russian_forms_of_yne_and_ivka_endings() -> None:
    assert "pravdino" in spelling_variants("Правдине")
    assert "ivanovka" in spelling_variants("Іванівка")
