"""Decide which gazetteer entry each place mention means, or that it is no place at all.

Order of evidence for namesakes (several Zaliznychne, Ivanivka...): an oblast or raion
named next to it, the caller's context hint, the oblasts the report names or whose
unambiguous places it names, distance to the report's other places, and only then a
town that dwarfs its namesakes. Words that are also ordinary words or names (Mayak,
Zoria, New York) need evidence that a place is meant.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

from svidok.extract.gazetteer import Gazetteer, PlaceMatch
from svidok.model.core import Place, PlaceLevel, Span

__all__ = ["ResolvedPlace", "resolve", "find_places"]

CLOSE_KM = 20.0  # namesakes this close are one place for our purposes
CAP_KM = 300.0  # far anchors say nothing about which namesake is meant
# Words after a name that make it part of an outlet's or club's name ("Kyiv Independent").
ORG_AFTER = frozenset({"independent", "post", "times", "today", "daily", "herald", "pravda", "radio", "tv",
                       "media", "online", "observer", "telegraph", "journal", "news", "insider", "dynamo",
                       "university", "institute", "academy", "oblenergo", "vodokanal"})
ORG_BEFORE = re.compile(r"(?:news of|radio|dynamo|shakhtar|zorya|[a-z]+ (?:tv|news))\s+$", re.I)
WATER_AFTER = frozenset({"river", "reservoir", "riverbank", "річка", "річки", "водосховище"})
RIVERS = frozenset({"oskil", "dnipro", "dnieper", "donets", "desna", "irpin", "inhulets", "psel", "vorskla",
                    "dniester", "dnister", "sula", "seim", "siverskyi donets", "southern bug", "udy",
                    "kalmius", "molochna", "prypiat", "pripyat", "ros", "sluch", "horyn", "teteriv"})
TITLES = frozenset({"mr", "mrs", "ms", "dr", "president", "minister", "general", "colonel", "governor",
                    "mayor", "sergeant", "lieutenant", "prosecutor", "judge", "officer", "commander",
                    "captain", "chairman", "chairwoman", "chair", "head", "deputy", "director", "chief",
                    "spokesman", "spokeswoman", "spokesperson", "adviser", "advisor", "ombudsman",
                    "commissioner", "secretary", "councillor", "councilor", "official"})
# Cities in Russia whose English names a Ukrainian village's spelling matches ("Voronezh" ~ Voronizh,
# "Krasnodar" ~ Krasnodon): deportation reports name them as destinations.
RUSSIAN_CITIES = frozenset({"voronezh", "krasnodar", "novorossiysk", "ivanovo", "orel", "oryol", "rostov",
                            "taganrog", "belgorod", "kursk", "bryansk", "pskov", "penza", "ryazan"})
_DISTRICT_ENDINGS = ("skyi", "skyy", "sky", "skiy", "skij")
SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson", "ambassador", "envoy", "lawyer",
                          "activist", "journalist", "reporter", "correspondent", "resident", "volunteer"})
# "the broadcaster, Hromadske," / "Hromadske, a broadcaster": a name standing for an outlet or group.
OUTLET_APPOS = re.compile(r"(?:broadcaster|channel|outlet|newspaper|agency|website|station|"
                          r"regiment|battalion|brigade|group|foundation|organi[sz]ation)\s*,\s*$", re.I)
# Common Ukrainian and Russian first names that are also place names (Stanislav, Yelyzaveta ...).
EXTRA_FIRST_NAMES = frozenset({"stanislav", "yelyzaveta", "yelizaveta", "mykhailo", "svyatoslav",
                               "sviatoslav", "vasyl", "yaroslav", "volodymyr", "bohdan", "oleksandr",
                               "ivan", "petro", "pavlo", "andriy", "andrii", "serhiy", "serhii",
                               "heorhiy", "heorhii", "hryhoriy", "hryhorii", "yurii", "yuriy", "vitalii",
                               # the short forms witnesses use ("Vitya Sevchenko", "Sasha Bondar")
                               "vitya", "sasha", "kolya", "misha", "petya", "vova", "dima", "tolya",
                               "sveta", "natasha", "lena", "olya", "tanya", "masha", "katya", "yura",
                               "zhenya", "seryozha", "valya", "galya", "halya", "lyuba", "nadya", "slava"})
TYPE_BEFORE = re.compile(r"(?:villages?|towns?|city|settlements?|hamlet|село|селі|селище|селищі|місто|"
                         r"місті|містечко|с\.|смт)(?:\s+of)?\s+(?:\w+\s+(?:and|or)\s+)?$", re.I)
PREP_BEFORE = re.compile(r"(?:\b(?:in|near|from|outside|at|into|around|to|across)|"
                         r"(?:^|\s)(?:у|в|біля|під|з))\s+$", re.I)
VILLAGE_BEFORE = re.compile(r"(?:villages?|settlements?|hamlet|село|селі|селище)(?:\s+of)?\s+$", re.I)
# The same cues in the other languages Svidok reads (uk, ru, pl, fr, es, de).
_ML_TYPES = (r"село|селі|селища?|селищі|місто|місті|містечк[оу]|с\.|смт|м\.|деревн[яеи]|пос[её]л(?:ок|ке|ка)|"
             r"пгт|город[еа]?|г\.|wieś|wsi|wiosk[aię]|miast[oa]|mieście|miejscowoś[ćc]i?|villages?|villes?|"
             r"localités?|bourg|pueblos?|aldeas?|ciudad|localidad|Dorf|Stadt|Ortschaft|Ort")
TYPE_BEFORE_ML = re.compile(r"\b(?:" + _ML_TYPES + r")(?:\s+(?:de|d'|of))?\s+"
                            r"(?:\w+\s+(?:і|та|и|i|et|y|und|and)\s+)?$", re.I)
PREP_BEFORE_ML = re.compile(r"(?:^|\s)(?:у|в|во|біля|під|з|із|зі|до|на|возле|около|под|из|с|со|w|we|pod|z|"
                            r"ze|do|koło|à|dans|près de|en|cerca de|de|in|im|bei|nahe|aus|nach)\s+$", re.I)
VILLAGE_BEFORE_ML = re.compile(r"\b(?:село|селі|селище|селищі|деревн[яеи]|пос[её]л(?:ок|ке)|wieś|wsi|"
                               r"wiosk[aię]|villages?|pueblos?|aldeas?|Dorf)(?:\s+(?:de|d'))?\s+$", re.I)
_PREV_WORD = re.compile(r"([^\W\d_][\w'’.]*)\s+$")
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'’]*)")
_SHARED_REGION = re.compile(r"(?:\s*,\s*[A-Z][\w'’-]+)*\s*,?\s+(?:and|or)\s+[A-Z][\w'’-]+\s+"
                            r"(regions|oblasts|provinces)\b")
_LAST_REGION = re.compile(r"\s+(regions|oblasts|provinces|capital region)\b")  # "the Kyiv capital region"
_SENTENCE_END = re.compile(r"[.!?]\s|\n")


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    """What one place-name mention refers to. `place` is None when it is no place or cannot be decided."""

    span: Span
    surface: str
    place: Place | None
    level: PlaceLevel
    confidence: float
    reason: str
    # place | raion | river | outlet | person | word | ambiguous | foreign
    kind: str = "place"


def find_places(text: str, context_hint: str | None = None) -> list[ResolvedPlace]:
    """Convenience: match with the bundled gazetteer, then resolve."""
    return resolve(text, Gazetteer.load().find(text), context_hint)


def _km(a: Place, b: Place) -> float:
    if a.lat is None or b.lat is None or a.lon is None or b.lon is None:
        return CAP_KM
    dlat = math.radians(b.lat - a.lat)
    dlon = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


def _settlements(m: PlaceMatch) -> list[Place]:
    return [p for p in m.candidates if p.level == "settlement"]


def _one_place(cands: list[Place]) -> Place | None:
    """The candidate standing for a group of namesakes that are all within CLOSE_KM."""
    if not cands:
        return None
    best = cands[0]  # candidates come biggest first
    return best if all(_km(best, c) <= CLOSE_KM for c in cands[1:]) else None


def _sentence(text: str, s: int, e: int) -> tuple[int, int]:
    starts = [m.end() for m in _SENTENCE_END.finditer(text, max(0, s - 300), s)]
    start = starts[-1] if starts else max(0, s - 300)
    end_m = _SENTENCE_END.search(text, e, e + 300)
    return start, end_m.start() if end_m else min(len(text), e + 300)


def _suppressed(text: str, m: PlaceMatch, first_names: frozenset[str]) -> tuple[str, str] | None:
    """(kind, reason) when the name is part of something that is not a place."""
    s, e = m.span.start, m.span.end
    nxt = _NEXT_WORD.match(text, e)
    after = nxt.group(1).lower() if nxt else ""
    before = text[max(0, s - 30):s]
    prev = _PREV_WORD.search(before)
    prev_word = prev.group(1).rstrip(".").lower() if prev else ""
    if after in WATER_AFTER or (m.key in RIVERS and before.lower().endswith("the ")):
        return "river", f"'{m.surface}' names a river here"
    if nxt and nxt.group(1)[:1].isupper() and after in ORG_AFTER:
        return "outlet", f"part of the name '{m.surface} {nxt.group(1)}'"
    if ORG_BEFORE.search(before):
        return "outlet", f"part of an outlet or club name before '{m.surface}'"
    if OUTLET_APPOS.search(before) or re.match(r",?\s+(?:is|was)\s+an?\s+(?:\w+\s+){0,2}(?:broadcast\w*|"
                                                r"channel|outlet|newspaper|agency|website|station)\b",
                                                text[e:e + 60], re.I):
        return "outlet", f"'{m.surface}' names an outlet or group here"
    if re.search(r"\bdistrict\s*,?\s*$", before, re.I) and m.surface.endswith(_DISTRICT_ENDINGS):
        return "raion", f"'{m.surface}' names a city district here"  # "the largest district, Shevchenkivskyi"
    if m.surface.lower() in RUSSIAN_CITIES:
        return "foreign", f"'{m.surface}' is a city in Russia, not a Ukrainian village"
    if re.match(r"[-‑]bound\b", text[e:e + 7], re.I):
        return "word", f"'{m.surface}-bound' names where something was headed"
    if after in ("regiment", "battalion", "brigade", "fighters", "defenders", "unit"):
        return "outlet", f"part of the unit name '{m.surface} {after}'"
    if prev and prev.group(1)[:1].isupper() and (prev_word in first_names or prev_word in TITLES):
        return "person", f"'{prev.group(1)} {m.surface}' is a person's name"
    # "spokesman Heorhiy Tykhyi": a title, then a given name we may not know, then the surname
    two = _PREV_WORD.search(before[:prev.start()]) if prev and prev.group(1)[:1].isupper() else None
    if two and two.group(1).rstrip(".").lower() in TITLES | SPOKESPEOPLE:
        return "person", f"'{two.group(1)} {prev.group(1)} {m.surface}' is a person's name"
    if m.key in first_names and nxt and nxt.group(1)[:1].isupper() and after not in WATER_AFTER:
        return "person", f"'{m.surface} {nxt.group(1)}' is a person's name"
    return None


class _Doc:
    """What the whole report (and the caller's hint) says about where it is."""

    def __init__(self, gaz: Gazetteer, text: str, matches: list[PlaceMatch], hint: str | None,
                 lang: str = "en") -> None:
        self.gaz = gaz
        self.text = text
        english = lang == "en"
        self.type_before = TYPE_BEFORE if english else TYPE_BEFORE_ML
        self.prep_before = PREP_BEFORE if english else PREP_BEFORE_ML
        self.village_before = VILLAGE_BEFORE if english else VILLAGE_BEFORE_ML
        self.regions: list[tuple[int, int, str]] = []  # (start, end, oblast)
        self.raions: list[tuple[int, int, list[Place]]] = []
        self.anchors: dict[str, Place] = {}  # key -> place
        self.hint_oblasts: set[str] = set()
        if hint:
            for hm in gaz.find(hint):
                if hm.region and hm.candidates[0].admin1:
                    self.hint_oblasts.add(hm.candidates[0].admin1)
                elif not hm.word_risk and (one := _one_place(_settlements(hm))) is not None and one.admin1:
                    self.hint_oblasts.add(one.admin1)
        # A name once shown to be a person's or an outlet's ("Kyrylo Tymoshenko", "the broadcaster,
        # Hromadske,") stays one through the report ("Tymoshenko showed ..."), unless the text calls it
        # a village or town at that spot.
        self.not_places: dict[str, tuple[str, str]] = {}
        names = gaz.first_names | EXTRA_FIRST_NAMES
        # each match is judged once; anchors, the report-wide names and resolution read the result
        self.suppressed = {m.span.start: _suppressed(text, m, names) for m in matches}
        for m in matches:
            bad = self.suppressed[m.span.start]
            if bad is not None and bad[0] in ("person", "outlet"):
                self.not_places.setdefault(m.key, bad)
        for m in matches:
            if m.region and m.candidates[0].admin1:
                self.regions.append((m.span.start, m.span.end, m.candidates[0].admin1))
            elif m.raion:
                self.raions.append((m.span.start, m.span.end, _settlements(m)))
            elif not m.word_risk and not m.fuzzy and (one := _one_place(_settlements(m))) is not None:
                if self.suppressed[m.span.start] is None:
                    self.anchors[m.key] = one
        self.regions.sort(key=lambda r: r[0])  # stable: text order kept for equal starts
        self.raions.sort(key=lambda r: r[0])
        self._region_starts = [r[0] for r in self.regions]
        self._raion_starts = [r[0] for r in self.raions]
        self._oblasts: tuple[int, set[str]] | None = None

    @property
    def oblasts(self) -> set[str]:
        # anchors only grow (between resolve's rounds): recompute when they did, not per match
        if self._oblasts is None or self._oblasts[0] != len(self.anchors):
            found = {r[2] for r in self.regions} | self.hint_oblasts
            self._oblasts = (len(self.anchors), found | {p.admin1 for p in self.anchors.values() if p.admin1})
        return self._oblasts[1]

    def _near(self, rows: list[Any], starts: list[int], lo: int, hi: int) -> list[Any]:
        """Rows (in text order) lying within [lo, hi]: a binary search, not a scan of the report."""
        return [r for r in rows[bisect_left(starts, lo):bisect_right(starts, hi)] if r[1] <= hi]

    def local_filter(self, m: PlaceMatch, cands: list[Place]) -> tuple[list[Place], str] | None:
        """Candidates agreeing with an oblast or raion named in the same sentence, close by."""
        lo, hi = _sentence(self.text, m.span.start, m.span.end)
        lo, hi = max(lo, m.span.start - 80), min(hi, m.span.end + 80)
        oblasts = {r[2] for r in self._near(self.regions, self._region_starts, lo, hi)}
        kept, why = cands, []
        if oblasts:
            narrowed = [c for c in kept if c.admin1 in oblasts]
            if narrowed:
                kept, why = narrowed, [", ".join(sorted(oblasts)) + " named next to it"]
        for rs, re_, towns in self._near(self.raions, self._raion_starts, lo, hi):
            if lo <= rs and re_ <= hi:
                # a raion is named after its centre town, so the town's own raion is the one meant
                raions = {(t.admin1, t.raion) for t in towns if t.raion}
                narrowed = [c for c in kept if (c.admin1, c.raion) in raions]
                if narrowed:
                    kept, why = narrowed, why + [f"{towns[0].name} raion named next to it"]
        return (kept, "; ".join(why)) if why else None

    def near_anchors(self, m: PlaceMatch, cands: list[Place]) -> tuple[Place, str] | None:
        anchors = [p for k, p in self.anchors.items() if k != m.key]
        if not anchors or len(cands) < 2:
            return None
        scored = sorted((sum(min(_km(c, a), CAP_KM) for a in anchors), i) for i, c in enumerate(cands))
        (best, bi), (second, _) = scored[0], scored[1]
        if second - best < max(20.0, 0.1 * best):
            return None
        mean = best / len(anchors)
        return cands[bi], f"closest to the report's other places (mean {mean:.0f} km)"


def _pick(doc: _Doc, m: PlaceMatch, cands: list[Place]) -> tuple[Place | None, float, str]:
    text = doc.text
    if doc.village_before.search(text[max(0, m.span.start - 30):m.span.start]):
        villages = [c for c in cands if doc.gaz.kind(c) in ("C", "X", "T", "G")]
        cands = villages or cands
    one = _one_place(cands)
    if one is not None:
        why = "only entry of that name" + (" (spelling corrected)" if m.fuzzy else "")
        return one, (0.7 if m.fuzzy else 0.95), why
    local = doc.local_filter(m, cands)
    reason = ""
    if local is not None:
        cands, reason = local
        one = _one_place(cands)
        if one is not None:
            return one, 0.9, reason
    big = cands[0]
    if not local and big.population >= 50_000 and all(big.population >= 20 * c.population for c in cands[1:]):
        return big, 0.85, f"major city; {len(cands) - 1} small namesakes"
    explicit = local is not None  # the oblast was stated, not inferred from the report
    for oblasts, conf, why in ((doc.hint_oblasts, 0.8, "context hint"),
                               (doc.oblasts, 0.8, "report's oblasts")):
        narrowed = [c for c in cands if c.admin1 in oblasts]
        if narrowed and len(narrowed) < len(cands):
            cands = narrowed
            explicit = explicit or oblasts is doc.hint_oblasts
            named = ", ".join(sorted(oblasts & {c.admin1 or "" for c in cands}))
            reason = "; ".join(filter(None, [reason, f"in the {why} ({named})"]))
            one = _one_place(cands)
            if one is not None:
                return one, conf, reason
    near = doc.near_anchors(m, cands)
    if near is not None:
        return near[0], 0.75, "; ".join(filter(None, [reason, near[1]]))
    top, second = cands[0].population, max(1, cands[1].population)
    # Population decides only a clear case: a town among villages, or, once the oblast is
    # known, the one namesake big enough to be in GeoNames' list of populated places.
    if (top >= 10_000 and top >= 4 * second) or (top >= 5_000 and top >= 10 * second) or (
            explicit and top >= 500 and top >= 2 * second):
        return cands[0], 0.6, "; ".join(filter(None, [reason, "largest of its namesakes"]))
    where = ", ".join(sorted({c.admin1 or "?" for c in cands}))
    return None, 0.0, f"{len(cands)} namesakes ({where}); context does not decide"


def _has_place_evidence(doc: _Doc, m: PlaceMatch) -> str | None:
    before = doc.text[max(0, m.span.start - 40):m.span.start]
    if doc.type_before.search(before):
        return "called a village/town in the text"
    cands = _settlements(m)
    if doc.local_filter(m, cands) is not None:
        return "oblast or raion named next to it"
    if doc.prep_before.search(before) and any(c.admin1 in doc.oblasts for c in cands) and m.key not in {
            "new york", "нью йорк"}:
        return "after a preposition in a report about its oblast"
    return None


def resolve(text: str, matches: list[PlaceMatch], context_hint: str | None = None,
            lang: str = "en") -> list[ResolvedPlace]:
    """Resolve `Gazetteer.find(text)` matches to places, in text order.

    `context_hint`: free text known to describe the report's area (a dateline, the
    title, an oblast name); it only breaks ties. Settlements carry their oblast in
    `place.admin1`. `lang`: the text's language (which words before a name call it a village).
    """
    gaz = Gazetteer.load()
    doc = _Doc(gaz, text, matches, context_hint, lang)
    out: list[ResolvedPlace] = []
    for _round in range(2):  # places decided in round one become anchors for round two
        out = []
        for m in matches:
            out.append(_resolve_one(doc, m))
        for m, r in zip(matches, out, strict=True):
            if r.place is not None and r.level == "settlement" and r.confidence >= 0.6 \
                    and m.key not in doc.anchors:
                doc.anchors[m.key] = r.place
    return out


def _resolve_one(doc: _Doc, m: PlaceMatch) -> ResolvedPlace:
    def result(place: Place | None, level: PlaceLevel, conf: float, reason: str, kind: str) -> ResolvedPlace:
        return ResolvedPlace(m.span, m.surface, place, level, conf, reason, kind)

    first = m.candidates[0]
    if first.level == "country":
        kind = "place" if first.id == "country:UA" else "foreign"
        return result(first, "country", 0.9, "country name", kind)
    if m.region:
        return result(first, "admin1", 0.95, "names an oblast", "place")
    if m.raion:
        return result(None, "settlement", 0.0, f"names the raion of {first.name}, used as context", "raion")
    shared = _SHARED_REGION.match(doc.text, m.span.end) or _LAST_REGION.match(doc.text, m.span.end)
    if shared:  # "Sumy and Chernihiv regions": the first name shares the second's "regions"
        big = max(_settlements(m) or [first], key=lambda c: c.population)
        oblast = doc.gaz.admin1(big.admin1)
        if oblast is not None and oblast.name == big.name:  # Kyiv city is its own region: not meant
            oblast = doc.gaz.admin1(f"{big.name} Oblast") or oblast
        if oblast is not None and oblast.name.split()[0].lower() == m.surface.split()[0].lower():
            return result(oblast, "admin1", 0.9, f"'{m.surface}' shares '{shared.group(1)}' with the "
                          "next name", "place")
    bad = doc.suppressed.get(m.span.start)
    if bad is None and m.key in doc.not_places \
            and not doc.type_before.search(doc.text[max(0, m.span.start - 40):m.span.start]):
        bad = doc.not_places[m.key]
    if bad is not None:
        return result(None, "settlement", 0.0, bad[1], bad[0])
    evidence = None
    if m.word_risk:
        evidence = _has_place_evidence(doc, m)
        if evidence is None:
            return result(None, "settlement", 0.0, f"'{m.surface}' is also an ordinary word or name; "
                          "nothing in the text says a place is meant", "word")
    place, conf, reason = _pick(doc, m, _settlements(m))
    if place is None:
        return result(None, "settlement", 0.0, reason, "ambiguous")
    if evidence:
        reason, conf = f"{reason}; {evidence}", min(conf, 0.8)
    return result(place, "settlement", conf, reason, "place")
