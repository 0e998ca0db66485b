"""Demand against a pre-pandemic (or other) baseline: ratio to expected, and cumulative missing demand.

Observed counts are treated as Poisson and expected counts as fixed. Expected for a month is the mean
count for the same calendar month over the baseline period (e.g. 2019). The ratio observed/expected
takes Byar's limits (Breslow & Day 1987; exact Poisson below 10) on the observed count divided by the
expected, as for an indirectly standardised ratio in PHEindicatormethods ``phe_isr``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from metrics._contract import (
    MISSING_INPUT,
    as_float_array,
    broadcast,
    check_confidence,
    check_non_negative,
    check_positive,
    index_from,
    result_frame,
    z_value,
)
from metrics.rates import poisson_limits

GAP_METHOD = "normal approximation: cumulative gap +/- z sqrt(cumulative observed)"


def _months(values: Any) -> pd.DatetimeIndex:
    """Month-start timestamps for dates, strings like "2019-01", or Timestamps."""
    return pd.DatetimeIndex(pd.to_datetime(pd.Index(values))).to_period("M").to_timestamp()


def _monthly(monthly: pd.DataFrame, period: str, count: str) -> pd.Series:
    """Counts indexed by month start, validated (no duplicate months, no negative counts)."""
    for column in (period, count):
        if column not in monthly.columns:
            raise ValueError(f"monthly has no column {column!r}")
    counts = as_float_array(monthly[count], name=count)
    check_non_negative(counts, count)
    series = pd.Series(counts, index=_months(monthly[period]), name=count).sort_index()
    if series.index.has_duplicates:
        raise ValueError("monthly has duplicate months")
    return series


def change_vs_baseline(observed: Any, expected: Any, *, confidence: float = 0.95) -> pd.DataFrame:
    """Ratio observed/expected with Byar's (exact below 10) limits on observed over a fixed expected.

    >>> out = change_vs_baseline(65, 50)
    >>> round(float(out.value[0]), 2), round(float(out.lower_ci[0]), 4), round(float(out.change_pct[0]), 1)
    (1.3, 1.0033, 30.0)
    """
    conf = check_confidence(confidence)
    o, e = broadcast(as_float_array(observed, name="observed"), as_float_array(expected, name="expected"),
                     names=("observed", "expected"))
    check_non_negative(o, "observed")
    check_positive(e, "expected")
    lower, upper, method = poisson_limits(o, confidence=conf)
    method[np.isnan(e)] = MISSING_INPUT
    ratio = o / e
    return result_frame(ratio, lower / e, upper / e, confidence=conf, method=method,
                        index=index_from(observed, expected, length=len(o)),
                        extra={"observed": o, "expected": e, "change_pct": (ratio - 1) * 100})


def expected_from_baseline(
    monthly: pd.DataFrame, *, baseline: Sequence[Any] = ("2019-01", "2019-12"), periods: Any = None,
    period: str = "period", count: str = "count",
) -> pd.DataFrame:
    """Expected count per target month = mean count for that calendar month within ``baseline``.

    Missing baseline counts are skipped (``baseline_months`` says how many were used); a calendar month
    with none gives a missing expected. ``periods`` defaults to every month in ``monthly``.

    >>> monthly = pd.DataFrame({"period": ["2018-01-01", "2019-01-01", "2021-01-01"], "count": [10, 20, 9]})
    >>> expected_from_baseline(monthly, baseline=("2018-01", "2019-12")).expected.tolist()
    [15.0, 15.0, 15.0]
    """
    series = _monthly(monthly, period, count)
    start, end = _months(list(baseline))
    if start > end:
        raise ValueError("baseline start must not be after its end")
    base = series[(series.index >= start) & (series.index <= end)]
    if base.empty:
        raise ValueError(f"monthly has no months in the baseline {start:%Y-%m} to {end:%Y-%m}")
    stats = base.groupby(base.index.month).agg(["mean", "count"]).reindex(range(1, 13))
    targets = series.index if periods is None else _months(periods)
    month_stats = stats.reindex(targets.month)
    return pd.DataFrame({
        "period": targets,
        "expected": month_stats["mean"].to_numpy(dtype=float),
        "baseline_months": month_stats["count"].fillna(0).to_numpy(dtype=int),
    })


def missing_demand(
    monthly: pd.DataFrame, *, expected: Any, since: Any, confidence: float = 0.95,
    period: str = "period", count: str = "count",
) -> pd.DataFrame:
    """Cumulative observed minus cumulative expected per month from ``since`` (negative = missing demand).

    ``expected`` is a frame with period/expected columns (as from ``expected_from_baseline``), a Series
    indexed by month, or one number for every month. Interval: an approximation treating expected as fixed
    and the cumulative observed as Poisson, gap +/- z sqrt(cumulative observed). A missing month makes
    every later cumulative value missing.

    >>> monthly = pd.DataFrame({"period": ["2020-04-01", "2020-05-01"], "count": [60, 80]})
    >>> missing_demand(monthly, expected=100, since="2020-04").cumulative_gap.tolist()
    [-40.0, -60.0]
    """
    conf = check_confidence(confidence)
    observed = _monthly(monthly, period, count)
    observed = observed[observed.index >= _months([since])[0]]
    if isinstance(expected, pd.DataFrame):
        expected = pd.Series(as_float_array(expected["expected"], name="expected"),
                             index=_months(expected[period]))
    if isinstance(expected, pd.Series):
        exp = pd.Series(expected.to_numpy(dtype=float), index=_months(expected.index)).reindex(observed.index)
    else:
        exp = pd.Series(float(as_float_array(expected, name="expected")[0]), index=observed.index)
    check_non_negative(exp.to_numpy(), "expected")
    cum_obs, cum_exp = np.cumsum(observed.to_numpy()), np.cumsum(exp.to_numpy())
    gap, half = cum_obs - cum_exp, z_value(conf) * np.sqrt(cum_obs)
    return result_frame(gap, gap - half, gap + half, confidence=conf, method=GAP_METHOD, extra={
        "period": observed.index, "observed": observed.to_numpy(), "expected": exp.to_numpy(),
        "cumulative_observed": cum_obs, "cumulative_expected": cum_exp, "cumulative_gap": gap,
    })
