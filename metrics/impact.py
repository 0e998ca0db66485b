"""What changed when partners acted: interrupted time series and difference-in-differences, with intervals.

Interrupted time series (segmented regression; Wagner et al. 2002, Bernal, Cummins & Gasparrini 2017):
the monthly value y_t of the intervention's areas, t the month index, T0 the first month of the
intervention, D_t = 1 from T0 on:

    y_t = b0 + b1 t + b2 D_t + b3 (t - T0) D_t + e_t

b2 is the change in level at the start, b3 the change in slope, and b2 + b3 (t_last - T0) the
difference at the last month between what was seen and the pre-period trend carried on.

Difference-in-differences against comparison wards: g_t = y_t - c_t, the gap between the intervention
areas and the comparison wards each month; g_t = a + d D_t + e_t. d is the change in the gap after the
start: the two-group, two-way fixed-effects estimate (the same d as y_gt = area + month + d D_gt; tested).
Comparison wards: the `COMPARISONS` wards outside the intervention whose pre-period linear trend (OLS
slope per month) is closest to the intervention areas' (the parallel-trends assumption made as
plausible as the pre-period allows; ties by code).

Both by ordinary least squares with plain OLS standard errors and t intervals on n - k degrees of
freedom, identical to statsmodels ``OLS(y, X).fit()`` (tested). Why not Newey-West: in series this short
(two to three years of months) its intervals cover far less than they claim (83% for a nominal 95% in
our own simulation of 30 iid months, tests/metrics/test_impact.py), while plain OLS is exact when months
are independent. Months can be autocorrelated, which makes any interval too narrow: the lag-1
autocorrelation of the residuals is reported with every fit, and flagged when it lies outside
+/- 2 / sqrt(n). An interval that includes 0 is reported as "no detectable change".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

COMPARISONS = 4
MIN_PRE, MIN_POST = 6, 3
METHOD_ITS = "segmented regression (OLS), plain OLS standard errors, t interval"
METHOD_DID = "difference-in-differences (OLS on the monthly gap), plain OLS standard errors, t interval"


@dataclass(frozen=True)
class Estimate:
    """One coefficient (or combination) with its interval."""

    value: float
    se: float
    lower: float
    upper: float
    p_value: float

    @property
    def detectable(self) -> bool:
        return bool(self.lower > 0 or self.upper < 0)


@dataclass(frozen=True)
class Fit:
    coef: np.ndarray
    cov: np.ndarray
    df: int
    confidence: float
    n: int
    autocorrelation: float  # lag-1 autocorrelation of the residuals

    @property
    def autocorrelated(self) -> bool:
        """Residuals' lag-1 autocorrelation outside +/- 2 / sqrt(n): the interval may be too narrow."""
        return bool(abs(self.autocorrelation) > 2 / np.sqrt(self.n))

    def estimate(self, weights: Sequence[float]) -> Estimate:
        w = np.asarray(weights, dtype=float)
        value = float(w @ self.coef)
        se = float(np.sqrt(max(w @ self.cov @ w, 0.0)))
        q = float(stats.t.ppf(0.5 + self.confidence / 2, self.df))
        p = float(2 * stats.t.sf(abs(value / se), self.df)) if se > 0 else float("nan")
        return Estimate(value, se, value - q * se, value + q * se, p)


def ols(y: np.ndarray, x: np.ndarray, *, confidence: float = 0.95) -> Fit:
    """OLS of y on x: coefficients, covariance s^2 (X'X)^-1 with s^2 = RSS / (n - k), residual autocorrelation."""
    n, k = x.shape
    if n <= k:
        raise ValueError(f"{n} observations cannot fit {k} coefficients")
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    scale = float(resid @ resid) / (n - k)
    centred = resid - resid.mean()
    denom = float(centred @ centred)
    r1 = float(centred[1:] @ centred[:-1]) / denom if denom > 0 else 0.0
    return Fit(coef, scale * np.linalg.inv(x.T @ x), n - k, confidence, n, r1)


def _usable(t: Sequence[float], y: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    t, y = np.asarray(t, dtype=float), np.asarray(y, dtype=float)
    keep = np.isfinite(t) & np.isfinite(y)
    return t[keep], y[keep]


@dataclass(frozen=True)
class ITS:
    level: Estimate  # change in level at the start
    slope: Estimate  # change in slope per month
    at_end: Estimate  # difference at the last month from the pre-period trend carried on
    pre_months: int
    post_months: int
    autocorrelation: float
    autocorrelated: bool
    method: str = METHOD_ITS


def interrupted_time_series(t: Sequence[float], y: Sequence[float], *, start: float,
                            confidence: float = 0.95) -> ITS:
    """Segmented regression of y on month index t around the first intervention month `start`.

    >>> t = list(range(24)); y = [10 + 0.1 * i + (3 + 0.2 * (i - 12) if i >= 12 else 0) for i in t]
    >>> out = interrupted_time_series(t, y, start=12)
    >>> round(out.level.value, 6), round(out.slope.value, 6)
    (3.0, 0.2)
    """
    t, y = _usable(t, y)
    post = (t >= start).astype(float)
    pre_n, post_n = int((post == 0).sum()), int(post.sum())
    if pre_n < MIN_PRE or post_n < MIN_POST:
        raise ValueError(f"an interrupted time series needs at least {MIN_PRE} months before and {MIN_POST} from "
                         f"the start; there are {pre_n} and {post_n}")
    x = np.column_stack([np.ones_like(t), t, post, (t - start) * post])
    fit = ols(y, x, confidence=confidence)
    last = float(t.max() - start)
    return ITS(fit.estimate([0, 0, 1, 0]), fit.estimate([0, 0, 0, 1]), fit.estimate([0, 0, 1, last]), pre_n, post_n,
               fit.autocorrelation, fit.autocorrelated)


@dataclass(frozen=True)
class DiD:
    effect: Estimate  # change in the gap between intervention areas and comparison wards after the start
    pre_gap: float  # mean gap before the start
    pre_months: int
    post_months: int
    autocorrelation: float
    autocorrelated: bool
    method: str = METHOD_DID


def difference_in_differences(t: Sequence[float], treated: Sequence[float], control: Sequence[float], *,
                              start: float, confidence: float = 0.95) -> DiD:
    """Change after `start` in the monthly gap treated - control (see the module doc)."""
    t = np.asarray(t, dtype=float)
    gap = np.asarray(treated, dtype=float) - np.asarray(control, dtype=float)
    t, gap = _usable(t, gap)
    post = (t >= start).astype(float)
    pre_n, post_n = int((post == 0).sum()), int(post.sum())
    if pre_n < MIN_PRE or post_n < MIN_POST:
        raise ValueError(f"a difference-in-differences needs at least {MIN_PRE} months before and {MIN_POST} from "
                         f"the start; there are {pre_n} and {post_n}")
    fit = ols(gap, np.column_stack([np.ones_like(t), post]), confidence=confidence)
    return DiD(fit.estimate([0, 1]), float(fit.coef[0]), pre_n, post_n, fit.autocorrelation, fit.autocorrelated)


def slope(t: Sequence[float], y: Sequence[float]) -> float:
    """OLS slope of y on t (NaN with fewer than 3 points)."""
    t, y = _usable(t, y)
    if len(t) < 3:
        return float("nan")
    return float(np.polyfit(t, y, 1)[0])


def choose_comparisons(treated_slope: float, candidate_slopes: Mapping[str, float], *,
                       k: int = COMPARISONS) -> list[str]:
    """The k candidates whose pre-period slope is closest to the treated areas' (ties by code)."""
    usable = {c: s for c, s in candidate_slopes.items() if np.isfinite(s)}
    return sorted(usable, key=lambda c: (abs(usable[c] - treated_slope), c))[:k]


def in_words(e: Estimate, *, what: str, unit: str, digits: int = 2) -> str:
    """'no detectable change in level (95% CI -0.12 to 0.30 per 1,000)' or 'a rise in level of 0.41 …'."""
    ci = f"95% CI {e.lower:,.{digits}f} to {e.upper:,.{digits}f} {unit}".rstrip()
    if not e.detectable:
        return f"no detectable change in {what} ({ci})"
    word = "rise" if e.value > 0 else "fall"
    return f"a {word} in {what} of {abs(e.value):,.{digits}f} {unit} ({ci})".replace("  ", " ")
