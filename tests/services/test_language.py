from __future__ import annotations

import pytest

from svidok.model import ReadText
from svidok.services.language import LanguageError, check_code, tag


def _read(text: str, body: tuple[tuple[int, int], ...] = ()) -> ReadText:
    return ReadText(text, "test", "1", body=body)


@pytest.mark.parametrize(("given", "code"), [("uk", "uk"), (" RU ", "ru"), ("und", "und")])
def test_language_check_code_accepts_iso_codes(given: str, code: str) -> None:
    assert check_code(given) == code


@pytest.mark.parametrize("given", ["ukr", "Ukrainian", "u", "", "u1"])
def test_language_check_code_refuses_other_values(given: str) -> None:
    with pytest.raises(LanguageError, match="two-letter ISO 639-1"):
        check_code(given)


def test_language_tag_given_skips_identification() -> None:
    assert tag(_read("Russian forces shelled the town."), "uk") == tag(_read("x"), "uk")


def test_language_tag_reads_the_body_only() -> None:
    uk = "Окупанти обстріляли лікарню в Куп'янську, загинули двоє медиків."
    text = f"Share this story on Facebook and Twitter now please\n\n{uk}"
    found = tag(_read(text, ((text.index(uk), len(text)),)))
    assert (found.code, found.runs) == ("uk", ())
