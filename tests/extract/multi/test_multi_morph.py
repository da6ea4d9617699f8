"""svidok.extract.multi.morph: lemmas, cases and nominatives from pymorphy3 and simplemma."""

from __future__ import annotations

from svidok.extract.multi.morph import morph


def test_morph_nominatives_of_inflected_ukrainian_place_names() -> None:
    uk = morph("uk")
    assert "ізюм" in uk.nominatives("Ізюмі")
    assert "нова" in uk.nominatives("Новій")  # the adjective keeps its gender: Нова Каховка
    assert "ягідне" in uk.nominatives("Ягідному")


def test_morph_apostrophe_variants_read_alike() -> None:
    uk = morph("uk")
    assert uk.lemmas("Куп'янську") == uk.lemmas("Куп’янську") == uk.lemmas("Купʼянську")


def test_morph_keeps_the_numeral_reading_behind_the_first() -> None:
    # "сорока" is a magpie first and the genitive of forty second: both readings are kept
    parses = morph("uk").parses("сорока")
    assert parses[0].pos == "NOUN"
    assert any(p.pos == "NUM" and p.lemma == "сорок" for p in parses)


def test_morph_russian_case_of_a_place() -> None:
    parse = morph("ru").parses("Харьковом")[0]
    assert parse.lemma == "харьков" and parse.case == "Ins"


def test_morph_other_languages_lemmatise_with_simplemma() -> None:
    assert morph("pl").lemma("zamordowali") == "zamordować"
    assert morph("de").lemma("Leichen") == "leiche"
