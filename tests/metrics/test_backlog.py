"""metrics.backlog: the cumulative gap and its interval against hand calculations on tiny series.

Hand calculation (written out, z = 1.959964): baseline 2019 has one month per calendar month (k = 1), so
a calendar month reused in the window adds n^2 E / k. Series from March 2020: observed 50, 70 (March,
April 2020) then 40 (March 2021), expected 60, 60, 60 (March 2019, April 2019, March 2019 again):
    G = -10, 0, -20
    Var = (50) + 60 = 110;  (50 + 70) + 60 + 60 = 240;  (50 + 70 + 40) + 2^2 * 60 + 60 = 460
"""

import doctest
import math

import numpy as np
import pandas as pd
import pytest

import metrics.backlog
from metrics.backlog import cumulative_gap, cumulative_gaps, summary
from metrics.periods import complete_periods
from metrics.pipeline import indicator_values
from sources.base import EventFilter, Indicator

Z = 1.959963984540054


def test_gap_and_interval_by_hand_with_a_reused_calendar_month():
    out = cumulative_gap([50, 70, 40], [60, 60, 60], calendar=[3, 4, 3], baseline_points=[1, 1, 1])
    assert out["cumulative_gap"].tolist() == [-10, 0, -20]
    for i, var in enumerate([110, 240, 460]):
        assert out["cumulative_gap_lower"][i] == pytest.approx(out["cumulative_gap"][i] - Z * math.sqrt(var))
        assert out["cumulative_gap_upper"][i] == pytest.approx(out["cumulative_gap"][i] + Z * math.sqrt(var))
    assert out["cumulative_expected"].tolist() == [60, 120, 180]


def test_more_baseline_months_shrink_the_expectations_variance():
    one = cumulative_gap([50], [60], calendar=[3], baseline_points=[1])
    three = cumulative_gap([50], [60], calendar=[3], baseline_points=[3])
    assert one["cumulative_gap_upper"][0] - one["cumulative_gap"][0] == pytest.approx(Z * math.sqrt(50 + 60))
    assert three["cumulative_gap_upper"][0] - three["cumulative_gap"][0] == pytest.approx(Z * math.sqrt(50 + 20))


def test_withheld_counts_enter_at_their_middle_and_widen_by_their_range():
    out = cumulative_gap([50, 70], [60, 60], calendar=[3, 4], baseline_points=[1, 1], withheld=[0, 2])
    assert out["cumulative_gap"].tolist() == [-10, 8]  # 70 + 2 x 4 - 60
    var = 50 + 78 + 120
    assert out["cumulative_gap_lower"][1] == pytest.approx(8 - 6 - Z * math.sqrt(var))  # 2 withheld x (4 - 1)
    assert out["cumulative_gap_upper"][1] == pytest.approx(8 + 6 + Z * math.sqrt(var))


def test_withheld_baseline_counts_raise_the_expectation_by_their_middle_and_widen_by_their_range():
    frame = pd.DataFrame({"g": 0, "t": pd.date_range("2020-03-01", periods=2, freq="MS"), "count": [50.0, 70.0],
                          "expected_count": 60.0, "calendar": [3, 4], "baseline_points": 1.0,
                          "expected_withheld": [1.0, 0.0]})
    out = cumulative_gaps(frame, by=["g"], time="t", start=pd.Timestamp("2020-03-01"))
    assert out["cumulative_gap"].tolist() == [-14, -4]  # March expected 60 + 4
    var = 50 + 70 + 64 + 60
    assert out["cumulative_gap_upper"][1] == pytest.approx(-4 + 3 + Z * math.sqrt(var))


def test_an_unknown_month_makes_every_later_gap_unknown():
    out = cumulative_gap([50, np.nan, 40], [60, 60, 60], calendar=[3, 4, 5], baseline_points=[1, 1, 1])
    assert out["cumulative_gap"].iloc[0] == -10
    assert out["cumulative_gap"].iloc[1:].isna().all()


def test_groups_are_separate_and_months_before_the_start_are_left_out():
    months = pd.date_range("2020-01-01", periods=4, freq="MS")
    f = pd.DataFrame({"area": ["a"] * 4 + ["b"] * 4, "t": list(months) * 2, "count": [9, 9, 5, 7, 1, 1, 10, 12],
                      "expected_count": 6.0, "calendar": [m.month for m in months] * 2, "baseline_points": 1.0})
    out = cumulative_gaps(f, by=["area"], time="t", start=pd.Timestamp("2020-03-01"))
    assert out["cumulative_gap"].iloc[[0, 1, 4, 5]].isna().all()
    assert out["cumulative_gap"].iloc[[2, 3, 6, 7]].tolist() == [-1, 0, 4, 10]


def test_summary_finds_the_deepest_shortfall_and_when_it_was_made_up():
    months = pd.date_range("2020-03-01", periods=6, freq="MS")
    out = cumulative_gap([100, 20, 30, 150, 160, 150], [100] * 6, calendar=range(3, 9), baseline_points=[1] * 6)
    rows = pd.concat([pd.DataFrame({"period_start": months}), out], axis=1)
    s = summary(rows)
    assert s["deepest"]["period_start"] == months[2] and s["deepest"]["cumulative_gap"] == -150
    assert s["shortfall"] and s["made_up"] == months[5]  # -150 + 50 + 60 + 50 = 10 >= 0 in August
    assert not s["latest_shortfall"]


def test_a_sentence_says_where_a_suppressed_month_stops_the_running_total():
    """Observed 100, 20, 30, then a month the reader may not see: the shortfall by May is said, never that it
    is "still growing" (nobody can tell from here), and the month that stops it is named."""
    months = pd.date_range("2020-03-01", periods=4, freq="MS")
    out = cumulative_gap([100, 20, 30, np.nan], [100] * 4, calendar=range(3, 7), baseline_points=[1] * 4)
    rows = pd.concat([pd.DataFrame({"period_start": months}), out], axis=1)
    said = metrics.backlog.sentence(rows, title="Requests", area="Chorley")
    assert said.startswith("By May 2020, 150 fewer requests than expected had arrived in Chorley since March 2020")
    assert "still growing" not in said
    assert said.endswith("The running total stops in May 2020: June 2020 is suppressed (small numbers) here, so "
                         "what happened after cannot be said.")
    whole = metrics.backlog.sentence(rows.iloc[:3], title="Requests", area="Chorley")
    assert whole.endswith("and the shortfall is still growing.")  # the last month seen is the last month held


RATE = Indicator("x_rate", "Requests", "Mental wellbeing", EventFilter("s"), "population", "per 1,000 residents",
                 "Requests per 1,000.", "test", "no_judgement")


def test_the_pipeline_materialises_the_gap_from_the_pandemic_month_on_monthly_rows():
    counts = [60, 50, 40, 30] * 3 + [60, 50, 20, 10, 45, 55] + [40] * 6  # 2019: 60,50,40,30 repeating
    months = pd.date_range("2019-01-01", periods=len(counts), freq="MS")
    rows = []
    for p in complete_periods(months):
        n = sum(counts[list(months).index(m)] for m in p.months)
        rows.append({"area_code": "a", "band": "All", "period": p.code, "period_type": p.kind, "period_index": p.index,
                     "period_start": p.start, "months": p.months, "count": float(n), "withheld": 0, "hidden": False,
                     "denominator": 1000.0, "parent_code": None})
    out = indicator_values(RATE, pd.DataFrame(rows), baseline=("2019-01", "2019-12"), since="2020-03-23")
    monthly = out[out["period_type"] == "month"].sort_values("period_start").set_index("period")
    assert monthly.loc[:"2020-02", "cumulative_gap"].isna().all()
    assert out.loc[out["period_type"] != "month", "cumulative_gap"].isna().all()
    # Mar 2020: 20 vs expected 40 (Mar 2019) -> -20; Apr: 10 vs 30 -> -40; May: 45 vs 60 -> -55; Jun: 55 vs 50 -> -50
    assert monthly.loc["2020-03":"2020-06", "cumulative_gap"].tolist() == [-20, -40, -55, -50]
    var_june = (20 + 10 + 45 + 55) + (40 + 30 + 60 + 50)
    assert monthly.loc["2020-06", "cumulative_gap_upper"] == pytest.approx(-50 + Z * math.sqrt(var_june))


def test_docstring_examples_run():
    assert doctest.testmod(metrics.backlog).failed == 0
