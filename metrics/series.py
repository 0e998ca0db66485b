"""Time series of an indicator for the borough and chosen wards, with SPC and the pre-pandemic baseline.

Each period's ward counts are protected together with the borough total (so a hidden ward cannot be
recovered as the borough minus the wards shown); rates rest on the true counts and are hidden wherever
their count is. The borough series carries an XmR chart (NHS "Making Data Count") with limits from the
baseline months when there are enough of them, and the expected value for each month from the same
calendar month of the baseline period, with a 95% Poisson band.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from metrics import catalogue
from metrics.disclosure import check_role, rules
from metrics.proportions import proportion_ci
from metrics.rates import poisson_limits, rate_ci
from metrics.spc import xmr
from metrics.suppression import protect_table
from settings import get_settings
from warehouse import queries
from warehouse.store import Store, opened

UNKNOWN = "not-known"
MIN_BASELINE_POINTS = 12


def _counts(store: Store, f, freq: str, start, end) -> pd.DataFrame:
    if freq == "week":
        frame = queries.weekly_counts(store, f, by=["ward_code"], start=start, end=end).rename(columns={"week": "period"})
        frame["withheld"] = 0
    else:
        frame = queries.event_counts(store, f, by=["ward_code"], start=start, end=end)
    frame["ward_code"] = frame["ward_code"].fillna(UNKNOWN)
    return frame.rename(columns={"ward_code": "area_code"})


def series(indicator_id: str, *, wards: Sequence[str] = (), role: str = "viewer", freq: str = "month",
           start: str | None = None, end: str | None = None, store: Store | None = None) -> pd.DataFrame:
    """Long frame: period, area_code, area_name, area_type, count, denominator, value, lower_ci, upper_ci,
    suppressed; borough rows add mean, upper_limit, lower_limit, special_cause, direction, expected,
    expected_lower, expected_upper."""
    if store is None:
        with opened(read_only=True) as own:
            return series(indicator_id, wards=wards, role=role, freq=freq, start=start, end=end, store=own)
    check_role(role)
    if freq not in ("month", "week"):
        raise ValueError(f"freq must be 'month' or 'week', got {freq!r}")
    indicator = catalogue.get(indicator_id)
    if indicator.numerator is None:
        raise ValueError(f"{indicator_id} is context (no time series)")
    settings = get_settings()
    codes = [w.code for w in settings.wards]
    counts = _counts(store, indicator.numerator, freq, start, end)
    if counts.empty:
        from metrics.engine import NoData

        raise NoData(f"There is no {indicator.source.replace('_', ' ')} data in the store yet for "
                     f"'{indicator.title}'. Load it with `python -m warehouse ingest {indicator.source} FILE`.")
    periods = sorted(counts["period"].unique())
    grid = pd.MultiIndex.from_product([periods, [*codes, UNKNOWN]], names=["period", "area_code"]).to_frame(
        index=False).merge(counts, on=["period", "area_code"], how="left").fillna({"count": 0, "withheld": 0})
    grid["count"] = grid["count"].astype("int64")

    if indicator.denominator == "population":
        den = queries.population(store, age_min=indicator.age_min, age_max=indicator.age_max)
        grid = grid.merge(den, on="area_code", how="left").rename(columns={"population": "denominator"})
    elif indicator.denominator == "registered_patients":
        grid = grid.merge(queries.registered_patients(store), on="area_code", how="left").rename(
            columns={"population": "denominator"})
    else:
        den = _counts(store, indicator.denominator_events, freq, start, end).rename(columns={"count": "denominator"})
        grid = grid.merge(den[["period", "area_code", "denominator"]], on=["period", "area_code"], how="left")
        grid["denominator"] = grid["denominator"].fillna(0)
    borough = grid.groupby("period", as_index=False).agg(count=("count", "sum"), withheld=("withheld", "sum"),
                                                        denominator=("denominator", "sum"))
    borough["area_code"] = ",".join(settings.districts)

    shown = []
    for period, g in grid.groupby("period"):
        protected = protect_table(g[["area_code", "count"]], rows="area_code", role=role, rules=rules())
        protected["period"] = period
        shown.append(protected)
    shown = pd.concat(shown, ignore_index=True)
    cells = shown[~shown["is_total"]][["period", "area_code", "count", "suppressed"]]
    totals = shown[shown["is_total"]][["period", "count", "suppressed"]]
    grid = grid.merge(cells.rename(columns={"count": "shown"}), on=["period", "area_code"])
    borough = borough.merge(totals.rename(columns={"count": "shown"}), on="period")

    out = pd.concat([grid.assign(area_type="ward"), borough.assign(area_type="borough")], ignore_index=True)
    out = out[(out["area_type"] == "borough") | out["area_code"].isin(wards)].reset_index(drop=True)
    usable = out["denominator"].fillna(0) > 0
    method = proportion_ci if indicator.method == "proportion" else rate_ci
    stats = method(out["count"].where(usable).to_numpy(), out["denominator"].where(usable).to_numpy(),
                   per=indicator.multiplier)
    for col in ("value", "lower_ci", "upper_ci"):
        out[col] = stats[col].to_numpy()
    hidden = out["suppressed"] | (out["withheld"] > 0)
    if indicator.denominator == "events" and role == "viewer":
        hidden |= out["denominator"].between(1, rules().threshold)
    out.loc[hidden, ["value", "lower_ci", "upper_ci"]] = np.nan
    out["count"] = out["shown"].astype("Int64").mask(out["withheld"] > 0)
    out["suppressed"] = hidden
    names = {w.code: w.name for w in settings.wards}
    out["area_name"] = np.where(out["area_type"] == "borough", settings.partnership, out["area_code"].map(names))
    out = out.drop(columns=["shown", "withheld"])
    return _borough_context(out, settings, freq, multiplier=indicator.multiplier,
                            multiplier_from_population=indicator.denominator != "events")


def _borough_context(out: pd.DataFrame, settings, freq: str, *, multiplier: float,
                     multiplier_from_population: bool) -> pd.DataFrame:
    """Add SPC and the baseline expectation to the borough rows (true rates; counts here are large)."""
    b = out["area_type"] == "borough"
    rows = out[b].sort_values("period")
    base = rows[(rows["period"] >= pd.Timestamp(settings.baseline_start))
                & (rows["period"] <= pd.Timestamp(settings.baseline_end) + pd.offsets.MonthEnd(0))]
    values = rows["value"].to_numpy(dtype=float)
    if np.isfinite(values).sum() >= 3:
        first = rows.index.get_indexer(base.index)
        baseline_points = len(base) if len(base) >= MIN_BASELINE_POINTS and (first == np.arange(len(base))).all() \
            else None
        chart = xmr(values, baseline_points=baseline_points)
        for col in ("mean", "upper_limit", "lower_limit", "special_cause", "direction"):
            out.loc[rows.index, col] = chart[col].to_numpy()
    if len(base) and freq == "month" and multiplier_from_population:
        expected_count = base.groupby(base["period"].dt.month)["count"].mean()
        exp = rows["period"].dt.month.map(expected_count).to_numpy(dtype=float)
        low, high, _ = poisson_limits(np.where(np.isnan(exp), np.nan, np.round(exp)), confidence=0.95)
        scale = multiplier / rows["denominator"].to_numpy(dtype=float)
        out.loc[rows.index, "expected"] = exp * scale
        out.loc[rows.index, "expected_lower"] = low * scale
        out.loc[rows.index, "expected_upper"] = high * scale
    return out.sort_values(["area_type", "area_code", "period"]).reset_index(drop=True)
