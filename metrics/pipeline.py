"""The one indicator pipeline: a role's counts and denominators -> every statistic a page shows.

Input: one row per area x band x period of one indicator, with the count as the role may know it (exact
for analysts; rounded, or missing where hidden, for viewers: metrics.disclosure), counts the source
withheld, the denominator, and the area it is compared with. Output: the same rows with

- value and 95% / 99.8% intervals: Byar's (exact Poisson below 10) for rates, Wilson for shares;
  a count withheld at source ("*", 1..7 each) moves the value to the middle of what it could be and
  widens the interval to cover every possibility, so it never blanks a total;
- comparison with the comparator area (its value inside the interval -> similar), by declared polarity;
- recent trend over the latest five periods of the same kind (Fingertips method);
- the pre-pandemic expectation: the mean count of the same calendar month over the baseline months,
  summed over a quarter's or year's months, with its 95% Poisson range, and observed / expected with
  Byar's interval;
- the cumulative gap since the pandemic's first month (observed - expected, with its interval:
  metrics.backlog), on monthly rows of demand indicators: the demand that did not arrive, and whether
  it has been made up;
- XmR limits and special-cause flags over the monthly series (NHS Making Data Count);
- a directly age-standardised rate (ESP 2013, Dobson interval) where the indicator offers one.

Everything is computed from the counts given, so for a viewer it rests only on what the viewer may see.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from metrics.backlog import OUTPUT as BACKLOG_OUTPUT
from metrics.backlog import cumulative_gaps
from metrics.baseline import change_vs_baseline
from metrics.compare import compare
from metrics.dsr import dsr_by
from metrics.proportions import proportion_ci
from metrics.rates import poisson_limits, rate_ci
from metrics.spc import xmr_arrays
from metrics.trend import recent_trends
from sources.base import Indicator

WITHHELD_RANGE = (1, 7)  # a source's "*" hides a small count; its own threshold is not published
ALL = "All"
MIN_BASELINE_POINTS = 12
SUPPRESSED_METHOD = "suppressed: small number"
BLOCKED = "not calculated: an age band is suppressed or has no population"

OUTPUT = ["value", "lower_ci", "upper_ci", "lower_ci_99_8", "upper_ci_99_8", "method", "comparison",
          "comparison_99_8", "trend", "expected_count", "expected", "expected_lower", "expected_upper",
          "change_ratio", "change_lower_ci", "change_upper_ci", "spc_mean", "spc_upper", "spc_lower",
          "special_cause", "spc_direction", "dsr", "dsr_lower_ci", "dsr_upper_ci", "dsr_method", *BACKLOG_OUTPUT]


def _interval(indicator: Indicator, count: np.ndarray, den: np.ndarray, confidence: float) -> pd.DataFrame:
    usable = np.isfinite(count) & np.isfinite(den) & (den > 0)
    c = np.where(usable, count, np.nan)
    d = np.where(usable, den, np.nan)
    if indicator.method == "proportion":
        return proportion_ci(np.minimum(c, d), d, per=indicator.multiplier, confidence=confidence)
    return rate_ci(c, d, per=indicator.multiplier, confidence=confidence)


def statistics(indicator: Indicator, count: np.ndarray, den: np.ndarray, withheld: np.ndarray,
               confidence: float) -> pd.DataFrame:
    """Value, interval and method; counts withheld at source widen the interval (see the module doc)."""
    out = _interval(indicator, count, den, confidence)
    has = withheld > 0
    if has.any():
        lo, hi = WITHHELD_RANGE
        mid = _interval(indicator, count + withheld * (lo + hi) / 2, den, confidence)
        low = _interval(indicator, count + withheld * lo, den, confidence)
        high = _interval(indicator, count + withheld * hi, den, confidence)
        out.loc[has, "value"] = mid.loc[has, "value"]
        out.loc[has, "lower_ci"] = low.loc[has, "lower_ci"]
        out.loc[has, "upper_ci"] = high.loc[has, "upper_ci"]
        out.loc[has, "method"] = out.loc[has, "method"].astype(str) + \
            f" (includes counts withheld by the source, {lo}-{hi} each)"
    return out


def indicator_values(indicator: Indicator, rows: pd.DataFrame, *, baseline: tuple[str, str],
                     esp_weights: Mapping[str, float] | None = None, since: str | None = None) -> pd.DataFrame:
    """Add every statistic of OUTPUT to `rows`.

    `rows` columns: area_code, band, period, period_type, period_index, period_start, count (float, NaN
    where the role may not see it), withheld, hidden (bool), denominator (float), parent_code, and for
    period rows other than months `months` (the month starts they cover, for the expectation).
    `esp_weights` maps each of the indicator's bands to its ESP 2013 weight, for the standardised rate.
    `since` (a date; its month is the first) starts the cumulative gap; None leaves it out.
    """
    out = rows.copy()
    count = out["count"].to_numpy(dtype=float)
    den = out["denominator"].to_numpy(dtype=float)
    withheld = out["withheld"].to_numpy(dtype=float)
    hidden = out["hidden"].to_numpy(dtype=bool) | (~np.isfinite(count) & (withheld == 0))
    count = np.where(hidden, np.nan, np.nan_to_num(count))
    s95 = statistics(indicator, count, den, withheld, 0.95)
    s998 = statistics(indicator, count, den, withheld, 0.998)
    out["value"], out["lower_ci"], out["upper_ci"] = (s95[c].to_numpy() for c in ("value", "lower_ci", "upper_ci"))
    out["lower_ci_99_8"], out["upper_ci_99_8"] = s998["lower_ci"].to_numpy(), s998["upper_ci"].to_numpy()
    out["method"] = np.where(hidden, SUPPRESSED_METHOD, s95["method"].astype(object).to_numpy())
    out["hidden"] = hidden
    _compare(out, indicator)
    out["trend"] = recent_trends(out, by=["area_code", "band", "period_type"], time="period_index",
                                 polarity=indicator.polarity)
    _expectation(out, indicator, baseline)
    _backlog(out, indicator, baseline, since)
    _spc(out, baseline)
    _dsr(out, indicator, esp_weights)
    return out


def _compare(out: pd.DataFrame, indicator: Indicator) -> None:
    keys = ["area_code", "band", "period"]
    ref = out[keys + ["value"]].rename(columns={"area_code": "parent_code", "value": "parent_value"})
    merged = out[["parent_code", "band", "period"]].merge(ref, on=["parent_code", "band", "period"], how="left")
    parent = merged["parent_value"].to_numpy(dtype=float)
    for suffix, (lo, hi) in {"": ("lower_ci", "upper_ci"), "_99_8": ("lower_ci_99_8", "upper_ci_99_8")}.items():
        if indicator.method == "score":
            out[f"comparison{suffix}"] = "not compared"
            continue
        out[f"comparison{suffix}"] = compare(out[lo].to_numpy(dtype=float), out[hi].to_numpy(dtype=float), parent,
                                             polarity=indicator.polarity).to_numpy()


def _expectation(out: pd.DataFrame, indicator: Indicator, baseline: tuple[str, str]) -> None:
    """Expected count from the same calendar months of the baseline, for rate indicators of demand."""
    for col in ("expected_count", "expected", "expected_lower", "expected_upper", "change_ratio",
                "change_lower_ci", "change_upper_ci"):
        out[col] = np.nan
    if indicator.method != "rate" or not indicator.demand:
        return
    start, end = pd.Timestamp(baseline[0] + "-01"), pd.Timestamp(baseline[1] + "-01")
    monthly = out[out["period_type"] == "month"]
    base = monthly[(monthly["period_start"] >= start) & (monthly["period_start"] <= end)]
    if base.empty:
        return
    keys = ["area_code", "band", "cal"]
    base = base.assign(cal=base["period_start"].dt.month, unseen=base["count"].isna())
    grouped = base.groupby(keys, dropna=False)
    # A baseline month the role cannot see makes that calendar month's expectation unknown.
    expected_month = grouped["count"].mean().where(~grouped["unseen"].any()).rename("e").reset_index()
    months = out["months"] if "months" in out else pd.Series([[p] for p in out["period_start"]], index=out.index)
    lengths = months.str.len().to_numpy()
    spread = pd.DataFrame({"row": np.repeat(np.arange(len(out)), lengths),
                           "area_code": np.repeat(out["area_code"].to_numpy(), lengths),
                           "band": np.repeat(out["band"].to_numpy(), lengths),
                           "cal": [m.month for ms in months for m in ms]})
    spread = spread.merge(expected_month, on=keys, how="left")
    missing = spread["e"].isna().groupby(spread["row"]).any()
    summed = spread.groupby("row")["e"].sum().where(~missing)
    expected = summed.reindex(np.arange(len(out))).to_numpy(dtype=float)
    den = out["denominator"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(den > 0, indicator.multiplier / den, np.nan)
    low, high, _ = poisson_limits(np.where(np.isfinite(expected), np.round(expected), np.nan), confidence=0.95)
    out["expected_count"] = expected
    out["expected"] = expected * scale
    out["expected_lower"], out["expected_upper"] = low * scale, high * scale
    observed = out["count"].to_numpy(dtype=float)
    ok = np.isfinite(expected) & (expected > 0) & np.isfinite(observed) & ~out["hidden"].to_numpy(dtype=bool)
    if ok.any():
        change = change_vs_baseline(observed[ok], expected[ok])
        out.loc[ok, "change_ratio"] = change["value"].to_numpy()
        out.loc[ok, "change_lower_ci"] = change["lower_ci"].to_numpy()
        out.loc[ok, "change_upper_ci"] = change["upper_ci"].to_numpy()


def _backlog(out: pd.DataFrame, indicator: Indicator, baseline: tuple[str, str], since: str | None) -> None:
    """Cumulative gap on the monthly rows from the month of `since` (metrics.backlog), for the same
    indicators as the expectation; k = the baseline months behind each calendar month's expectation."""
    for col in BACKLOG_OUTPUT:
        out[col] = np.nan
    if since is None or indicator.method != "rate" or not indicator.demand or not out["expected_count"].notna().any():
        return
    start, end = pd.Timestamp(baseline[0] + "-01"), pd.Timestamp(baseline[1] + "-01")
    monthly = out[out["period_type"] == "month"]
    base = monthly[(monthly["period_start"] >= start) & (monthly["period_start"] <= end)]
    keys = ["area_code", "band", "calendar"]
    grouped = base.assign(calendar=base["period_start"].dt.month).groupby(keys, dropna=False)
    k, withheld = grouped["count"].count(), grouped["withheld"].mean()
    rows = monthly.assign(calendar=monthly["period_start"].dt.month)
    where = pd.MultiIndex.from_frame(rows[keys])
    rows = rows.assign(baseline_points=k.reindex(where).to_numpy(dtype=float),
                       expected_withheld=withheld.reindex(where).to_numpy(dtype=float),
                       count=rows["count"].where(~rows["hidden"].astype(bool)))
    gaps = cumulative_gaps(rows, by=["area_code", "band"], time="period_start",
                           start=pd.Timestamp(since).to_period("M").start_time)
    out.loc[gaps.index, BACKLOG_OUTPUT] = gaps.to_numpy()


def _spc(out: pd.DataFrame, baseline: tuple[str, str]) -> None:
    """XmR over each area's monthly (and weekly) all-ages series; limits from the baseline months when there
    are 12 of them at the start of the series."""
    for col in ("spc_mean", "spc_upper", "spc_lower"):
        out[col] = np.nan
    out["special_cause"] = False
    out["spc_direction"] = None
    start, end = pd.Timestamp(baseline[0] + "-01"), pd.Timestamp(baseline[1] + "-01")
    monthly = out[out["period_type"].isin(["month", "week"]) & (out["band"] == ALL)].sort_values(
        ["period_type", "area_code", "period_start"])
    if monthly.empty:
        return
    values = monthly["value"].to_numpy(dtype=float)
    in_base = ((monthly["period_start"] >= start) & (monthly["period_start"] <= end)).to_numpy()
    codes = (monthly["period_type"] + "|" + monthly["area_code"]).to_numpy()
    cuts = np.flatnonzero(codes[1:] != codes[:-1]) + 1
    mean, upper, lower = (np.full(len(values), np.nan) for _ in range(3))
    special = np.zeros(len(values), dtype=bool)
    direction = np.full(len(values), None, dtype=object)
    for lo, hi in zip(np.r_[0, cuts], np.r_[cuts, len(values)], strict=True):
        x = values[lo:hi]
        if np.isfinite(x).sum() < 3:
            continue
        b = in_base[lo:hi]
        n_base = int(b.sum())
        chart = xmr_arrays(x, n_base if n_base >= MIN_BASELINE_POINTS and b[:n_base].all() else None)
        mean[lo:hi], upper[lo:hi], lower[lo:hi] = chart["mean"], chart["upper_limit"], chart["lower_limit"]
        special[lo:hi], direction[lo:hi] = chart["special_cause"], chart["direction"]
    index = monthly.index
    out.loc[index, "spc_mean"], out.loc[index, "spc_upper"], out.loc[index, "spc_lower"] = mean, upper, lower
    out.loc[index, "special_cause"] = special
    out.loc[index, "spc_direction"] = direction


def _dsr(out: pd.DataFrame, indicator: Indicator, esp_weights: Mapping[str, float] | None) -> None:
    """Directly standardised rate of each all-ages row from its band rows (ESP 2013, Dobson interval).

    Events of unknown age are given to the known bands in proportion, so the standardised and the crude
    rate count the same events. For a viewer a band hidden by disclosure control leaves it uncalculated.
    """
    for col in ("dsr", "dsr_lower_ci", "dsr_upper_ci"):
        out[col] = np.nan
    out["dsr_method"] = None
    if not indicator.standardise or not esp_weights:
        return
    bands = out[out["band"].isin(list(esp_weights))]
    if bands.empty:
        return
    keys = ["area_code", "period"]
    allrows = out[out["band"] == ALL]
    total = allrows.set_index(keys)["count"]
    frame = bands[[*keys, "band", "count", "denominator", "hidden"]].copy()
    frame["known"] = frame.groupby(keys)["count"].transform("sum")
    frame["total"] = total.reindex(pd.MultiIndex.from_frame(frame[keys])).to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(frame["known"] > 0, frame["total"] / frame["known"], 1.0)
    frame["count"] = frame["count"].to_numpy(dtype=float) * share
    blocked = frame.groupby(keys)["hidden"].transform("any") | ~(frame["denominator"] > 0)
    blocked = blocked.groupby([frame[k] for k in keys]).transform("any")
    usable = frame[~blocked.to_numpy(dtype=bool)]
    if usable.empty:
        out.loc[allrows.index, "dsr_method"] = BLOCKED
        return
    result = dsr_by(usable.rename(columns={"denominator": "population"}), group=keys, band="band",
                    standard=pd.Series(esp_weights, dtype=float), per=indicator.multiplier).set_index(keys)
    where = pd.MultiIndex.from_frame(allrows[keys])
    for col, src in (("dsr", "value"), ("dsr_lower_ci", "lower_ci"), ("dsr_upper_ci", "upper_ci"),
                     ("dsr_method", "method")):
        out.loc[allrows.index, col] = result[src].reindex(where).to_numpy()
    out.loc[allrows.index[out.loc[allrows.index, "dsr_method"].isna()], "dsr_method"] = BLOCKED
