"""ONS Open Geography boundaries (GeoJSON, GeoPackage or zipped Shapefile) -> areas + area_shapes.

Area columns are found by pattern, with any two-digit year: `LSOAyyCD`/`LSOAyyNM`, `MSOAyyCD`, `WDyyCD`/
`WDyyNM` (wards) and `LADyyCD`/`LADyyNM`. The finest geography present is the file's area type
(LSOA, then MSOA, then ward, then district); a district code beside a finer one (`LADyyCD`, else
`LADCD_ACTIVE`) is the area's parent, and features in districts outside the partnership are dropped and
counted.
Geometry is reprojected to WGS84 (EPSG:4326; ONS publishes many files in British National Grid) and
simplified for display at load time: Douglas-Peucker with topology preserved, 10 m tolerance in a metric
CRS. ONS "generalised" (BGC) files are already generalised to 20 m, so this mainly thins full-resolution
files; the 14 Chorley wards serialise to under 40 KB of GeoJSON (5 dp).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from data_loaders.base import LoadResult, validate
from data_loaders.context import LoadContext
from data_loaders.errors import LoadError, Problem, file_problem
from data_loaders.geofile import FORMAT_FIX, read_boundaries
from data_loaders.headers import file_bytes
from data_loaders.limits import time_limit

SOURCE = "boundaries"
TABLES = ("areas", "area_shapes")
TABLE = "areas"
# Column pattern (case-insensitive) -> what it holds; the prefix gives the area type.
COLUMNS = {r"(LSOA|MSOA|WD|LAD)(\d\d)CD": "area_code", r"(LSOA|MSOA|WD|LAD)(\d\d)NM": "area_name",
           r"LAD(\d\d)CD": "parent_code"}
AREA_TYPES = {"LSOA": "lsoa", "MSOA": "msoa", "WD": "ward", "LAD": "lad"}  # finest first
WGS84 = "EPSG:4326"
BNG = "EPSG:27700"
SIMPLIFY_TOLERANCE_M = 10.0
DECIMALS = 5  # about a metre: plenty for a ward map


def _read(path: Path, data: bytes) -> gpd.GeoDataFrame:
    """Only GeoJSON, GeoPackage or zipped Shapefile, recognised by content and each opened by its one reader
    (`data_loaders.geofile`): nothing in the file can make the reader open another file or a URL."""
    with time_limit(path):
        return read_boundaries(path, data)


def _columns(path: Path, columns) -> tuple[str, dict[str, str]]:
    """(area type, {tidy column: file column}) from the ONS column names."""
    by_prefix: dict[str, dict[str, tuple[str, str]]] = {}
    for column in columns:
        m = re.fullmatch(r"(LSOA|MSOA|WD|LAD)(\d\d)(CD|NM)", str(column), flags=re.IGNORECASE)
        if m:
            prefix, year, kind = m.group(1).upper(), m.group(2), m.group(3).upper()
            current = by_prefix.setdefault(prefix, {}).get(kind)
            if current is None or year > current[0]:  # the latest year where there are several
                by_prefix[prefix][kind] = (year, column)
    prefix = next((p for p in AREA_TYPES if "CD" in by_prefix.get(p, {})), None)
    if prefix is None:
        raise file_problem(path, "no area code column found: expected WDyyCD (wards), LSOAyyCD, MSOAyyCD or "
                           f"LADyyCD (e.g. WD25CD); the file has {', '.join(map(str, columns))}", FORMAT_FIX)
    names = {"area_code": by_prefix[prefix]["CD"][1]}
    if "NM" in by_prefix[prefix]:
        names["area_name"] = by_prefix[prefix]["NM"][1]
    if prefix != "LAD":
        active = [c for c in columns if str(c).upper() in ("LADCD_ACTIVE", "LADCD")]  # newer ONS files
        if "CD" in by_prefix.get("LAD", {}):
            names["parent_code"] = by_prefix["LAD"]["CD"][1]
        elif active:
            names["parent_code"] = active[0]
    return AREA_TYPES[prefix], names


def _to_wgs84(path: Path, gdf: gpd.GeoDataFrame, notes: list[str]) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        minx, miny, maxx, maxy = gdf.total_bounds
        if -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90:
            gdf = gdf.set_crs(WGS84)
        elif 0 <= minx and maxx <= 700_000 and 0 <= miny and maxy <= 1_300_000:
            gdf = gdf.set_crs(BNG)
            notes.append("the file does not state its coordinate system: read as British National Grid")
        else:
            raise file_problem(path, "the file does not state its coordinate system and its coordinates are "
                               "neither longitude/latitude nor British National Grid", FORMAT_FIX)
    return gdf


def simplify(geometry: gpd.GeoSeries, *, tolerance: float = SIMPLIFY_TOLERANCE_M) -> gpd.GeoSeries:
    """Simplify for display in a metric CRS (the file's own if projected in metres), returned in WGS84."""
    crs = geometry.crs
    metric = crs if crs.is_projected and crs.axis_info[0].unit_name in ("metre", "meter") else None
    projected = geometry if metric else geometry.to_crs(geometry.estimate_utm_crs())
    return projected.simplify(tolerance, preserve_topology=True).to_crs(WGS84)


def _feature_problems(code: pd.Series, geometry: gpd.GeoSeries, feature: pd.Series,
                      column: str) -> list[Problem]:
    """Blank or repeated codes and missing or non-polygon geometry, by feature number."""
    missing = geometry.isna() | geometry.is_empty
    polygon = geometry.geom_type.isin(["Polygon", "MultiPolygon"])
    checks = [
        (code.isna() | (code == ""), column, "the area code is blank", "give every feature its code"),
        (code.duplicated(keep=False) & code.notna(), column, "the area code is on more than one feature",
         "keep one feature per area (dissolve multi-part areas first)"),
        (missing, None, "the feature has no geometry", "export the boundaries again"),
        (~missing & ~polygon, None, "the geometry is not a polygon",
         "use the boundary (polygon) file, not centroids or lines"),
    ]
    problems = []
    for mask, col, message, fix in checks:
        mask = mask.fillna(False).to_numpy(dtype=bool)
        if mask.any():
            shown = ", ".join(map(str, feature[mask][:5])) + (" and more" if mask.sum() > 5 else "")
            problems.append(Problem((), col, f"features {shown}: {message}", fix))
    return problems


def _areas(path: Path, data: bytes, context: LoadContext, tolerance: float):
    """(GeoDataFrame of areas, rows read, rows dropped, notes)."""
    gdf = _read(path, data)
    if gdf.empty:
        raise file_problem(path, "the file has no features", FORMAT_FIX)
    area_type, names = _columns(path, gdf.columns)
    notes: list[str] = []
    gdf = _to_wgs84(path, gdf, notes)
    code = gdf[names["area_code"]].astype("string").str.strip().str.upper()
    parent = (gdf[names["parent_code"]].astype("string").str.strip().str.upper() if "parent_code" in names
              else pd.Series(pd.NA, index=gdf.index, dtype="string"))
    name = gdf[names["area_name"]].astype("string").str.strip() if "area_name" in names else code
    if "area_name" not in names:
        notes.append(f"the file has no area name column: {area_type} codes are used as names")
    feature = pd.Series(np.arange(1, len(gdf) + 1), index=gdf.index)  # 1-based, as GIS tools number them
    dropped = 0
    if "parent_code" in names and context.districts:
        inside = parent.isin(list(context.districts)).to_numpy()
        dropped = int((~inside).sum())
        gdf, code, parent, name, feature = (s[inside] for s in (gdf, code, parent, name, feature))
        if not len(gdf):
            raise file_problem(path, f"all {dropped} areas are in districts outside the partnership "
                               f"({', '.join(context.districts)})", "use the boundaries for your districts",
                               column=names["parent_code"])
    if dropped:
        notes.append(f"{dropped} areas in districts outside the partnership dropped")
    problems = _feature_problems(code, gdf.geometry, feature, names["area_code"])
    if problems:
        raise LoadError(str(path), problems)
    geometry = gdf.geometry.where(gdf.geometry.is_valid, gdf.geometry.make_valid())
    shapes = simplify(gpd.GeoSeries(geometry.to_numpy(), crs=gdf.crs), tolerance=tolerance)
    parent = pd.array(parent.to_numpy(), dtype="string")
    out = gpd.GeoDataFrame({"area_code": code.to_numpy(), "area_name": name.to_numpy(),
                            "area_type": area_type, "parent_code": parent},
                           geometry=shapes.to_numpy(), crs=WGS84)
    if "approximate" in gdf.columns and gdf["approximate"].astype(bool).any():
        notes.append("the file says its geometry is approximate (not an ONS boundary)")
    return out, len(gdf) + dropped, dropped, notes


def to_geojson(gdf: gpd.GeoDataFrame, *, decimals: int = DECIMALS) -> str:
    """Compact GeoJSON for the map: WGS84, coordinates rounded to `decimals`, other columns as properties."""
    if gdf.crs is not None and not gdf.crs.equals(WGS84):
        gdf = gdf.to_crs(WGS84)
    rounded = shapely.transform(gdf.geometry.to_numpy(), lambda xy: np.round(xy, decimals))
    attributes = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    props = attributes.astype(object).where(attributes.notna(), None)
    features = [{"type": "Feature", "properties": p,
                 "geometry": shapely.geometry.mapping(g) if g is not None else None}
                for p, g in zip(props.to_dict(orient="records"), rounded, strict=True)]
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"),
                      ensure_ascii=False)


def parse(path: str | Path, *, context: LoadContext | None = None, partial: bool = False,
          data: bytes | None = None, tolerance: float = SIMPLIFY_TOLERANCE_M) -> LoadResult:
    """Tables "areas" (validated) and "area_shapes" (area_code, geometry_wkb: WGS84, simplified)."""
    path = Path(path)
    context = context or LoadContext.from_settings()
    gdf, read, dropped, notes = _areas(path, file_bytes(path, data), context, tolerance)
    areas = validate(pd.DataFrame(gdf.drop(columns="geometry")), "areas", path)
    shapes = pd.DataFrame({"area_code": gdf["area_code"].to_numpy(),
                           "geometry_wkb": list(shapely.to_wkb(gdf.geometry.to_numpy()))})
    return LoadResult({"areas": areas, "area_shapes": shapes}, rows_read=read, rows_dropped=dropped,
                      notes=notes)


def load(path: str | Path, *, context: LoadContext | None = None,
         tolerance: float = SIMPLIFY_TOLERANCE_M) -> gpd.GeoDataFrame:
    """ONS boundaries as a GeoDataFrame (area_code, area_name, area_type, parent_code, geometry), WGS84."""
    path = Path(path)
    context = context or LoadContext.from_settings()
    return _areas(path, file_bytes(path, None), context, tolerance)[0]
