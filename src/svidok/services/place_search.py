"""Find places in the bundled gazetteer as a person types: any script, any spelling.

"Kupyansk", "Kupiansk", "Куп'янськ" and "Купянск" all find Kupiansk, and so does any start of
them ("Kup", "Куп"): the gazetteer indexes every spelling variant under one normalised key, and the
keys are kept sorted so that a prefix is one binary search.
"""

from __future__ import annotations

import threading
from bisect import bisect_left
from dataclasses import dataclass

from svidok.extract.gazetteer import Gazetteer
from svidok.extract.translit import normalize
from svidok.model import Place

MIN_CHARS = 2  # shorter queries match too much to be useful
MAX_SCAN = 4000  # index keys read per query at most (a two-letter prefix holds thousands)
_LEVEL_RANK = {"admin1": 0, "settlement": 1, "country": 2}


@dataclass(frozen=True)
class PlaceHit:
    place: Place
    spelling: str  # the spelling that matched, as the index holds it (lower case)
    exact: bool  # the query is a whole spelling, not only its start

    def label(self) -> str:
        """"Kupiansk (Kupianskyi raion, Kharkiv Oblast)"."""
        p = self.place
        where = [x for x in (f"{p.raion} raion" if p.raion else "", p.admin1 or "") if x]
        if p.level == "admin1":
            where = ["oblast"]
        return f"{p.name} ({', '.join(where)})" if where else p.name


class _Index:
    _lock = threading.Lock()
    _keys: list[str] | None = None

    @classmethod
    def keys(cls) -> list[str]:
        if cls._keys is None:
            with cls._lock:
                if cls._keys is None:
                    cls._keys = sorted(Gazetteer.load().index)
        return cls._keys


def search(query: str, limit: int = 10) -> list[PlaceHit]:
    """Places whose name, in any spelling or script, is or starts with `query`: whole-name matches
    first, then oblasts before settlements, then the most populous."""
    key = normalize(query.strip())
    if len(key) < MIN_CHARS:
        return []
    gaz = Gazetteer.load()
    keys = _Index.keys()
    best: dict[str, PlaceHit] = {}
    i = bisect_left(keys, key)
    for k in keys[i:i + MAX_SCAN]:
        if not k.startswith(key):
            break
        for j in gaz.index[k]:
            p = gaz.entries[j]
            hit = PlaceHit(p, k, k == key)
            seen = best.get(p.id)
            if seen is None or (hit.exact, -len(k)) > (seen.exact, -len(seen.spelling)):
                best[p.id] = hit
    ranked = sorted(best.values(), key=lambda h: (not h.exact, _LEVEL_RANK.get(h.place.level, 3),
                                                  -h.place.population, h.place.name, h.place.id))
    return ranked[:max(0, limit)]


def get(place_id: str) -> Place | None:
    """The gazetteer entry with this id (None when there is none)."""
    return Gazetteer.load().get(place_id)
