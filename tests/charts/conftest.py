"""Small hand-made frames with exactly the columns the views hand the charts.

An indicator frame is what `views._shared.frame` (values.read, then `mark`) returns: every column of the
materialised `indicator_values` table, plus `reference` (the area everything is compared with) and
`parent_name`. The map, the trend lines and the hub heatmap draw such frames.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from warehouse.tables import COLUMNS

UNIT = "per 1,000 residents"
NA = pd.NA
VALUE_COLUMNS = [c for c, _ in COLUMNS["indicator_values"]]
VIEW_COLUMNS = [*VALUE_COLUMNS, "reference", "parent_name"]  # what views._shared.mark hands a chart
DISTRICT = ("E07000118", "Chorley")

# name, code, value, lower, upper, count, comparison, trend, suppressed
WARDS = [
    ("Chorley East", "E05000001", 14.2, 11.0, 18.1, 52, "worse", "increasing and getting worse", False),
    ("Adlington & Anderton", "E05000002", 3.0, 2.0, 4.5, 12, "better", "no significant change", False),
    ("Euxton", "E05000003", 8.0, 6.0, 10.0, 30, "similar", "no significant change", False),
    ("Clayton West", "E05000004", np.nan, np.nan, np.nan, NA, "not compared", "cannot be calculated", True),
    ("Coppull", "E05000005", 10.5, 9.0, 12.4, 40, "worse", "no significant change", False),
]


def view_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows given by their interesting columns, completed to the columns (and types) a view hands a chart.
    A suppressed row carries what the pipeline gives a viewer: no count, no value, 'not compared'."""
    frame = pd.DataFrame(rows)
    defaults = {"indicator_id": "hub_food_parcels", "role": "viewer", "band": "All", "withheld": 0,
                "special_cause": False, "suppressed": False, "viewer_suppressed": False,
                "comparison": "not compared", "comparison_99_8": "not compared", "trend": "cannot be calculated"}
    for column, value in defaults.items():
        if column not in frame:
            frame[column] = value
    hidden = frame["suppressed"].astype(bool)
    frame["method"] = np.where(hidden, "suppressed: small number", "Byar")
    frame["suppression"] = np.where(hidden, "small numbers", None)
    frame["viewer_suppressed"] = frame["viewer_suppressed"].astype(bool) | hidden
    if "lower_ci" in frame:
        frame["lower_ci_99_8"], frame["upper_ci_99_8"] = frame["lower_ci"] - 1, frame["upper_ci"] + 1
    frame = frame.reindex(columns=VIEW_COLUMNS)
    types = dict(COLUMNS["indicator_values"])
    for column in VALUE_COLUMNS:
        kind = types[column]
        if kind == "BIGINT":
            frame[column] = frame[column].astype("Float64").astype("Int64")
        elif kind == "DOUBLE":
            frame[column] = frame[column].astype(float)
        elif kind == "BOOLEAN":
            frame[column] = frame[column].fillna(False).astype(bool)
        elif kind == "DATE":
            frame[column] = pd.to_datetime(frame[column])
    frame["reference"] = frame["reference"].astype(bool)
    return frame


def indicator_rows(wards=WARDS, *, district=(8.1, 7.8, 8.4, 700), period="2021-Q1") -> pd.DataFrame:
    """One quarter of an indicator for five wards and their district (the reference), as the ward map reads
    it (area types ward, district, partnership; the view sets every band to 'All')."""
    quarter = pd.Period(period, freq="Q")
    when = {"period": period, "period_type": "quarter", "period_start": quarter.start_time,
            "period_end": quarter.end_time.normalize().replace(day=1), "period_label": "Jan-Mar 2021"}
    rows = [{"area_code": code, "area_name": name, "area_type": "ward", "parent_code": DISTRICT[0],
             "parent_name": DISTRICT[1], "reference": False, "denominator": 5000.0, "value": value,
             "lower_ci": low, "upper_ci": high, "count": count, "comparison": comparison,
             "comparison_99_8": comparison, "trend": trend, "suppressed": suppressed, **when}
            for name, code, value, low, high, count, comparison, trend, suppressed in wards]
    value, low, high, count = district
    rows.append({"area_code": DISTRICT[0], "area_name": DISTRICT[1], "area_type": "district", "parent_code": None,
                 "parent_name": None, "value": value, "lower_ci": low, "upper_ci": high, "count": count,
                 "trend": "no significant change", "reference": True, "denominator": 100_000.0, **when})
    return view_frame(rows)


@pytest.fixture
def indicator_frame() -> pd.DataFrame:
    """Five wards (two worse, one better, one similar, one suppressed) and the district they are compared with."""
    return indicator_rows()


def square(x0: float, y0: float, size: float = 0.02) -> list[list[float]]:
    return [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]


@pytest.fixture
def shapes() -> dict:
    """Ward polygons near Chorley: one a MultiPolygon, one with a hole filled by an enclave ward, one with no data."""
    def feature(code, name, geometry):
        return {"type": "Feature", "properties": {"area_code": code, "area_name": name}, "geometry": geometry}

    outer = square(-2.70, 53.60, 0.06)
    hole = square(-2.68, 53.62, 0.02)[::-1]
    return {"type": "FeatureCollection", "features": [
        feature("E05000001", "Chorley East", {"type": "Polygon", "coordinates": [outer, hole]}),
        feature("E05000004", "Clayton West", {"type": "Polygon", "coordinates": [hole[::-1]]}),
        feature("E05000002", "Adlington & Anderton", {"type": "MultiPolygon", "coordinates": [
            [square(-2.62, 53.60)], [square(-2.58, 53.60)]]}),
        feature("E05000003", "Euxton", {"type": "Polygon", "coordinates": [square(-2.62, 53.64)]}),
        feature("E05000005", "Coppull", {"type": "Polygon", "coordinates": [square(-2.62, 53.68)]}),
        feature("E05000009", "Wheelton", {"type": "Polygon", "coordinates": [square(-2.56, 53.68)]}),
    ]}


@pytest.fixture
def outline() -> dict:
    return {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "area_code": "E07000118", "area_name": "Chorley"},
        "geometry": {"type": "Polygon", "coordinates": [square(-2.70, 53.60, 0.16)]}}]}


def series_rows(*, freq: str = "MS", periods: int = 27, start: str = "2019-01-01") -> pd.DataFrame:
    """What the trends view reads (values.read by period type for the reference and chosen areas, then
    `mark`, sorted by area and period): the district (the reference) with its baseline and SPC columns, and
    one ward, whose fourth period is suppressed. The ward has SPC columns of its own, as in the store: the
    chart must draw the reference's."""
    dates = pd.date_range(start, periods=periods, freq=freq)
    weekly = freq.startswith("W")
    value = 8 + np.sin(np.arange(periods))
    iso = dates.isocalendar()
    when = {"period": [f"{y}-W{w:02d}" for y, w in zip(iso["year"], iso["week"], strict=True)] if weekly
            else list(dates.strftime("%Y-%m")), "period_type": "week" if weekly else "month",
            "period_start": dates, "period_end": dates,
            "period_label": [f"w/c {d.day} {d:%b %Y}" for d in dates] if weekly else list(dates.strftime("%b %Y"))}
    district = pd.DataFrame({
        **when, "area_code": DISTRICT[0], "area_name": DISTRICT[1], "area_type": "district", "reference": True,
        "parent_code": None, "parent_name": None,
        "count": np.round(value * 100).astype(int), "denominator": 100_000.0,
        "value": value, "lower_ci": value - 0.5, "upper_ci": value + 0.5, "suppressed": False,
        "spc_mean": 8.0, "spc_upper": 10.5, "spc_lower": 5.5, "special_cause": False, "spc_direction": None,
        "expected": np.where(dates.year == 2019, value, 7.5), "expected_lower": 7.0, "expected_upper": 8.0})
    district.loc[[20, 25], "special_cause"] = True
    district.loc[20, "spc_direction"], district.loc[25, "spc_direction"] = "high", "low"
    ward = district[[*when, "count", "value", "lower_ci", "upper_ci", "suppressed", "expected", "expected_lower",
                     "expected_upper"]].copy()
    ward = ward.assign(area_code="E05000001", area_name="Chorley East", area_type="ward", reference=False,
                       parent_code=DISTRICT[0], parent_name=DISTRICT[1], denominator=5000.0, value=ward["value"] * 2, lower_ci=ward["lower_ci"] * 2,
                       upper_ci=ward["upper_ci"] * 2, spc_mean=16.0, spc_upper=21.0, spc_lower=11.0,
                       special_cause=False, expected=ward["expected"] * 2, expected_lower=14.0, expected_upper=16.0)
    ward.loc[5, ["special_cause", "spc_direction"]] = [True, "high"]  # a ward's own signal is not drawn
    ward.loc[3, ["value", "lower_ci", "upper_ci", "count"]] = np.nan
    ward.loc[3, "suppressed"] = True
    frame = view_frame(pd.concat([district, ward], ignore_index=True).to_dict("records"))
    if weekly:
        frame[["expected", "expected_lower", "expected_upper"]] = np.nan  # no weekly baseline
    return frame.sort_values(["area_code", "period_start"]).reset_index(drop=True)


@pytest.fixture
def series_frame() -> pd.DataFrame:
    return series_rows()


@pytest.fixture
def make_series():
    """The series builder, for other frequencies and lengths."""
    return series_rows
