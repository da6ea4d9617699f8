"""svidok.extract.multi.townwords: towns named by their adjective, and acts placed in a raion."""

from __future__ import annotations

from svidok.extract.multi.places import _WORD, finder
from svidok.extract.multi.townwords import institution, raion_oblast


def _first_key(text: str, lang: str) -> str | None:
    f = finder(lang)
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    for i, (_, _, w) in enumerate(words):
        if w[:1].isupper():
            found = institution(f, text, words, i)
            if found is not None:
                return found[1]
    return None


def test_townwords_council_adjective_is_its_hromada() -> None:
    assert _first_key("депутат Балаклійської міської ради", "uk") == "балаклійська громада"
    assert _first_key("заступник Ізюмського міського голови", "uk") == "ізюмська громада"


def test_townwords_oblast_and_country_adjectives_name_no_town() -> None:
    assert _first_key("Про це повідомили у Харківській обласній прокуратурі.", "uk") is None
    assert _first_key("Українські слідчі та Российские военные", "uk") is None


def test_townwords_russian_adjective_by_its_stem() -> None:
    assert _first_key("Изюмский городской голова", "ru") == "изюм"


def test_townwords_raion_after_in_is_its_oblast() -> None:
    text = "Удар по лікарні у Балаклійському районі."
    match = next(m for m in finder("uk").find(text) if m.raion)
    oblast = raion_oblast(text, match)
    assert oblast is not None and oblast.name == "Kharkiv Oblast"
