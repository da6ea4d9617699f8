"""svidok.extract.multi.counts: numbers in digits and words, in their case forms, with qualifiers."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.tokens import Doc


def _counts(doc: Doc) -> list[tuple[int, str, str]]:
    return [(int(c.kb_id_.split("|")[0]), c.label_, c.kb_id_.split("|")[2]) for c in doc.spans["counts"]]


@pytest.mark.parametrize(("text", "lang", "value"), [
    ("Окупанти утримували сорока цивільних.", "uk", 40), ("Вони вбили двох чоловіків.", "uk", 2),
    ("Загинули п'ятеро людей.", "uk", 5), ("Вивезли п’ятьох дітей.", "uk", 5), ("Загинули троє дітей.", "uk",
     3),
    ("Загинули двадцять п'ять мирних жителів.", "uk", 25), ("Погибли сорок человек.", "ru", 40),
    ("Похитили двоих мужчин.", "ru", 2), ("Zginęło czterdzieści osób.", "pl", 40),
    ("Ils ont tué trois civils.", "fr", 3)])
def test_counts_number_words_in_their_case_forms(ml_annotate: Callable[..., Doc], text: str, lang: str,
                                                 value: int) -> None:
    assert [c[0] for c in _counts(ml_annotate(text, lang))] == [value]


@pytest.mark.parametrize(("text", "lang", "qualifier"), [
    ("Понад 400 полонених тримали в таборі.", "uk", "at_least"), ("Щонайменше 12 тіл знайшли.", "uk",
     "at_least"),
    ("Близько 30 людей тримали в підвалі.", "uk", "about"), ("Там було до 15 людей.", "uk", "at_most"),
    ("Не менее 15 детей вывезли.", "ru", "at_least"), ("Около 30 человек держали в подвале.", "ru", "about"),
    ("По меньшей мере 10 человек погибли.", "ru", "at_least"), ("Au moins 40 civils ont été tués.", "fr",
     "at_least"),
    ("Mindestens 40 Zivilisten wurden getötet.", "de", "at_least")])
def test_counts_qualifiers(ml_annotate: Callable[..., Doc], text: str, lang: str, qualifier: str) -> None:
    assert [c[1] for c in _counts(ml_annotate(text, lang))] == [qualifier]


def test_counts_an_age_is_no_count(ml_annotate: Callable[..., Doc]) -> None:
    assert _counts(ml_annotate("Окупанти вбили 75-річного чоловіка. Загинула жінка 68 років.", "uk")) == []


def test_counts_a_date_is_no_count(ml_annotate: Callable[..., Doc]) -> None:
    assert _counts(ml_annotate("23 марта российские военные похитили главу села.", "ru")) == []


def test_counts_part_after_among_them_is_marked(ml_annotate: Callable[..., Doc]) -> None:
    counts = _counts(ml_annotate("Загинули п'ятеро людей, серед них двоє дітей.", "uk"))
    assert counts == [(5, "exact", ""), (2, "exact", "sub")]


def test_counts_of_the_wounded_are_marked(ml_annotate: Callable[..., Doc]) -> None:
    assert _counts(ml_annotate("Ще троє людей травмовані.", "uk"))[0][2] == "hurt"


def test_counts_number_of_them(ml_annotate: Callable[..., Doc]) -> None:
    assert [c[0] for c in _counts(ml_annotate("Окупанти розстріляли сімох із них.", "uk"))] == [7]
