"""Demand against a pre-pandemic (or other) baseline: the ratio of observed to expected.

Observed counts are treated as Poisson and expected counts as fixed. Expected for a month is the mean
count for the same calendar month over the baseline period (e.g. 2019). The ratio observed/expected
takes Byar's limits (Breslow & Day 1987; exact Poisson below 10) on the observed count divided by the
expected, as for an indirectly standardised ratio in PHEindicatormethods ``phe_isr``.
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
)
from metrics.rates import poisson_limits


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
