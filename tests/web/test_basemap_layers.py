"""The committed offline map layers (web/static/basemap, built by scripts/build_map_layers.py)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BASEMAP = ROOT / "src/svidok/web/static/basemap"


def _labels() -> dict[str, Any]:
    return json.loads((BASEMAP / "ukraine-labels.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_basemap_labels_name_every_oblast_in_both_scripts_with_a_box_around_it() -> None:
    oblasts = _labels()["oblasts"]
    assert len(oblasts) == 27
    for name, uk, lat, lon, south, west, north, east in oblasts:
        assert uk and south <= north and west <= east, name
        if name not in ("Kyiv", "Sevastopol"):  # cities: their box is the city
            assert south < lat < north and west < lon < east, name
    assert ["Kharkiv Oblast", "Харківська область"] in [o[:2] for o in oblasts]


def test_basemap_labels_write_bigger_places_from_further_out() -> None:
    places = _labels()["places"]
    by_name = {p[0]: p for p in places}
    assert by_name["Kyiv"][5] == 5 and by_name["Kupiansk"][1] == "Купʼянськ" and by_name["Kupiansk"][5] == 8
    zooms = [p[5] for p in places]  # sorted by population, biggest first
    assert zooms == sorted(zooms) and len(places) > 3000


def test_basemap_water_stays_around_ukraine() -> None:
    geo = json.loads((BASEMAP / "ukraine-water.geojson").read_text(encoding="utf-8"))
    rivers = next(f for f in geo["features"] if f["properties"]["kind"] == "river")["geometry"]["coordinates"]
    assert len(rivers) >= 10
    assert all(20.0 <= x <= 42.0 and 43.0 <= y <= 54.0 for line in rivers for x, y in line)


def test_basemap_labels_rebuild_from_the_gazetteer_identically() -> None:
    spec = importlib.util.spec_from_file_location("build_map_layers", ROOT / "scripts/build_map_layers.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert json.loads(json.dumps(module.labels(), ensure_ascii=False)) == _labels()
