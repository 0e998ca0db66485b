"""The naive implementation the benchmark compares the project with: the common pandas dashboard pattern.

Read the events (the whole history as one parquet file: the fastest thing pandas reads) into pandas, then filter and group by on every interaction; divide by a
population read from a CSV; Byar's interval with scipy. It is written as a typical analyst script would
be, but it computes the same numbers as the project (the runner checks that), so the comparison is of
the approach, not of different work.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from metrics import catalogue
from settings import get_settings


def read_events(path: Path) -> pd.DataFrame:
    """Every event, as `pd.read_parquet` gives it."""
    frame = pd.read_parquet(path)
    frame["event_date"] = pd.to_datetime(frame["event_date"])
    return frame


def aggregate(frame: pd.DataFrame) -> pd.Series:
    """Events (the sum of `count`) by ward x month x category, the unknown ward included."""
    month = frame["event_date"].dt.to_period("M").rename("month")
    return frame.groupby([frame["source"], frame["ward_code"], month, frame["category"]], dropna=False)["count"].sum()


def byars(count: np.ndarray, z: float = 1.959964, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Byar's limits for counts >= 10, exact Poisson (chi-square) below."""
    x = count.astype(float)
    alpha = 1 - confidence
    with np.errstate(divide="ignore", invalid="ignore"):
        lo = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        hi = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3
    small = x < 10
    lo[small] = np.where(x[small] > 0, stats.chi2.ppf(alpha / 2, 2 * np.maximum(x[small], 1e-300)) / 2, 0.0)
    hi[small] = stats.chi2.ppf(1 - alpha / 2, 2 * x[small] + 2) / 2
    return lo, hi


def _trend(values: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> str:
    se = (upper - lower) / 3.92
    if np.isnan(values).any() or np.isnan(se).any() or (se <= 0).any():
        return "cannot be calculated"
    w, t = 1 / se**2, np.arange(len(values), dtype=float)
    tb, yb = np.sum(w * t) / w.sum(), np.sum(w * values) / w.sum()
    sxx = np.sum(w * (t - tb) ** 2)
    slope = np.sum(w * (t - tb) * (values - yb)) / sxx
    if slope**2 * sxx <= 9.5495:
        return "no significant change"
    return "increasing" if slope > 0 else "decreasing"


def indicator(events: pd.DataFrame, population: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """One indicator for the configured wards: latest three months, four earlier windows for the trend."""
    ind = catalogue.get(indicator_id)
    f = ind.numerator
    wards = [w.code for w in get_settings().wards]
    rows = events[events["source"] == f.source]
    latest = rows["event_date"].max().to_period("M")
    windows = [(latest - 3 * k - 2, latest - 3 * k) for k in range(4, -1, -1)]  # oldest first
    sel = rows
    if f.categories:
        sel = sel[sel["category"].isin(f.categories)]
    if f.subcategories:
        sel = sel[sel["subcategory"].isin(f.subcategories)]
    if f.age_bands:
        sel = sel[sel["age_band"].isin(f.age_bands)]
    month = sel["event_date"].dt.to_period("M")
    sel = sel.assign(month=month)[(month >= windows[0][0]) & (month <= windows[-1][1])]
    sel = sel[sel["ward_code"].isin(wards)]
    window = pd.Series(-1, index=sel.index)
    for i, (start, end) in enumerate(windows):
        window[(sel["month"] >= start) & (sel["month"] <= end)] = i
    counts = sel.groupby([sel["ward_code"], window.rename("window")]).size()
    grid = pd.MultiIndex.from_product([wards, range(len(windows))], names=["ward_code", "window"])
    counts = counts.reindex(grid, fill_value=0).rename("count").reset_index()

    pop = population[population["age"] >= ind.age_min]
    if ind.age_max is not None:
        pop = pop[pop["age"] <= ind.age_max]
    pop = pop.groupby("area_code")["persons"].sum()
    counts["population"] = counts["ward_code"].map(pop).astype(float)
    borough = counts.groupby("window", as_index=False)[["count", "population"]].sum().assign(ward_code="borough")
    out = pd.concat([counts, borough], ignore_index=True)
    lo, hi = byars(out["count"].to_numpy())
    per = ind.multiplier / out["population"]
    out["value"], out["lower_ci"], out["upper_ci"] = out["count"] * per, lo * per, hi * per
    ref = out[(out["ward_code"] == "borough")].set_index("window")["value"]
    out["comparison"] = np.where(out["lower_ci"] > out["window"].map(ref), "higher",
                                 np.where(out["upper_ci"] < out["window"].map(ref), "lower", "similar"))
    trends = {w: _trend(g["value"].to_numpy(), g["lower_ci"].to_numpy(), g["upper_ci"].to_numpy())
              for w, g in out.sort_values("window").groupby("ward_code")}
    current = out[out["window"] == len(windows) - 1].copy()
    current["trend"] = current["ward_code"].map(trends)
    current["indicator_id"] = indicator_id
    return current.reset_index(drop=True)


def compute_all(events_path: Path, population_csv: Path, indicator_ids: list[str]) -> dict[str, pd.DataFrame]:
    """One interaction: read the events and the population (area_code, age, persons), then each indicator."""
    events = read_events(events_path)
    population = pd.read_csv(population_csv)
    return {i: indicator(events, population, i) for i in indicator_ids}
