"""metrics.pipeline: every statistic of a small indicator frame against hand calculations and against the
single-series reference functions (rate_ci, recent_trend, xmr, dsr), which are themselves tested against
published values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metrics.dsr import dsr
from metrics.periods import complete_periods
from metrics.pipeline import indicator_values
from metrics.rates import rate_ci
from metrics.spc import xmr
from metrics.trend import recent_trend
from sources.base import EventFilter, Indicator

RATE = Indicator("x_rate", "Requests", "Independence", EventFilter("s"), "population", "per 1,000 residents",
                 "Requests per 1,000.", "test", "high_is_bad", standardise=True)
SHARE = Indicator("x_share", "Repeat share", "Independence", EventFilter("s", repeat_only=True), "events", "% of all",
                  "Share.", "test", "no_judgement", method="proportion", multiplier=100,
                  denominator_events=EventFilter("s"), demand=False)
BASELINE = ("2019-01", "2019-12")


def frame(counts_by_area: dict[str, list[float]], *, den: dict[str, float], start="2019-01",
          withheld: dict[tuple[str, int], int] | None = None, hidden: set | None = None) -> pd.DataFrame:
    """Monthly rows from `start`, plus every complete quarter and year, for areas with a parent 'D'."""
    months = pd.date_range(start, periods=len(next(iter(counts_by_area.values()))), freq="MS")
    periods = complete_periods(months)
    rows = []
    for area, counts in counts_by_area.items():
        by_month = dict(zip(months, counts, strict=True))
        for p in periods:
            n = sum(by_month[m] for m in p.months)
            w = sum((withheld or {}).get((area, i), 0) for i, m in enumerate(months) if m in p.months)
            rows.append({"area_code": area, "band": "All", "period": p.code, "period_type": p.kind,
                         "period_index": p.index, "period_start": p.start, "months": p.months, "count": float(n),
                         "withheld": w, "hidden": (area, p.code) in (hidden or set()), "denominator": den[area],
                         "parent_code": None if area == "D" else "D"})
    return pd.DataFrame(rows)


def test_rate_and_interval_are_byars_on_the_count():
    out = indicator_values(RATE, frame({"a": [65] * 12, "D": [130] * 12}, den={"a": 1000, "D": 2000}),
                           baseline=BASELINE)
    row = out[(out.area_code == "a") & (out.period == "2019-03")].iloc[0]
    assert [row.value, row.lower_ci, row.upper_ci] == pytest.approx([65.0, 50.163188, 82.849139], abs=1e-6)
    ref = rate_ci(65, 1000, confidence=0.998)
    assert [row.lower_ci_99_8, row.upper_ci_99_8] == pytest.approx(ref.loc[0, ["lower_ci", "upper_ci"]].tolist())
    year = out[(out.area_code == "a") & (out.period == "2019")].iloc[0]
    assert year.value == pytest.approx(65 * 12 / 1000 * 1000)


def test_withheld_counts_widen_the_interval_and_never_blank_the_total():
    rows = frame({"a": [20] * 12, "D": [40] * 12}, den={"a": 1000, "D": 2000}, withheld={("D", 2): 1})
    out = indicator_values(RATE, rows, baseline=BASELINE)
    row = out[(out.area_code == "D") & (out.period == "2019-03")].iloc[0]
    assert row.value == pytest.approx((40 + 4) / 2000 * 1000)  # the middle of 1-7
    assert row.lower_ci == pytest.approx(rate_ci(41, 2000).loc[0, "lower_ci"])
    assert row.upper_ci == pytest.approx(rate_ci(47, 2000).loc[0, "upper_ci"])
    assert "withheld" in row.method and not row.hidden


def test_a_hidden_count_hides_every_statistic_of_its_row():
    rows = frame({"a": [5] * 12, "D": [40] * 12}, den={"a": 1000, "D": 2000}, hidden={("a", "2019-05")})
    rows.loc[rows["hidden"], "count"] = np.nan
    out = indicator_values(RATE, rows, baseline=BASELINE)
    row = out[(out.area_code == "a") & (out.period == "2019-05")].iloc[0]
    assert np.isnan([row.value, row.lower_ci, row.upper_ci, row.change_ratio]).all()
    assert row.method == "suppressed: small number" and row.comparison == "not compared"


def test_comparison_is_the_comparators_value_against_the_interval_by_polarity():
    rows = frame({"hi": [80] * 12, "lo": [5] * 12, "mid": [30] * 12, "D": [115] * 12},
                 den={"hi": 1000, "lo": 1000, "mid": 1000, "D": 3000})
    out = indicator_values(RATE, rows, baseline=BASELINE).set_index(["area_code", "period"])
    # D: 115 per 3,000 = 38.3 per 1,000 a month
    assert out.loc[("hi", "2019-03"), "comparison"] == "worse"  # high is bad
    assert out.loc[("lo", "2019-03"), "comparison"] == "better"
    assert out.loc[("mid", "2019-03"), "comparison"] == "similar"  # 30 (19.9-42.8) includes 38.3
    assert out.loc[("mid", "2019-Q1"), "comparison"] == "better"  # 90 (72.4-110.6) excludes 115
    assert out.loc[("D", "2019-03"), "comparison"] == "not compared"


def test_trend_matches_recent_trend_over_the_latest_five_periods():
    counts = [30, 32, 35, 40, 44, 50, 55, 60, 80, 100, 120, 140]
    out = indicator_values(RATE, frame({"a": counts, "D": [c * 2 for c in counts]}, den={"a": 1000, "D": 2000}),
                           baseline=BASELINE)
    monthly = out[(out.area_code == "a") & (out.period_type == "month")].sort_values("period_start")
    for i in range(len(monthly)):
        window = monthly.iloc[max(0, i - 4):i + 1]
        expected = recent_trend(window["value"], window["lower_ci"], window["upper_ci"], polarity="high_is_bad")
        assert monthly.iloc[i]["trend"] == (expected["label"] if len(window) == 5 else "cannot be calculated")
    assert monthly.iloc[-1]["trend"] == "increasing and getting worse"


def test_expectation_is_the_same_calendar_month_of_the_baseline_summed_over_a_quarter():
    base = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]
    later = [15, 20, 45, 40, 50, 60, 70, 80, 90, 100, 110, 120]
    out = indicator_values(RATE, frame({"a": base + later, "D": base + later}, den={"a": 1000, "D": 1000}),
                           baseline=BASELINE).set_index(["area_code", "period"])
    assert out.loc[("a", "2020-03"), "expected_count"] == 30
    assert out.loc[("a", "2020-Q1"), "expected_count"] == 10 + 20 + 30
    assert out.loc[("a", "2020-03"), "expected"] == pytest.approx(30.0)  # per 1,000 of 1,000
    ratio = out.loc[("a", "2020-03")]
    assert ratio["change_ratio"] == pytest.approx(45 / 30)
    assert ratio["change_lower_ci"] == pytest.approx(rate_ci(45, 30, per=1).loc[0, "lower_ci"])


def test_spc_matches_xmr_with_limits_from_the_baseline_year():
    values = [50, 52, 49, 51, 50, 53, 48, 50, 52, 51, 49, 50, 70, 71, 75, 50, 52, 49]
    out = indicator_values(RATE, frame({"D": values}, den={"D": 1000}), baseline=BASELINE)
    monthly = out[out.period_type == "month"].sort_values("period_start")
    chart = xmr(monthly["value"].to_numpy(), baseline_points=12)
    assert monthly["spc_upper"].tolist() == pytest.approx(chart["upper_limit"].tolist())
    assert monthly["special_cause"].tolist() == chart["special_cause"].tolist()
    assert monthly["special_cause"].iloc[12] and monthly["spc_direction"].iloc[12] == "high"


def test_share_uses_wilson_and_has_no_expectation():
    rows = frame({"a": [13] * 12, "D": [26] * 12}, den={"a": 100, "D": 200})
    out = indicator_values(SHARE, rows, baseline=BASELINE)
    row = out[(out.area_code == "a") & (out.period == "2019-01")].iloc[0]
    assert row.value == pytest.approx(13.0) and row.method == "Wilson"
    assert np.isnan(row.expected_count)


def test_standardised_rate_from_band_rows_matches_dsr_with_unknown_age_shared_pro_rata():
    weights = {"young": 60_000.0, "old": 40_000.0}
    rows = []
    for band, count, pop in (("young", 30, 3000), ("old", 60, 1000), ("All", 100, 4000)):  # 10 of unknown age
        rows.append({"area_code": "a", "band": band, "period": "2021-01", "period_type": "month", "period_index": 0,
                     "period_start": pd.Timestamp("2021-01-01"), "count": float(count), "withheld": 0, "hidden": False,
                     "denominator": float(pop), "parent_code": None})
    out = indicator_values(RATE, pd.DataFrame(rows), baseline=BASELINE, esp_weights=weights)
    total = out[out.band == "All"].iloc[0]
    expected = dsr(np.array([30, 60]) * 100 / 90, [3000, 1000], [60_000, 40_000], per=1000)
    assert total.dsr == pytest.approx(expected.loc[0, "value"])
    assert [total.dsr_lower_ci, total.dsr_upper_ci] == pytest.approx(expected.loc[0, ["lower_ci", "upper_ci"]].tolist())
    assert np.isnan(out[out.band == "old"].iloc[0].dsr)
