"""The word lists of one language (src/svidok/data/lang/<code>.yaml), ready for matching.

Lists are written in dictionary form; loading lemmatises each word with the language's analyser
so that a list matches any inflection of its words. An entry ending in "*" matches every word that
begins so; an entry of several words is a phrase, matched word by word on lemmas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from svidok.extract.multi.morph import Morph, morph

QUALIFIERS = ("exact", "at_least", "at_most", "about")


@dataclass(frozen=True, slots=True)
class WordSet:
    """Lemmas, word beginnings ("катівн*") and phrases (tuples of the same)."""

    words: frozenset[str]
    prefixes: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    def has(self, lemmas: frozenset[str] | set[str]) -> bool:
        if lemmas & self.words:
            return True
        return bool(self.prefixes) and any(w.startswith(self.prefixes) for w in lemmas)


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'").strip()


def word_forms(entry: str, analyser: Morph) -> frozenset[str]:
    """The forms one word of a list matches: itself and its lemmas."""
    entry = _fold(entry)
    if entry.endswith("*"):
        return frozenset({entry})
    return frozenset({entry}) | analyser.lemmas(entry)


def make_set(entries: list[str], analyser: Morph, exact: bool = False) -> WordSet:
    """`exact`: the entries are forms, not dictionary words ("aurait" must not become "avoir")."""
    words: set[str] = set()
    prefixes: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for raw in entries:
        entry = _fold(str(raw))
        if not entry:
            continue
        if " " in entry:
            phrases.append(tuple(entry.split()))
        elif entry.endswith("*"):
            prefixes.append(entry[:-1])
        else:
            words |= {entry} if exact else word_forms(entry, analyser)
    return WordSet(frozenset(words), tuple(prefixes), tuple(phrases))


@dataclass(frozen=True)
class Lexicon:
    """Everything language-specific the multilingual components read."""

    code: str
    raw: dict[str, Any]
    sets: dict[str, WordSet]
    abbreviations: frozenset[str]
    number_words: dict[str, int]
    multipliers: dict[str, int]
    vague_counts: dict[str, tuple[int, str]]
    qualifiers: tuple[tuple[tuple[str, ...], str], ...]  # longest first
    relative_days: dict[str, int]
    patterns: dict[str, re.Pattern[str]]
    region_adjectives: dict[str, str]  # word beginning -> oblast name ("charkowsk" -> Kharkiv Oblast)
    place_endings: tuple[tuple[str, str], ...]

    def words(self, name: str) -> WordSet:
        return self.sets.get(name) or WordSet(frozenset(), (), ())

    def list(self, name: str) -> list[str]:
        return [_fold(str(w)) for w in self.raw.get(name) or []]


# lists matched on lemmas (see data/lang/README in the yaml headers for what each holds)
SET_NAMES = (
    "victim_nouns", "military_victims", "wounded", "subset_markers", "negations", "hedges", "deny", "legal",
    "crime_nouns", "prospect", "intent", "party_nouns", "party_adjectives", "party_heads", "anaphora",
    "say_verbs", "official", "witness", "journalist", "office_nouns", "role_nouns", "origin_nouns",
    "movement_verbs", "locative_preps", "origin_preps", "direction_preps", "near_preps", "reference_words",
    "comparison", "region_words", "military", "find_verbs", "detention_places", "body_parts", "destinations",
    "exchange", "outlet_before", "person_descriptors", "forced", "settlement_words", "residents",
    "captive_civilians", "rhetoric", "there", "village_words", "township_words", "city_words",
    "river_words", "street_words", "person_pronouns", "of_them", "attack_background", "rivers", "appeal",
)


EXACT_SETS = frozenset({"hedges", "negations", "person_pronouns", "of_them", "subset_markers", "there",
                        "locative_preps", "origin_preps", "direction_preps", "near_preps",
                        "attack_background", "deny", "intent"})


def _int_map(raw: object) -> dict[str, int]:
    return {_fold(str(k)): int(v) for k, v in (raw or {}).items()}  # type: ignore[attr-defined]


@lru_cache(maxsize=16)
def load_lexicon(code: str) -> Lexicon:
    """The bundled word lists of a language; FileNotFoundError when it has none."""
    path = resources.files("svidok.data.lang").joinpath(f"{code}.yaml")
    if not path.is_file():
        raise FileNotFoundError(f"svidok/data/lang/{code}.yaml")
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    analyser = morph(code)
    # without a full morphology a form's lemma may be another word's ("aurait" -> "avoir"): lists of
    # function words keep their forms there
    exact = code not in ("uk", "ru")
    sets = {name: make_set(list(raw.get(name) or []), analyser, exact and name in EXACT_SETS)
            for name in SET_NAMES}
    quals = []
    for phrase, qual in (raw.get("qualifiers") or {}).items():
        if qual not in QUALIFIERS:
            raise ValueError(f"svidok/data/lang/{code}.yaml: qualifier {qual!r} of {phrase!r}")
        quals.append((tuple(_fold(str(phrase)).split()), str(qual)))
    quals.sort(key=lambda q: -len(q[0]))
    vague = {_fold(str(k)): (int(v[0]), str(v[1])) for k, v in (raw.get("vague_counts") or {}).items()}
    patterns = {str(k): re.compile(str(v), re.I) for k, v in (raw.get("patterns") or {}).items()}
    numbers = _int_map(raw.get("number_words"))  # looked up by surface, or by a numeral parse's lemma
    return Lexicon(
        code=code, raw=raw, sets=sets,
        abbreviations=frozenset(_fold(str(a)) for a in raw.get("abbreviations") or []),
        number_words=numbers, multipliers=_int_map(raw.get("multipliers")), vague_counts=vague,
        qualifiers=tuple(quals), relative_days=_int_map(raw.get("relative_days")), patterns=patterns,
        region_adjectives={_fold(str(k)): str(v) for k, v in (raw.get("region_adjectives") or {}).items()},
        place_endings=tuple((_fold(str(a)), _fold(str(b))) for a, b in raw.get("place_endings") or []),
    )


def languages() -> frozenset[str]:
    """Codes with bundled word lists."""
    folder = resources.files("svidok.data.lang")
    return frozenset(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".yaml"))
