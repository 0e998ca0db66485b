"""Tests for metrics.inequality (slope and relative index of inequality).

Reference
---------
Low & Low (2004), J Public Health 26:388-95; PHEindicatormethods ``phe_sii`` (regression of
sqrt(a) * value on sqrt(a) and b * sqrt(a) without intercept, a = population share, b = cumulative
midpoint rank; intervals by simulation). Sign convention here: SII = fitted(most deprived, x = 0)
minus fitted(least deprived, x = 1); RII = fitted(0) / fitted(1).
Hand example: populations 100, 200, 300, 400, 500 (shares 1/15 .. 5/15) have midpoint ranks
1/30, 4/30, 9/30, 16/30, 25/30; values exactly 12 - 10x there give SII = 10 and RII = 12 / 2 = 6.
"""

import doctest

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import metrics.inequality
from metrics.inequality import gradient, sii_rii

Z = stats.norm.ppf(0.975)
POPS = np.array([100.0, 200, 300, 400, 500])
RANKS = np.array([1, 4, 9, 16, 25]) / 30


def test_perfectly_linear_data_gives_exact_sii_and_rii():
    values = 12 - 10 * RANKS
    out = sii_rii(range(1, 6), values, POPS, values - 1e-6, values + 1e-6)
    assert out.loc[0, "value"] == pytest.approx(10.0)
    assert out.loc[0, "rii"] == pytest.approx(6.0)
    assert out.loc[0, "fitted_most_deprived"] == pytest.approx(12.0)
    assert out.loc[0, "fitted_least_deprived"] == pytest.approx(2.0)
    assert out.loc[0, "lower_ci"] == pytest.approx(10.0, abs=1e-4)
    assert out.loc[0, "upper_ci"] == pytest.approx(10.0, abs=1e-4)


def test_against_phe_sii_regression_by_numpy_least_squares():
    rng = np.random.default_rng(11)
    pops = rng.integers(5_000, 9_000, 10).astype(float)
    values = 80 + 0.6 * np.arange(10) + rng.normal(0, 1, 10)
    out = sii_rii(np.arange(1, 11), values, pops, values - 2, values + 2)
    a = pops / pops.sum()
    b = np.cumsum(a) - a / 2
    design = np.column_stack([np.sqrt(a), b * np.sqrt(a)])  # phe_sii: lm(yvals ~ sqrt_a + b_sqrt_a - 1)
    (intercept, slope), *_ = np.linalg.lstsq(design, np.sqrt(a) * values, rcond=None)
    assert out.loc[0, "value"] == pytest.approx(-slope)
    assert out.loc[0, "rii"] == pytest.approx(intercept / (intercept + slope))
    assert out.loc[0, "value"] < 0  # values rise towards the least deprived end


def test_simulated_interval_matches_analytic_normal_interval():
    values = np.array([75.9, 78.3, 83.8, 83.6, 80.5, 81.1, 81.7, 84.2, 80.6, 86.3])
    lower = np.array([72.7, 75.3, 80.9, 80.2, 77.1, 78.0, 79.0, 81.4, 75.8, 83.2])
    upper = np.array([79.1, 81.4, 86.8, 87.1, 83.8, 84.2, 84.4, 86.9, 85.4, 89.4])
    pops = np.array([7291.0, 7997, 6105, 7666, 5790, 6934, 5918, 5974, 7147, 7534])
    out = sii_rii(range(1, 11), values, pops, lower, upper)
    a = pops / pops.sum()
    x = np.cumsum(a) - a / 2
    c = a * (x - a @ x) / np.sum(a * (x - a @ x) ** 2)  # slope = c @ y, so var = sum(c^2 se^2)
    se_sii = np.sqrt(np.sum(c**2 * ((upper - lower) / (2 * Z)) ** 2))
    sii = out.loc[0, "value"]
    assert out.loc[0, "lower_ci"] == pytest.approx(sii - Z * se_sii, abs=0.05 * Z * se_sii)
    assert out.loc[0, "upper_ci"] == pytest.approx(sii + Z * se_sii, abs=0.05 * Z * se_sii)
    assert out.loc[0, "rii_lower_ci"] < out.loc[0, "rii"] < out.loc[0, "rii_upper_ci"]
    again = sii_rii(range(1, 11), values, pops, lower, upper)
    assert again.loc[0, "lower_ci"] == out.loc[0, "lower_ci"]  # fixed seed: reproducible


def test_gradient_over_groups_in_any_order_and_needs_every_group():
    values = 12 - 10 * RANKS
    frame = pd.DataFrame({"decile": range(1, 6), "value": values, "denominator": POPS,
                          "lower_ci": values - 0.5, "upper_ci": values + 0.5}).iloc[::-1]
    out = gradient(frame, group="decile")
    assert out["value"] == pytest.approx(10.0) and out["groups"] == 5
    assert out["lower_ci"] < 10 < out["upper_ci"]
    hidden = frame.assign(value=frame["value"].where(frame["decile"] != 3))  # a group a viewer cannot see
    assert "value" not in gradient(hidden, group="decile")
    assert "value" not in gradient(frame.head(4), group="decile")


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA])
def test_missing_stays_missing(missing):
    values = [11.0, 9.0, missing, 5.0, 3.0]
    out = sii_rii(range(1, 6), values, [100] * 5, [10, 8, 6, 4, 2], [12, 10, 8, 6, 4])
    assert out.loc[0, ["value", "lower_ci", "upper_ci", "rii"]].isna().all()
    assert out.loc[0, "method"] == "not calculated: missing input"


@pytest.mark.parametrize(
    ("quantile", "population", "lower", "kwargs", "message"),
    [
        (range(1, 5), [1] * 4, [0] * 4, {}, "number of quantiles must be between 5 and 100, got 4"),
        (range(1, 6), [1, 1, 0, 1, 1], [0] * 5, {}, "population must be greater than zero"),
        ([1, 1, 2, 3, 4], [1] * 5, [0] * 5, {}, "quantile values must be unique"),
        (range(1, 6), [1] * 5, [99] * 5, {}, "lower_ci must not exceed upper_ci"),
        (range(1, 6), [1] * 5, [0] * 5, {"repetitions": 10}, "repetitions must be an integer of at least 1000"),
        (range(1, 6), [1] * 5, [0] * 5, {"confidence": 95}, "confidence must be between 0 and 1"),
    ],
)
def test_impossible_input_raises(quantile, population, lower, kwargs, message):
    n = len(population)
    with pytest.raises(ValueError, match=message):
        sii_rii(quantile, [1] * n, population, lower, [2] * n, **kwargs)


def test_docstring_examples_run():
    assert doctest.testmod(metrics.inequality).failed == 0
