"""Synthetic English-language reports of alleged war crimes, for benchmarks (never for evaluation).

`generate(n, seed)` yields `Report`s deterministically: places from the bundled gazetteer, twelve
violation types, counts with qualifiers, several spellings of place names, dates, quotes, page
boilerplate, lengths of 150-900 words, syndicated near-copies and reports with no incident.
`write_corpus(folder, n, seed)` writes them as NNNNN_slug.txt with FILE.meta.json sidecars that
`svidok add` reads; the sidecar's "bench" key records what was planted (ignored by ingest).
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from svidok.bench import templates as T
from svidok.model import Place

TYPES = tuple(T.ACTS)
MIN_WORDS, MAX_WORDS = 150, 900
NO_INCIDENT_SHARE = 0.1
COPY_SHARE = 0.08
_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve").split()
_QUALIFIED = {
    "exact": ["{n}"],
    "at_least": ["at least {n}", "more than {n}", "over {n}", "no fewer than {n}"],
    "at_most": ["up to {n}", "as many as {n}"],
    "about": ["around {n}", "some {n}", "nearly {n}", "about {n}", "roughly {n}"],
}
_VAGUE = ["several {noun}", "dozens of {noun}", "a number of {noun}", "many {noun}"]
_SPELLING = ((r"ia\b", "iya"), (r"ia", "ya"), (r"iu", "yu"), (r"iv\b", "ov"), (r"yi\b", "y"),
             (r"ii", "iy"), (r"^Kh", "H"), (r"ts", "tz"))


@dataclass(frozen=True, slots=True)
class Planted:
    """One incident the generator wrote into a report (what a careful reader should find)."""

    type: str
    place_id: str
    place: str  # canonical gazetteer name
    surface: str  # how the report spells it
    count: int | None
    qualifier: str | None


@dataclass(frozen=True, slots=True)
class Report:
    filename: str
    text: str
    meta: dict[str, object]
    incidents: tuple[Planted, ...] = ()
    copy_of: str | None = None  # filename of the report this one syndicates

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class CorpusSummary:
    folder: Path
    files: int = 0
    words: int = 0
    bytes: int = 0
    copies: int = 0
    no_incident: int = 0
    types: dict[str, int] = field(default_factory=dict)
    places: int = 0


def load_places() -> tuple[list[Place], list[Place]]:
    """(settlements, regions) from the bundled gazetteer, in a fixed order for determinism."""
    from svidok.extract.gazetteer import Gazetteer

    entries = Gazetteer.load().entries
    towns = sorted((p for p in entries if p.level == "settlement" and p.population >= 2000
                    and p.admin1 and p.name.isascii()), key=lambda p: p.id)
    regions = sorted((p for p in entries if p.level == "admin1" and p.name.endswith("Oblast")),
                     key=lambda p: p.id)
    return towns, regions


def respell(name: str, rng: random.Random) -> str:
    """Another plausible English transliteration of `name` (Izium -> Izyum), or `name` itself."""
    rules = [r for r in _SPELLING if re.search(r[0], name)]
    if not rules:
        return name
    pattern, repl = rng.choice(rules)
    return re.sub(pattern, repl, name, count=1)


def _number(n: int, rng: random.Random) -> str:
    return _NUMBER_WORDS[n] if n < len(_NUMBER_WORDS) and rng.random() < 0.5 else f"{n:,}"


def _count(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.4:
        return rng.randint(2, 9)
    return rng.randint(10, 60) if r < 0.85 else rng.randint(61, 480)


def _date_phrase(d: date, published: date, rng: random.Random) -> str:
    month = d.strftime("%B")
    options = [f"on {month} {d.day}", f"on {d.day} {month}", f"on {month} {d.day}, {d.year}",
               f"on the night of {d.day} {month}", f"in {month}", f"in early {month}" if d.day < 11
               else f"in late {month}" if d.day > 20 else f"in mid-{month}", ""]
    if 0 < (published - d).days < 7:
        options += [f"on {d.strftime('%A')}", f"last {d.strftime('%A')}"]
    return rng.choice(options)


def _fill(template: str, slots: dict[str, str]) -> str:
    text = template.format(**slots)
    text = re.sub(r"\s+([,.;])", r"\1", re.sub(r" {2,}", " ", text)).replace(", ,", ",")
    return text[0].upper() + text[1:]


class _Writer:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.towns, self.regions = load_places()
        # Most reports are about the places reports are mostly about: weight larger towns up.
        self.cum = list(accumulate(min(p.population, 300_000) ** 0.5 for p in self.towns))

    def town(self) -> Place:
        return self.rng.choices(self.towns, cum_weights=self.cum)[0]

    def place_phrase(self, p: Place) -> tuple[str, str]:
        rng = self.rng
        name = respell(p.name, rng) if rng.random() < 0.25 else p.name
        kind = "city" if p.population >= 100_000 else "town" if p.population >= 10_000 else "village"
        region = (p.admin1 or "").removesuffix(" Oblast")
        options = [name, name, f"the {kind} of {name}", f"{name}, {p.admin1}"]
        if region and region != p.name:
            options.append(f"{name} in the {region} region")
        return rng.choice(options), name

    def source(self, place_name: str) -> str:
        rng = self.rng
        if rng.random() < 0.75:
            who = rng.choice(T.OFFICIALS)
            return f"{who} of {place_name}" if who == "the mayor" else who
        return rng.choice(T.WITNESSES)

    def victims(self, kind: str) -> tuple[str, int | None, str | None]:
        rng = self.rng
        noun = rng.choice(T.VICTIM_NOUNS.get(kind, ["people"]))
        if rng.random() < 0.2:
            return rng.choice(_VAGUE).format(noun=noun), None, None
        n = _count(rng)
        qualifier = rng.choices(list(_QUALIFIED), [0.45, 0.25, 0.1, 0.2])[0]
        return f"{rng.choice(_QUALIFIED[qualifier]).format(n=_number(n, rng))} {noun}", n, qualifier

    def incident(self, kind: str, place: Place, published: date, outlet: str) -> tuple[str, Planted]:
        rng = self.rng
        phrase, surface = self.place_phrase(place)
        when = _date_phrase(published - timedelta(days=rng.randint(0, 20)), published, rng)
        victims, n, qualifier = self.victims(kind)
        target = rng.choice(T.MEDICAL_TARGETS if kind == "attack_medical" else T.CIVIL_TARGETS)
        if kind in ("attack_civilian_objects", "attack_medical", "pillage"):
            n = qualifier = None
        slots = {"victims": victims, "place": phrase, "when": when, "perp": rng.choice(T.PERPS),
                 "target": target, "src": self.source(surface), "outlet": outlet}
        sentence = _fill(rng.choice(T.ACTS[kind]), slots)
        return sentence, Planted(kind, place.id, place.name, surface, n, qualifier)

    def extras(self, place_name: str, outlet: str) -> dict[str, str]:
        rng = self.rng
        month = date(2024, rng.randint(1, 12), 1).strftime("%B")
        region = (rng.choice(self.regions).name or "").removesuffix(" Oblast")
        return {"place_name": place_name, "town": self.town().name, "outlet": outlet, "month": month,
                "n": str(rng.randint(3, 900)), "region": region, "name": rng.choice(T.FIRST_NAMES),
                "age": str(rng.randint(19, 88)), "witness": rng.choice(T.WITNESSES),
                "src": self.source(place_name), "when": ""}

    def filler(self, place_name: str, outlet: str) -> str:
        rng = self.rng
        pool = rng.choices([T.BACKGROUND, T.FIGURE_LINES, T.OFFICIAL_QUOTES, T.WITNESS_QUOTES],
                           [0.6, 0.15, 0.12, 0.13])[0]
        return _fill(rng.choice(pool), self.extras(place_name, outlet))

    def boilerplate(self, pool: list[str], outlet: str, published: date, k: int) -> list[str]:
        rng = self.rng
        slots = {"reporter": rng.choice(T.REPORTERS), "hh": f"{rng.randint(0, 23):02d}",
                 "mm": f"{rng.randint(0, 59):02d}", "n": str(rng.randint(2, 9)), "outlet": outlet,
                 "year": str(published.year), "other": rng.choice(T.OTHER_HEADLINES)}
        return [line.format(**slots) for line in rng.sample(pool, k)]


def _words(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def _compose(w: _Writer, index: int, published: date, outlet: str
             ) -> tuple[str, list[str], tuple[Planted, ...]]:
    """Headline, body paragraphs and planted incidents of one original report."""
    rng = w.rng
    target = rng.randint(MIN_WORDS, MAX_WORDS - 70)
    main = w.town()
    if rng.random() < NO_INCIDENT_SHARE:
        slots = w.extras(main.name, outlet) | {"when": _date_phrase(published, published, rng)}
        headline = rng.choice(T.NO_INCIDENT_HEADLINES).format(place_name=main.name)
        body = [_fill(rng.choice(T.NO_INCIDENT_LEADS), slots)]
        planted: tuple[Planted, ...] = ()
    else:
        kinds = rng.sample(TYPES, rng.choice([1, 1, 1, 2, 2, 3]))
        where = [main] + [w.town() if rng.random() < 0.4 else main for _ in kinds[1:]]
        if rng.random() < 0.05:  # a report that names only the oblast
            where[0] = rng.choice(w.regions)
        sentences, found = [], []
        for kind, place in zip(kinds, where, strict=True):
            s, p = w.incident(kind, place, published, outlet)
            sentences.append(s)
            found.append(p)
        name = found[0].surface
        headline = rng.choice(T.HEADLINES[kinds[0]]).format(place_name=name)
        lead = sentences[0]
        if rng.random() < 0.3:
            lead = f"{name.upper()}, Ukraine — {lead}"
        body = [lead + " " + w.filler(name, outlet)]
        body += [w.filler(name, outlet) + " " + s for s in sentences[1:]]
        if rng.random() < 0.5:
            body.append(rng.choice(T.DENIALS))
        planted = tuple(found)
    name = planted[0].surface if planted else main.name
    words = _words(body)
    while words < target:
        k = min(rng.randint(2, 4), max(1, (target - words) // 18))
        paragraph = " ".join(w.filler(name, outlet) for _ in range(k))
        words += len(paragraph.split())
        body.insert(rng.randint(1, len(body)), paragraph)
    return headline, body, planted


def _assemble(w: _Writer, headline: str, body: list[str], outlet: str, published: date) -> str:
    rng = w.rng
    top = w.boilerplate(T.TOP_BOILERPLATE, outlet, published, rng.randint(0, 2))
    bottom = w.boilerplate(T.BOTTOM_BOILERPLATE, outlet, published, rng.randint(0, 3))
    return "\n\n".join([headline, *top, *body, *bottom]) + "\n"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")[:40]


def generate(n: int, seed: int = 0) -> Iterator[Report]:
    """`n` synthetic reports; the same (n, seed) always gives the same reports, byte for byte."""
    w = _Writer(seed)
    rng = w.rng
    originals: list[tuple[str, str, list[str], tuple[Planted, ...], date, str]] = []
    start = date(2022, 3, 1)
    for i in range(n):
        outlet = rng.choice(T.OUTLETS)
        copy = bool(originals) and rng.random() < COPY_SHARE
        if copy:
            of, headline, body, planted, published, first = rng.choice(originals[-50:])
            published += timedelta(days=rng.randint(0, 2))
            # A syndicated copy credits where it first ran, so it is never byte-identical.
            body = [*body, rng.choice(T.CREDITS).format(outlet=first)]
            headline = rng.choice([headline, f"{headline} – officials", rng.choice(
                T.HEADLINES[planted[0].type]).format(place_name=planted[0].surface)])
        else:
            of = None
            published = start + timedelta(days=rng.randint(0, 1000))
            headline, body, planted = _compose(w, i, published, outlet)
        text = _assemble(w, headline, body, outlet, published)
        filename = f"{i:05d}_{_slug(headline)}.txt"
        if planted and not copy:
            originals.append((filename, headline, body, planted, published, outlet))
        meta: dict[str, object] = {
            "title": headline, "outlet": outlet, "published": published.isoformat(),
            "url": f"https://example.org/{_slug(outlet)}/{i}",
            "bench": {"seed": seed, "copy_of": of, "incidents": [
                {"type": p.type, "place_id": p.place_id, "place": p.place, "surface": p.surface,
                 "count": p.count, "qualifier": p.qualifier} for p in planted]},
        }
        yield Report(filename, text, meta, planted, of)


def write_corpus(folder: Path, n: int, seed: int = 0) -> CorpusSummary:
    """Write `n` reports and their .meta.json sidecars into `folder` (created if missing)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    summary = CorpusSummary(folder)
    places: set[str] = set()
    for report in generate(n, seed):
        data = report.text.encode("utf-8")
        (folder / report.filename).write_bytes(data)
        sidecar = folder / (report.filename + ".meta.json")
        sidecar.write_text(json.dumps(report.meta, ensure_ascii=False) + "\n", encoding="utf-8")
        summary.files += 1
        summary.words += report.words
        summary.bytes += len(data)
        summary.copies += report.copy_of is not None
        summary.no_incident += not report.incidents
        for p in report.incidents:
            summary.types[p.type] = summary.types.get(p.type, 0) + 1
            places.add(p.place_id)
    summary.places = len(places)
    return summary
