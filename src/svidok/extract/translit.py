"""Transliteration of Ukrainian (and Russian) Cyrillic names into Latin script.

`official` implements the Ukrainian national system of 2010 (Cabinet of Ministers
resolution No. 55), which gives the canonical English names (Гракове -> Hrakove).
`spelling_variants` produces the other Latin spellings English-language news uses
for the same name (Russian-based "Kupyansk", "Grakovo", "Chuguyev", "Kiev").
`normalize` turns any spelling into the lookup key shared by the gazetteer index.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["official", "normalize", "spelling_variants", "is_cyrillic", "fold_latin"]

_APOSTROPHES = "'’ʼ`´‘ʹ′"
_UK_ONLY = set("іїєґ")
_RU_ONLY = set("ыэёъ")
_VOWELS = set("аеєиіїоуюяыэё")

# Letters whose spelling does not depend on position.
_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ы": "y", "э": "e", "ъ": "",
}
# Letters spelled one way at the start of a word and another inside it (2010 rules).
_POSITIONAL = {"є": ("ye", "ie"), "ї": ("yi", "i"), "й": ("y", "i"), "ю": ("yu", "iu"), "я": ("ya", "ia")}


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _match_case(src: str, out: str, whole_upper: bool) -> str:
    if not out or not src.isupper():
        return out
    return out.upper() if whole_upper else out[0].upper() + out[1:]


def official(name: str) -> str:
    """Ukrainian national transliteration (2010): 'Куп'янськ' -> 'Kupiansk'."""
    out: list[str] = []
    chars = unicodedata.normalize("NFC", name)
    word_start = True
    for i, ch in enumerate(chars):
        low = ch.lower()
        if ch in _APOSTROPHES:
            continue  # apostrophe is dropped and does not start a new word
        if low == "г" and i > 0 and chars[i - 1].lower() == "з":
            piece = "gh"  # "зг" -> "zgh", to keep it apart from "ж" (zh)
        elif low in _POSITIONAL:
            piece = _POSITIONAL[low][0 if word_start else 1]
        elif low in _BASE:
            piece = _BASE[low]
        elif low == "ё":
            piece = "yo" if word_start else "io"
        else:
            piece = ch
            out.append(piece)
            word_start = not ch.isalpha()
            continue
        whole_upper = ch.isupper() and (
            (i + 1 < len(chars) and chars[i + 1].isupper()) or (i > 0 and chars[i - 1].isupper())
        )
        out.append(_match_case(ch, piece, whole_upper))
        word_start = False
    return "".join(out)


def _news(name: str, *, russian: bool, g: str, e_after_vowel: str, j: bool) -> str:
    """One of the looser Latin spellings found in English-language news."""
    low = unicodedata.normalize("NFC", name).lower()
    out: list[str] = []
    prev = " "
    for ch in low:
        if ch in _APOSTROPHES:
            continue
        if ch == "г":
            piece = "gh" if (g == "h" and prev == "з") else g
        elif ch == "и":
            piece = "i" if russian else "y"
        elif ch == "е":
            piece = e_after_vowel if (prev in _VOWELS or prev in "ьъ" or not prev.isalpha()) else "e"
        elif ch in "єюяї":
            piece = ("j" if j else "y") + {"є": "e", "ю": "u", "я": "a", "ї": "i"}[ch]
        elif ch == "й":
            piece = "j" if j else "y"
        elif ch == "ё":
            piece = "yo"
        elif ch in _BASE:
            piece = _BASE[ch]
        else:
            piece = ch
        out.append(piece)
        prev = ch
    return "".join(out)


# Russian adjectival/neuter endings as news spells them (Гракове ~ Граково -> Grakovo).
_ENDINGS = (("ove", ("ovo",)), ("eve", ("evo",)), ("yeve", ("yevo",)), ("ne", ("noye", "noe")),
            ("ke", ("koye", "koe")), ("yi", ("iy", "y", "yy")),
            # Правдине ~ Правдино (Pravdino), Іванівка ~ Ивановка (Ivanovka)
            ("yne", ("ino", "inoye", "inoe")), ("ivka", ("ovka",)))


def spelling_variants(name: str) -> set[str]:
    """Latin spellings of a Cyrillic name (official, Russian-based, j-based), lowercased."""
    low = name.lower()
    kinds: list[bool]
    if set(low) & _UK_ONLY:
        kinds = [False]
    elif set(low) & _RU_ONLY:
        kinds = [True]
    else:
        kinds = [False, True]  # cannot tell: spell both ways
    found = {official(name).lower()}
    for russian in kinds:
        for g in ("g", "h"):
            for e in ("e", "ye"):
                found.add(_news(name, russian=russian, g=g, e_after_vowel=e, j=False))
        found.add(_news(name, russian=russian, g="h", e_after_vowel="e", j=True))
    extra: set[str] = set()
    for form in found:
        for end, subs in _ENDINGS:
            if form.endswith(end):
                extra.update(form[: -len(end)] + s for s in subs)
    return {f for f in found | extra if f}


_LATIN_MARKS = re.compile(r"[\u0300-\u036f]")
_SPACES = re.compile(r"[\s\-‐‑–—_]+")
_DROP = str.maketrans({c: "" for c in _APOSTROPHES + ".,"})


def fold_latin(text: str) -> str:
    """Strip diacritics from Latin letters only (Cyrillic й/ї must survive)."""
    out = []
    for ch in text:
        if "\u00c0" <= ch <= "\u024f":
            base = _LATIN_MARKS.sub("", unicodedata.normalize("NFD", ch))
            out.append({"ø": "o", "ł": "l", "đ": "d", "ß": "ss", "æ": "ae"}.get(base, base))
        else:
            out.append(ch)
    return "".join(out)


def normalize(text: str) -> str:
    """Lookup key: casefolded, Latin diacritics and apostrophes dropped, hyphens as spaces."""
    text = unicodedata.normalize("NFC", text).casefold().replace("ё", "е")
    text = fold_latin(text).translate(_DROP)
    return _SPACES.sub(" ", text).strip()
