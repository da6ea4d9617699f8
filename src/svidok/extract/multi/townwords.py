"""Towns named by an adjective ("Балаклійської міської ради", "Изюмский городской голова") and acts
placed in a raion ("у Чугуївському районі"), for extract/multi/places.py."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from svidok.extract.gazetteer import Gazetteer, PlaceMatch
from svidok.extract.translit import normalize
from svidok.model import Place

if TYPE_CHECKING:
    from svidok.extract.multi.places import Finder

_HROMADA = " громада"
_NATIONS = ("україн", "украин", "російськ", "российск", "русск", "білорус", "белорус", "європ", "европ")
# "Балаклійської міської ради", "Мелитопольского городского головы"
_FILLERS = ("міськ", "селищн", "сільськ", "районн", "військов", "городск", "поселков", "сельск", "военн")


def institution(f: Finder, text: str, words: list[tuple[int, int, str]], i: int) -> tuple[int, str] | None:
    """'Балаклійської міської ради', 'Ізюмському районному відділі поліції', 'Чугуївського
    міського голови': a town's adjective before its council, office or head names the town, found
    as its hromada ("балаклійська громада" -> Balakliia); before "районі" it names the town's raion."""
    if not f.cyrillic or not any(p.pos == "ADJ" for p in f.morph.parses(words[i][2])[:4]):
        return None
    if words[i][2].lower().startswith(_NATIONS):
        return None  # "Українські слідчі", "Украинские следователи": a country's, not a town's
    j = i + 1
    while j < len(words) and j - i <= 3 and re.fullmatch(r"[^\S\n]+", text[words[j - 1][1]:words[j][0]]):
        lemmas, low = f.morph.lemmas(words[j][2]), words[j][2].lower()
        # ("Лиманської громади" is the register's own name, read as two words)
        if any(f.lex.words(k).has(lemmas) for k in ("office_nouns", "role_nouns")) or (
                low.startswith("район") and not low.startswith("районн")):
            break
        if not words[j][2].lower().startswith(_FILLERS):
            return None
        j += 1
    else:
        return None
    city = any(w.lower().startswith(("міськ", "городск")) for _, _, w in words[i + 1:j])
    if f.code == "ru":
        return _russian_town(f, words[i][2], city)
    for lemma in sorted(f.morph.lemmas(words[i][2])):
        stem = normalize(lemma)
        for masc, fem in (("ий", "а"), ("ій", "я")):
            if not stem.endswith(masc):
                continue
            key = f"{stem[:-2]}{fem}{_HROMADA}"
            # "Харківська ОВА" is the oblast's; only "Харківська міська рада" is the city's
            oblast = f"{stem[:-2]}{fem} область" in f.gaz.index and not city
            if key in f.gaz.index and not oblast:
                return 1, key
    return None


def _russian_town(f: Finder, word: str, city: bool) -> tuple[int, str] | None:
    """'Изюмский район', 'Мелитопольский городской голова': the register holds no Russian hromada
    names, so the town is the adjective's stem as a town of some size ("изюм", "купянск")."""
    for lemma in sorted(f.morph.lemmas(word)):
        stem = normalize(lemma)
        if not stem.endswith("ский") or (f"{stem[:-2]}ая область" in f.gaz.index and not city):
            continue
        for key in (stem[:-4], stem[:-2], stem[:-4] + "ь"):
            sizes = [f.gaz.entries[j].population for j in f.gaz.index.get(key, ())]
            if sizes and max(sizes) >= 10_000:
                return 1, key
    return None


_IN_RAION = re.compile(r"(?:^|\s)(?:в|у|во|w|we|in|im|en|dans le)\s+$", re.I)


def raion_oblast(text: str, m: PlaceMatch) -> Place | None:
    """'у Чугуївському районі': an act placed in a raion is placed in its oblast (the raion's centre,
    a town, is the biggest of its namesakes)."""
    towns = [c for c in m.candidates if c.level == "settlement"]
    if not _IN_RAION.search(text[max(0, m.span.start - 10):m.span.start]) or not towns:
        return None
    centre = max(towns, key=lambda c: c.population)
    return Gazetteer.load().admin1(centre.admin1) if centre.population >= 10_000 and centre.admin1 else None
