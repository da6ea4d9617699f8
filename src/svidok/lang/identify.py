"""Which language a text is written in, offline.

py3langid ships its model inside the package (nothing is downloaded). It is restricted to the
languages Svidok knows plus close neighbours, so that a Belarusian or Bulgarian text is not
forced into Russian. Ukrainian and Russian share most letters; short texts are settled by the
letters and word forms only one of them uses (і ї є ґ, the apostrophe, що/та/також against ы э ё,
и/что/это), which the statistical model weighs too lightly on a headline. Bulgarian uses ъ as a
vowel before consonants (път, към), Russian only as a sign before е/ё/ю/я (объявил): counting a
bare ъ as Russian turned nine Bulgarian headlines of ten into Russian (docs/languages.md).

A page that mixes languages gets runs: (start, end, language) over its paragraphs, kept when
more than one language covers at least a fifth of the letters (`identify_runs`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Languages Svidok reads. The neighbours are there to be recognised, not read.
KNOWN = ("en", "uk", "ru", "pl", "fr", "es", "de")
NEIGHBOURS = ("be", "bg", "cs", "sk", "it", "pt", "nl", "ro")
UNDETERMINED = "und"
MIXED_SHARE = 0.2  # a second language covering this share of the letters makes a page mixed

# ьо: Ukrainian writes трьох, сьогодні where Russian has ё; Russian ьо is the loanwords' -ьон.
_UK_ONLY = re.compile(r"[іїєґІЇЄҐ]|(?<=[бпвмфрБПВМФР])['’ʼ](?=[яюєїЯЮЄЇ])|[ьЬ][оО](?![нН])")
_RU_ONLY = re.compile(r"[ыэёЫЭЁ]|[ъЪ](?=[еёюяЕЁЮЯ])")
_BG_HARD = re.compile(r"(?<=[а-яА-Я])[ъЪ](?![еёюяЕЁЮЯ])|\b[ъЪ]")  # ъ as a vowel: път, към, ъгъл
_BE_ONLY = re.compile(r"[ўЎ]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[\u0400-\u04FF'’ʼ]+")
# Latin i typed for Ukrainian і (a keyboard habit): inside a Cyrillic word it is that letter.
_LATIN_I = re.compile(r"(?<=[\u0400-\u04FF])[iI]|[iI](?=[\u0400-\u04FF])")
_MIN_LETTERS = 3
# Letters in word-like tokens (letters only, at most 25 of them): prose is mostly made of them; hex
# digests, base64 and URL dumps are not, and a model reads them as some language (hex as Dutch).
_WORDLIKE = re.compile(r"(?<!\w)[^\W\d_]{1,25}(?!\w)")

# Word cues for Cyrillic texts without the telling letters: each word names the languages among
# Ukrainian, Russian and Bulgarian that use it (Belarusian is settled by ў before words count).
_CUES: dict[str, frozenset[str]] = {}
for _langs, _words in (
    ("uk", "що це як але або вже його був була було були зараз тому дуже коли щодо щонайменше понад "
           "також проте де хто вона воно вони з зі й та нема немає який яка яке які якого яких щоб"),
    ("ru", "что это еще уже был была было были его ее кто они также который которая которое которые "
           "которых после сегодня более тоже очень нет человек чтобы где"),
    ("bg", "още са че към във със бяха беше като това тези този тази които който която което също "
           "според днес най обаче срещу"),
    ("ru bg", "и с от из под к или как"),
    ("uk bg", "ще"),
):
    for _w in _words.split():
        _CUES[_w] = frozenset(_langs.split())
_CUE_ENDINGS = (
    (re.compile(r"\w{2,}ння\b"), frozenset({"uk"})),  # затримання; Russian -ние/-ния
    (re.compile(r"\w{2,}тся\b"), frozenset({"ru"})),  # продолжается; Ukrainian -ється
    (re.compile(r"\w{2,}(?:ние|ния|нию|нием)\b"), frozenset({"ru", "bg"})),
    (re.compile(r"\w{3,}[иая]ха\b"), frozenset({"bg"})),  # aorist: удариха, бяха, загинаха
    (re.compile(r"\w{2,}ск(?:ата|ите|ото|ия)\b"), frozenset({"bg"})),  # article: руските, украинската
)


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


def _one_sided(uk: int, ru: int) -> str | None:
    if uk and not ru:
        return "uk"
    if ru and not uk:
        return "ru"
    if uk and ru:  # a report quoting the other language: the main one has three times the marks
        return "uk" if uk >= 3 * ru else "ru" if ru >= 3 * uk else None
    return None


def _letters_say(text: str) -> str | None:
    """uk or ru from letters only one of them has, when the evidence is one-sided."""
    return _one_sided(len(_UK_ONLY.findall(text)), len(_RU_ONLY.findall(text)))


def _words_say(text: str) -> str | None:
    """uk, ru or bg from function words and endings (for texts without the telling letters): the
    language that more cues fit than any other, or None on a tie."""
    support = {"uk": 0, "ru": 0, "bg": 0}
    for w in _WORD.findall(text):
        for lang in _CUES.get(w.lower(), ()):
            support[lang] += 1
    for pattern, langs in _CUE_ENDINGS:
        for _ in pattern.finditer(text):
            for lang in langs:
                support[lang] += 1
    ranked = sorted(support.items(), key=lambda kv: -kv[1])
    return ranked[0][0] if ranked[0][1] > ranked[1][1] else None


def _cyrillic(sample: str, code: str, prob: float) -> Identified | None:
    """The answer of the letters and words for a Cyrillic text, or None to keep the model's."""
    if code == "be" or len(_BE_ONLY.findall(sample)) >= 2:  # ў is Belarusian only
        return None if code == "be" else Identified("be", max(0.5, 1.0 - prob / 2), "letters")
    uk, ru = len(_UK_ONLY.findall(sample)), len(_RU_ONLY.findall(sample))
    if _BG_HARD.search(sample) and not (uk or ru):
        return None if code == "bg" else Identified("bg", max(0.5, 1.0 - prob / 2), "letters")
    by = _one_sided(uk, ru)
    if by is None and not (uk or ru) and prob < 0.95:
        by = _words_say(sample)
    if by is not None:
        return None if by == code else Identified(by, max(0.5, 1.0 - prob / 2), "letters")
    if code not in ("uk", "ru") and prob < 0.8 and not (code == "bg" and _words_say(sample) == "bg"):
        # A short neighbour guess without its own letters or words is more often Russian or
        # Ukrainian news (what Svidok reads): take the better of the two.
        ranked = [(c, p) for c, p in _identifier().rank(sample) if c in ("uk", "ru")]
        if ranked:
            return Identified(str(ranked[0][0]), float(ranked[0][1]), "model")
    return None


def identify(text: str, sample_chars: int = 20_000) -> Identified:
    """The language of `text` (its first `sample_chars` characters suffice)."""
    sample = _LATIN_I.sub(lambda m: "і" if m.group() == "i" else "І", text[:sample_chars])
    letters = _LETTER.findall(sample)
    if len(letters) < _MIN_LETTERS or 2 * sum(map(len, _WORDLIKE.findall(sample))) < len(letters):
        return Identified(UNDETERMINED, 0.0, "model")
    code, prob = _identifier().classify(sample)
    code, prob = str(code), float(prob)
    if len(_CYRILLIC.findall(sample)) / len(letters) > 0.5:
        settled = _cyrillic(sample, code, prob)
        if settled is not None:
            return settled
    return Identified(code, prob, "model")


def identify_segments(paragraphs: list[str]) -> list[Identified]:
    """One answer per paragraph, for pages that mix languages."""
    return [identify(p) for p in paragraphs]


_BLOCK = re.compile(r"\n[ \t]*\n")


def _blocks(text: str, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Paragraphs [start, end) inside `spans`: blank-line blocks, or lines when a span has none."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        part = text[a:b]
        cuts = _BLOCK if _BLOCK.search(part) else re.compile(r"\n")
        pos = 0
        for m in cuts.finditer(part):
            out.append((a + pos, a + m.start()))
            pos = m.end()
        out.append((a + pos, b))
    return [(a, b) for a, b in out if text[a:b].strip()]


_WINDOW_LETTERS = 40  # a paragraph shorter than this is read together with the next ones
_WINDOW_SAMPLE = 600  # characters of a window identified (the cost follows the characters read)


def _windows(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(start, end, letters) of the paragraphs, a paragraph of fewer than _WINDOW_LETTERS letters
    (a caption, a dateline) read with the one before it (the first ones with the next): one
    identification per window, none on a word or two."""
    out: list[tuple[int, int, int]] = []
    for a, b in blocks:
        n = len(_LETTER.findall(text[a:b]))
        if out and (n < _WINDOW_LETTERS or out[-1][2] < _WINDOW_LETTERS):
            out[-1] = (out[-1][0], b, out[-1][2] + n)
        else:
            out.append((a, b, n))
    return out


def identify_document(text: str, spans: Sequence[tuple[int, int]] | None = None,
                      sample_chars: int = 20_000) -> tuple[Identified, tuple[tuple[int, int, str], ...]]:
    """The language of a document's report body (`spans`, default the whole text) and, when the
    page mixes languages, its runs (see `identify_runs`), in one pass over its paragraphs.

    The document's language is the one that most letters are in; its confidence that share times
    the windows' mean confidence; its method "letters" when letters settled most of them."""
    blocks = _blocks(text, spans if spans else [(0, len(text))])
    kept, total = [], 0
    for a, b in blocks:  # the first sample_chars of the body suffice, as for identify()
        if total >= sample_chars:
            break
        kept.append((a, min(b, a + sample_chars - total)))
        total += kept[-1][1] - kept[-1][0]
    windows = _windows(text, kept)
    if len(windows) < 2:
        return identify("\n\n".join(text[a:b] for a, b in kept)), ()
    # a window's first _WINDOW_SAMPLE characters tell its language as well as all of them
    found = [(a, b, n, identify(text[a:b], _WINDOW_SAMPLE)) for a, b, n in windows]
    letters: dict[str, int] = {}
    for _, _, n, ident in found:
        if ident.code != UNDETERMINED:
            letters[ident.code] = letters.get(ident.code, 0) + n
    if not letters:
        return Identified(UNDETERMINED, 0.0, "model"), ()
    code = max(letters, key=lambda c: letters[c])
    share = letters[code] / sum(letters.values())
    mine = [(n, ident) for _, _, n, ident in found if ident.code == code]
    weight = sum(n for n, _ in mine) or 1
    confidence = share * sum(n * ident.confidence for n, ident in mine) / weight
    by_letters = sum(n for n, ident in mine if ident.method == "letters")
    doc = Identified(code, confidence, "letters" if by_letters * 2 > weight else "model")
    if sum(1 for v in letters.values() if v / sum(letters.values()) >= MIXED_SHARE) < 2:
        return doc, ()
    runs: list[tuple[int, int, str]] = []
    for a, b, _, ident in found:
        lang = ident.code if ident.code != UNDETERMINED else (runs[-1][2] if runs else code)
        if runs and runs[-1][2] == lang:
            runs[-1] = (runs[-1][0], b, lang)
        else:
            runs.append((a, b, lang))
    return doc, tuple(runs)


def identify_runs(text: str, spans: Sequence[tuple[int, int]] | None = None
                  ) -> tuple[tuple[int, int, str], ...]:
    """Runs (start, end, language) over the paragraphs of `spans` (default: the whole text) when
    the page mixes languages: more than one language covers at least MIXED_SHARE of the letters.
    Otherwise (), the document's one language says it all. Paragraphs are read in windows of
    at least _WINDOW_LETTERS letters, so a run is never shorter than a window."""
    return identify_document(text, spans)[1]
