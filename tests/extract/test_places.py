"""Tests for svidok.extract.places: namesakes, risky words and non-places."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from svidok.extract.places import ResolvedPlace, find_places

GOLD = Path(__file__).with_name("places_gold.json")
SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlon = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    return 6371.0 * math.hypot(math.radians(lat2 - lat1), dlon)


def _first(text: str, surface: str, hint: str | None = None) -> ResolvedPlace:
    return next(r for r in find_places(text, hint) if r.surface == surface)


def _gold_ok(item: dict) -> bool:
    found = [r for r in find_places(item["text"]) if r.surface == item["surface"]]
    want = item["expect"]
    if want is None:
        return all(r.place is None for r in found)
    if not found or found[0].place is None:
        return False
    p = found[0].place
    return (p.name == want["name"] and p.admin1 == want["admin1"] and p.level == want["level"]
            and _km(p.lat, p.lon, want["lat"], want["lon"]) <= 40)


def test_places_gold_set_resolves_at_least_97_percent() -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    assert len(gold) >= 150
    wrong = [g["text"] for g in gold if not _gold_ok(g)]
    assert 1 - len(wrong) / len(gold) >= 0.97, wrong


def test_places_oblast_named_next_to_namesake_decides() -> None:
    r = _first("In Zaliznychne, Kharkiv region, four graves were found.", "Zaliznychne")
    assert r.place is not None and r.place.admin1 == "Kharkiv Oblast"
    r = _first("Zaliznychne in Poltava region hosted displaced families.", "Zaliznychne")
    assert r.place is not None and r.place.admin1 == "Poltava Oblast"


def test_places_raion_named_next_to_it_decides() -> None:
    r = _first("Lyman, a village in the Lozova district, Kharkiv region, received aid.", "Lyman")
    assert r.place is not None and r.place.raion == "Lozivskyi"


def test_places_other_places_in_report_decide() -> None:
    text = ("Investigators worked in Balakliia, Izium and Kupiansk. "
            "In the village of Hrakove, locals showed them two graves.")
    r = _first(text, "Hrakove")
    assert r.place is not None and r.place.raion == "Chuhuivskyi"


def test_places_unresolvable_namesake_is_left_open() -> None:
    r = _first("Shelling hit Novoselivka overnight.", "Novoselivka")
    assert r.place is None and r.kind == "ambiguous" and "namesakes" in r.reason


def test_places_context_hint_breaks_tie() -> None:
    r = _first("Shelling hit Ivanivka overnight.", "Ivanivka", hint="Kherson Oblast")
    assert r.place is not None and r.place.admin1 == "Kherson Oblast"


def test_places_risky_word_without_evidence_is_no_place() -> None:
    r = _first("Mayak is the name of an old radio station.", "Mayak")
    assert r.place is None and r.kind == "word"


def test_places_risky_word_with_evidence_is_a_place() -> None:
    r = _first("The village of Mayak in the Donetsk region was shelled.", "Mayak")
    assert r.place is not None and r.place.admin1 == "Donetsk Oblast"


def test_places_new_york_needs_ukrainian_context() -> None:
    assert _first("Our correspondent in New York filed the story.", "New York").place is None
    r = _first("New York, a town in the Donetsk region, came under fire.", "New York")
    assert r.place is not None and r.place.admin1 == "Donetsk Oblast"


@pytest.mark.parametrize(("text", "surface", "kind"), [
    ("The Kyiv Independent published the list.", "Kyiv", "outlet"),
    ("According to News of Kharkiv, the market was hit.", "Kharkiv", "outlet"),
    ("A poster stood by the Oskil River.", "Oskil", "river"),
    ("Serhiy Bolvinov spoke to reporters.", "Serhiy", "person"),
])
def test_places_non_place_uses_are_suppressed(text: str, surface: str, kind: str) -> None:
    r = _first(text, surface)
    assert r.place is None and r.kind == kind


def test_places_countries_have_country_level() -> None:
    results = find_places("Children were taken from Ukraine to Russia.")
    assert [(r.surface, r.level, r.kind) for r in results] == [
        ("Ukraine", "country", "place"), ("Russia", "country", "foreign")]


def test_places_settlement_carries_its_oblast() -> None:
    r = _first("Shelling hit Kupyansk again.", "Kupyansk")
    assert r.place is not None and r.place.admin1 == "Kharkiv Oblast" and r.level == "settlement"


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds not beside the repository")
def test_places_seed_reports_resolve() -> None:
    got: dict[str, set[tuple[str | None, str | None, float, float]]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        for r in find_places(path.read_text(encoding="utf-8")):
            if r.kind == "raion":  # "Izyum District" names a district, checked elsewhere
                continue
            p = r.place
            got.setdefault(r.surface, set()).add(
                (p.name, p.admin1, p.lat or 0.0, p.lon or 0.0) if p else (None, None, 0.0, 0.0))
    for surface in ("Kupiansk", "Kuyansk", "Kupyansk"):
        assert {g[:2] for g in got[surface]} == {("Kupiansk", "Kharkiv Oblast")}, surface
    assert {g[:2] for g in got["Balakliya"]} == {("Balakliia", "Kharkiv Oblast")}
    assert {g[:2] for g in got["Izyum"]} == {("Izium", "Kharkiv Oblast")}
    assert {g[0] for g in got["Kiev"]} == {"Kyiv"} and {g[0] for g in got["Kharkov"]} == {"Kharkiv"}
    assert {g[:2] for g in got["Bucha"]} == {("Bucha", "Kyiv Oblast")}
    assert {g[:2] for g in got["Irpin"]} == {("Irpin", "Kyiv Oblast")}
    assert {g[0] for g in got["Kharkiv region"]} == {"Kharkiv Oblast"}
    assert {g[0] for g in got["Luhansk"]} == {"Luhansk"}
    assert {g[0] for g in got["Oskil"]} == {None}
    assert "Moscow" not in got
    (hrakove,) = got["Hrakove"]
    (zaliznychne,) = got["Zaliznychne"]
    (bohorodychne,) = got["Bohorodychne"]
    assert _km(hrakove[2], hrakove[3], 49.57, 36.70) < 40
    assert zaliznychne[1] == "Kharkiv Oblast" and _km(zaliznychne[2], zaliznychne[3], 49.57, 36.70) < 40
    assert _km(bohorodychne[2], bohorodychne[3], 49.06, 37.52) < 10


def test_places_names_sharing_plural_regions_are_oblasts() -> None:
    found = [(r.surface, r.place.name if r.place else None)
             for r in find_places("Shelling hit border villages of Sumy and Chernihiv regions.")]
    assert found == [("Sumy", "Sumy Oblast"), ("Chernihiv", "Chernihiv Oblast")]


def test_places_kyiv_bound_is_a_destination() -> None:
    assert _first("Drones hit a Kyiv-bound train near Shostka.", "Kyiv").place is None


def test_places_kyiv_in_a_list_of_regions_is_the_oblast() -> None:
    r = _first("Troops left the towns of Kyiv, Chernihiv, and Sumy regions.", "Kyiv")
    assert r.place is not None and r.place.name == "Kyiv Oblast"


def test_places_surname_after_title_and_given_name_is_a_person() -> None:
    r = _first("Ministry spokesman Heorhiy Tykhyi condemned the execution.", "Tykhyi")
    assert r.place is None and r.kind == "person"


def test_places_russian_city_is_no_ukrainian_village() -> None:
    r = _first("The boy was taken from Lyptsi to Voronezh.", "Voronezh")
    assert r.place is None and r.kind == "foreign"


def test_places_witness_short_name_makes_a_surname() -> None:
    assert _first("Soldiers shot Vitya Sevchenko in his garden.", "Sevchenko").place is None


def test_places_city_district_after_district_is_no_settlement() -> None:
    text = "Missiles hit the largest district, Shevchenkivskyi, at night."
    assert _first(text, "Shevchenkivskyi").place is None


def test_places_kyiv_capital_region_is_the_oblast() -> None:
    r = _first("He killed a civilian in the Kyiv capital region in March.", "Kyiv")
    assert r.place is not None and r.place.name == "Kyiv Oblast"


def test_places_hromada_adjective_names_its_centre() -> None:
    r = _first("At night the Marganetska community came under fire.", "Marganetska")
    assert r.place is not None and r.place.name == "Marhanets"
