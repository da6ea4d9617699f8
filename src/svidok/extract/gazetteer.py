"""Bundled Ukrainian gazetteer and the place-name matcher.

`Gazetteer.load()` reads src/svidok/data/gazetteer/ua.tsv.gz (built by
scripts/build_gazetteer.py) once per process. `find(text)` returns every candidate
mention of a gazetteer name with exact character spans; deciding which namesake is
meant (or whether a word is a place at all) is `svidok.extract.places.resolve`.
"""

from __future__ import annotations

import gzip
import re
import threading
from dataclasses import dataclass
from importlib import resources
from typing import ClassVar

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from svidok.extract.translit import is_cyrillic, normalize
from svidok.model.core import Place, Span

__all__ = ["Gazetteer", "PlaceMatch", "GazetteerError"]

DATA_FILE = "ua.tsv.gz"
MAX_NGRAM = 5
FUZZY_MIN_LEN = 6
_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_CAPITALISED = re.compile(r"(?<![^\W\d_])[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐЎ][^\W\d_]*(?:['’ʼ][^\W\d_]+)*")
_JOINERS = frozenset({" ", "-", "‑", "‐"})
_POSSESSIVE = ("'s", "’s")
_COMMUNITY = re.compile(r"\s+(?:territorial\s+)?(?:community|hromada)\b", re.I)
RAION_WORDS = frozenset({"district", "raion", "rayon", "район", "району", "районі", "раён"})
# Ukrainian/Russian case endings -> nominative ending, tried on unknown Cyrillic words only.
_CYR_ENDINGS = (("єві", "їв"), ("єва", "їв"), ("ові", "ів"), ("ова", "ів"), ("ії", "ія"), ("ого", "е"),
                ("ому", "е"), ("ім", "е"), ("ені", "інь"), ("еня", "інь"), ("ові", ""),
                ("ом", ""), ("ою", "а"), ("ці", "ка"), ("і", "а"), ("і", ""), ("у", ""), ("а", ""),
                ("е", "о"), ("ю", "ь"), ("і", "ь"), ("и", "а"), ("ы", "а"), ("е", "а"))


def _key(token: str) -> str:
    """normalize() for one token, with a fast path for plain ASCII words."""
    if token.isascii():
        return token.lower().replace("'", "")
    return normalize(token)


class GazetteerError(RuntimeError):
    """The bundled gazetteer file is missing or malformed."""


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    """One candidate mention of a gazetteer name in a text."""

    span: Span
    surface: str
    key: str  # normalised lookup key that matched
    candidates: tuple[Place, ...]  # namesakes, biggest first
    raion: bool = False  # "Izyum District": names the raion of that town, not the town
    word_risk: bool = False  # surface is also an ordinary word or a person's name
    fuzzy: bool = False  # matched a misspelling (Kuyansk -> Kupiansk)

    @property
    def region(self) -> bool:
        """The text names an oblast ("Kharkiv region", "Харківщина")."""
        return any(p.level == "admin1" for p in self.candidates)


class Gazetteer:
    """Entries (svidok.model.Place) and a name index of normalised spelling variants."""

    _instance: ClassVar[Gazetteer | None] = None
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, entries: list[Place], index: dict[str, list[int]], kinds: list[str],
                 risky: frozenset[str], first_names: frozenset[str], blocked: frozenset[str],
                 fuzzy_targets: list[tuple[str, int]]) -> None:
        self.entries = entries
        self.index = index
        self.kinds = kinds  # KATOTTG category per entry: M city, T/X settlement, C village, O oblast
        self.risky = risky
        self.first_names = first_names
        self.blocked = blocked  # English words too close to a town name for fuzzy matching
        self.by_id = {p.id: i for i, p in enumerate(entries)}
        self._admin1_by_name = {p.name: p for p in entries if p.level == "admin1"}
        self.first_words = {k.split(" ", 1)[0] for k in index}
        self.prefixes = {" ".join(k.split(" ")[:j]) for k in index if " " in k
                         for j in range(1, k.count(" ") + 1)}
        self._fuzzy_cache: dict[str, str | None] = {}
        self._fuzzy: dict[tuple[str, int], tuple[list[str], dict[str, int]]] = {}
        for key, pop in fuzzy_targets:
            keys, pops = self._fuzzy.setdefault((key[0], len(key)), ([], {}))
            keys.append(key)
            pops[key] = pop

    @classmethod
    def load(cls) -> Gazetteer:
        """The bundled gazetteer, read once per process."""
        if cls._instance is None:
            with cls._lock:
                if cls._instance is None:
                    cls._instance = cls.from_file()
        return cls._instance

    @classmethod
    def from_file(cls, path: str | None = None) -> Gazetteer:
        where = path or str(resources.files("svidok.data.gazetteer").joinpath(DATA_FILE))
        try:
            with gzip.open(where, "rt", encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except (OSError, EOFError) as exc:
            raise GazetteerError(f"{where}: cannot read gazetteer ({exc})") from exc
        entries: list[Place] = []
        kinds: list[str] = []
        index: dict[str, list[int]] = {}
        risky: set[str] = set()
        first: set[str] = set()
        blocked: set[str] = set()
        targets: list[tuple[str, int]] = []
        for number, line in enumerate(lines, 1):
            tag, _, rest = line.partition("\t")
            if tag == "E":
                f = rest.split("\t")
                if len(f) != 14:
                    raise GazetteerError(f"{where}: line {number}: expected 14 fields, got {len(f)}")
                i = len(entries)
                entries.append(Place(
                    id=f[0], name=f[1], level=f[2],  # type: ignore[arg-type]
                    lat=float(f[3]) if f[3] else None, lon=float(f[4]) if f[4] else None,
                    admin1=f[5] or None, raion=f[6] or None, hromada=f[7] or None,
                    geonameid=int(f[8]) if f[8] else None, katottg=f[9] or None,
                    population=int(f[10]), geo_precision=f[11],  # type: ignore[arg-type]
                ))
                kinds.append(f[12])
                for key in f[13].split("|"):
                    index.setdefault(key, []).append(i)
            elif tag == "R":
                risky.add(rest)
            elif tag == "F":
                first.add(rest)
            elif tag == "B":
                blocked.add(rest)
            elif tag == "Z":
                key, _, pop = rest.partition("\t")
                targets.append((key, int(pop)))
            elif line:
                raise GazetteerError(f"{where}: line {number}: unknown record type {tag!r}")
        if not entries:
            raise GazetteerError(f"{where}: no entries")
        return cls(entries, index, kinds, frozenset(risky), frozenset(first), frozenset(blocked), targets)

    def lookup(self, name: str) -> list[Place]:
        """Entries whose spelling variants include `name` (any script, any spelling)."""
        ids = self.index.get(normalize(name), [])
        return sorted((self.entries[i] for i in ids), key=lambda p: (-p.population, p.id))

    def get(self, place_id: str) -> Place | None:
        i = self.by_id.get(place_id)
        return None if i is None else self.entries[i]

    def admin1(self, name: str | None) -> Place | None:
        """The oblast entry named by a settlement's `admin1` ("Kharkiv Oblast", "Kyiv")."""
        return self._admin1_by_name.get(name) if name else None

    def kind(self, place: Place) -> str:
        i = self.by_id.get(place.id)
        return "" if i is None else self.kinds[i]

    def find(self, text: str) -> list[PlaceMatch]:
        """All candidate mentions of gazetteer names in `text`, in text order."""
        out: list[PlaceMatch] = []
        consumed = 0
        for m in _CAPITALISED.finditer(text):
            s, e = m.span()
            if s < consumed:
                continue
            first = _key(m.group())
            found = self._longest(text, s, e, first) if first in self.first_words else None
            if found is None:
                found = self._single_fallbacks(text, s, e, first)
            if found is None:
                continue
            s, e, k, fuzzy = found
            consumed = e
            places = tuple(sorted((self.entries[j] for j in self.index[k]),
                                  key=lambda p: (-p.population, p.id)))
            nxt = _TOKEN.match(text, e + 1) if text[e:e + 1] in _JOINERS else None
            raion = nxt is not None and nxt.group().lower() in RAION_WORDS
            risk = k in self.risky or (k in self.first_names and not fuzzy)
            out.append(PlaceMatch(Span(s, e, text[s:e]), text[s:e], k, places, raion, risk, fuzzy))
        return out

    def _longest(self, text: str, s: int, e: int, first: str) -> tuple[int, int, str, bool] | None:
        parts = [first]
        best = (s, e, first, False) if first in self.index else None
        pos = e
        for _ in range(MAX_NGRAM - 1):
            if text[pos:pos + 1] not in _JOINERS:
                break
            m = _TOKEN.match(text, pos + 1)
            if m is None:
                break
            parts.append(_key(m.group()))
            joined = " ".join(parts)
            if joined in self.index:
                best = (s, m.end(), joined, False)
            elif m.group().endswith(_POSSESSIVE) and joined[:-1] in self.index:
                best = (s, m.end() - 2, joined[:-1], False)  # "Kharkiv region's"
            if joined not in self.prefixes:
                break
            pos = m.end()
        return best

    def _single_fallbacks(self, text: str, s: int, e: int, key: str) -> tuple[int, int, str, bool] | None:
        surface = text[s:e]
        if key.endswith("ska") and _COMMUNITY.match(text, e):
            # "the Marganetska community", "Semenivska hromada": a hromada named after its centre
            for stem in (key[:-2], key[:-3] + "ka"):
                if stem in self.index and stem not in self.risky:
                    return (s, e, stem, False)
        if surface.endswith(_POSSESSIVE):
            stem = key[:-1]
            if stem in self.index:
                return (s, e - 2, stem, False)
        if is_cyrillic(surface):
            for ending, repl in _CYR_ENDINGS:
                if key.endswith(ending) and len(key) - len(ending) >= 2:
                    cand = key[: -len(ending)] + repl
                    if len(cand) >= 3 and cand in self.index and cand not in self.risky:
                        return (s, e, cand, False)
        return self._fuzzy_match(s, e, key)

    def _fuzzy_match(self, s: int, e: int, key: str) -> tuple[int, int, str, bool] | None:
        """A stray typo of a town of some size: edit distance 1 (2 for long names), same initial."""
        if len(key) < FUZZY_MIN_LEN or " " in key or key in self.blocked or key in self.first_names:
            return None
        if key in self._fuzzy_cache:
            hit = self._fuzzy_cache[key]
            return None if hit is None else (s, e, hit, True)
        hit = self._fuzzy_lookup(key)
        if len(self._fuzzy_cache) < 50_000:
            self._fuzzy_cache[key] = hit
        return None if hit is None else (s, e, hit, True)

    def _fuzzy_lookup(self, key: str) -> str | None:
        limit = 1 if len(key) < 9 else 2
        best: list[tuple[int, int, str]] = []
        for length in range(len(key) - limit, len(key) + limit + 1):
            bucket = self._fuzzy.get((key[0], length))
            if bucket:
                for cand, d, _ in process.extract(key, bucket[0], scorer=Levenshtein.distance,
                                                  score_cutoff=limit, limit=None):
                    best.append((int(d), -bucket[1][cand], cand))
        if not best:
            return None
        best.sort()
        d, pop, cand = best[0]
        rivals = [b for b in best[1:] if b[0] == d and self.index[b[2]] != self.index[cand]]
        if rivals and -rivals[0][1] * 3 > -pop:
            return None  # two different towns equally close: a guess, not a match
        return cand
