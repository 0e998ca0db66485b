"""The output contract shared by every metrics method, and the input helpers behind it.

Every estimating method returns a ``pandas.DataFrame`` with one row per input element and at least
the columns ``value, lower_ci, upper_ci, confidence, method`` (mirroring the PHEindicatormethods R
package, Public Health England / UKHSA). Inputs may be scalars, sequences, numpy arrays or Series.
Missing input (NaN, None, pd.NA) gives missing output, never an exception; impossible input
(negative count, zero denominator, confidence outside (0, 1)) raises ``ValueError`` naming the problem.

>>> result_frame([1.0], [0.5], [2.0], confidence=0.95, method="demo").columns.tolist()
['value', 'lower_ci', 'upper_ci', 'confidence', 'method']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

RESULT_COLUMNS = ("value", "lower_ci", "upper_ci", "confidence", "method")
MISSING_INPUT = "not calculated: missing input"


def as_float_array(x: Any, *, name: str) -> np.ndarray:
    """Coerce a scalar, sequence, array or Series to a 1-D float array (missing -> NaN).

    >>> as_float_array([1, None, 2.5], name="count").tolist()
    [1.0, nan, 2.5]
    """
    if isinstance(x, np.ndarray) and x.dtype.kind in "iuf":
        arr = x.astype(float)
    elif isinstance(x, pd.Series) and pd.api.types.is_numeric_dtype(x.dtype) and x.dtype != bool:
        arr = x.to_numpy(dtype=float, na_value=np.nan)
    else:
        if x is None or x is pd.NA or np.ndim(x) == 0:
            x = [x]
        try:
            arr = pd.to_numeric(pd.Series(list(x), dtype=object), errors="raise")
        except (TypeError, ValueError) as exc:
            raise ValueError(f"{name} must be numeric") from exc
        arr = arr.to_numpy(dtype=float, na_value=np.nan)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional")
    return arr


def broadcast(*arrays: np.ndarray, names: tuple[str, ...]) -> list[np.ndarray]:
    """Align arrays of equal length (or length 1) to a common length."""
    lengths = {len(a) for a in arrays if len(a) != 1}
    if len(lengths) > 1:
        detail = ", ".join(f"{n} has {len(a)}" for n, a in zip(names, arrays, strict=True))
        raise ValueError(f"inputs have different lengths: {detail}")
    return [np.array(a, dtype=float) for a in np.broadcast_arrays(*arrays)]


def check_confidence(confidence: Any) -> float:
    """Return confidence as a float, or raise if it is not strictly between 0 and 1."""
    if isinstance(confidence, bool) or not isinstance(confidence, int | float | np.number):
        raise ValueError(f"confidence must be a single number between 0 and 1, got {confidence!r}")
    if not 0 < float(confidence) < 1:
        raise ValueError(f"confidence must be between 0 and 1 (e.g. 0.95), got {confidence!r}")
    return float(confidence)


def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile, e.g. 1.959964 for 0.95."""
    return float(stats.norm.ppf(1 - (1 - confidence) / 2))


def check_non_negative(arr: np.ndarray, name: str) -> None:
    """Raise ValueError if any non-missing element is negative."""
    if np.any(arr < 0):
        raise ValueError(f"{name} must not be negative")


def check_positive(arr: np.ndarray, name: str) -> None:
    """Raise ValueError if any non-missing element is zero or negative."""
    if np.any(arr <= 0):
        raise ValueError(f"{name} must be greater than zero")


def index_from(*inputs: Any, length: int) -> pd.Index:
    """The index of the first pandas input of the right length, else a RangeIndex."""
    for x in inputs:
        if isinstance(x, pd.Series | pd.Index) and len(x) == length:
            return x.index if isinstance(x, pd.Series) else pd.RangeIndex(length)
    return pd.RangeIndex(length)


def result_frame(
    value: Any,
    lower: Any,
    upper: Any,
    *,
    confidence: float,
    method: Any,
    index: pd.Index | None = None,
    extra: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Build the contract frame: value, lower_ci, upper_ci, confidence, method, then extras."""
    value = np.asarray(value, dtype=float)
    columns: dict[str, Any] = {
        "value": value,
        "lower_ci": np.asarray(lower, dtype=float),
        "upper_ci": np.asarray(upper, dtype=float),
        "confidence": np.full(len(value), confidence, dtype=float),
        "method": np.broadcast_to(np.asarray(method, dtype=object), value.shape),
    }
    columns.update(extra or {})
    return pd.DataFrame(columns, index=index)
