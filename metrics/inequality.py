"""Slope and relative index of inequality (SII, RII) across deprivation quantiles.

Method: Low & Low (2004), "Measuring the gap", J Public Health 26:388-95, as implemented by
PHEindicatormethods ``phe_sii``: quantiles ordered from most deprived (1) to least deprived; each gets
the midpoint of its share of the cumulative population, x in (0, 1); the values are fitted by least
squares weighted by population share (phe_sii's sqrt(a) transformation), y = b0 + b1 x.

Sign convention (explicit, and the REVERSE of phe_sii): x = 0 is the most deprived end, x = 1 the
least deprived, and SII = fitted(0) - fitted(1) = -b1, so a positive SII means higher values in more
deprived areas; RII = fitted(0) / fitted(1). phe_sii reports -SII and 1/RII of these.

Intervals: as phe_sii, by simulation (value_type 0, normal scale): each quantile value is redrawn
from N(value, SE^2) with SE = (upper - lower) / (2 z), the fit repeated ``repetitions`` times (phe_sii
default 100,000; 10,000 here) with a fixed ``seed``, and the percentile interval taken.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from metrics._contract import (
    MISSING_INPUT,
    as_float_array,
    broadcast,
    check_confidence,
    result_frame,
    z_value,
)


def _fit(x: np.ndarray, w: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted least-squares intercept and slope of each row of y on x (weights w sum to 1)."""
    x_bar = np.sum(w * x)
    slope = (y - (y @ w)[..., None]) @ (w * (x - x_bar)) / np.sum(w * (x - x_bar) ** 2)
    return y @ w - slope * x_bar, slope


def sii_rii(
    quantile: Any, value: Any, population: Any, lower_ci: Any, upper_ci: Any, *,
    confidence: float = 0.95, interval_confidence: float = 0.95, repetitions: int = 10_000, seed: int = 2004,
) -> pd.DataFrame:
    """SII and RII (Low & Low 2004) with simulated intervals; one row.

    ``quantile`` numbers the groups, 1 = most deprived (5 to 100 groups, e.g. deciles 1..10);
    ``lower_ci``/``upper_ci`` are each value's ``interval_confidence`` limits. Columns: value (SII),
    lower_ci, upper_ci, confidence, method, rii, rii_lower_ci, rii_upper_ci, fitted_most_deprived,
    fitted_least_deprived. Any missing input gives a missing result.

    >>> out = sii_rii(range(1, 6), [11, 9, 7, 5, 3], [100] * 5, [10, 8, 6, 4, 2], [12, 10, 8, 6, 4])
    >>> round(float(out.value[0]), 6), round(float(out.rii[0]), 6)
    (10.0, 6.0)
    """
    conf = check_confidence(confidence)
    z = z_value(check_confidence(interval_confidence))
    if isinstance(repetitions, bool) or not isinstance(repetitions, int) or repetitions < 1000:
        raise ValueError(f"repetitions must be an integer of at least 1000, got {repetitions!r}")
    q, y, pop, low, high = broadcast(
        *(as_float_array(a, name=n) for a, n in ((quantile, "quantile"), (value, "value"),
          (population, "population"), (lower_ci, "lower_ci"), (upper_ci, "upper_ci"))),
        names=("quantile", "value", "population", "lower_ci", "upper_ci"),
    )
    if not 5 <= len(q) <= 100:
        raise ValueError(f"number of quantiles must be between 5 and 100, got {len(q)}")
    if np.any(pop <= 0):
        raise ValueError("population must be greater than zero")
    if np.any(low > high):
        raise ValueError("lower_ci must not exceed upper_ci")
    if len(np.unique(q[~np.isnan(q)])) < np.count_nonzero(~np.isnan(q)):
        raise ValueError("quantile values must be unique")
    extra = dict.fromkeys(("rii", "rii_lower_ci", "rii_upper_ci", "fitted_most_deprived",
                           "fitted_least_deprived"), [np.nan])
    method = f"Low & Low (2004) population-weighted regression; simulation {repetitions} reps"
    if np.isnan(np.column_stack([q, y, pop, low, high])).any():
        return result_frame([np.nan], [np.nan], [np.nan], confidence=conf, method=MISSING_INPUT, extra=extra)
    order = np.argsort(q)
    y, pop, se = y[order], pop[order], ((high - low) / (2 * z))[order]
    w = pop / pop.sum()
    x = np.cumsum(w) - w / 2
    b0, b1 = _fit(x, w, y)
    sims = y + se * np.random.default_rng(seed).standard_normal((repetitions, len(y)))
    s0, s1 = _fit(x, w, sims)
    tails = [100 * (1 - conf) / 2, 100 * (1 + conf) / 2]
    sii_low, sii_high = np.percentile(-s1, tails)
    with np.errstate(divide="ignore", invalid="ignore"):
        rii_low, rii_high = np.percentile(s0 / (s0 + s1), tails)
        extra.update(rii=[b0 / (b0 + b1)], rii_lower_ci=[rii_low], rii_upper_ci=[rii_high],
                     fitted_most_deprived=[b0], fitted_least_deprived=[b0 + b1])
    return result_frame([-b1], [sii_low], [sii_high], confidence=conf, method=method, extra=extra)


def gradient(groups: pd.DataFrame, *, group: str) -> dict:
    """SII and RII over the shown groups (`group` numbers them, 1 = most deprived), as a plain mapping.

    Needs at least five groups, every one with a value and an interval of some width (a group a viewer
    cannot see leaves the gradient uncalculated rather than estimated without it).
    """
    out: dict = {"groups": int(len(groups))}
    usable = groups["value"].notna() & (groups["upper_ci"] > groups["lower_ci"]) & (groups["denominator"] > 0)
    if len(groups) < 5 or not usable.all():
        return out
    row = sii_rii(groups[group], groups["value"], groups["denominator"], groups["lower_ci"], groups["upper_ci"]).iloc[0]
    out.update({k: float(row[k]) for k in ("value", "lower_ci", "upper_ci", "rii", "rii_lower_ci", "rii_upper_ci",
                                            "fitted_most_deprived", "fitted_least_deprived")})
    out["method"] = row["method"]
    return out
