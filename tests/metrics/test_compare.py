"""Tests for metrics.compare (Fingertips benchmark comparison).

Reference rule (Public Health England Fingertips "compared with benchmark"): comparator inside the
interval (ends included) -> similar; interval wholly above -> higher; wholly below -> lower; then
high_is_bad: higher=worse, lower=better; high_is_good: higher=better, lower=worse; no_judgement keeps
higher/lower; missing limits or comparator -> not compared.
Byar's limits for 65 events (PHE Technical Guide "Confidence intervals", 2018): 95% 50.163188-82.849139.
"""

import doctest

import numpy as np
import pandas as pd
import pytest

import metrics.compare
from metrics.compare import POLARITIES, compare
from metrics.rates import rate_ci

LOWER = [1.0, 5.0, 0.5, 3.0, 1.0]
UPPER = [2.0, 6.0, 4.0, 4.0, 3.0]  # the last two touch the comparator 3.0 at an end


@pytest.mark.parametrize(
    ("polarity", "expected"),
    [
        ("high_is_bad", ["better", "worse", "similar", "similar", "similar"]),
        ("high_is_good", ["worse", "better", "similar", "similar", "similar"]),
        ("no_judgement", ["lower", "higher", "similar", "similar", "similar"]),
    ],
)
def test_categories_by_polarity(polarity, expected):
    assert compare(LOWER, UPPER, 3.0, polarity=polarity).tolist() == expected


def test_polarities_constant():
    assert POLARITIES == ("high_is_bad", "high_is_good", "no_judgement")


def test_comparator_per_row_and_missing_not_compared():
    out = compare([1.0, np.nan, 1.0, 1.0], [2.0, 2.0, None, 2.0], [0.5, 0.5, 0.5, pd.NA], polarity="high_is_bad")
    assert out.tolist() == ["worse", "not compared", "not compared", "not compared"]
    assert out.name == "comparison"


def test_95_and_998_variants_from_rate_intervals():
    # 65 events per 100: 95% interval 50.16-82.85 excludes 48; the 99.8% interval (Byar's, z = 3.09) does not.
    comparator = 48.0
    r95, r998 = rate_ci(65, 100, per=100), rate_ci(65, 100, per=100, confidence=0.998)
    at_95 = compare(r95["lower_ci"], r95["upper_ci"], comparator, polarity="high_is_bad")
    at_998 = compare(r998["lower_ci"], r998["upper_ci"], comparator, polarity="high_is_bad")
    assert at_95.tolist() == ["worse"]
    assert at_998.tolist() == ["similar"]




def test_invalid_input_raises():
    with pytest.raises(ValueError, match="polarity must be one of high_is_bad, high_is_good, no_judgement"):
        compare([1.0], [2.0], 3.0, polarity="low_is_good")
    with pytest.raises(ValueError, match="lower_ci must not exceed upper_ci"):
        compare([3.0], [2.0], 3.0, polarity="high_is_bad")
    with pytest.raises(ValueError, match="inputs have different lengths"):
        compare([1.0, 2.0], [2.0, 3.0, 4.0], 3.0, polarity="high_is_bad")


def test_docstring_examples_run():
    assert doctest.testmod(metrics.compare).failed == 0
