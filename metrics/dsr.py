"""Directly standardised rates (DSR) with Dobson confidence intervals.

Dobson method (Dobson et al. 1991, Stat Med 10:457-62) using Byar's limits (Breslow & Day 1987) on the
total count, as in PHEindicatormethods ``phe_dsr``. DSRs are not calculated for fewer than 10 events.
Unlike ``phe_dsr`` (which treats a missing band count as zero), a missing count or population gives a
missing DSR here, so suppressed data never silently lowers a rate.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from metrics._contract import (
    MISSING_INPUT,
    as_float_array,
    check_confidence,
    check_non_negative,
    check_positive,
    result_frame,
)
from metrics.rates import BYARS_MIN_COUNT, poisson_limits

ESP2013_BANDS = tuple(f"{a}-{a + 4}" for a in range(0, 90, 5)) + ("90+",)
#: European Standard Population 2013, 19 five-year bands 0-4 ... 85-89, 90+ (total 100,000).
ESP2013 = pd.Series(
    [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000, 2500,
     1500, 1000],
    index=pd.Index(ESP2013_BANDS, name="age_band"), name="esp2013", dtype=float,
)
DOBSON = "Dobson"
TOO_FEW = "not calculated: fewer than 10 events"


def dsr(
    counts: Any, populations: Any, standard: Any = None, *, per: float = 100_000, confidence: float = 0.95
) -> pd.DataFrame:
    """Directly standardised rate for ONE area from band-aligned counts, populations and standard.

    DSR = sum(x_i w_i / n_i) / sum(w_i) * per; var = sum(x_i (w_i / n_i)^2) / sum(w_i)^2; with O the total
    count and O_L, O_U its Byar's limits: limit = DSR + sqrt(var / O) * (O_L|O_U - O) * per (Dobson 1991).
    ``standard`` defaults to ESP2013 (taken by position). Returns one row with total_count, total_population.

    >>> out = dsr([10, 20], [1000, 1000], [1, 1], per=1000)
    >>> round(float(out.value[0]), 3), out.method[0]
    (15.0, 'Dobson')
    """
    conf = check_confidence(confidence)
    if not isinstance(per, int | float) or isinstance(per, bool) or not per > 0:
        raise ValueError(f"per must be a positive number, got {per!r}")
    x = as_float_array(counts, name="counts")
    n = as_float_array(populations, name="populations")
    w = as_float_array(ESP2013 if standard is None else standard, name="standard")
    if not len(x) == len(n) == len(w):
        raise ValueError(
            f"counts, populations and standard must have the same number of bands "
            f"(got {len(x)}, {len(n)}, {len(w)})"
        )
    check_non_negative(x, "counts")
    check_positive(n, "populations")
    if np.isnan(w).any() or np.any(w < 0) or not w.sum() > 0:
        raise ValueError("standard must be non-missing, non-negative and sum to more than zero")
    total, total_pop = x.sum(), n.sum()
    value = lower = upper = np.nan
    if np.isnan(total) or np.isnan(total_pop):
        method = MISSING_INPUT
    elif total < BYARS_MIN_COUNT:
        method = TOO_FEW
    else:
        method = DOBSON
        value = float(np.sum(x * w / n) / w.sum() * per)
        var = float(np.sum(x * (w / n) ** 2) / w.sum() ** 2)
        o_low, o_high, _ = poisson_limits(total, confidence=conf)
        lower = value + np.sqrt(var / total) * (o_low[0] - total) * per
        upper = value + np.sqrt(var / total) * (o_high[0] - total) * per
    return result_frame(
        [value], [lower], [upper], confidence=conf, method=method,
        extra={"total_count": [total], "total_population": [total_pop]},
    )


def _aligned(sub: pd.DataFrame, key: Hashable, *, band: str, standard: Any) -> pd.DataFrame:
    """One group's rows in the order of the standard (by label for a Series, else by position)."""
    if not isinstance(standard, pd.Series):
        if len(sub) != len(standard):
            raise ValueError(f"group {key!r} has {len(sub)} rows but the standard has {len(standard)} bands")
        return sub
    labels = sub[band]
    if labels.duplicated().any():
        raise ValueError(f"group {key!r} has duplicate {band} labels")
    unknown = sorted(set(labels) - set(standard.index), key=str)
    if unknown:
        raise ValueError(f"{band} labels not in the standard: {unknown}")
    return sub.set_index(band).reindex(standard.index)


def dsr_by(
    frame: pd.DataFrame, *, group: str | Sequence[str], count: str = "count", population: str = "population",
    band: str = "age_band", standard: Any = None, per: float = 100_000, confidence: float = 0.95,
) -> pd.DataFrame:
    """One DSR (Dobson method, Dobson et al. 1991) per group of a long frame of band rows.

    With a Series standard (the default ESP2013) rows are matched to bands by their ``band`` label, and
    a band with no row counts as missing; with a plain sequence rows are taken in frame order.

    >>> rows = pd.DataFrame({"ward": ["A"] * 2, "age_band": ["0-4", "5-9"], "count": [10, 20],
    ...                      "population": [1000, 1000]})
    >>> std = pd.Series([1.0, 1.0], index=["0-4", "5-9"])
    >>> float(dsr_by(rows, group="ward", standard=std, per=1000).value[0])
    15.0
    """
    std = ESP2013 if standard is None else standard
    keys = [group] if isinstance(group, str) else list(group)
    pieces = []
    for key, sub in frame.groupby(keys, sort=True, dropna=False):
        rows = _aligned(sub, key, band=band, standard=std)
        out = dsr(rows[count], rows[population], std, per=per, confidence=confidence)
        for name, part in zip(keys, key, strict=True):
            out.insert(keys.index(name), name, [part])
        pieces.append(out)
    if not pieces:
        raise ValueError("frame has no rows to standardise")
    return pd.concat(pieces, ignore_index=True)
