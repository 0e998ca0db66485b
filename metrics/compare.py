"""Benchmark comparison of an interval with a comparator value (Fingertips "compared with" RAG rule).

Method: the confidence-interval benchmarking rule of Public Health England's Fingertips ("compared with
benchmark", as in the Public Health Outcomes Framework): similar if the comparator lies inside
[lower, upper]; higher if the whole interval is above it; lower if below; then mapped by polarity.
Pass 95% limits for the usual comparison, or 99.8% limits (e.g. ``rate_ci(..., confidence=0.998)``)
for the stricter one.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from metrics._contract import as_float_array, broadcast, index_from

POLARITIES = ("high_is_bad", "high_is_good", "no_judgement")
CATEGORIES = ("better", "similar", "worse", "higher", "lower", "not compared")
_MAPPING = {
    "high_is_bad": {"higher": "worse", "lower": "better"},
    "high_is_good": {"higher": "better", "lower": "worse"},
    "no_judgement": {"higher": "higher", "lower": "lower"},
}


def check_polarity(polarity: Any) -> str:
    """Return polarity if it is one of POLARITIES, else raise ValueError."""
    if polarity not in POLARITIES:
        raise ValueError(f"polarity must be one of {', '.join(POLARITIES)}; got {polarity!r}")
    return polarity


def compare(lower_ci: Any, upper_ci: Any, comparator: Any, *, polarity: str) -> pd.Series:
    """Categorise each interval against a comparator: better/similar/worse or higher/similar/lower.

    Missing limits or a missing comparator give "not compared".

    >>> compare([1.0, 5.0, 0.5], [2.0, 6.0, 4.0], 3.0, polarity="high_is_bad").tolist()
    ['better', 'worse', 'similar']
    """
    mapping = _MAPPING[check_polarity(polarity)]
    low, high, ref = broadcast(
        as_float_array(lower_ci, name="lower_ci"),
        as_float_array(upper_ci, name="upper_ci"),
        as_float_array(comparator, name="comparator"),
        names=("lower_ci", "upper_ci", "comparator"),
    )
    if np.any(low > high):
        raise ValueError("lower_ci must not exceed upper_ci")
    missing = np.isnan(low) | np.isnan(high) | np.isnan(ref)
    category = np.select(
        [missing, low > ref, high < ref],
        ["not compared", mapping["higher"], mapping["lower"]],
        default="similar",
    ).astype(object)
    index = index_from(lower_ci, upper_ci, comparator, length=len(low))
    return pd.Series(category, index=index, name="comparison")
