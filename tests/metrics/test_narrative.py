"""metrics.narrative: exact sentences for the main cases; no suppressed value and no unsupported claim."""

import numpy as np
import pandas as pd
import pytest

from metrics.narrative import (
    consecutive_run,
    describe_ward,
    format_value,
    summarise_comparison,
    summarise_headlines,
    summarise_inequality,
    summarise_trend,
    summarise_ward_profile,
)

TITLE, UNIT = "Food parcel requests", "per 1,000 residents"
SUPPRESSED_TRUE_VALUE = 23.7  # what a suppressed ward's rate would have been: must never be quoted


def compute(rows, *, borough=8.1, borough_trend="no significant change") -> pd.DataFrame:
    """A compute-like frame: (name, value, comparison, suppressed) per ward, then the borough."""
    frame = pd.DataFrame(
        [(f"E0500000{i}", name, "ward", v, c, s, "no significant change") for i, (name, v, c, s) in enumerate(rows)]
        + [("not-known", "Ward not known", "not known", 30.0, "not compared", False, "not compared"),
           ("E07000118", "Chorley", "borough", borough, "not compared", False, borough_trend)],
        columns=["area_code", "area_name", "area_type", "value", "comparison", "suppressed", "trend"])
    frame["period_label"] = "Jan-Mar 2021"
    frame["reference"] = frame["area_type"] == "borough"
    frame["area_type"] = frame["area_type"].replace({"borough": "district", "not known": "not-known"})
    frame["count"] = pd.array([pd.NA if s else 10 for s in frame["suppressed"]], dtype="Int64")
    # the engine masks a suppressed value; keep the true one here to prove the text never reads it
    return frame


MIXED = [("Chorley East", 14.2, "worse", False), ("Coppull", 10.5, "worse", False),
         ("Adlington & Anderton", 3.0, "better", False), ("Euxton", 8.0, "similar", False),
         ("Clayton West", SUPPRESSED_TRUE_VALUE, "not compared", True)]


@pytest.mark.parametrize(("value", "unit", "expected"), [
    (14.2, "per 1,000 residents aged 16-64", "14.2 per 1,000 residents aged 16-64"),
    (1234.56, "per 1,000 patients", "1,234.6 per 1,000 patients"),
    (12.5, "% of all", "12.5% of all"),
])
def test_format_value(value, unit, expected):
    assert format_value(value, unit) == expected


def test_comparison_higher_and_lower():
    assert summarise_comparison(compute(MIXED), title=TITLE, unit=UNIT, borough_name="Chorley") == (
        "Food parcel requests in Jan-Mar 2021: 2 of 5 wards were significantly higher than Chorley "
        "(8.1 per 1,000 residents), highest Chorley East at 14.2; 1 was significantly lower; "
        "1 was suppressed (small numbers): Clayton West.")


def test_comparison_never_quotes_a_suppressed_value_even_when_it_is_the_largest():
    text = summarise_comparison(compute(MIXED), title=TITLE, unit=UNIT, borough_name="Chorley")
    assert "23.7" not in text  # the ward is named as suppressed, never with its value
    assert text.endswith("1 was suppressed (small numbers): Clayton West.")


def test_comparison_names_at_most_five_suppressed_wards():
    rows = [(f"Ward {i}", 2.0, "not compared", True) for i in range(7)] + [("Euxton", 7.0, "similar", False)]
    text = summarise_comparison(compute(rows), title=TITLE, unit=UNIT, borough_name="Chorley")
    assert text.endswith("7 were suppressed (small numbers): Ward 0, Ward 1, Ward 2, Ward 3, Ward 4 and 2 more.")


def test_comparison_only_lower():
    rows = [("Euxton", 3.0, "better", False), ("Coppull", 4.0, "better", False), ("Chorley East", 8.0, "similar", False)]
    assert summarise_comparison(compute(rows), title=TITLE, unit=UNIT, borough_name="Chorley") == (
        "Food parcel requests in Jan-Mar 2021: 2 of 3 wards were significantly lower than Chorley "
        "(8.1 per 1,000 residents), lowest Euxton at 3.0.")


def test_comparison_all_similar_never_says_significantly():
    rows = [("Euxton", 7.0, "similar", False), ("Coppull", 9.0, "similar", False)]
    text = summarise_comparison(compute(rows), title=TITLE, unit=UNIT, borough_name="Chorley")
    assert text == "Food parcel requests in Jan-Mar 2021: all 2 wards were similar to Chorley (8.1 per 1,000 residents)."
    assert "significantly" not in text


def test_comparison_similar_with_a_suppressed_ward():
    rows = [("Euxton", 7.0, "similar", False), ("Coppull", SUPPRESSED_TRUE_VALUE, "not compared", True)]
    text = summarise_comparison(compute(rows), title=TITLE, unit=UNIT, borough_name="Chorley")
    assert text == ("Food parcel requests in Jan-Mar 2021: 1 of 2 wards were similar to Chorley "
                    "(8.1 per 1,000 residents); 1 was suppressed (small numbers): Coppull.")
    assert "significantly" not in text and "23.7" not in text


def test_comparison_all_suppressed():
    rows = [("Euxton", 1.0, "not compared", True), ("Coppull", 2.0, "not compared", True)]
    assert summarise_comparison(compute(rows), title=TITLE, unit=UNIT, borough_name="Chorley") == (
        "Food parcel requests in Jan-Mar 2021: every ward's figure is suppressed (small numbers); "
        "Chorley overall: 8.1 per 1,000 residents.")


def test_comparison_no_data():
    assert summarise_comparison(compute([]), title=TITLE, unit=UNIT, borough_name="Chorley") == (
        "Food parcel requests: no data for this period.")
    assert summarise_comparison(pd.DataFrame(), title=TITLE, unit=UNIT, borough_name="Chorley") == (
        "Food parcel requests: no data for this period.")


def test_comparison_describes_only_a_significant_borough_trend():
    rising = compute(MIXED, borough_trend="increasing and getting worse")
    assert summarise_comparison(rising, title=TITLE, unit=UNIT, borough_name="Chorley").endswith(
        "; 1 was suppressed (small numbers): Clayton West; Chorley overall is increasing and getting worse.")
    for label in ("no significant change", "cannot be calculated"):
        text = summarise_comparison(compute(MIXED, borough_trend=label), title=TITLE, unit=UNIT, borough_name="Chorley")
        assert label not in text


def series(*, latest=10.0, expected=7.5, low=7.0, high=8.0, special=(), periods=12) -> pd.DataFrame:
    dates = pd.date_range("2020-04-01", periods=periods, freq="MS")
    values = np.full(periods, 8.0)
    values[-1] = latest
    frame = pd.DataFrame({"period_start": dates, "reference": True, "area_name": "Chorley", "value": values,
                          "suppressed": False, "special_cause": False, "spc_direction": None,
                          "expected": expected, "expected_lower": low, "expected_upper": high})
    for i, direction in special:
        frame.loc[i, ["special_cause", "spc_direction"]] = [True, direction]
    ward = frame[["period_start", "value"]].assign(reference=False, area_name="Chorley East", value=99.0,
                                                   suppressed=False)
    return pd.concat([frame, ward], ignore_index=True)


def test_trend_above_expected_range_with_special_causes():
    text = summarise_trend(series(special=[(9, "high"), (11, "high")]), title=TITLE, unit=UNIT, borough_name="Chorley")
    assert text == ("Food parcel requests in Chorley, March 2021: 10.0 per 1,000 residents, 33% above the "
                    "pre-pandemic level for March (above the expected range); 2 of the latest 6 months showed "
                    "special-cause variation (unusually high).")


def test_trend_above_expected_but_within_range_and_no_special_cause():
    text = summarise_trend(series(latest=8.0, expected=7.5, low=6.0, high=9.5), title=TITLE, unit=UNIT,
                           borough_name="Chorley")
    assert text == ("Food parcel requests in Chorley, March 2021: 8.0 per 1,000 residents, 7% above the "
                    "pre-pandemic level for March (within the expected range); none of the latest 6 months "
                    "showed special-cause variation.")


def test_trend_without_baseline_or_spc():
    frame = series(expected=np.nan, low=np.nan, high=np.nan).drop(columns=["special_cause", "spc_direction"])
    assert summarise_trend(frame, title=TITLE, unit=UNIT, borough_name="Chorley") == (
        "Food parcel requests in Chorley, March 2021: 10.0 per 1,000 residents.")


def test_trend_skips_a_suppressed_latest_period():
    frame = series()
    frame.loc[11, ["value", "suppressed"]] = [SUPPRESSED_TRUE_VALUE, True]
    text = summarise_trend(frame, title=TITLE, unit=UNIT, borough_name="Chorley")
    assert text.startswith("Food parcel requests in Chorley, February 2021: 8.0 per 1,000 residents")
    assert "23.7" not in text


def test_trend_empty():
    assert summarise_trend(series().iloc[0:0], title=TITLE, unit=UNIT, borough_name="Chorley") == (
        "Food parcel requests: no data to show for Chorley.")


@pytest.mark.parametrize(("comparisons", "expected"), [
    (["worse", "worse", "better", "higher", "similar", "not compared"],
     "Chorley East was significantly worse than Chorley on 2 of 6 indicators, better on 1 and higher on 1."),
    (["better", "similar"], "Chorley East was significantly better than Chorley on 1 of 2 indicators."),
    (["similar", "similar"], "Chorley East was similar to Chorley on all 2 indicators."),
    (["similar", "not compared"], "Chorley East was similar to Chorley on 1 of 2 indicators; the other 1 were "
                                  "not compared (suppressed or no interval)."),
    ([], "No indicators to compare for Chorley East."),
])
def test_ward_profile(comparisons, expected):
    rows = pd.DataFrame({"comparison": pd.Series(comparisons, dtype=object)})
    assert summarise_ward_profile(rows, ward_name="Chorley East", borough_name="Chorley") == expected












@pytest.mark.parametrize(("row", "unit", "expected"), [
    ({"value": 9.3, "lower_ci": 6.1, "upper_ci": 12.5, "confidence": 0.95}, UNIT,
     "Food parcel requests: rates were 9.3 per 1,000 higher in the most deprived areas than in the least deprived "
     "(slope index of inequality, 95% CI 6.1 to 12.5)."),
    ({"value": -4.0, "lower_ci": -6.0, "upper_ci": -2.0}, UNIT,
     "Food parcel requests: rates were 4.0 per 1,000 lower in the most deprived areas than in the least deprived "
     "(slope index of inequality, 95% CI -6.0 to -2.0)."),
    ({"value": 1.2, "lower_ci": -0.5, "upper_ci": 2.9}, "% of all",
     "Food parcel requests: no clear gradient with deprivation (slope index of inequality 1.2 percentage points, "
     "95% CI -0.5 to 2.9)."),
    ({"value": np.nan, "lower_ci": np.nan, "upper_ci": np.nan}, UNIT,
     "Food parcel requests: the slope index of inequality could not be calculated."),
])
def test_inequality(row, unit, expected):
    assert summarise_inequality(pd.Series(row), title=TITLE, unit=unit) == expected


def headlines(direction, change, count=None) -> pd.DataFrame:
    titles = ["Community hub requests", "Citizens Advice issues", "GP practice appointments",
              "Crime and anti-social behaviour", "Mental health referrals"][: len(direction)]
    return pd.DataFrame({"title": titles, "latest_month": pd.Timestamp("2021-03-01"),
                         "count": count or [100.0] * len(direction), "change_pct": change, "direction": direction})


def test_headlines_higher_lower_similar_no_baseline_suppressed():
    frame = headlines(["worse", "better", "worse", "similar", "no baseline"], [45.2, -12.0, np.nan, 3.0, np.nan],
                      count=[450.0, 120.0, np.nan, 800.0, 60.0])
    assert summarise_headlines(frame) == (
        "Against the same month before the pandemic, demand was significantly higher for Community hub requests "
        "(+45%, Mar 2021), significantly lower for Citizens Advice issues (-12%, Mar 2021) and similar for "
        "1 service; 1 has no pre-pandemic baseline; 1 is suppressed (small numbers).")


def test_headlines_all_similar_and_empty():
    text = summarise_headlines(headlines(["similar", "similar"], [3.0, -2.0]))
    assert text == "Against the same month before the pandemic, demand was similar for all 2 services."
    assert "significantly" not in text
    assert summarise_headlines(headlines([], [])) == "No partner data has been loaded yet."


def test_trend_mixed_special_causes_are_counted_by_direction():
    text = summarise_trend(series(special=[(8, "low"), (11, "high")]), title=TITLE, unit=UNIT, borough_name="Chorley")
    assert text.endswith("; 2 of the latest 6 months showed special-cause variation (1 unusually high and 1 unusually low).")


@pytest.mark.parametrize(("values", "expected"), [
    ([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 5),
    ([6.0, 5.0, 4.0, 3.0], -3),
    ([1.0, 3.0, 2.0, 4.0], 1),
    ([1.0, 2.0, 2.0, 3.0], 1),  # a level month ends a run
    ([1.0, 2.0, np.nan, 3.0, 4.0], 1),  # a suppressed month breaks it
    ([1.0, 2.0, 3.0, np.nan], 0),  # nothing is said when the latest month is hidden
    ([5.0], 0),
])
def test_consecutive_run(values, expected):
    assert consecutive_run(values) == expected


WARD = {"area_name": "Chorley East", "period_label": "Mar 2021", "value": 14.2, "suppressed": False}


@pytest.mark.parametrize(("row", "kwargs", "expected"), [
    ({"comparison": "worse", "trend": "increasing and getting worse"}, {"borough_value": 8.1, "run": 5},
     "Food parcel requests in Chorley East: 14.2 per 1,000 residents in Mar 2021, significantly higher than "
     "Chorley's 8.1, rising for 5 months in a row; recent trend: increasing and getting worse."),
    ({"comparison": "similar", "trend": "no significant change"}, {"borough_value": 12.0, "run": 2},
     "Food parcel requests in Chorley East: 14.2 per 1,000 residents in Mar 2021, similar to Chorley's 12.0."),
    ({"comparison": "not compared", "trend": "cannot be calculated"}, {"borough_value": 8.1, "run": -4},
     "Food parcel requests in Chorley East: 14.2 per 1,000 residents in Mar 2021 (Chorley: 8.1; not compared), "
     "falling for 4 months in a row."),
    ({"comparison": "worse", "trend": "decreasing and getting better", "period_label": "Oct-Dec 2021"}, {},
     "Food parcel requests in Chorley East: 14.2 per 1,000 residents over Oct-Dec 2021, significantly worse than "
     "Chorley; recent trend: decreasing and getting better."),
    ({"comparison": "not compared", "trend": "increasing and getting worse", "suppressed": True,
      "value": SUPPRESSED_TRUE_VALUE}, {"borough_value": 8.1, "run": 6},
     "Food parcel requests in Chorley East in Mar 2021: suppressed (small numbers)."),
])
def test_describe_ward_says_only_what_the_statistics_support(row, kwargs, expected):
    text = describe_ward(WARD | row, title=TITLE, unit=UNIT, borough_name="Chorley", **kwargs)
    assert text == expected


def test_comparison_across_two_districts_uses_each_wards_own_district():
    """A ward significantly above its own district (12 against Chorley's 10) is 'higher' even though the partnership
    overall is 13; the districts are comparators, not counted among the wards; no single value is quoted."""
    when = {"period_label": "Jan-Mar 2021", "band": "All", "trend": "no significant change", "suppressed": False,
            "count": 100}
    rows = [{"area_code": "p", "area_name": "Chorley and South Ribble", "area_type": "partnership", "parent_code": None,
             "value": 13.0, "comparison": "not compared", "reference": True},
            {"area_code": "d1", "area_name": "Chorley", "area_type": "district", "parent_code": "p", "value": 10.0,
             "comparison": "better", "reference": False},
            {"area_code": "d2", "area_name": "South Ribble", "area_type": "district", "parent_code": "p",
             "value": 16.0, "comparison": "worse", "reference": False},
            {"area_code": "w1", "area_name": "Astley", "area_type": "ward", "parent_code": "d1", "value": 12.0,
             "comparison": "worse", "reference": False},
            {"area_code": "w2", "area_name": "Leyland", "area_type": "ward", "parent_code": "d2", "value": 14.0,
             "comparison": "better", "reference": False}]
    frame = pd.DataFrame([{**when, **r} for r in rows])
    assert summarise_comparison(frame, title=TITLE, unit=UNIT, borough_name="its district") == (
        f"{TITLE} in Jan-Mar 2021: 1 of 2 wards was significantly higher than its district, highest Astley at "
        "12.0; 1 was significantly lower.")
    frame.loc[frame["area_code"] == "p", "trend"] = "increasing and getting worse"
    assert summarise_comparison(frame, title=TITLE, unit=UNIT, borough_name="its district").endswith(
        "; Chorley and South Ribble overall is increasing and getting worse.")  # the reference's trend, named


@pytest.mark.parametrize(("low", "high", "like", "expected"), [
    (-0.5, 2.9, 1.2, "-0.5 to 2.9"),  # the estimate's precision, not each end's own
    (0.12, 0.81, 0.44, "0.12 to 0.81"),
    (0.5, 1234.56, None, "0.50 to 1,234.56"),  # no estimate: the finer end's
])
def test_an_interval_is_written_at_one_precision(low, high, like, expected):
    from metrics.narrative import format_interval

    assert format_interval(low, high, like=like) == expected
