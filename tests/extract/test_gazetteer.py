"""Tests for svidok.extract.gazetteer: the bundled data, the name index and find()."""

from __future__ import annotations

import gzip
import subprocess
import sys
import time
from pathlib import Path

import pytest

from svidok.extract.gazetteer import Gazetteer, GazetteerError


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.load()


def test_gazetteer_load_returns_cached_instance(gaz: Gazetteer) -> None:
    assert Gazetteer.load() is gaz


def test_gazetteer_load_is_fast_in_a_fresh_process() -> None:
    # CPU time, not wall time: other test workers share the machine's two cores.
    code = ("import time; t = time.process_time(); from svidok.extract.gazetteer import Gazetteer; "
            "Gazetteer.load(); print(time.process_time() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert float(out.stdout) < 1.5


def test_gazetteer_entries_cover_katottg_settlements_and_oblasts(gaz: Gazetteer) -> None:
    levels = [p.level for p in gaz.entries]
    assert levels.count("settlement") > 29_000
    assert levels.count("admin1") == 27
    assert gaz.get("admin1:63") is not None and gaz.get("admin1:63").name == "Kharkiv Oblast"


def test_gazetteer_admin1_finds_oblast_of_a_settlement(gaz: Gazetteer) -> None:
    (izium,) = gaz.lookup("Izium")
    assert gaz.admin1(izium.admin1) is gaz.get("admin1:63")
    assert gaz.admin1("Kyiv") is gaz.get("admin1:80")


def test_gazetteer_spellings_reach_one_entry(gaz: Gazetteer) -> None:
    ids = {tuple(p.id for p in gaz.lookup(n)) for n in ("Kupiansk", "Kupyansk", "Kupjansk", "Kup'yans'k",
                                                      "Купʼянськ", "Купянск")}
    assert len(ids) == 1
    (only,) = ids
    assert gaz.get(only[0]).name == "Kupiansk"


def test_gazetteer_russian_based_forms_are_variants(gaz: Gazetteer) -> None:
    expected = {"Izyum": "Izium", "Balakleya": "Balakliia", "Chuguyev": "Chuhuiv", "Kharkov": "Kharkiv",
                "Kiev": "Kyiv", "Borodyanka": "Borodianka", "Grakovo": "Hrakove"}
    for variant, name in expected.items():
        assert name in {p.name for p in gaz.lookup(variant)}, variant


def test_gazetteer_village_missing_from_geonames_comes_from_katottg(gaz: Gazetteer) -> None:
    kharkiv = [p for p in gaz.lookup("Zaliznychne") if p.admin1 == "Kharkiv Oblast"]
    assert len(kharkiv) == 1
    place = kharkiv[0]
    assert place.id.startswith("ua:UA63") and place.geonameid is None
    assert place.geo_precision == "hromada"
    assert abs(place.lat - 49.57) < 0.3 and abs(place.lon - 36.70) < 0.4


def test_gazetteer_find_spans_are_exact(gaz: Gazetteer) -> None:
    text = "Shells hit Kup'yans'k and Balakliya; later, Kharkiv region's governor spoke in Харкові."
    matches = gaz.find(text)
    assert [m.surface for m in matches] == ["Kup'yans'k", "Balakliya", "Kharkiv region", "Харкові"]
    for m in matches:
        assert text[m.span.start:m.span.end] == m.surface == m.span.text


def test_gazetteer_find_marks_region_phrases(gaz: Gazetteer) -> None:
    for phrase in ("Kharkiv region", "Kharkiv Oblast", "Kharkivska oblast", "Kharkov oblast",
                   "Харківська область", "Харківщина"):
        (m,) = gaz.find(f"Reports from {phrase} arrived.")
        assert m.region and m.candidates[0].id == "admin1:63", phrase


def test_gazetteer_find_marks_raion_mentions(gaz: Gazetteer) -> None:
    matches = gaz.find("Balakliya, Izyum District, Kharkiv Region")
    assert [m.raion for m in matches] == [False, True, False]


def test_gazetteer_find_corrects_a_typo(gaz: Gazetteer) -> None:
    (m,) = gaz.find("Survivors in Kuyansk spoke of torture.")
    assert m.fuzzy and m.candidates[0].name == "Kupiansk"


def test_gazetteer_find_does_not_fuzz_ordinary_words(gaz: Gazetteer) -> None:
    text = "Ukrainian officials and Russians met; Security Service investigators said Grenade."
    assert gaz.find(text) == []


def test_gazetteer_find_flags_word_risk(gaz: Gazetteer) -> None:
    found = {m.surface: m.word_risk for m in gaz.find("Mayak and Zoria, unlike Izium, are words.")}
    assert found == {"Mayak": True, "Zoria": True, "Izium": False}


def test_gazetteer_find_reads_inflected_cyrillic(gaz: Gazetteer) -> None:
    names = [m.candidates[0].name for m in gaz.find("Окупанти тримали людей в Ізюмі та у Києві.")]
    assert names == ["Izium", "Kyiv"]


def test_gazetteer_never_matches_demonyms(gaz: Gazetteer) -> None:
    assert gaz.lookup("Ukrainian") == [] and gaz.lookup("Russian") == []


def test_gazetteer_find_is_fast_on_a_long_report(gaz: Gazetteer) -> None:
    sentence = ("Russian forces held 40 people in Balakliya near Izyum in the Kharkiv region, "
                "officials from Kupiansk and the Security Service of Ukraine told reporters on Monday. ")
    text = sentence * (1000 // len(sentence.split()) + 1)
    gaz.find(text)  # warm the typo cache, as a running pipeline has
    best = min(_cpu(lambda: gaz.find(text)) for _ in range(5))
    assert best < 0.005


def _cpu(fn: object) -> float:
    t = time.process_time()
    fn()  # type: ignore[operator]
    return time.process_time() - t


def test_gazetteer_bad_file_gives_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "ua.tsv.gz"
    with gzip.open(bad, "wt", encoding="utf-8") as handle:
        handle.write("E\tonly\tthree\n")
    with pytest.raises(GazetteerError, match=r"ua\.tsv\.gz: line 1: expected 14 fields"):
        Gazetteer.from_file(str(bad))
