"""The provision register as the pages need it: providers with a map position, ward residents and centres.

Population-weighted ward centres: the mean of the representative points of the ward's LSOAs (2021), each
weighted equally. LSOAs are drawn to hold similar populations (1,000-3,000 residents, ~1,600 typical), and the
store holds no LSOA populations, so an LSOA point stands for about the same number of residents wherever it
lies; a ward with no held LSOA falls back to its own representative point. A provider placed approximately
(by postcode district or town: no coordinates) is drawn, and measured from, the centre of the ward it is
counted in, and says so.
"""

from __future__ import annotations

import pandas as pd
import shapely

from metrics import provision as measures
from settings import get_settings
from sources.provision import FOOD_TYPES, TYPES
from warehouse import queries
from warehouse.store import Store

POSITIONS = {"given": "at its coordinates", "ward centre": "at the centre of its ward (approximate: no coordinates)"}


def held(store: Store) -> bool:
    return store.has_table("provision") and bool(
        store.fetch('SELECT COUNT(*) AS n FROM "provision"')["n"].iloc[0])


def ward_centres(store: Store) -> pd.DataFrame:
    """Ward code -> x (longitude), y (latitude), lsoas (how many LSOA points were averaged)."""
    return store.remember(("provision", "centres"), lambda: _ward_centres(store)).copy()


def _ward_centres(store: Store) -> pd.DataFrame:
    shapes = store.fetch('SELECT s.area_code, a.area_type, s.geometry_wkb FROM "area_shapes" s '
                         'JOIN "areas" a ON a.area_code = s.area_code')
    lookup = store.fetch('SELECT lsoa_code, ward_code FROM "lsoa_ward" WHERE vintage = 2021')
    points = {}
    if len(shapes):
        geoms = shapely.from_wkb([bytes(w) for w in shapes["geometry_wkb"]])
        spots = shapely.point_on_surface(geoms)
        points = dict(zip(shapes["area_code"], zip(shapely.get_x(spots), shapely.get_y(spots), strict=True),
                          strict=True))
    wards = [w.code for w in get_settings().wards]
    rows = []
    for ward in wards:
        lsoas = [points[c] for c in lookup.loc[lookup["ward_code"] == ward, "lsoa_code"] if c in points]
        if lsoas:
            x, y = measures.weighted_centre([p[0] for p in lsoas], [p[1] for p in lsoas])
        elif ward in points:
            x, y = points[ward]
        else:
            x = y = float("nan")
        rows.append({"ward_code": ward, "x": x, "y": y, "lsoas": len(lsoas)})
    return pd.DataFrame(rows).set_index("ward_code")


def providers(store: Store) -> pd.DataFrame:
    """Every provider held, with `x`, `y` (its map position) and `position` ("given" or "ward centre")."""
    return store.remember(("provision", "providers"), lambda: _providers(store)).copy()


def _providers(store: Store) -> pd.DataFrame:
    if not held(store):
        return pd.DataFrame(columns=["provider_id", "name", "type", "types", "address", "postcode", "latitude",
                                     "longitude", "ward_code", "placed_by", "approximate", "sessions_per_week",
                                     "capacity", "capacity_unit", "run_by", "start_date", "end_date", "origin", "x",
                                     "y", "position"])
    frame = store.fetch('SELECT * FROM "provision" ORDER BY type, name').drop(columns=["register", "ingest_id"])
    centres = ward_centres(store)
    given = frame["latitude"].notna() & frame["longitude"].notna()
    frame["x"] = frame["longitude"].where(given, frame["ward_code"].map(centres["x"]))
    frame["y"] = frame["latitude"].where(given, frame["ward_code"].map(centres["y"]))
    frame["position"] = given.map({True: "given", False: "ward centre"})
    for column in ("start_date", "end_date"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def residents(store: Store) -> pd.Series:
    """Usual residents per ward (the latest Census year held)."""
    pop = queries.population(store, area_type="ward")
    return pop.set_index("area_code")["population"].astype(float)


def ward_measures(store: Store, *, types=FOOD_TYPES, day: pd.Timestamp | None = None) -> pd.DataFrame:
    """Per ward: providers of `types` open on `day` (all when None), sessions and capacity per 1,000 residents,
    with the district's, and the distance (km) from the ward's centre to the nearest provider of each type."""
    settings = get_settings()
    people = residents(store)
    wards = [w.code for w in settings.wards if w.code in people.index]
    district_of = pd.Series({w.code: w.district for w in settings.wards})
    held_now = measures.open_on(providers(store), day)
    table = measures.per_ward(held_now, people.reindex(wards), district_of, types)
    centres = ward_centres(store).reindex(wards)
    placed = held_now.assign(longitude=held_now["x"], latitude=held_now["y"])
    near = measures.nearest_km(centres, placed, TYPES)
    return table.join(near)
