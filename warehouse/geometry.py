"""Ward and borough shapes for the map as GeoJSON (shapely from stored WKB; no spatial extension needed).

The shapes come from configured real ONS boundary files when `[geography]` names them, otherwise from
the `area_shapes` table (the generated sample geometry is flagged as approximate by its ingest note).
"""

from __future__ import annotations

import json

import shapely
from shapely.geometry import mapping

from settings import get_settings
from warehouse.store import Store


def _features(frame) -> dict:
    features = []
    for row in frame.itertuples(index=False):
        geom = shapely.from_wkb(bytes(row.geometry_wkb))
        features.append({"type": "Feature", "properties": {"area_code": row.area_code, "area_name": row.area_name},
                         "geometry": mapping(geom)})
    return {"type": "FeatureCollection", "features": features}


def _from_file(path, area_type: str) -> dict:
    from data_loaders import boundaries

    gdf = boundaries.load(path)
    gdf = gdf[gdf["area_type"] == area_type]
    return json.loads(boundaries.to_geojson(gdf[["area_code", "area_name", "geometry"]]))


def _union(wards: dict) -> dict:
    """The borough outline as the union of its wards, when no outline file is configured."""
    from shapely.geometry import shape

    # Simplified, rounded ward shapes can touch imperfectly: repair each and close hairline gaps.
    parts = [shapely.make_valid(shape(f["geometry"])).buffer(1e-5) for f in wards["features"]]
    merged = shapely.union_all(parts).buffer(-1e-5).simplify(1e-5)
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "area_code": ",".join(get_settings().districts), "area_name": get_settings().partnership},
        "geometry": mapping(merged)}]}


def map_shapes(store: Store) -> tuple[dict, dict | None, bool]:
    """(wards, borough outline or None, approximate?) as GeoJSON FeatureCollections."""
    settings = get_settings()
    if settings.ward_boundaries:
        wards = _from_file(settings.ward_boundaries, "ward")
        codes = {w.code for w in settings.wards}
        wards["features"] = [f for f in wards["features"] if f["properties"]["area_code"] in codes]
        outline = _from_file(settings.borough_outline, "lad") if settings.borough_outline else _union(wards)
        return wards, outline, False
    frame = store.fetch('SELECT s.area_code, a.area_name, a.area_type, s.geometry_wkb FROM "area_shapes" s '
                        'JOIN "areas" a ON a.area_code = s.area_code')
    approximate = bool(store.fetch("SELECT COUNT(*) AS n FROM \"ingests\" WHERE source = 'boundaries' AND "
                                   "message LIKE '%approximate%'")["n"].iloc[0])
    wards = _features(frame[frame["area_type"] == "ward"])
    lad = frame[(frame["area_type"] == "lad") & frame["area_code"].isin(settings.districts)]
    return wards, (_features(lad) if len(lad) else None), approximate
