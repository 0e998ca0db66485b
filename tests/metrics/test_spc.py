"""Tests for metrics.spc (XmR chart, NHS England "Making Data Count").

Reference values
----------------
XmR constants (Wheeler & Chambers 1992; NHS England Making Data Count 2019): process limits
mean +/- 2.66 * mean moving range; sigma = MR/1.128; 2-sigma lines mean +/- (2/3)(2.66) MR = +/- 1.7733 MR.
Worked example (by hand): 12, 15, 11, 14, 13, 16, 12, 14
    mean = 107 / 8 = 13.375; moving ranges 3, 4, 3, 1, 3, 4, 2 -> MR = 20 / 7 = 2.857143;
    2.66 * 20/7 = 7.6 -> upper limit 20.975, lower limit 5.775; 2-sigma lines 13.375 +/- 5.066667.
Rule series below use a baseline of 11, 10, 11, 10, 11, 10, 11, 10 (mean 10.5, MR 1): limits 7.84 and
13.16, 2-sigma lines 8.7267 and 12.2733.
"""

import doctest
import statistics

import numpy as np
import pandas as pd
import pytest

import metrics.spc
from metrics.spc import xmr

BASE = [11, 10] * 4
RULES = ["outside_limits", "shift", "trend", "two_of_three"]


def flagged(chart, rule):
    return chart.index[chart[rule]].tolist()


def test_worked_example_limits():
    chart = xmr([12, 15, 11, 14, 13, 16, 12, 14])
    row = chart.iloc[0]
    assert row["mean"] == pytest.approx(13.375)
    assert row["upper_limit"] == pytest.approx(20.975)
    assert row["lower_limit"] == pytest.approx(5.775)
    assert row["upper_2sigma"] == pytest.approx(13.375 + 5.066667, abs=1e-6)
    assert row["lower_2sigma"] == pytest.approx(13.375 - 5.066667, abs=1e-6)
    assert chart["moving_range"].tolist()[1:] == [3, 4, 3, 1, 3, 4, 2]
    assert np.isnan(chart["moving_range"].iloc[0])
    assert not chart["special_cause"].any()
    assert chart["direction"].isna().all()


def test_limits_match_independent_calculation_with_baseline():
    values = [31.5, 28.0, 35.2, 30.1, 29.9, 33.3, 27.4, 30.0, 45.0, 47.0, 44.0]
    chart = xmr(values, baseline_points=8)
    base = values[:8]
    mean = statistics.fmean(base)
    mr_bar = statistics.fmean(abs(b - a) for a, b in zip(base, base[1:], strict=False))
    assert chart["mean"].iloc[-1] == pytest.approx(mean)
    assert chart["upper_limit"].iloc[-1] == pytest.approx(mean + 3 * mr_bar / 1.128, rel=2e-3)
    assert chart["upper_limit"].iloc[-1] == pytest.approx(mean + 2.66 * mr_bar)
    assert flagged(chart, "outside_limits") == [8, 9, 10]
    assert chart.loc[8, "direction"] == "high"


def test_outside_limits_only():
    chart = xmr([*BASE, 14.0], baseline_points=8)
    assert {rule: flagged(chart, rule) for rule in RULES} == {
        "outside_limits": [8], "shift": [], "trend": [], "two_of_three": [],
    }
    assert flagged(chart, "special_cause") == [8]
    assert chart["direction"].tolist()[8] == "high"
    assert chart["direction"].iloc[:8].isna().all()


def test_low_point_outside_limits_is_low():
    chart = xmr([*BASE, 7.0], baseline_points=8)
    assert flagged(chart, "outside_limits") == [8]
    assert chart.loc[8, "direction"] == "low"


def test_shift_of_seven_flags_every_point_and_six_does_not():
    seven = xmr([*BASE, *[11.2] * 7], baseline_points=8)
    assert flagged(seven, "shift") == list(range(8, 15))
    assert flagged(seven, "special_cause") == list(range(8, 15))
    assert set(seven.loc[8:14, "direction"]) == {"high"}
    six = xmr([*BASE, *[11.2] * 6, 10.0], baseline_points=8)
    assert not six["special_cause"].any()


def test_point_on_the_mean_breaks_a_shift():
    chart = xmr([*BASE, 11.2, 11.2, 11.2, 10.5, 11.2, 11.2, 11.2, 11.2], baseline_points=8)
    assert flagged(chart, "shift") == []


def test_trend_of_seven_increasing_points():
    rising = [9.6, 9.9, 10.2, 10.4, 10.6, 10.9, 11.2]
    chart = xmr([*BASE, *rising], baseline_points=8)
    assert flagged(chart, "trend") == list(range(8, 15))
    assert flagged(chart, "special_cause") == list(range(8, 15))
    assert set(chart.loc[8:14, "direction"]) == {"high"}
    falling = xmr([*BASE, 12.0, *rising[::-1]], baseline_points=8)
    assert flagged(falling, "trend") == list(range(8, 16))
    assert set(falling.loc[8:15, "direction"]) == {"low"}


def test_six_increasing_or_an_equal_step_is_not_a_trend():
    assert flagged(xmr([*BASE, 9.6, 9.9, 10.2, 10.4, 10.6, 10.9], baseline_points=8), "trend") == []
    tied = xmr([*BASE, 9.6, 9.9, 10.2, 10.2, 10.4, 10.6, 10.9, 11.2], baseline_points=8)
    assert flagged(tied, "trend") == []


def test_two_of_three_beyond_two_sigma():
    chart = xmr([*BASE, 12.5, 10.5, 12.6], baseline_points=8)
    assert flagged(chart, "two_of_three") == [8, 10]
    assert flagged(chart, "special_cause") == [8, 10]
    assert chart.loc[[8, 10], "direction"].tolist() == ["high", "high"]
    low = xmr([*BASE, 8.5, 8.4, 10.5], baseline_points=8)
    assert flagged(low, "two_of_three") == [8, 9]
    assert set(low.loc[[8, 9], "direction"]) == {"low"}


def test_two_of_three_needs_same_side_and_same_window():
    assert not xmr([*BASE, 12.5, 8.5, 10.5], baseline_points=8)["special_cause"].any()
    assert not xmr([*BASE, 12.5, 10.5, 10.5, 12.6], baseline_points=8)["special_cause"].any()


def test_missing_values_are_skipped():
    chart = xmr(pd.Series([12, 15, np.nan, 11, 14, 13, 16, 12, 14], index=list("abcdefghi")))
    assert chart.index.tolist() == list("abcdefghi")
    assert chart["mean"].iloc[0] == pytest.approx(13.375)
    assert chart.loc["d", "moving_range"] == 4
    assert np.isnan(chart.loc["c", "moving_range"]) and not chart.loc["c", "special_cause"]


def test_invalid_arguments_raise():
    with pytest.raises(ValueError, match="baseline_points must be an integer from 2 to the number of values"):
        xmr([1, 2, 3], baseline_points=1)
    with pytest.raises(ValueError, match="baseline_points must be an integer from 2 to the number of values"):
        xmr([1, 2, 3], baseline_points=4)
    with pytest.raises(ValueError, match="shift_run must be an integer of at least 2"):
        xmr([1, 2, 3], shift_run=0)
    with pytest.raises(ValueError, match="values must be numeric"):
        xmr(["x", 2, 3])


def test_docstring_examples_run():
    assert doctest.testmod(metrics.spc).failed == 0
