"""Tests for metrics.baseline (ratio to a baseline, expected counts, cumulative missing demand).

Reference values
----------------
Byar's 95% limits for 65 events (PHEindicatormethods tests / PHE Technical Guide "Confidence intervals",
2018): 50.163188 to 82.849139, so 65 observed against 50 expected -> ratio 1.3, 1.00326376 to 1.65698278.
Exact Poisson 95% upper limit for 0 events (Garwood 1936): 3.6889, so 0 against 2 expected -> 0 to 1.84445.
Missing-demand interval: cumulative gap +/- 1.959964 * sqrt(cumulative observed) (normal approximation).
"""

import doctest
import math

import numpy as np
import pandas as pd
import pytest

import metrics.baseline
from metrics.baseline import change_vs_baseline, expected_from_baseline, missing_demand


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


def test_expected_is_mean_of_same_calendar_month_in_baseline():
    monthly = _monthly()
    out = expected_from_baseline(monthly, baseline=("2018-01", "2019-12"))
    assert len(out) == 48
    by_period = out.set_index("period")
    # March: 2018 -> 103, 2019 -> 113, mean 108; used for March of every year.
    assert by_period.loc["2021-03-01", "expected"] == 108
    assert by_period.loc["2018-03-01", "expected"] == 108
    # December: (112 + 122) / 2 = 117.
    assert by_period.loc["2020-12-01", "expected"] == 117
    assert set(out["baseline_months"]) == {2}


def test_default_baseline_is_2019_and_periods_can_be_chosen():
    out = expected_from_baseline(_monthly(), periods=["2020-04-15", "2021-01-01"])
    assert out["period"].tolist() == [pd.Timestamp("2020-04-01"), pd.Timestamp("2021-01-01")]
    assert out["expected"].tolist() == [114, 111]
    assert out["baseline_months"].tolist() == [1, 1]


def test_missing_baseline_months_are_skipped_or_give_missing_expected():
    monthly = _monthly()
    monthly.loc[monthly.period == "2018-05-01", "count"] = np.nan
    monthly = monthly[monthly.period != "2019-06-01"]
    monthly.loc[monthly.period == "2018-06-01", "count"] = None
    out = expected_from_baseline(monthly, baseline=("2018-01", "2019-12")).set_index("period")
    assert out.loc["2020-05-01", "expected"] == 115 and out.loc["2020-05-01", "baseline_months"] == 1
    assert np.isnan(out.loc["2020-06-01", "expected"]) and out.loc["2020-06-01", "baseline_months"] == 0


@pytest.mark.parametrize(
    ("monthly", "kwargs", "message"),
    [
        (_monthly(), {"baseline": ("2019-12", "2019-01")}, "baseline start must not be after its end"),
        (_monthly(), {"baseline": ("2030-01", "2030-12")}, "no months in the baseline 2030-01 to 2030-12"),
        (pd.concat([_monthly(), _monthly().head(1)]), {}, "duplicate months"),
        (_monthly().assign(count=-1), {}, "count must not be negative"),
        (_monthly().rename(columns={"count": "n"}), {}, "monthly has no column 'count'"),
    ],
)
def test_expected_impossible_input_raises(monthly, kwargs, message):
    with pytest.raises(ValueError, match=message):
        expected_from_baseline(monthly, **kwargs)


def test_missing_demand_cumulative_gap_and_interval():
    monthly = pd.DataFrame({"period": pd.date_range("2020-02-01", periods=4, freq="MS"), "count": [95, 60, 80, 90]})
    out = missing_demand(monthly, expected=100, since="2020-03")
    assert out["period"].tolist() == list(pd.date_range("2020-03-01", periods=3, freq="MS"))
    assert out["cumulative_gap"].tolist() == [-40, -60, -70]
    assert out["value"].tolist() == [-40, -60, -70]
    half = [1.959964 * math.sqrt(v) for v in (60, 140, 230)]
    assert out["lower_ci"].tolist() == pytest.approx([g - h for g, h in zip([-40, -60, -70], half, strict=True)])
    assert out["upper_ci"].tolist() == pytest.approx([g + h for g, h in zip([-40, -60, -70], half, strict=True)])
    assert out["cumulative_expected"].tolist() == [100, 200, 300]


def test_missing_demand_with_expected_frame_series_and_missing_month():
    monthly = _monthly()
    expected = expected_from_baseline(monthly)
    out = missing_demand(monthly, expected=expected, since="2021-01-01")
    # 2021 counts are 130 + month, 2019 expected 110 + month: gap 20 a month.
    assert out["cumulative_gap"].tolist()[:3] == [20, 40, 60]
    series = pd.Series([100.0, 100.0], index=pd.to_datetime(["2021-01-01", "2021-02-01"]))
    gappy = monthly.assign(count=monthly["count"].where(monthly.period != "2021-02-01"))
    out = missing_demand(gappy, expected=series, since="2021-01")
    assert out["cumulative_gap"].iloc[0] == 31
    assert out[["cumulative_gap", "lower_ci", "upper_ci"]].iloc[1:].isna().all().all()


def test_docstring_examples_run():
    assert doctest.testmod(metrics.baseline).failed == 0
