"""Sample police.uk street-level files, one zip of monthly CSVs per year."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from sample_data import geometry
from sample_data.common import (
    DEPRIVATION_ELASTICITY,
    Borough,
    _choose,
    _month_labels,
    _monthly,
    _write_zip,
)

POLICE_START, POLICE_END = "2019-01", "2021-12"
POLICE_FORCE = "Lancashire Constabulary"
POLICE_BASE = {  # Chorley rows per month, 2019 level
    "Anti-social behaviour": 165, "Bicycle theft": 4, "Burglary": 50, "Criminal damage and arson": 78,
    "Drugs": 11, "Other crime": 20, "Other theft": 58, "Possession of weapons": 5, "Public order": 56,
    "Robbery": 3, "Shoplifting": 46, "Theft from the person": 8, "Vehicle crime": 38,
    "Violence and sexual offences": 290,
}
POLICE_GROUP = {
    "Anti-social behaviour": "asb", "Drugs": "drugs",
    **{t: "acquisitive" for t in ("Bicycle theft", "Burglary", "Other theft", "Robbery", "Shoplifting",
                                  "Theft from the person", "Vehicle crime")},
    **{t: "violence" for t in ("Criminal damage and arson", "Other crime", "Possession of weapons",
                               "Public order", "Violence and sexual offences")},
}
POLICE_SUMMER_PEAK = 0.08  # +/- seasonal swing (peak July) for ASB and the violence group
POLICE_MONTHLY = {  # multiplier against 2019, each month's value held until the next entry
    "asb": {"2020-03": 1.25, "2020-04": 1.65, "2020-05": 1.6, "2020-06": 1.35, "2020-07": 1.25, "2020-08": 1.2,
            "2020-09": 1.1, "2020-10": 1.15, "2020-11": 1.45, "2020-12": 1.2, "2021-01": 1.45, "2021-02": 1.35,
            "2021-03": 1.2, "2021-04": 1.05, "2021-05": 1.0},
    "acquisitive": {"2020-03": 0.85, "2020-04": 0.5, "2020-05": 0.6, "2020-06": 0.75, "2020-07": 0.85,
                    "2020-08": 0.9, "2020-09": 0.92, "2020-10": 0.9, "2020-11": 0.7, "2020-12": 0.8,
                    "2021-01": 0.62, "2021-02": 0.62, "2021-03": 0.72, "2021-04": 0.85, "2021-05": 0.9,
                    "2021-06": 0.93},
    "violence": {"2020-03": 0.95, "2020-04": 0.75, "2020-05": 0.85, "2020-06": 1.05, "2020-07": 1.12,
                 "2020-08": 1.12, "2020-09": 1.05, "2020-10": 1.0, "2020-11": 0.88, "2020-12": 0.95,
                 "2021-01": 0.82, "2021-02": 0.85, "2021-03": 0.95, "2021-04": 1.02, "2021-05": 1.06,
                 "2021-06": 1.08},
    "drugs": {"2020-04": 1.5, "2020-05": 1.45, "2020-06": 1.2, "2020-07": 1.1, "2020-11": 1.3, "2020-12": 1.15,
              "2021-01": 1.35, "2021-02": 1.3, "2021-03": 1.15, "2021-04": 1.05},
}
POLICE_MONTH_SHAPE = 600.0
POLICE_OUTCOMES = (
    ("Investigation complete; no suspect identified", 0.33), ("Unable to prosecute suspect", 0.30),
    ("Status update unavailable", 0.08), ("Court result unavailable", 0.05), ("Local resolution", 0.05),
    ("Offender given a caution", 0.03), ("Further investigation is not in the public interest", 0.03),
    ("Action to be taken by another organisation", 0.02), ("Formal action is not in the public interest", 0.01),
    ("Awaiting court outcome", 0.02), ("Offender sent to prison", 0.01),
    ("Offender given community sentence", 0.01), ("Suspect charged as part of another case", 0.01),
    ("Under investigation", 0.05),
)
POLICE_SNAP_POINTS = 10  # anonymised map points per LSOA, as police.uk snaps crimes to nearby points
POLICE_PLACES = (
    "Park Road", "Church Street", "Market Street", "Station Road", "Mill Lane", "School Lane", "Chapel Street",
    "Queens Road", "Victoria Street", "Highfield Road", "Moor Road", "Spring Gardens", "Orchard Drive",
    "Windsor Avenue", "Meadow Way", "Cedar Close", "Brook Street", "The Green", "Hollin Lane", "Oak Avenue",
    "Railway Road", "Bridge Street", "King Street", "New Street", "Hall Lane", "Ash Grove", "Beech Drive",
)
POLICE_STREETS = len(POLICE_PLACES)
POLICE_PLACES += (
    "Parking Area", "Supermarket", "Shopping Area", "Petrol Station", "Sports/Recreation Area",
    "Further/Higher Educational Building", "Pedestrian Subway", "Nightclub",
)
POLICE_OUT_OF_AREA = (  # illustrative neighbouring LSOAs (not Chorley) and a point near each
    ("E01025321", "South Ribble 004A", -2.6952, 53.7011), ("E01025334", "South Ribble 006C", -2.7018, 53.6944),
    ("E01025352", "South Ribble 009B", -2.6841, 53.7102), ("E01025367", "South Ribble 012D", -2.7105, 53.6889),
    ("E01025383", "South Ribble 015A", -2.6793, 53.7188),
)
POLICE_OUT_OF_AREA_MEAN = 6
POLICE_HEADER = ("Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
                 "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context")


def _police_points(rng: np.random.Generator, b: Borough) -> tuple[np.ndarray, np.ndarray]:
    """Per LSOA: POLICE_SNAP_POINTS (lon, lat) points inside its ward's approximate cell, and place names."""
    _, cells = geometry.approximate_geometry(b.points)
    coords = np.zeros((len(b.lsoa), POLICE_SNAP_POINTS, 2))
    places = np.empty((len(b.lsoa), POLICE_SNAP_POINTS), dtype=object)
    for i, w in enumerate(b.lsoa["ward"]):
        centre = geometry.points_within(cells[w], b.points[w], 1, rng, spread_m=700.0)[0]
        coords[i] = geometry.points_within(cells[w], tuple(centre), POLICE_SNAP_POINTS, rng, spread_m=350.0)
        names = rng.choice(len(POLICE_PLACES), size=POLICE_SNAP_POINTS, replace=False)
        places[i] = [f"On or near {POLICE_PLACES[k]}" for k in names]
    return coords, places


def _police_month(rng: np.random.Generator, b: Borough, month: str, expected: np.ndarray, points: np.ndarray,
                  places: np.ndarray, months_to_end: int) -> bytes:
    types = list(POLICE_BASE)
    counts = rng.poisson(expected * rng.gamma(POLICE_MONTH_SHAPE, 1.0 / POLICE_MONTH_SHAPE))  # lsoa x type
    lsoa, kind = np.nonzero(counts)
    reps = counts[lsoa, kind]
    lsoa, kind = np.repeat(lsoa, reps), np.repeat(kind, reps)
    snap = rng.integers(0, POLICE_SNAP_POINTS, len(lsoa))
    codes = b.lsoa["code"].to_numpy(dtype=object)[lsoa]
    names = b.lsoa["name"].to_numpy(dtype=object)[lsoa]
    lon, lat = points[lsoa, snap, 0], points[lsoa, snap, 1]
    where = places[lsoa, snap]

    n_away = rng.poisson(POLICE_OUT_OF_AREA_MEAN)
    away = rng.integers(0, len(POLICE_OUT_OF_AREA), n_away)
    base = np.array(list(POLICE_BASE.values()), dtype=float)
    away_kind = rng.choice(len(types), size=n_away, p=base / base.sum())
    codes = np.concatenate([codes, [POLICE_OUT_OF_AREA[a][0] for a in away]])
    names = np.concatenate([names, [POLICE_OUT_OF_AREA[a][1] for a in away]])
    lon = np.concatenate([lon, [POLICE_OUT_OF_AREA[a][2] + rng.normal(0, 0.002) for a in away]])
    lat = np.concatenate([lat, [POLICE_OUT_OF_AREA[a][3] + rng.normal(0, 0.001) for a in away]])
    streets = rng.integers(0, POLICE_STREETS, n_away)
    where = np.concatenate([where, [f"On or near {POLICE_PLACES[k]}" for k in streets]])
    kind = np.concatenate([kind, away_kind])

    n = len(kind)
    is_asb = np.array(types, dtype=object)[kind] == "Anti-social behaviour"
    raw = np.frombuffer(rng.bytes(32 * n), dtype=np.uint8).reshape(n, 32)
    crime_id = np.array([r.tobytes().hex() for r in raw], dtype=object)
    crime_id[is_asb] = ""
    p = np.array([q for _, q in POLICE_OUTCOMES])
    p = np.tile(p, (n, 1))
    p[:, -1] += 0.45 * np.exp(-months_to_end / 2.0)  # recent crimes are still under investigation
    outcome = np.array([o for o, _ in POLICE_OUTCOMES], dtype=object)[_choose(rng, p)]
    outcome[is_asb] = ""
    frame = pd.DataFrame({
        "Crime ID": crime_id, "Month": month, "Reported by": POLICE_FORCE, "Falls within": POLICE_FORCE,
        "Longitude": [f"{x:.6f}" for x in lon], "Latitude": [f"{y:.6f}" for y in lat], "Location": where,
        "LSOA code": codes, "LSOA name": names, "Crime type": np.array(types, dtype=object)[kind],
        "Last outcome category": outcome, "Context": "",
    })
    frame = frame.sort_values(["LSOA code", "Crime type"], kind="stable")
    return frame.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _write_police(out: Path, b: Borough, seed: int) -> list[Path]:
    rng = np.random.default_rng([seed, 3])
    points, places = _police_points(rng, b)
    months = _month_labels(POLICE_START, POLICE_END)
    weight = (b.lsoa["imd_score"].to_numpy() / b.lsoa["imd_score"].mean()) ** DEPRIVATION_ELASTICITY
    weight /= weight.sum()
    types = list(POLICE_BASE)
    by_month = np.column_stack([_monthly(POLICE_MONTHLY[POLICE_GROUP[t]], months) for t in types])
    month_no = np.array([int(m[5:]) for m in months])
    season = 1 + POLICE_SUMMER_PEAK * np.cos(2 * np.pi * (month_no - 7) / 12)
    seasonal = np.array([POLICE_GROUP[t] in ("asb", "violence") for t in types])
    by_month = by_month * np.where(seasonal[None, :], season[:, None], 1.0)
    base = np.array(list(POLICE_BASE.values()), dtype=float)
    members = []
    for i, month in enumerate(months):
        expected = weight[:, None] * (base * by_month[i])[None, :]
        body = _police_month(rng, b, month, expected, points, places, len(months) - 1 - i)
        members.append((f"{month}/{month}-lancashire-street.csv", body))
    return [_write_zip(out / "police_uk" / "police_uk_2019-01_2021-12.zip", members)]


def write(out: Path, b: Borough, seed: int) -> list[Path]:
    """Write this source's sample files under `out`; return their paths."""
    return _write_police(out, b, seed)
