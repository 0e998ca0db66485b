"""Tests for metrics.trend (Fingertips recent trend).

Reference values
----------------
Chi-square with 1 df at 99.8% (statistical tables): 9.5495 — the significance threshold.
Hand example: five points, values 10, 12, 14, 16, 18 at t = 0..4, every SE = 1 (interval +/- z):
    slope = sum((t - 2)(y - 14)) / sum((t - 2)^2) = 20 / 10 = 2;  var(slope) = 1 / 10;  chi-square = 2^2 * 10 = 40.
Weighted regressions are checked against an independent numpy.linalg least-squares fit.
"""

import doctest

import numpy as np
import pytest
from scipy import stats

import metrics.trend
from metrics.trend import CHI_SQUARE_998, recent_trend

Z = stats.norm.ppf(0.975)


def _with_se(values, se):
    values, se = np.asarray(values, dtype=float), np.broadcast_to(np.asarray(se, dtype=float), len(values))
    return values, values - Z * se, values + Z * se


def test_threshold_is_chi_square_1df_998():
    assert CHI_SQUARE_998 == pytest.approx(9.5495, abs=5e-5)


def test_hand_example():
    out = recent_trend(*_with_se([10, 12, 14, 16, 18], 1.0), polarity="high_is_bad")
    assert out["slope"] == pytest.approx(2.0)
    assert out["se_slope"] == pytest.approx(np.sqrt(0.1))
    assert out["chi_square"] == pytest.approx(40.0)
    assert out["significant"] and out["direction"] == "increasing"
    assert out["label"] == "increasing and getting worse"


def test_against_numpy_weighted_least_squares():
    values = [52.0, 49.5, 47.1, 47.9, 44.2]
    se = np.array([1.1, 0.9, 1.6, 1.2, 0.8])
    out = recent_trend(*_with_se(values, se), polarity="high_is_good")
    sqrt_w = 1 / se
    design = np.column_stack([np.ones(5), np.arange(5.0)]) * sqrt_w[:, None]
    coef, *_ = np.linalg.lstsq(design, np.asarray(values) * sqrt_w, rcond=None)
    cov = np.linalg.inv(design.T @ design)
    assert out["slope"] == pytest.approx(coef[1])
    assert out["se_slope"] == pytest.approx(np.sqrt(cov[1, 1]))
    assert out["chi_square"] == pytest.approx(coef[1] ** 2 / cov[1, 1])
    assert out["label"] == "decreasing and getting worse"


@pytest.mark.parametrize(("slope", "significant"), [(0.98, True), (0.97, False)])
def test_threshold_edge(slope, significant):
    # SE = 1 everywhere: chi-square = 10 * slope^2, so 0.98 -> 9.604 (significant), 0.97 -> 9.409 (not).
    out = recent_trend(*_with_se(slope * np.arange(5), 1.0), polarity="no_judgement")
    assert out["significant"] is significant
    assert out["label"] == ("increasing" if significant else "no significant change")


@pytest.mark.parametrize(
    ("polarity", "values", "label"),
    [
        ("high_is_bad", [18, 16, 14, 12, 10], "decreasing and getting better"),
        ("high_is_good", [10, 12, 14, 16, 18], "increasing and getting better"),
        ("high_is_good", [18, 16, 14, 12, 10], "decreasing and getting worse"),
        ("no_judgement", [18, 16, 14, 12, 10], "decreasing"),
        ("high_is_bad", [10, 11, 10, 11, 10], "no significant change"),
    ],
)
def test_labels(polarity, values, label):
    assert recent_trend(*_with_se(values, 1.0), polarity=polarity)["label"] == label


def test_only_latest_points_are_used():
    early = [500.0, np.nan, -300.0]
    values, low, high = _with_se([10, 12, 14, 16, 18], 1.0)
    out = recent_trend(np.r_[early, values], np.r_[early, low], np.r_[early, high], polarity="high_is_bad")
    assert out["slope"] == pytest.approx(2.0)


@pytest.mark.parametrize(
    "series",
    [
        _with_se([10, 12, 14, 16], 1.0),
        _with_se([10, 12, np.nan, 16, 18], 1.0),
        _with_se([10, 12, 14, 16, 18], [1, 1, 0, 1, 1]),
    ],
)
def test_cannot_be_calculated(series):
    out = recent_trend(*series, polarity="high_is_bad")
    assert out["direction"] == out["label"] == "cannot be calculated"
    assert np.isnan(out["slope"]) and not out["significant"]


def test_invalid_input_raises():
    with pytest.raises(ValueError, match="polarity must be one of"):
        recent_trend(*_with_se([1, 2, 3, 4, 5], 1.0), polarity="up")
    with pytest.raises(ValueError, match="lower_ci must not exceed upper_ci"):
        recent_trend([1, 2, 3, 4, 5], [2] * 5, [1] * 5, polarity="high_is_bad")
    with pytest.raises(ValueError, match="points must be an integer of at least 2"):
        recent_trend(*_with_se([1, 2, 3, 4, 5], 1.0), polarity="high_is_bad", points=1)


def test_docstring_examples_run():
    assert doctest.testmod(metrics.trend).failed == 0
