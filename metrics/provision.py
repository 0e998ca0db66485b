"""Provision against need, per ward: pure functions (no store, no files).

- `explode_types`: one row per provider x type (a library that is also a warm space counts once under each).
- `per_ward`: providers, sessions a week and capacity per 1,000 residents, for each ward and for each ward's
  district (the district's providers over the district's residents), for one group of types.
- `weighted_centre`: a ward's population-weighted centre from points with weights (LSOA representative points).
- `haversine_km` / `nearest_km`: great-circle distance (spherical Earth, mean radius 6,371.0088 km) from each
  ward's centre to the nearest provider of each type.
- `gap`: the wards where demand outstrips provision (a demand indicator significantly above the district, by
  the 95% interval comparison already in indicator_values for the reader's role, AND food providers per 1,000
  below the district's) and the opposite (no demand indicator above, at least one significantly below, AND
  provision per 1,000 above the district's).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


def explode_types(providers: pd.DataFrame) -> pd.DataFrame:
    """One row per provider and type (`types` holds "Library; Warm space"); `type` becomes each type."""
    if providers.empty:
        return providers.assign(type=pd.Series(dtype="string"))
    out = providers.assign(type=providers["types"].astype(str).str.split("; ")).explode("type")
    return out.reset_index(drop=True)


def open_on(providers: pd.DataFrame, day: pd.Timestamp | None) -> pd.DataFrame:
    """The providers open on `day` (started on or before it, not ended before it); all of them when None."""
    if day is None or providers.empty:
        return providers
    start = pd.to_datetime(providers["start_date"])
    end = pd.to_datetime(providers["end_date"])
    keep = (start.isna() | (start <= day)) & (end.isna() | (end >= day))
    return providers[keep.to_numpy()]


def per_ward(providers: pd.DataFrame, residents: pd.Series, district_of: pd.Series,
             types: Iterable[str]) -> pd.DataFrame:
    """Per ward (index of `residents`, ward code -> usual residents; `district_of`, ward code -> district code):
    providers of `types`, sessions a week and capacity (summed where recorded), each per 1,000 residents, with
    the ward's district's figures beside it. A provider of several of `types` counts once."""
    wanted = set(types)
    chosen = providers[providers["types"].astype(str).str.split("; ").map(lambda t: bool(wanted & set(t)))] \
        if len(providers) else providers
    grouped = chosen.groupby("ward_code")
    out = pd.DataFrame({"residents": residents.astype(float)})
    out["district_code"] = district_of.reindex(out.index)
    out["providers"] = grouped.size().reindex(out.index).fillna(0).astype(int)
    for column in ("sessions_per_week", "capacity"):
        recorded = grouped[column].count().reindex(out.index).fillna(0).astype(int)
        total = grouped[column].sum(min_count=1).reindex(out.index)
        out[f"{column}_recorded"] = recorded
        out[column] = total
    by_district = out.groupby("district_code")[["residents", "providers", "sessions_per_week", "capacity"]].sum(
        min_count=1)
    for column in ("providers", "sessions_per_week", "capacity"):
        out[f"{column}_per_1000"] = out[column] / out["residents"] * 1000
        district = by_district[column] / by_district["residents"] * 1000
        out[f"district_{column}_per_1000"] = out["district_code"].map(district)
    out.index.name = "ward_code"
    return out


def weighted_centre(x: Sequence[float], y: Sequence[float], weights: Sequence[float] | None = None) -> tuple[float, float]:
    """The weighted mean of points (longitude, latitude): across a ward (a few km) the plane mean differs from
    the spherical one by metres."""
    w = np.ones(len(x)) if weights is None else np.asarray(weights, dtype=float)
    if not len(x) or w.sum() <= 0:
        return float("nan"), float("nan")
    return float(np.average(np.asarray(x, float), weights=w)), float(np.average(np.asarray(y, float), weights=w))


def haversine_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in km between points in degrees (broadcast)."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def nearest_km(centres: pd.DataFrame, providers: pd.DataFrame, types: Iterable[str]) -> pd.DataFrame:
    """Ward (index of `centres`, columns x = longitude, y = latitude) x type: the distance in km to the nearest
    provider of that type (providers with columns longitude, latitude, types) and that provider's name;
    NaN where the register holds none of the type."""
    rows = explode_types(providers) if len(providers) else providers
    out = {}
    for kind in types:
        of = rows[rows["type"] == kind] if len(rows) else rows
        if of.empty:
            out[kind] = pd.Series(np.nan, index=centres.index)
            out[f"{kind} (nearest)"] = pd.Series(pd.NA, index=centres.index, dtype="string")
            continue
        d = haversine_km(centres["x"].to_numpy()[:, None], centres["y"].to_numpy()[:, None],
                         of["longitude"].to_numpy()[None, :], of["latitude"].to_numpy()[None, :])
        best = np.nanargmin(d, axis=1)
        out[kind] = pd.Series(d[np.arange(len(centres)), best], index=centres.index)
        out[f"{kind} (nearest)"] = pd.Series(of["name"].to_numpy()[best], index=centres.index, dtype="string")
    return pd.DataFrame(out, index=centres.index)


def gap(demand: pd.DataFrame, provision: pd.DataFrame) -> pd.DataFrame:
    """Per ward: whether demand outstrips provision, or provision outstrips demand.

    `demand`: ward rows of indicator_values (the reader's role) for the demand indicators, with indicator_id,
    area_code and comparison (with the district, 95% interval); `provision`: `per_ward` for the food types.
    A suppressed ward has no comparison a viewer can see ("not compared"), so it is never named from a hidden
    count. Columns: above / below (the indicators significantly above / below the district), provision_below,
    provision_above, outstrips (demand outstrips provision), oversupplied (the opposite)."""
    comparison = demand.pivot_table(index="area_code", columns="indicator_id", values="comparison", aggfunc="first")
    comparison = comparison.reindex(provision.index)
    above = comparison.apply(lambda r: tuple(sorted(c for c, v in r.items() if v == "higher")), axis=1) \
        if len(comparison.columns) else pd.Series([()] * len(provision), index=provision.index)
    below = comparison.apply(lambda r: tuple(sorted(c for c, v in r.items() if v == "lower")), axis=1) \
        if len(comparison.columns) else pd.Series([()] * len(provision), index=provision.index)
    rate, district = provision["providers_per_1000"], provision["district_providers_per_1000"]
    out = pd.DataFrame({"above": above, "below": below,
                        "provision_below": (rate < district).to_numpy(),
                        "provision_above": (rate > district).to_numpy()}, index=provision.index)
    out["outstrips"] = out["above"].map(bool) & out["provision_below"]
    out["oversupplied"] = ~out["above"].map(bool) & out["below"].map(bool) & out["provision_above"]
    return out
