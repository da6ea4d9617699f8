"""Which language a text is written in, offline.

py3langid ships its model inside the package (nothing is downloaded). It is restricted to the
languages Svidok knows plus close neighbours, so that a Belarusian or Bulgarian text is not
forced into Russian. Ukrainian and Russian share most letters; short texts are settled by the
letters only one of them uses (і ї є ґ against ы э ъ ё), which the statistical model weighs
too lightly on a headline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Languages Svidok reads. The neighbours are there to be recognised, not read.
KNOWN = ("en", "uk", "ru", "pl", "fr", "es", "de")
NEIGHBOURS = ("be", "bg", "cs", "sk", "it", "pt", "nl", "ro")
UNDETERMINED = "und"

_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
_RU_ONLY = re.compile(r"[ыэъёЫЭЪЁ]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LETTER = re.compile(r"[^\W\d_]")
_MIN_LETTERS = 3


@dataclass(frozen=True, slots=True)
class Identified:
    code: str  # ISO 639-1, or "und"
    confidence: float  # 0..1
    method: str  # "model", "letters" or "given"


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid import langid  # type: ignore[import-untyped]

    ident = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    ident.set_languages(list(KNOWN + NEIGHBOURS))
    return ident


def _letters_say(text: str) -> str | None:
    """uk or ru from letters only one of them has, when the evidence is one-sided."""
    uk = len(_UK_ONLY.findall(text))
    ru = len(_RU_ONLY.findall(text))
    if uk and not ru:
        return "uk"
    if ru and not uk:
        return "ru"
    if uk and ru:
        return "uk" if uk >= 3 * ru else "ru" if ru >= 3 * uk else None
    return None


def identify(text: str, sample_chars: int = 20_000) -> Identified:
    """The language of `text` (its first `sample_chars` characters suffice)."""
    sample = text[:sample_chars]
    letters = _LETTER.findall(sample)
    if len(letters) < _MIN_LETTERS:
        return Identified(UNDETERMINED, 0.0, "model")
    code, prob = _identifier().classify(sample)
    cyrillic = len(_CYRILLIC.findall(sample)) / len(letters)
    if cyrillic > 0.5 and code != "be" and (code in ("uk", "ru", "bg") or prob < 0.9):
        by_letters = _letters_say(sample)
        if by_letters is not None and by_letters != code:
            return Identified(by_letters, max(0.5, 1.0 - float(prob) / 2), "letters")
        if code in NEIGHBOURS and prob < 0.8:
            # A short neighbour guess is more often Russian or Ukrainian news: take the better one.
            ranked = [(c, p) for c, p in _identifier().rank(sample) if c in ("uk", "ru")]
            if ranked:
                return Identified(str(ranked[0][0]), float(ranked[0][1]), "model")
    return Identified(str(code), float(prob), "model")


def identify_segments(paragraphs: list[str]) -> list[Identified]:
    """One answer per paragraph, for pages that mix languages."""
    return [identify(p) for p in paragraphs]
