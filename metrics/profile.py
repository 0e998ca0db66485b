"""An area's people: its age profile against the partnership's, and its neighbourhoods' deprivation."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

FIVE_YEAR = [(f"{a}-{a + 4}", a, a + 4) for a in range(0, 90, 5)] + [("90+", 90, None)]


def age_profile(ages: pd.DataFrame, area: Sequence[str], reference: Sequence[str]) -> pd.DataFrame:
    """Share of residents (%) in each five-year band: the area's members against the reference's.

    `ages`: area_code, age, persons (single years of the base wards).

    >>> ages = pd.DataFrame({"area_code": ["a", "a", "b"], "age": [3, 40, 3], "persons": [10, 30, 60]})
    >>> row = age_profile(ages, ["a"], ["a", "b"]).iloc[0]
    >>> row["age_band"], float(row["ward_pct"]), float(row["borough_pct"])
    ('0-4', 25.0, 70.0)
    """
    band = pd.cut(ages["age"], bins=[a for _, a, _ in FIVE_YEAR] + [10_000], right=False,
                  labels=[b for b, _, _ in FIVE_YEAR])
    frame = ages.assign(band=band.astype(str))
    order = [b for b, _, _ in FIVE_YEAR]

    def shares(codes: Sequence[str]) -> np.ndarray:
        counts = frame[frame["area_code"].isin(list(codes))].groupby("band")["persons"].sum().reindex(order).fillna(0)
        total = counts.sum()
        return (counts / total * 100).round(2).to_numpy() if total else np.full(len(order), np.nan)

    return pd.DataFrame({"age_band": order, "ward_pct": shares(area), "borough_pct": shares(reference)})


def deprivation_mix(lsoas: pd.DataFrame, wards: Sequence[str]) -> pd.DataFrame:
    """How many of the area's LSOAs fall in each national IMD decile (1 = most deprived 10%)."""
    mine = lsoas[lsoas["ward_code"].isin(list(wards))]
    counts = mine.groupby("imd_decile")["lsoa_code"].nunique().reindex(range(1, 11), fill_value=0)
    return pd.DataFrame({"imd_decile": counts.index, "lsoas": counts.to_numpy()})


def spread(values: pd.Series) -> dict:
    """Minimum, quartiles and maximum of the shown values of the wards (for the spine)."""
    v = values.dropna()
    if v.empty:
        return {"ward_min": np.nan, "ward_q25": np.nan, "ward_q75": np.nan, "ward_max": np.nan}
    return {"ward_min": v.min(), "ward_q25": v.quantile(0.25), "ward_q75": v.quantile(0.75), "ward_max": v.max()}
