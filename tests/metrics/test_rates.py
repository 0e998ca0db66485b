"""Tests for metrics.rates (Byar's / exact Poisson rate intervals).

Reference values
----------------
Byar's method, 95%, from the PHEindicatormethods test data (testdata_Byars_Wilson) and the Public Health
England Technical Guide "Confidence intervals" (2018) / APHO worked examples:
    count 65   -> limits on the count 50.163188 to 82.849139
    count 1045 -> limits on the count 982.593202 to 1110.331213
Exact Poisson 95% limits (Garwood 1936; tabulated e.g. in Breslow & Day 1987, appendix):
    0 -> 0, 3.6889;  1 -> 0.0253, 5.5716;  2 -> 0.2422, 7.2247;  5 -> 1.6235, 11.6683;  9 -> 4.1154, 17.0848
"""

import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import metrics.rates
from metrics.rates import poisson_limits, rate_ci

BYARS_REFERENCE = [(65, 50.163188, 82.849139), (1045, 982.593202, 1110.331213)]
EXACT_REFERENCE = [
    (0, 0.0, 3.6889),
    (1, 0.0253, 5.5716),
    (2, 0.2422, 7.2247),
    (5, 1.6235, 11.6683),
    (9, 4.1154, 17.0848),
]


@pytest.mark.parametrize(("count", "lower", "upper"), BYARS_REFERENCE)
def test_byars_reference_values_per_100(count, lower, upper):
    out = rate_ci(count, 100, per=100)
    assert out.loc[0, "value"] == pytest.approx(count)
    assert out.loc[0, "lower_ci"] == pytest.approx(lower, abs=5e-7)
    assert out.loc[0, "upper_ci"] == pytest.approx(upper, abs=5e-7)
    assert out.loc[0, "method"] == "Byar's"


@pytest.mark.parametrize(("count", "lower", "upper"), EXACT_REFERENCE)
def test_exact_poisson_matches_published_table(count, lower, upper):
    out = rate_ci(count, 1, per=1)
    assert out.loc[0, "lower_ci"] == pytest.approx(lower, abs=5e-5)
    assert out.loc[0, "upper_ci"] == pytest.approx(upper, abs=5e-5)
    assert out.loc[0, "method"] == "exact Poisson"


@pytest.mark.parametrize("count", [1, 3, 7, 9])
def test_exact_limits_have_the_defining_poisson_tail_probabilities(count):
    # Garwood: P(X >= x | lower) = a/2 and P(X <= x | upper) = a/2; checked with the Poisson cdf, not chi2.
    lower, upper, _ = poisson_limits(count, confidence=0.9)
    assert stats.poisson.sf(count - 1, lower[0]) == pytest.approx(0.05, abs=1e-9)
    assert stats.poisson.cdf(count, upper[0]) == pytest.approx(0.05, abs=1e-9)


def test_method_switches_at_ten_and_rate_scales_by_denominator_and_per():
    out = rate_ci([9, 10], [2000, 4000], per=1000)
    assert out["method"].tolist() == ["exact Poisson", "Byar's"]
    assert out["value"].tolist() == pytest.approx([4.5, 2.5])
    assert out.loc[0, "upper_ci"] == pytest.approx(17.0848 / 2, abs=5e-5)
    assert out[["count", "denominator"]].to_numpy().tolist() == [[9, 2000], [10, 4000]]


def test_contract_columns_and_confidence():
    out = rate_ci([65, 1045], 100, per=100, confidence=0.998)
    assert list(out.columns[:5]) == ["value", "lower_ci", "upper_ci", "confidence", "method"]
    assert out["confidence"].tolist() == [0.998, 0.998]
    narrow = rate_ci(65, 100, per=100)
    assert out.loc[0, "lower_ci"] < narrow.loc[0, "lower_ci"] < narrow.loc[0, "upper_ci"] < out.loc[0, "upper_ci"]


def test_series_index_is_kept():
    counts = pd.Series([65, 5], index=["ward_a", "ward_b"])
    out = rate_ci(counts, pd.Series([100, 100], index=["ward_a", "ward_b"]), per=100)
    assert out.index.tolist() == ["ward_a", "ward_b"]


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA])
def test_missing_stays_missing(missing):
    out = rate_ci([65, missing], [100, 100], per=100)
    assert out.loc[0, "value"] == 65
    assert out.loc[1, ["value", "lower_ci", "upper_ci"]].isna().all()
    assert out.loc[1, "method"] == "not calculated: missing input"
    denominator_missing = rate_ci(5, [missing], per=100)
    assert denominator_missing.loc[0, ["value", "lower_ci", "upper_ci"]].isna().all()
    assert denominator_missing.loc[0, "method"] == "not calculated: missing input"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"count": -1, "denominator": 100}, "count must not be negative"),
        ({"count": 5, "denominator": 0}, "denominator must be greater than zero"),
        ({"count": 5, "denominator": -10}, "denominator must be greater than zero"),
        ({"count": 5, "denominator": 100, "confidence": 95}, "confidence must be between 0 and 1"),
        ({"count": 5, "denominator": 100, "confidence": 1.0}, "confidence must be between 0 and 1"),
        ({"count": 5, "denominator": 100, "confidence": "0.95"}, "confidence must be a single number"),
        ({"count": 5, "denominator": 100, "per": 0}, "per must be a positive number"),
        ({"count": [1, 2, 3], "denominator": [10, 20]}, "inputs have different lengths"),
        ({"count": ["a"], "denominator": [10]}, "count must be numeric"),
    ],
)
def test_impossible_input_raises(kwargs, message):
    with pytest.raises(ValueError, match=message):
        rate_ci(**kwargs)


def test_docstring_examples_run():
    assert doctest.testmod(metrics.rates).failed == 0


@settings(max_examples=60, deadline=None)
@given(
    count=st.integers(min_value=0, max_value=1_000_000),
    denominator=st.floats(min_value=1, max_value=1e8),
    confidence=st.floats(min_value=0.5, max_value=0.999),
)
def test_property_lower_le_value_le_upper(count, denominator, confidence):
    out = rate_ci(count, denominator, per=100_000, confidence=confidence)
    lower, value, upper = out.loc[0, ["lower_ci", "value", "upper_ci"]]
    assert 0 <= lower <= value <= upper
