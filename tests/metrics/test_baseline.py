"""Tests for metrics.baseline (ratio to a baseline; the cumulative gap is tested in test_backlog.py).

Reference values
----------------
Byar's 95% limits for 65 events (PHEindicatormethods tests / PHE Technical Guide "Confidence intervals",
2018): 50.163188 to 82.849139, so 65 observed against 50 expected -> ratio 1.3, 1.00326376 to 1.65698278.
Exact Poisson 95% upper limit for 0 events (Garwood 1936): 3.6889, so 0 against 2 expected -> 0 to 1.84445.
"""

import doctest

import numpy as np
import pandas as pd
import pytest

import metrics.baseline
from metrics.baseline import change_vs_baseline


def _monthly(start="2018-01-01", months=48, base=100):
    periods = pd.date_range(start, periods=months, freq="MS")
    counts = [base + p.month + 10 * (p.year - 2018) for p in periods]
    return pd.DataFrame({"period": periods, "count": counts})


def test_ratio_reference_values():
    out = change_vs_baseline([65, 0], [50, 2])
    assert out.loc[0, ["value", "lower_ci", "upper_ci"]].tolist() == pytest.approx(
        [1.3, 50.163188 / 50, 82.849139 / 50], abs=1e-8
    )
    assert out.loc[1, ["value", "lower_ci", "upper_ci"]].tolist() == pytest.approx([0, 0, 3.6889 / 2], abs=5e-5)
    assert out["method"].tolist() == ["Byar's", "exact Poisson"]
    assert out["change_pct"].tolist() == pytest.approx([30.0, -100.0])
    assert out[["observed", "expected"]].to_numpy().tolist() == [[65, 50], [0, 2]]


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA])
def test_ratio_missing_stays_missing(missing):
    out = change_vs_baseline([missing, 5], [10, missing])
    assert out[["value", "lower_ci", "upper_ci", "change_pct"]].isna().all().all()
    assert out["method"].tolist() == ["not calculated: missing input"] * 2


@pytest.mark.parametrize(
    ("observed", "expected", "message"),
    [(-1, 10, "observed must not be negative"), (5, 0, "expected must be greater than zero"),
     (5, -2, "expected must be greater than zero")],
)
def test_ratio_impossible_input_raises(observed, expected, message):
    with pytest.raises(ValueError, match=message):
        change_vs_baseline(observed, expected)














def test_docstring_examples_run():
    assert doctest.testmod(metrics.baseline).failed == 0
