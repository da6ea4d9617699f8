"""Lemmas, parts of speech and grammatical case of words, per language.

Ukrainian and Russian: pymorphy3 with its uk/ru dictionaries (every parse is kept: the first is
often wrong on its own, "сорока" is a magpie before it is forty). Other languages: simplemma
lemmas only. Results are cached per word form; nothing is downloaded.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

PYMORPHY = frozenset({"uk", "ru"})
# pymorphy3's parts of speech in Universal Dependencies terms
_UPOS = {"NOUN": "NOUN", "ADJF": "ADJ", "ADJS": "ADJ", "COMP": "ADJ", "VERB": "VERB", "INFN": "VERB",
         "PRTF": "VERB", "PRTS": "VERB", "GRND": "VERB", "NUMR": "NUM", "ADVB": "ADV", "NPRO": "PRON",
         "PRED": "ADV", "PREP": "ADP", "CONJ": "CCONJ", "PRCL": "PART", "INTJ": "INTJ"}
_CASES = {"nomn": "Nom", "gent": "Gen", "gen2": "Gen", "datv": "Dat", "accs": "Acc", "acc2": "Acc",
          "ablt": "Ins", "loct": "Loc", "loc2": "Loc", "voct": "Voc"}
_NAME_TAGS = frozenset({"Name", "Surn", "Patr"})


@dataclass(frozen=True, slots=True)
class Parse:
    lemma: str
    pos: str  # Universal Dependencies part of speech ("X" when unknown)
    case: str | None  # Nom Gen Dat Acc Ins Loc Voc
    number: str | None  # Sing Plur
    tags: frozenset[str]  # pymorphy3's tags: Name Surn Patr Geox Abbr ...
    score: float


def _apostrophe(word: str) -> str:
    """The dictionaries spell the apostrophe as ' (texts use ’ and ʼ as well)."""
    return word.replace("’", "'").replace("ʼ", "'")


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'")


class Morph:
    """The analyses of one language's words."""

    def __init__(self, code: str) -> None:
        self.code = code
        self._lock = threading.Lock()
        if code in PYMORPHY:
            import pymorphy3

            self._analyzer = pymorphy3.MorphAnalyzer(lang=code)
        else:
            self._analyzer = None
        self.parses = lru_cache(maxsize=200_000)(self._parses)

    def _parses(self, word: str) -> tuple[Parse, ...]:
        if self._analyzer is None:
            import simplemma

            lemma = simplemma.lemmatize(word, lang=self.code)
            return (Parse(_fold(lemma), "X", None, None, frozenset(), 1.0),)
        out = []
        with self._lock:  # pymorphy3's analyzer keeps caches of its own
            parsed = self._analyzer.parse(_apostrophe(word))
        for p in parsed[:6]:
            tag = p.tag
            grams = frozenset(str(g) for g in tag.grammemes)
            # the Ukrainian dictionary marks only the plural: a form with a case and no plural is singular
            number = "Plur" if "plur" in grams else "Sing" if "sing" in grams or (
                self.code == "uk" and any(g in _CASES for g in grams)) else None
            case = next((_CASES[g] for g in grams if g in _CASES), None)
            pos = _UPOS.get(str(tag.POS), "X")
            out.append(Parse(_fold(p.normal_form), pos, case, number, grams, p.score))
        return tuple(out) or (Parse(_fold(word), "X", None, None, frozenset(), 1.0),)

    def lemmas(self, word: str) -> frozenset[str]:
        """Every lemma the word may have, and the word itself (lower case)."""
        return frozenset({_fold(word)} | {p.lemma for p in self.parses(word)})

    def known(self, word: str) -> bool:
        """The dictionary holds the word (not a guess from its ending); uk/ru only."""
        if self._analyzer is None:
            return False
        with self._lock:
            return bool(self._analyzer.word_is_known(_apostrophe(word).lower()))

    def lemma(self, word: str) -> str:
        return self.parses(word)[0].lemma

    def is_name(self, word: str) -> bool:
        """A first name, surname or patronymic by the dictionary (uk/ru only)."""
        return any(p.tags & _NAME_TAGS for p in self.parses(word)[:3])

    def nominatives(self, word: str) -> set[str]:
        """Nominative singular forms the word may be an inflection of ("Ізюмі" -> "ізюм", "Новій" ->
        "нова", "Ягідному" -> "ягідне"): how a place name is looked up in the gazetteer."""
        if self._analyzer is None:
            return set()
        out: set[str] = set()
        with self._lock:
            parsed = self._analyzer.parse(_apostrophe(word))[:6]
            for p in parsed:
                out.add(_fold(p.normal_form))
                if p.tag.POS in ("ADJF", "PRTF"):
                    gender = next((g for g in ("femn", "neut", "masc") if g in p.tag), None)
                    plural = "plur" in p.tag
                    for want in ([{"nomn", "plur"}] if plural else []) + (
                            [{"nomn", "sing", gender}, {"nomn", gender}] if gender else [{"nomn", "sing"}]):
                        form = p.inflect(want)  # the Ukrainian dictionary has no "sing" grammeme
                        if form is not None:
                            out.add(_fold(form.word))
                            break
                elif p.tag.POS == "NOUN" and "plur" in p.tag:
                    form = p.inflect({"nomn", "plur"})  # "Великі Проходи": a plural name
                    if form is not None:
                        out.add(_fold(form.word))
        return out


_MORPHS: dict[str, Morph] = {}
_LOCK = threading.Lock()


def morph(code: str) -> Morph:
    """The analyser of a language, made once per process."""
    with _LOCK:
        if code not in _MORPHS:
            _MORPHS[code] = Morph(code)
        return _MORPHS[code]
