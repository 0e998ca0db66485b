"""Approximate sample geometry: a generated borough outline and Voronoi ward cells around ward points.

Nothing here is an ONS boundary. The outline is a smoothed buffer around the ward reference points and
each ward is the Voronoi cell of its point clipped to that outline, so the map has the right wards in
roughly the right places without shipping (or imitating) the real boundaries.
Work is done in a local equirectangular projection in metres, so distances are near-isotropic at 53.7°N.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPoint, Polygon, mapping

LON0, LAT0 = -2.65, 53.66
M_PER_DEG_LAT = 110_574.0
M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(LAT0))
DECIMALS = 5

OUTLINE_POINT_BUFFER_M = 3_300.0  # reach of the borough beyond each ward point
OUTLINE_HULL_BUFFER_M = 1_800.0  # fills the gaps between the ward points
OUTLINE_SMOOTHING_M = 1_200.0  # a closing (grow, then shrink) rounds off the notches
OUTLINE_SIMPLIFY_M = 120.0

APPROXIMATE_NOTE = "Approximate generated geometry (Voronoi cells around ward centroids); not an ONS boundary"
OUTLINE_NOTE = "Approximate generated outline (smoothed buffer around ward centroids); not an ONS boundary"


def _to_metres(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    return np.column_stack([(lon - LON0) * M_PER_DEG_LON, (lat - LAT0) * M_PER_DEG_LAT])


def _to_lonlat(xy: np.ndarray) -> np.ndarray:
    return np.column_stack([xy[:, 0] / M_PER_DEG_LON + LON0, xy[:, 1] / M_PER_DEG_LAT + LAT0])


def _finish(geom_m: shapely.Geometry) -> Polygon:
    """Back to WGS84, rounded to 5 dp (about a metre), valid, exterior counter-clockwise (RFC 7946)."""
    lonlat = shapely.transform(geom_m, _to_lonlat)
    rounded = shapely.transform(lonlat, lambda xy: np.round(xy, DECIMALS))
    if not rounded.is_valid:
        rounded = shapely.make_valid(rounded)
    if rounded.geom_type != "Polygon":  # keep the main part if clipping left slivers
        rounded = max(getattr(rounded, "geoms", [rounded]), key=lambda g: g.area)
    return shapely.orient_polygons(rounded, exterior_cw=False)


def approximate_geometry(points: Sequence[tuple[float, float]]) -> tuple[Polygon, list[Polygon]]:
    """Return (borough outline, one cell per point in input order), WGS84, rounded to 5 dp."""
    lon, lat = np.array(points, dtype=float).T
    pts = MultiPoint(_to_metres(lon, lat))
    blob = shapely.union(pts.buffer(OUTLINE_POINT_BUFFER_M, quad_segs=12),
                         pts.convex_hull.buffer(OUTLINE_HULL_BUFFER_M, quad_segs=12))
    smooth = blob.buffer(OUTLINE_SMOOTHING_M, quad_segs=12).buffer(-OUTLINE_SMOOTHING_M, quad_segs=12)
    outline_m = smooth.simplify(OUTLINE_SIMPLIFY_M)
    cells_m = shapely.voronoi_polygons(pts, extend_to=outline_m.buffer(5_000), ordered=True)
    cells = [_finish(cell.intersection(outline_m)) for cell in cells_m.geoms]
    # The outline is the union of the rounded cells, so every cell lies exactly inside it.
    outline = shapely.orient_polygons(shapely.union_all(cells), exterior_cw=False)
    return outline, cells


def points_within(cell: Polygon, centre: tuple[float, float], n: int, rng: np.random.Generator, *,
                  spread_m: float) -> np.ndarray:
    """``n`` (lon, lat) points scattered around ``centre`` (sd ``spread_m``) that fall inside ``cell``."""
    found: list[np.ndarray] = []
    total = 0
    while total < n:
        draw = rng.normal(0.0, spread_m, size=(4 * n, 2))
        lon = centre[0] + draw[:, 0] / M_PER_DEG_LON
        lat = centre[1] + draw[:, 1] / M_PER_DEG_LAT
        keep = shapely.contains_xy(cell, lon, lat)
        found.append(np.column_stack([lon[keep], lat[keep]]))
        total += int(keep.sum())
    return np.concatenate(found)[:n]


def write_geojson(path: Path, features: list[tuple[dict, Polygon]]) -> None:
    """A small, byte-stable GeoJSON FeatureCollection (WGS84; no timestamps, fixed key order)."""
    collection = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": props, "geometry": mapping(geom)}
                     for props, geom in features],
    }
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")
