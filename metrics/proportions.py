"""Proportions with Wilson score confidence intervals.

Wilson score method (Wilson 1927; Newcombe 1998), as in PHEindicatormethods ``phe_proportion`` and the
Public Health England Technical Guide "Confidence intervals" (2018).
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
    check_non_negative,
    check_positive,
    index_from,
    result_frame,
    z_value,
)

WILSON = "Wilson"


def wilson_limits(numerator: Any, denominator: Any, *, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score limits on the 0-1 scale.

    lower, upper = (2x + z^2 -/+ z sqrt(z^2 + 4x(1 - x/n))) / (2(n + z^2)).

    >>> lower, upper = wilson_limits(65, 100)
    >>> round(float(lower[0]), 6), round(float(upper[0]), 6)
    (0.552544, 0.736358)
    """
    z = z_value(check_confidence(confidence))
    x = as_float_array(numerator, name="numerator")
    n = as_float_array(denominator, name="denominator")
    root = z * np.sqrt(np.maximum(z**2 + 4 * x * (1 - x / n), 0.0))
    lower = (2 * x + z**2 - root) / (2 * (n + z**2))
    upper = (2 * x + z**2 + root) / (2 * (n + z**2))
    return np.clip(lower, 0.0, 1.0), np.clip(upper, 0.0, 1.0)


def proportion_ci(
    numerator: Any, denominator: Any, *, per: float = 100, confidence: float = 0.95
) -> pd.DataFrame:
    """Proportion ``numerator / denominator * per`` with a Wilson score confidence interval.

    Method: Wilson score interval (Wilson 1927); reference PHEindicatormethods ``phe_proportion``.
    ``per=100`` gives a percentage, ``per=1`` a proportion.

    >>> out = proportion_ci(65, 100, per=100)
    >>> [round(float(out.loc[0, c]), 4) for c in ("value", "lower_ci", "upper_ci")]
    [65.0, 55.2544, 73.6358]
    """
    conf = check_confidence(confidence)
    if not isinstance(per, int | float) or isinstance(per, bool) or not per > 0:
        raise ValueError(f"per must be a positive number, got {per!r}")
    x, n = broadcast(
        as_float_array(numerator, name="numerator"),
        as_float_array(denominator, name="denominator"),
        names=("numerator", "denominator"),
    )
    check_non_negative(x, "numerator")
    check_positive(n, "denominator")
    if np.any(x > n):
        raise ValueError("numerator must not exceed denominator")
    lower, upper = wilson_limits(x, n, confidence=conf)
    method = np.where(np.isnan(x) | np.isnan(n), MISSING_INPUT, WILSON).astype(object)
    return result_frame(
        x / n * per,
        lower * per,
        upper * per,
        confidence=conf,
        method=method,
        index=index_from(numerator, denominator, length=len(x)),
        extra={"numerator": x, "denominator": n},
    )
