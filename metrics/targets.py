"""Targets: where an indicator's recent trend is heading, whether it will meet a target by a date, and when.

Trajectory: a straight line through the latest `points` values (default 8 quarters), fitted by weighted
least squares with weights 1 / SE^2, SE = (upper - lower) / (2 z) from each value's 95% interval, as the
Fingertips recent trend does. The line's covariance is (X'WX)^-1 times the residual scale
max(1, chi^2 / (n - 2)): never narrower than the values' own intervals allow, wider when the series
wanders more than they say (statsmodels WLS with that scale; tested). Intervals use t on n - 2 degrees
of freedom.

On track or not, judged with the interval (the rule): at the target date the line's 95% confidence
interval lies entirely on the target's side -> "on track"; entirely on the wrong side -> "off track";
across the target -> "too close to call". A target whose date has passed is judged on the value of
the period holding that date the same way: "met", "missed" or "not clearly met".

When the trend would reach it: the first period from now on where the line meets the target (point
estimate), with the earliest and latest such periods from the two edges of its 95% band (inverting the
confidence band; "not within N periods" past the horizon, "never at the current trend" when the line
heads away).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from metrics._contract import z_value

POINTS = 8
HORIZON = 40  # periods searched ahead for when the trend reaches the target
ON, OFF, CLOSE = "on track", "off track", "too close to call"
MET, MISSED, UNCLEAR = "met", "missed", "not clearly met"


@dataclass(frozen=True)
class Line:
    intercept: float
    slope: float
    cov: np.ndarray
    df: int
    scale: float
    t_last: float
    confidence: float = 0.95

    def at(self, t: float) -> tuple[float, float, float]:
        """The line's value at t with its confidence interval."""
        x = np.array([1.0, t])
        value = float(x @ [self.intercept, self.slope])
        se = float(np.sqrt(max(x @ self.cov @ x, 0.0)))
        q = float(stats.t.ppf(0.5 + self.confidence / 2, self.df))
        return value, value - q * se, value + q * se


def fit_line(t, y, lower, upper, *, points: int = POINTS, confidence: float = 0.95) -> Line | None:
    """The weighted trend line through the latest `points` usable values (None with fewer than 3)."""
    t, y, lo, hi = (np.asarray(a, dtype=float) for a in (t, y, lower, upper))
    z = z_value(0.95)
    se = (hi - lo) / (2 * z)
    keep = np.isfinite(t) & np.isfinite(y) & np.isfinite(se) & (se > 0)
    order = np.argsort(t[keep])
    t, y, se = t[keep][order][-points:], y[keep][order][-points:], se[keep][order][-points:]
    if len(t) < 3:
        return None
    w = 1 / se**2
    x = np.column_stack([np.ones_like(t), t])
    xtwx = x.T @ (w[:, None] * x)
    coef = np.linalg.solve(xtwx, x.T @ (w * y))
    resid = y - x @ coef
    chi2 = float(np.sum(w * resid**2))
    scale = max(1.0, chi2 / (len(t) - 2))
    return Line(float(coef[0]), float(coef[1]), scale * np.linalg.inv(xtwx), len(t) - 2, scale, float(t[-1]),
                confidence)


def meets(value: float, target: float, direction: str) -> bool:
    return value <= target if direction == "below" else value >= target


def judge(lower: float, upper: float, target: float, direction: str, *, passed: bool = False) -> str:
    """The rule of the module doc on an interval."""
    if meets(upper if direction == "below" else lower, target, direction):
        return MET if passed else ON
    if not meets(lower if direction == "below" else upper, target, direction):
        return MISSED if passed else OFF
    return UNCLEAR if passed else CLOSE


@dataclass(frozen=True)
class Reach:
    point: float | None  # period index where the line meets the target (None: not within the horizon / never)
    earliest: float | None
    latest: float | None
    never: bool


def reaches(line: Line, target: float, direction: str, *, horizon: int = HORIZON) -> Reach:
    """When the line (and the edges of its band) first meets the target, from the last fitted period on."""
    ts = line.t_last + np.arange(0, horizon + 1)
    band = np.array([line.at(t) for t in ts])
    value, low, high = band[:, 0], band[:, 1], band[:, 2]
    optimistic, pessimistic = (low, high) if direction == "below" else (high, low)

    def first(series: np.ndarray) -> float | None:
        hit = np.flatnonzero([meets(v, target, direction) for v in series])
        return float(ts[hit[0]]) if len(hit) else None

    heading_away = (line.slope >= 0) if direction == "below" else (line.slope <= 0)
    point = first(value)
    return Reach(point, first(optimistic), first(pessimistic), never=point is None and heading_away)
