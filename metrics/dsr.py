"""Directly standardised rates (DSR) with Dobson confidence intervals.

Dobson method (Dobson et al. 1991, Stat Med 10:457-62) using Byar's limits (Breslow & Day 1987) on the
total count, as in PHEindicatormethods ``phe_dsr``. DSRs are not calculated for fewer than 10 events.
Unlike ``phe_dsr`` (which treats a missing band count as zero), a missing count or population gives a
missing DSR here, so suppressed data never silently lowers a rate.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def _check_labels(frame: pd.DataFrame, keys: list[str], band: str, standard: pd.Series) -> None:
    dup = frame.duplicated([*keys, band])
    if dup.any():
        key = tuple(frame.loc[dup, keys].iloc[0])
        raise ValueError(f"group {key[0] if len(key) == 1 else key!r} has duplicate {band} labels")
    unknown = sorted(set(frame[band]) - set(standard.index), key=str)
    if unknown:
        raise ValueError(f"{band} labels not in the standard: {unknown}")


def dsr_by(
    frame: pd.DataFrame, *, group: str | Sequence[str], count: str = "count", population: str = "population",
    band: str = "age_band", standard: Any = None, per: float = 100_000, confidence: float = 0.95,
) -> pd.DataFrame:
    """One DSR (Dobson method, Dobson et al. 1991) per group of a long frame of band rows, all groups at once.

    With a Series standard (the default ESP2013) rows are matched to bands by their ``band`` label, and
    a band with no row counts as missing; with a plain sequence rows are taken in frame order. Gives the
    same numbers as `dsr` on each group (the tests check this).

    >>> rows = pd.DataFrame({"ward": ["A"] * 2, "age_band": ["0-4", "5-9"], "count": [10, 20],
    ...                      "population": [1000, 1000]})
    >>> std = pd.Series([1.0, 1.0], index=["0-4", "5-9"])
    >>> float(dsr_by(rows, group="ward", standard=std, per=1000).value[0])
    15.0
    """
    conf = check_confidence(confidence)
    std = ESP2013 if standard is None else standard
    keys = [group] if isinstance(group, str) else list(group)
    if frame.empty:
        raise ValueError("frame has no rows to standardise")
    if isinstance(std, pd.Series):
        _check_labels(frame, keys, band, std)
        grid = frame[keys].drop_duplicates().merge(pd.DataFrame({band: std.index, "_w": std.to_numpy(dtype=float)}),
                                                   how="cross")
        rows = grid.merge(frame[[*keys, band, count, population]], on=[*keys, band], how="left")
    else:
        weights = as_float_array(std, name="standard")
        sizes = frame.groupby(keys, sort=False).size()
        if (sizes != len(weights)).any():
            key = sizes.index[(sizes != len(weights)).to_numpy()][0]
            raise ValueError(f"group {key!r} has {sizes.loc[key]} rows but the standard has {len(weights)} bands")
        rows = frame[[*keys, count, population]].copy()
        rows["_w"] = np.tile(weights, len(sizes)) if len(sizes) else []
    w = rows["_w"].to_numpy(dtype=float)
    if np.isnan(w).any() or np.any(w < 0):
        raise ValueError("standard must be non-missing, non-negative and sum to more than zero")
    x = rows[count].to_numpy(dtype=float)
    n = rows[population].to_numpy(dtype=float)
    check_non_negative(x, "counts")
    check_positive(n, "populations")
    g = rows.groupby(keys, sort=True, dropna=False).ngroup().to_numpy()
    n_groups = g.max() + 1
    with np.errstate(divide="ignore", invalid="ignore"):
        total = np.bincount(g, weights=x, minlength=n_groups)
        total_pop = np.bincount(g, weights=n, minlength=n_groups)
        missing = np.bincount(g, weights=(np.isnan(x) | np.isnan(n)).astype(float), minlength=n_groups) > 0
        wsum = np.bincount(g, weights=w, minlength=n_groups)
        value = np.bincount(g, weights=np.nan_to_num(x * w / n), minlength=n_groups) / wsum * per
        var = np.bincount(g, weights=np.nan_to_num(x * (w / n) ** 2), minlength=n_groups) / wsum**2
    if np.any(wsum <= 0):
        raise ValueError("standard must be non-missing, non-negative and sum to more than zero")
    total = np.where(missing, np.nan, total)
    total_pop = np.where(missing, np.nan, total_pop)
    few = ~missing & (total < BYARS_MIN_COUNT)
    ok = ~missing & ~few
    o_low, o_high, _ = poisson_limits(np.where(ok, total, 0.0), confidence=conf)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = np.sqrt(var / total)
        lower = value + half * (o_low - total) * per
        upper = value + half * (o_high - total) * per
    method = np.where(missing, MISSING_INPUT, np.where(few, TOO_FEW, DOBSON)).astype(object)
    result = result_frame(np.where(ok, value, np.nan), np.where(ok, lower, np.nan), np.where(ok, upper, np.nan),
                          confidence=conf, method=method,
                          extra={"total_count": total, "total_population": total_pop})
    labels = rows.groupby(keys, sort=True, dropna=False).size().index.to_frame(index=False)
    return pd.concat([labels, result], axis=1)


def esp_weights_for(bands) -> dict[str, float]:
    """ESP 2013 weights of a partner's own age bands [(label, lo, hi)], hi None = no upper limit.

    Each five-year band's weight is spread evenly over its single years (90+ stays one block from 90), and
    a partner band takes the weights of its years: "16-24" gets 4/5 of 15-19 and all of 20-24.

    >>> w = esp_weights_for([("0-15", 0, 15), ("16+", 16, None)])
    >>> round(w["0-15"]), round(w["16+"])
    (17100, 82900)
    """
    per_year = np.zeros(91)
    for i, weight in enumerate(ESP2013):
        if i < 18:
            per_year[5 * i:5 * i + 5] = weight / 5
        else:
            per_year[90] = weight
    out = {}
    for label, lo, hi in bands:
        top = 90 if hi is None or hi >= 90 else hi
        out[label] = float(per_year[lo:top + 1].sum())
    return out
