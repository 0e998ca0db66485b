"""Recent trend of an indicator over its latest points (Fingertips "recent trend").

Method: weighted least squares of value on time (0, 1, ... for the latest ``points`` values, oldest
first) with known variances, weights 1/SE^2 and SE = (upper - lower) / (2 z), i.e. (UCI - LCI) / 3.92 for
95% intervals. The slope's variance is 1 / sum(w (t - t_w)^2); the test statistic (slope / SE_slope)^2 is
chi-square with 1 df and is significant above 9.5495 (the 99.8% point), following the recent-trend
approach of Public Health England's Fingertips (latest five points, 99.8% significance level).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from metrics._contract import as_float_array, broadcast, check_confidence, z_value
from metrics.compare import check_polarity

#: chi-square (1 df) critical value at 99.8%: 9.5495.
CHI_SQUARE_998 = float(stats.chi2.ppf(0.998, 1))
CANNOT = "cannot be calculated"
NO_CHANGE = "no significant change"
_LABELS = {
    "high_is_bad": {"increasing": "increasing and getting worse", "decreasing": "decreasing and getting better"},
    "high_is_good": {"increasing": "increasing and getting better", "decreasing": "decreasing and getting worse"},
    "no_judgement": {"increasing": "increasing", "decreasing": "decreasing"},
}


def recent_trend(
    values: Any,
    lower_ci: Any,
    upper_ci: Any,
    *,
    polarity: str,
    points: int = 5,
    interval_confidence: float = 0.95,
) -> pd.Series:
    """Trend over the latest ``points`` values (ordered oldest to newest) with its polarity label.

    Returns a Series: slope (per time step), se_slope, chi_square, significant, direction
    ("increasing", "decreasing", "no significant change" or "cannot be calculated"), label and points.
    Fewer than ``points`` values, or a missing value/limit or zero-width interval among them, gives
    "cannot be calculated".

    >>> out = recent_trend([10, 12, 14, 16, 18], [9, 11, 13, 15, 17], [11, 13, 15, 17, 19],
    ...                    polarity="high_is_bad")
    >>> round(float(out["slope"]), 6), out["label"]
    (2.0, 'increasing and getting worse')
    """
    labels = _LABELS[check_polarity(polarity)]
    z = z_value(check_confidence(interval_confidence))
    if isinstance(points, bool) or not isinstance(points, int) or points < 2:
        raise ValueError(f"points must be an integer of at least 2, got {points!r}")
    y, low, high = broadcast(
        as_float_array(values, name="values"),
        as_float_array(lower_ci, name="lower_ci"),
        as_float_array(upper_ci, name="upper_ci"),
        names=("values", "lower_ci", "upper_ci"),
    )
    if np.any(low > high):
        raise ValueError("lower_ci must not exceed upper_ci")
    result = {"slope": np.nan, "se_slope": np.nan, "chi_square": np.nan, "significant": False,
              "direction": CANNOT, "label": CANNOT, "points": points}
    y, se = y[-points:], (high[-points:] - low[-points:]) / (2 * z)
    if len(y) < points or np.isnan(y).any() or np.isnan(se).any() or np.any(se <= 0):
        return pd.Series(result, name="recent_trend")
    w = 1 / se**2
    t = np.arange(points, dtype=float)
    t_bar, y_bar = np.sum(w * t) / w.sum(), np.sum(w * y) / w.sum()
    sxx = np.sum(w * (t - t_bar) ** 2)
    slope = float(np.sum(w * (t - t_bar) * (y - y_bar)) / sxx)
    chi_square = slope**2 * sxx
    significant = bool(chi_square > CHI_SQUARE_998)
    direction = ("increasing" if slope > 0 else "decreasing") if significant else NO_CHANGE
    result.update(slope=slope, se_slope=float(1 / np.sqrt(sxx)), chi_square=float(chi_square),
                  significant=significant, direction=direction, label=labels.get(direction, NO_CHANGE))
    return pd.Series(result, name="recent_trend")


def recent_trends(frame: pd.DataFrame, *, by: list[str], time: str, polarity: str, points: int = 5,
                  interval_confidence: float = 0.95) -> pd.Series:
    """`recent_trend`'s label for every row of a long frame: the trend of its group's latest ``points`` rows
    up to and including it (rows ordered by ``time``, the group's own time axis, so a gap in the data is a
    gap on the axis). Columns used: value, lower_ci, upper_ci. Vectorised over all rows at once.

    >>> f = pd.DataFrame({"g": "a", "t": range(5), "value": [10, 12, 14, 16, 18],
    ...                   "lower_ci": [9, 11, 13, 15, 17], "upper_ci": [11, 13, 15, 17, 19]})
    >>> recent_trends(f, by=["g"], time="t", polarity="high_is_bad").tolist()[-1]
    'increasing and getting worse'
    """
    labels = _LABELS[check_polarity(polarity)]
    z = z_value(check_confidence(interval_confidence))
    order = frame.sort_values([*by, time]).index
    f = frame.loc[order]
    group = f.groupby(by, sort=False, dropna=False).ngroup().to_numpy()
    y = f["value"].to_numpy(dtype=float)
    se = (f["upper_ci"].to_numpy(dtype=float) - f["lower_ci"].to_numpy(dtype=float)) / (2 * z)
    t_all = f[time].to_numpy(dtype=float)
    n = len(f)
    out = np.full(n, CANNOT, dtype=object)
    if n >= points:
        idx = np.arange(n)[:, None] - np.arange(points - 1, -1, -1)[None, :]
        ok = idx[:, 0] >= 0
        idx = np.where(idx < 0, 0, idx)
        ok &= group[idx[:, 0]] == group
        ys, ses, ts = y[idx], se[idx], t_all[idx]
        ok &= ~np.isnan(ys).any(axis=1) & ~np.isnan(ses).any(axis=1) & (ses > 0).all(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            w = 1 / ses**2
            t_bar = (w * ts).sum(axis=1) / w.sum(axis=1)
            y_bar = (w * ys).sum(axis=1) / w.sum(axis=1)
            sxx = (w * (ts - t_bar[:, None]) ** 2).sum(axis=1)
            slope = (w * (ts - t_bar[:, None]) * (ys - y_bar[:, None])).sum(axis=1) / sxx
            chi = slope**2 * sxx
        significant = ok & (chi > CHI_SQUARE_998)
        direction = np.where(significant, np.where(slope > 0, "increasing", "decreasing"), NO_CHANGE)
        out = np.where(ok, np.vectorize(lambda d: labels.get(d, NO_CHANGE), otypes=[object])(direction), CANNOT)
    return pd.Series(out, index=order).reindex(frame.index)
