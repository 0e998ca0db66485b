"""Tests for metrics.proportions (Wilson score intervals).

Reference values
----------------
PHEindicatormethods tests (testdata_Byars_Wilson) / Public Health England Technical Guide "Confidence
intervals" (2018), Wilson score 95%:  65 of 100 -> 0.552544 to 0.736358 (55.2544% to 73.6358%).
Closed forms of the Wilson interval (Wilson 1927; Newcombe 1998) at the edges:
    0 of n -> 0 to z^2 / (n + z^2);   n of n -> n / (n + z^2) to 1.
"""

import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import metrics.proportions
from metrics.proportions import proportion_ci

Z95 = stats.norm.ppf(0.975)


def test_wilson_reference_per_1_and_per_100():
    unit = proportion_ci(65, 100, per=1)
    assert unit.loc[0, "value"] == pytest.approx(0.65)
    assert unit.loc[0, "lower_ci"] == pytest.approx(0.552544, abs=5e-7)
    assert unit.loc[0, "upper_ci"] == pytest.approx(0.736358, abs=5e-7)
    pct = proportion_ci(65, 100)
    assert pct.loc[0, ["value", "lower_ci", "upper_ci"]].tolist() == pytest.approx([65, 55.2544, 73.6358], abs=5e-5)
    assert pct.loc[0, "method"] == "Wilson"


@pytest.mark.parametrize("n", [1, 7, 250])
def test_edge_closed_forms(n):
    zero = proportion_ci(0, n, per=1)
    assert zero.loc[0, "lower_ci"] == 0
    assert zero.loc[0, "upper_ci"] == pytest.approx(Z95**2 / (n + Z95**2))
    full = proportion_ci(n, n, per=1)
    assert full.loc[0, "lower_ci"] == pytest.approx(n / (n + Z95**2))
    assert full.loc[0, "upper_ci"] == pytest.approx(1.0)


@pytest.mark.parametrize(("x", "n", "confidence"), [(3, 40, 0.95), (65, 100, 0.998), (512, 900, 0.9)])
def test_limits_invert_the_score_test(x, n, confidence):
    # A Wilson limit p is where the score statistic (x/n - p) / sqrt(p(1-p)/n) equals -/+ z.
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    out = proportion_ci(x, n, per=1, confidence=confidence)
    for p in out.loc[0, ["lower_ci", "upper_ci"]]:
        assert abs(x / n - p) / np.sqrt(p * (1 - p) / n) == pytest.approx(z)


def test_vectorised_with_series_index_and_extra_columns():
    numerators = pd.Series([65, 1], index=["a", "b"])
    out = proportion_ci(numerators, 100, per=1)
    assert out.index.tolist() == ["a", "b"]
    assert out["numerator"].tolist() == [65, 1]
    assert out["denominator"].tolist() == [100, 100]
    assert out["confidence"].tolist() == [0.95, 0.95]


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA])
def test_missing_stays_missing(missing):
    out = proportion_ci([missing, 5], [100, missing], per=1)
    assert out[["value", "lower_ci", "upper_ci"]].isna().all().all()
    assert out["method"].tolist() == ["not calculated: missing input"] * 2


@pytest.mark.parametrize(
    ("numerator", "denominator", "kwargs", "message"),
    [
        (101, 100, {}, "numerator must not exceed denominator"),
        (-1, 100, {}, "numerator must not be negative"),
        (0, 0, {}, "denominator must be greater than zero"),
        (1, -5, {}, "denominator must be greater than zero"),
        (1, 5, {"confidence": 0}, "confidence must be between 0 and 1"),
        (1, 5, {"confidence": True}, "confidence must be a single number"),
        (1, 5, {"per": -100}, "per must be a positive number"),
    ],
)
def test_impossible_input_raises(numerator, denominator, kwargs, message):
    with pytest.raises(ValueError, match=message):
        proportion_ci(numerator, denominator, **kwargs)


def test_docstring_examples_run():
    assert doctest.testmod(metrics.proportions).failed == 0


@settings(max_examples=60, deadline=None)
@given(
    data=st.integers(min_value=1, max_value=10_000_000).flatmap(
        lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
    ),
    confidence=st.floats(min_value=0.5, max_value=0.999),
)
def test_property_lower_le_value_le_upper(data, confidence):
    x, n = data
    out = proportion_ci(x, n, per=100, confidence=confidence)
    lower, value, upper = out.loc[0, ["lower_ci", "value", "upper_ci"]]
    assert 0 <= lower <= value + 1e-9 and value <= upper + 1e-9 and upper <= 100
