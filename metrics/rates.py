"""Crude rates with confidence intervals for Poisson counts.

Byar's approximation (Breslow & Day 1987) for counts of 10 or more; the exact Poisson interval via the
chi-square distribution (Garwood 1936) below 10, as in PHEindicatormethods ``phe_rate`` and the Public
Health England Technical Guide "Confidence intervals" (2018).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

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

BYARS = "Byar's"
EXACT = "exact Poisson"
BYARS_MIN_COUNT = 10


def poisson_limits(count: Any, *, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Confidence limits for a Poisson count: Byar's for count >= 10, exact below.

    Byar's (Breslow & Day 1987): lower = x(1 - 1/(9x) - z/(3 sqrt x))^3,
    upper = (x+1)(1 - 1/(9(x+1)) + z/(3 sqrt(x+1)))^3.
    Exact: lower = chi2.ppf(a/2, 2x)/2 (0 when x = 0), upper = chi2.ppf(1 - a/2, 2x + 2)/2.
    Returns (lower, upper, method); missing counts give NaN limits and method "not calculated".

    >>> lower, upper, method = poisson_limits([65, 0])
    >>> [round(float(v), 4) for v in (lower[0], upper[0], lower[1], upper[1])], method.tolist()
    ([50.1632, 82.8491, 0.0, 3.6889], ["Byar's", 'exact Poisson'])
    """
    conf = check_confidence(confidence)
    x = as_float_array(count, name="count")
    check_non_negative(x, "count")
    alpha, z = 1 - conf, z_value(conf)
    lower = np.full(x.shape, np.nan)
    upper = np.full(x.shape, np.nan)
    byars = x >= BYARS_MIN_COUNT
    exact = x < BYARS_MIN_COUNT
    xb = x[byars]
    lower[byars] = xb * (1 - 1 / (9 * xb) - z / (3 * np.sqrt(xb))) ** 3
    upper[byars] = (xb + 1) * (1 - 1 / (9 * (xb + 1)) + z / (3 * np.sqrt(xb + 1))) ** 3
    xe = x[exact]
    lower[exact] = np.where(xe > 0, stats.chi2.ppf(alpha / 2, 2 * np.maximum(xe, 1e-300)) / 2, 0.0)
    upper[exact] = stats.chi2.ppf(1 - alpha / 2, 2 * xe + 2) / 2
    method = np.where(byars, BYARS, np.where(exact, EXACT, MISSING_INPUT)).astype(object)
    return lower, upper, method


def rate_ci(count: Any, denominator: Any, *, per: float = 1000, confidence: float = 0.95) -> pd.DataFrame:
    """Crude rate per ``per`` population with a Byar's / exact Poisson confidence interval.

    Method: Byar's method (Breslow & Day 1987) when count >= 10, exact Poisson (chi-square) below 10;
    the ``method`` column names the one used. Reference: PHEindicatormethods ``phe_rate``.

    >>> out = rate_ci(65, 100, per=100)
    >>> [round(float(out.loc[0, c]), 6) for c in ("value", "lower_ci", "upper_ci")], out.loc[0, "method"]
    ([65.0, 50.163188, 82.849139], "Byar's")
    """
    conf = check_confidence(confidence)
    if not isinstance(per, int | float) or isinstance(per, bool) or not per > 0:
        raise ValueError(f"per must be a positive number, got {per!r}")
    x, n = broadcast(
        as_float_array(count, name="count"),
        as_float_array(denominator, name="denominator"),
        names=("count", "denominator"),
    )
    check_non_negative(x, "count")
    check_positive(n, "denominator")
    lower, upper, method = poisson_limits(x, confidence=conf)
    method[np.isnan(n)] = MISSING_INPUT
    return result_frame(
        x / n * per,
        lower / n * per,
        upper / n * per,
        confidence=conf,
        method=method,
        index=index_from(count, denominator, length=len(x)),
        extra={"count": x, "denominator": n},
    )
