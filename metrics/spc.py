"""XmR statistical process control chart with special-cause rules.

Method: the XmR (individuals and moving range) chart of NHS England "Making Data Count" (2019), after
Wheeler & Chambers, Understanding Statistical Process Control (1992). Mean and mean moving range MR
come from the baseline points (default all); process limits are mean +/- 2.66 MR (3 sigma with
sigma = MR / 1.128) and the 2-sigma lines mean +/- (2/3) 2.66 MR. Lower limits are not truncated at 0.
Missing values are skipped: moving ranges and runs use the neighbouring non-missing points.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from metrics._contract import as_float_array

LIMIT_FACTOR = 2.66
RULES = ("outside_limits", "shift", "trend", "two_of_three")


def _runs(state: np.ndarray, min_length: int) -> np.ndarray:
    """Flag every element of a run of at least ``min_length`` equal non-zero states."""
    flags = np.zeros(len(state), dtype=bool)
    start = 0
    for i in range(1, len(state) + 1):
        if i == len(state) or state[i] != state[start]:
            if state[start] != 0 and i - start >= min_length:
                flags[start:i] = True
            start = i
    return flags


def _two_of_three(beyond: np.ndarray) -> np.ndarray:
    """Flag points beyond a 2-sigma line when 2 of 3 consecutive points are beyond it."""
    flags = np.zeros(len(beyond), dtype=bool)
    for i in range(len(beyond) - 2):
        if beyond[i : i + 3].sum() >= 2:
            flags[i : i + 3] |= beyond[i : i + 3]
    return flags


def xmr_arrays(x_all: np.ndarray, baseline_points: int | None = None, *, shift_run: int = 7,
               trend_run: int = 7) -> dict[str, np.ndarray | float]:
    """The XmR chart's numbers as plain arrays (the core of `xmr`, without a frame, for the pipeline)."""
    n_base = len(x_all) if baseline_points is None else baseline_points
    keep = ~np.isnan(x_all)
    x = x_all[keep]
    base = x_all[:n_base][keep[:n_base]]
    mean = float(base.mean()) if len(base) else np.nan
    mr_bar = float(np.abs(np.diff(base)).mean()) if len(base) >= 2 else np.nan
    upper, lower = mean + LIMIT_FACTOR * mr_bar, mean - LIMIT_FACTOR * mr_bar
    upper_2s, lower_2s = mean + 2 / 3 * LIMIT_FACTOR * mr_bar, mean - 2 / 3 * LIMIT_FACTOR * mr_bar
    side = np.sign(x - mean) if not np.isnan(mean) else np.zeros(len(x))
    step = np.sign(np.diff(x))
    trend = _runs(step, trend_run - 1)
    flags = {
        "outside_limits": (x > upper) | (x < lower),
        "shift": _runs(side, shift_run),
        "trend": np.concatenate([trend, [False]]) | np.concatenate([[False], trend]),
        "two_of_three": _two_of_three(x > upper_2s) | _two_of_three(x < lower_2s),
    }
    up_trend = np.concatenate([[False], trend & (step > 0)]) | np.concatenate([trend & (step > 0), [False]])
    by_side = flags["outside_limits"] | flags["shift"] | flags["two_of_three"]
    high = np.where(by_side, side > 0, up_trend)
    direction = np.where(by_side | flags["trend"], np.where(high, "high", "low"), None)
    full = {}
    for rule in RULES:
        column = np.zeros(len(x_all), dtype=bool)
        column[keep] = flags[rule]
        full[rule] = column
    special = np.any([full[r] for r in RULES], axis=0) if len(x_all) else np.zeros(0, dtype=bool)
    directions = np.full(len(x_all), None, dtype=object)
    directions[keep] = direction.astype(object)
    return {"mean": mean, "upper_limit": upper, "lower_limit": lower, "upper_2sigma": upper_2s,
            "lower_2sigma": lower_2s, "keep": keep, "x": x, "special_cause": special, "direction": directions,
            **full}


def xmr(values: Any, *, baseline_points: int | None = None, shift_run: int = 7, trend_run: int = 7) -> pd.DataFrame:
    """XmR chart per point: limits, moving range and special-cause flags (NHS Making Data Count).

    Rules: ``outside_limits`` (beyond a process limit); ``shift`` (``shift_run`` or more consecutive points
    on one side of the mean; a point on the mean breaks the run); ``trend`` (``trend_run`` or more
    consecutive strictly increasing or decreasing points; equal values break the run); ``two_of_three``
    (2 of 3 consecutive points beyond the same 2-sigma line; those points are flagged). ``direction`` is
    "high"/"low" for flagged points: side of the mean for the first three rules, else the trend's way.

    >>> chart = xmr([10, 12, 11, 13, 12])
    >>> round(float(chart["mean"][0]), 2), round(float(chart["upper_limit"][0]), 3)
    (11.6, 15.59)
    """
    x_all = as_float_array(values, name="values")
    for name, run in (("shift_run", shift_run), ("trend_run", trend_run)):
        if isinstance(run, bool) or not isinstance(run, int) or run < 2:
            raise ValueError(f"{name} must be an integer of at least 2, got {run!r}")
    n_base = len(x_all) if baseline_points is None else baseline_points
    if baseline_points is not None and (
        isinstance(n_base, bool) or not isinstance(n_base, int) or not 2 <= n_base <= len(x_all)
    ):
        raise ValueError(f"baseline_points must be an integer from 2 to the number of values, got {n_base!r}")
    core = xmr_arrays(x_all, n_base, shift_run=shift_run, trend_run=trend_run)
    frame = pd.DataFrame({"value": x_all})
    for name in ("mean", "upper_limit", "lower_limit", "upper_2sigma", "lower_2sigma"):
        frame[name] = core[name]
    frame["moving_range"] = np.nan
    frame.loc[np.flatnonzero(core["keep"])[1:], "moving_range"] = np.abs(np.diff(core["x"]))
    for rule in RULES:
        frame[rule] = core[rule]
    frame["special_cause"] = core["special_cause"]
    frame["direction"] = pd.Series(core["direction"], dtype=object)
    frame["method"] = "XmR (Making Data Count)"
    if isinstance(values, pd.Series):
        frame.index = values.index
    return frame
