"""metrics.fingertips on the shipped FingertipsNext extract (sample_data/public): each district's latest published
value against England and Lancashire, checked against the raw file read independently with the csv module and
Fingertips' interval rule written out by hand."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from data_loaders import fingertips
from data_loaders.context import LoadContext
from metrics.fingertips import health_context, protect

EXTRACT = (Path(__file__).resolve().parents[2] / "sample_data" / "public" / "fingertips"
           / "fingertipsnext_poc_extract_chorley_southribble_lancs_england.csv")
CHORLEY, SOUTH_RIBBLE, LANCASHIRE, ENGLAND = "E07000118", "E07000126", "E10000017", "E92000001"
JUDGED = {"Low is good": ("better", "worse"), "High is good": ("worse", "better"),  # (below England, above)
          "No judgement": ("lower", "higher")}


@pytest.fixture(scope="module")
def context_rows():
    frame = fingertips.parse(EXTRACT, context=LoadContext(wards={}, today="2025-12-31")).frame
    return health_context(frame, districts=[CHORLEY, SOUTH_RIBBLE], county=LANCASHIRE)


@pytest.fixture(scope="module")
def raw():
    with EXTRACT.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def latest(raw, indicator: str, area: str, sex: str, age: str) -> dict:
    rows = [r for r in raw if r["Indicator ID"] == indicator and r["Area Code"] == area and r["Sex"] == sex
            and r["Age"] == age and not r["Category"] and r["Value"]]
    return max(rows, key=lambda r: int(r["Time period (year)"]))


def test_every_named_indicator_has_a_row_per_district_and_the_unnamed_one_says_so(context_rows, raw):
    published = {(r["Indicator ID"], r["Area Code"]) for r in raw if r["Value"] and r["Area Code"] in
                 (CHORLEY, SOUTH_RIBBLE)}
    assert {(str(i), a) for i, a in zip(context_rows["indicator_id"], context_rows["area_code"], strict=True)} \
        == published
    unnamed = context_rows.loc[context_rows["indicator_id"] == 92026, "indicator_name"]
    assert len(unnamed) and unnamed.str.startswith("Fingertips indicator 92026 (no name in the file; persons, 4-5 yrs)").all()


def test_values_comparisons_and_trend_match_the_raw_file_and_the_interval_rule(context_rows, raw):
    checked = 0
    for row in context_rows.to_dict("records"):
        me = latest(raw, str(row["indicator_id"]), row["area_code"], row["sex"], row["age"])
        assert row["time_period"] == me["Time period (year)"]
        assert row["value"] == pytest.approx(float(me["Value"]))
        england = [r for r in raw if r["Indicator ID"] == me["Indicator ID"] and r["Area Code"] == ENGLAND
                   and r["Sex"] == me["Sex"] and r["Age"] == me["Age"] and not r["Category"]
                   and r["Time period (year)"] == me["Time period (year)"] and r["Value"]]
        if not england or not me["Lower CI 95.0 limit"] or me["Value type"] in ("Count", "Score"):
            assert row["compared_to_england"] == "not compared"
            continue
        benchmark = float(england[0]["Value"])
        low, high = float(me["Lower CI 95.0 limit"]), float(me["Upper CI 95.0 limit"])
        below, above = JUDGED.get(me["Polarity"] or "No judgement", ("lower", "higher"))
        expected = below if high < benchmark else above if low > benchmark else "similar"
        assert row["compared_to_england"] == expected, row["indicator_name"]
        trend = [r["Recent Trend"] for r in raw if r["Indicator ID"] == me["Indicator ID"]
                 and r["Area Code"] == row["area_code"] and r["Sex"] == me["Sex"] and r["Age"] == me["Age"]
                 and not r["Category"] and r["Recent Trend"]]
        assert row["recent_trend"] == (trend[-1] if trend else "not published")
        checked += 1
    assert checked >= 20  # most of the 22 indicators x 2 districts have an interval to judge


def test_diabetes_in_chorley_is_lower_than_england_and_lancashire_by_the_published_intervals(context_rows):
    row = context_rows[(context_rows["indicator_id"] == 241) & (context_rows["area_code"] == CHORLEY)].iloc[0]
    # 2023: Chorley 7.11% (95% CI 6.95 to 7.27) against England 7.66% and Lancashire 7.76%: no judgement
    assert (row["time_period"], row["polarity"]) == ("2023", "no_judgement")
    assert row["upper_ci"] < row["england_value"] and row["upper_ci"] < row["county_value"]
    assert (row["compared_to_england"], row["compared_to_county"]) == ("lower", "lower")


def test_viewers_never_get_a_value_resting_on_a_count_of_one_to_seven(context_rows):
    rows = context_rows.assign(count=[3.0] + [float(c) for c in context_rows["count"].iloc[1:]])
    viewer = protect(rows, role="viewer", threshold=7, rounding=5)
    assert viewer["suppressed"].iloc[0] and viewer[["value", "lower_ci", "upper_ci", "count"]].iloc[0].isna().all()
    assert viewer["compared_to_england"].iloc[0] == "not compared"
    counted = viewer["count"].dropna()
    assert (counted % 5 == 0).all()
    analyst = protect(rows, role="analyst", threshold=7, rounding=5)
    assert analyst["value"].iloc[0] == rows["value"].iloc[0] and not analyst["suppressed"].any()
