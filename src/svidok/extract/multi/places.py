"""Place names in inflected and foreign spellings: "в Ізюмі", "під Харковом", "на Харківщині",
"Київської області", "в Изюме", "w Iziumie", "obwodzie charkowskim", "région de Kharkiv".

The gazetteer holds nominative keys (Ukrainian, Russian, Latin and exonym spellings). Each
capitalised word is looked up as written and as every nominative it may be an inflection of
(pymorphy3 for uk/ru, the language's case endings elsewhere); runs of up to four words give
multi-word names ("Нова Каховка" from "Новій Каховці"). Which namesake is meant is decided by
`svidok.extract.places.resolve`, as in English. The spaCy component marks the resolved places
as `doc.spans["places"]` with the Place records in `doc.user_data["places"]`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import asdict, replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span
from unidecode import unidecode

from svidok.extract.gazetteer import _CYR_ENDINGS, Gazetteer, PlaceMatch
from svidok.extract.multi import townwords
from svidok.extract.multi.lexicon import Lexicon, load_lexicon
from svidok.extract.multi.morph import morph
from svidok.extract.translit import is_cyrillic, normalize
from svidok.model import Place
from svidok.model import Span as TextSpan

_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*")
_JOIN = re.compile(r"[ \t]{1,2}|[-‑‐]")
MAX_WORDS = 4
MAX_COMBOS = 48
RAION = ("район", "раён", "rejon", "raion", "rajon", "district", "bezirk")
_TOWN_PREPS = frozenset("у в во з із до из w we z do à en in im nach aus".split())
_FUNCTION_POS = frozenset({"PRON", "ADV", "ADP", "CCONJ", "PART", "INTJ", "VERB"})
_SENTENCE_START = re.compile(r"(?:^|[.!?…:]\s+|\n\s*|[«\"“„—–]\s*)$")


class Finder:
    """Candidate place mentions in a text of one language."""

    def __init__(self, code: str, gazetteer: Gazetteer | None = None) -> None:
        self.code = code
        self.gaz = gazetteer or Gazetteer.load()
        self.lex: Lexicon = load_lexicon(code)
        self.morph = morph(code)
        self.cyrillic = code in ("uk", "ru")
        self._cache: dict[str, frozenset[str]] = {}

    def keys(self, word: str) -> frozenset[str]:
        """Every lookup key the word may stand for, its own spelling first."""
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        own = normalize(word)
        out = {own}
        if is_cyrillic(word):
            out |= {normalize(n) for n in self.morph.nominatives(word)}
            # the dictionary's own analyses are trusted; endings are a guess for words it lacks
            if not self.morph.known(word) or not self.cyrillic:
                for ending, repl in _CYR_ENDINGS:
                    if own.endswith(ending) and len(own) - len(ending) >= 2:
                        out.add(own[: -len(ending)] + repl)
        else:
            for ending, repl in self.lex.place_endings:
                if own.endswith(normalize(ending)) and len(own) - len(ending) >= 3:
                    out.add(own[: -len(ending)] + normalize(repl) if ending else own)
        found = frozenset(k for k in out if k)
        if len(self._cache) < 100_000:
            self._cache[word] = found
        return found

    def _risky(self, text: str, start: int, word: str, key: str) -> bool:
        """A name that is also a common word, capitalised only because a sentence begins with it
        ("Мирне населення", "Доля чоловіка", "Sumy" in Polish), unless it names a town of some size;
        or a key the gazetteer marks as risky."""
        if key in self.gaz.risky:
            return True
        opens = bool(_SENTENCE_START.search(text[max(0, start - 3):start]))
        biggest = max((p.population for p in self.gaz.lookup(key)), default=0)
        if not self.cyrillic:
            import simplemma

            if not simplemma.is_known(word.lower(), lang=self.code):
                return False
            if self.code == "de":  # every noun has a capital: a known word is a place only as a big city's
                return biggest < 500_000  # name ("Kiew", "Odessa"), not "vor dem Tor"
            if biggest >= 20_000:
                return False
            # German capitalises every noun; elsewhere a capital inside a sentence marks a name, unless
            # the name was reached only through a case ending ("Ukraińska" -> Ukrainsk)
            return self.code == "de" or opens or key != normalize(word)
        if not opens or biggest >= 10_000:
            return False
        import simplemma

        # pymorphy3's dictionaries hold village names too ("Циркуни"); simplemma's word lists hold
        # common words ("Доля", "Мирне") and towns, rarely villages
        top = self.morph.parses(word)[0]
        return bool(simplemma.is_known(word.lower(), lang=self.code)) and not top.tags & {
            "Geox", "Name", "Surn", "Patr"}

    def _not_a_place(self, text: str, words: list[tuple[int, int, str]], i: int) -> bool:
        """A capitalised word that the words around it show to be no settlement: a pronoun or adverb
        ("Мене", "Звідки"), a first name ("Максим"), an adjective of the noun after it ("на Лиманському
        напрямку", "Головне управління", "Українські підрозділи"), a noun after a capitalised
        adjective of an organisation's name ("Збройними Силами"), a street's or a river's name
        ("площі Свободи", "берега Дніпра")."""
        s, _e, word = words[i]
        before = text[max(0, s - 30):s]
        prev = words[i - 1][2].lower() if i > 0 else ""
        lex = self.lex
        if i > 0 and (lex.words("street_words").has(self.morph.lemmas(prev))
                      or lex.words("river_words").has(self.morph.lemmas(prev))):
            return True
        from svidok.extract.places import PREP_BEFORE_ML, TYPE_BEFORE_ML

        if not self.cyrillic:  # "su vecino Volodímir": a first name, unless a preposition makes it a place
            return _first_name(word) and not PREP_BEFORE_ML.search(before)

        placed = bool(PREP_BEFORE_ML.search(before) or TYPE_BEFORE_ML.search(before)) or (
            i > 0 and lex.words("residents").has(self.morph.lemmas(prev)))
        parses = self.morph.parses(word)
        if any(p.pos in _FUNCTION_POS for p in parses[:3]) and not placed:
            return True
        if not placed and _first_name(word):
            return True
        # the noun after it, past coordinated adjectives ("на Куп'янському та Лиманському напрямках")
        for j in range(i + 1, min(len(words), i + 5)):
            gap = text[words[j - 1][1]:words[j][0]]
            if not re.fullmatch(r"[^\S\n]*,?[^\S\n]+", gap):  # a headline's last word ends at its line
                break
            nxt = words[j][2]
            if self._agrees(word, nxt):
                return True
            if nxt.lower() not in ("та", "і", "й", "и", "а") and not any(
                    p.pos == "ADJ" for p in self.morph.parses(nxt)[:2]):
                break
        if i > 0 and words[i - 1][2][:1].isupper() and re.fullmatch(r"[^\S\n]+", text[words[i - 1][1]:s]) \
                and self._agrees(words[i - 1][2], word):
            return True
        return False

    def _river(self, text: str, words: list[tuple[int, int, str]], i: int, key: str) -> bool:
        """'міст через Десну', 'за Дніпром': a river's name, unless a preposition of place or
        origin puts a town there ("у Дніпрі", "з Дніпра")."""
        if not self.lex.words("rivers").has(frozenset({key})):
            return False
        prev = words[i - 1][2].lower() if i > 0 and words[i][0] - words[i - 1][1] <= 2 else ""
        return prev not in _TOWN_PREPS

    def _institution(self, text: str, words: list[tuple[int, int, str]], i: int) -> tuple[int, str] | None:
        return townwords.institution(self, text, words, i)

    def _land(self, text: str, words: list[tuple[int, int, str]], i: int, key: str) -> bool:
        """A city whose name is also its land's, after "на" ("на Запоріжжі", "на Запорожье")."""
        if key not in self.lex.list("land_names") or i == 0 or words[i][0] - words[i - 1][1] > 2:
            return False
        return words[i - 1][2].lower() == "на"

    def _agrees(self, adjective: str, noun: str) -> bool:
        """`adjective` is an adjective in the case and number of the noun `noun`."""
        adj = [p for p in self.morph.parses(adjective) if p.pos == "ADJ" and p.case]
        nouns = [p for p in self.morph.parses(noun) if p.pos == "NOUN" and p.case]
        return any(a.case == n.case for a in adj for n in nouns)

    def find(self, text: str) -> list[PlaceMatch]:
        words = [_unelided(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        out: list[PlaceMatch] = []
        i = 0
        while i < len(words):
            s, e, w = words[i]
            if not w[:1].isupper():
                i += 1
                continue
            office = self._institution(text, words, i)  # an adjective, named by the noun after it
            best = office or self._longest(text, words, i)
            if best is None:
                i += 1
                continue
            n, key = best
            end = words[i + n - 1][1]
            cands = tuple(sorted((self.gaz.entries[j] for j in self.gaz.index[key]),
                                 key=lambda p: (-p.population, p.id)))
            nxt = words[i + n][2].lower() if i + n < len(words) else ""
            gap = text[end:words[i + n][0]] if i + n < len(words) else ""
            # "Ізюмському районі" names the raion; "Ізюмському районному відділі" the office in the town
            raion = bool(_JOIN.fullmatch(gap)) and nxt.startswith(RAION) and not nxt.startswith("районн") \
                and cands[0].level == "settlement"
            if n > 1 and any(x[2].lower().startswith(RAION) for x in words[i:i + n]):
                i += n  # "Київському району", "Шевченківський район": a raion or a city district
                continue
            if n == 1 and cands[0].level == "settlement" and not office and not raion and (
                    self._not_a_place(text, words, i) or self._river(text, words, i, key)):
                i += 1
                continue
            risk = n == 1 and self._risky(text, s, w, key)
            if self._land(text, words, i, key):  # "на Запоріжжі": the land around the city, its oblast
                oblast = self._oblast_of(PlaceMatch(TextSpan(s, end, text[s:end]), "", key, cands))
                cands, raion, risk = (oblast, ) if oblast else cands, False, False
            out.append(PlaceMatch(TextSpan(s, end, text[s:end]), text[s:end], key, cands, raion, risk, False))
            i += n
        return self._regions(text, self._and_oblast(text, out))

    def _longest(self, text: str, words: list[tuple[int, int, str]], i: int) -> tuple[int, str] | None:
        gaz = self.gaz
        options: list[frozenset[str]] = [self.keys(words[i][2])]
        best: tuple[int, str] | None = None
        for key in sorted(options[0]):
            if key in gaz.index and len(key) >= 3:
                best = (1, key)
                break
        if not any(k in gaz.first_words for k in options[0]):
            return best
        for n in range(2, MAX_WORDS + 1):
            j = i + n - 1
            if j >= len(words) or not _JOIN.fullmatch(text[words[j - 1][1]:words[j][0]]):
                break
            options.append(self.keys(words[j][2]))
            found = False
            viable = False
            for combo in itertools.islice(itertools.product(*options), MAX_COMBOS):
                joined = " ".join(combo)
                if joined in gaz.index:
                    best, found = (n, joined), True
                    break
                viable = viable or joined in gaz.prefixes
            if not found and not viable:
                break
        return best

    def _regions(self, text: str, matches: list[PlaceMatch]) -> list[PlaceMatch]:
        """'obwodzie charkowskim', 'région de Kharkiv', 'Gebiet Charkiw': the oblast, not the city."""
        rx = self.lex.patterns.get("region")
        if rx is None:
            return matches
        by_start = {m.span.start: k for k, m in enumerate(matches)}
        extra: list[PlaceMatch] = []
        for m in rx.finditer(text):
            groups = m.groupdict()
            name_at = next((m.start(g) for g in ("name", "name2") if groups.get(g)), None)
            adj = next((groups[g] for g in ("adj", "adj2") if groups.get(g)), None)
            if name_at is not None and name_at in by_start:
                k = by_start[name_at]
                oblast = self._oblast_of(matches[k])
                if oblast is not None:
                    s, e = min(m.start(), name_at), matches[k].span.end
                    matches[k] = replace(matches[k], span=TextSpan(s, e, text[s:e]), surface=text[s:e],
                                         candidates=(oblast,), raion=False, word_risk=False)
                # "las regiones de Kiev y Chernígov": the second name is an oblast too
                also = m.start("also") if groups.get("also") else None
                second = by_start.get(also) if also is not None else None
                if second is not None and (obl := self._oblast_of(matches[second])) is not None:
                    matches[second] = replace(matches[second], candidates=(obl,), raion=False,
                                              word_risk=False)
            elif adj is not None:
                folded = adj.lower()
                adjectives = self.lex.region_adjectives.items()
                name = next((v for stem, v in adjectives if folded.startswith(stem)), None)
                oblast = self.gaz.admin1(name)
                if oblast is not None and not any(x.span.start <= m.start() < x.span.end for x in matches):
                    extra.append(PlaceMatch(TextSpan(m.start(), m.end(), m.group()), m.group(),
                                            normalize(m.group()), (oblast,), False, False, False))
        return sorted(matches + extra, key=lambda x: x.span.start)

    def _and_oblast(self, text: str, matches: list[PlaceMatch]) -> list[PlaceMatch]:
        """'у Миколаєві та області', 'в Николаеве и области': the city and the oblast named after it."""
        extra = []
        for m in matches:
            tail = _AND_OBLAST.match(text, m.span.end)
            oblast = self._oblast_of(m) if tail and not m.region else None
            if tail and oblast is not None:
                s, e = tail.span(1)
                word = text[s:e]
                extra.append(PlaceMatch(TextSpan(s, e, word), word, normalize(word), (oblast,)))
        return sorted(matches + extra, key=lambda x: x.span.start)

    def _oblast_of(self, match: PlaceMatch) -> Place | None:
        for cand in match.candidates:
            if cand.level == "settlement" and cand.admin1:
                oblast = self.gaz.admin1(f"{cand.name} Oblast")
                # Kyiv city is its own region: "la región de Kiev" is the oblast around it
                if oblast is not None and cand.admin1 in (oblast.name, cand.name):
                    return oblast
                # "région de Dnipropetrovsk": the city's old name, which its oblast still bears
                folded = unidecode(match.surface).lower()
                if len(folded) >= 6 and cand.admin1.lower().startswith(folded[:6]):
                    return self.gaz.admin1(cand.admin1)
        return None


_ELISION = re.compile(r"^[a-z]{1,2}['’]")


def _unelided(start: int, end: int, word: str) -> tuple[int, int, str]:
    """"d'Izioum", "l'Ukraine": the name after the elided article or preposition."""
    m = _ELISION.match(word)
    if m is None or not word[m.end():m.end() + 1].isupper():
        return start, end, word
    return start + m.end(), end, word[m.end():]


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    """Known first names, folded so that Volodymyr, Volodímir and Wolodymyr read alike."""
    from svidok.extract.persons import FIRST_NAMES
    from svidok.extract.places import EXTRA_FIRST_NAMES

    names = FIRST_NAMES | EXTRA_FIRST_NAMES | Gazetteer.load().first_names
    return frozenset(_fold_name(n) for n in names)


def _fold_name(name: str) -> str:
    """Spellings of one name across languages alike: y, j -> i, w -> v (Wolodymyr, Natalija)."""
    return name.replace("y", "i").replace("j", "i").replace("w", "v")


def _first_name(word: str) -> bool:
    from svidok.extract.translit import official

    return _fold_name(normalize(official(word))) in _first_names()


_AND_OBLAST = re.compile(
    r"[ \t]+(?:і|та|й|и|and|i|et|y|und)[ \t]+(област[іи]|регіону|региона|obwodu|région|region)\b")
_FINDERS: dict[str, Finder] = {}


def finder(code: str) -> Finder:
    if code not in _FINDERS:
        _FINDERS[code] = Finder(code)
    return _FINDERS[code]


@Language.component("svidok_ml_places")
def places(doc: Doc) -> Doc:
    from svidok.extract.place_component import _name_only
    from svidok.extract.places import PREP_BEFORE_ML, TYPE_BEFORE_ML, resolve

    text = doc.text
    persons = [(p.start_char, p.end_char) for p in doc.spans.get("persons", [])]

    def a_person(m: PlaceMatch) -> bool:
        """'Олег Синєгубов', 'Натальи Ивановой': part of a person's name, unless the text calls
        it a place ("у селі Олександрівка", "в Сороці")."""
        if not any(a < m.span.end and m.span.start < b for a, b in persons):
            return False
        before = text[max(0, m.span.start - 30):m.span.start]
        prev = re.findall(r"\w+", before)[-1:]
        residents = load_lexicon(doc.lang_).words("residents")
        return not (PREP_BEFORE_ML.search(before) or TYPE_BEFORE_ML.search(before)
                    or (prev and residents.has(morph(doc.lang_).lemmas(prev[0]))))

    # names of persons are settled before resolution: they must not become anchors for namesakes
    matches = [m for m in finder(doc.lang_).find(text) if m.region or not a_person(m)]
    by_start = {m.span.start: m for m in matches}
    spans: list[Span] = []
    found: dict[str, Place] = {}
    for r in resolve(text, matches, lang=doc.lang_):
        if r.kind == "ambiguous" and r.span.start in by_start:
            r = replace(r, place=_name_only(by_start[r.span.start]))
        if r.kind == "raion" and r.span.start in by_start:
            r = replace(r, place=townwords.raion_oblast(text, by_start[r.span.start]))
        if r.place is None or r.place.level == "country":
            continue
        span = doc.char_span(r.span.start, r.span.end, alignment_mode="expand")
        if span is None:
            continue
        spans.append(Span(doc, span.start, span.end, label=r.place.level, kb_id=r.place.id))
        found[r.place.id] = r.place
    doc.spans["places"] = spans
    doc.user_data["places"] = {k: asdict(v) for k, v in found.items()}
    return doc
