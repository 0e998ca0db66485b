"""Small hand-made frames with exactly the columns metrics.compute and metrics.series produce."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

UNIT = "per 1,000 residents"
NA = pd.NA

# name, code, value, lower, upper, count, comparison, trend, suppressed
WARDS = [
    ("Chorley East", "E05000001", 14.2, 11.0, 18.1, 52, "worse", "increasing and getting worse", False),
    ("Adlington & Anderton", "E05000002", 3.0, 2.0, 4.5, 12, "better", "no significant change", False),
    ("Euxton", "E05000003", 8.0, 6.0, 10.0, 30, "similar", "no significant change", False),
    ("Clayton West", "E05000004", np.nan, np.nan, np.nan, NA, "not compared", "cannot be calculated", True),
    ("Coppull", "E05000005", 10.5, 9.0, 12.4, 40, "worse", "no significant change", False),
]


def compute_rows(wards=WARDS, *, borough=(8.1, 7.8, 8.4, 700)) -> pd.DataFrame:
    rows = []
    for name, code, value, low, high, count, comparison, trend, suppressed in wards:
        rows.append((code, name, "ward", value, low, high, count, comparison, trend, suppressed))
    rows.append(("not-known", "Ward not known", "not known", 5.0, 3.0, 8.0, 9, "not compared", "not compared", False))
    value, low, high, count = borough
    rows.append(("E07000118", "Chorley", "borough", value, low, high, count, "not compared", "no significant change",
                 False))
    frame = pd.DataFrame(rows, columns=["area_code", "area_name", "area_type", "value", "lower_ci", "upper_ci",
                                        "count", "comparison", "trend", "suppressed"])
    frame.insert(0, "indicator_id", "hub_food")
    frame.insert(4, "period", "2021-01..2021-03")
    frame.insert(5, "period_label", "Jan-Mar 2021")
    frame["count"] = frame["count"].astype("Int64")
    frame.insert(7, "denominator", 5000.0)
    frame["lower_ci_99_8"] = frame["lower_ci"] - 1
    frame["upper_ci_99_8"] = frame["upper_ci"] + 1
    frame["confidence"] = 0.95
    frame["method"] = np.where(frame["suppressed"], "suppressed: small number", "Byar")
    frame["comparison_99_8"] = frame["comparison"]
    frame["suppression"] = np.where(frame["suppressed"], "primary", "")
    return frame[["indicator_id", "area_code", "area_name", "area_type", "period", "period_label", "count",
                  "denominator", "value", "lower_ci", "upper_ci", "lower_ci_99_8", "upper_ci_99_8", "confidence",
                  "method", "comparison", "comparison_99_8", "trend", "suppressed", "suppression"]]


@pytest.fixture
def compute_frame() -> pd.DataFrame:
    """Five wards (two worse, one better, one similar, one suppressed), ward not known, the borough."""
    return compute_rows()


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
    """Borough (with SPC and baseline columns) and one ward; the ward's fourth period is suppressed."""
    dates = pd.date_range(start, periods=periods, freq=freq)
    value = 8 + np.sin(np.arange(periods))
    borough = pd.DataFrame({
        "period": dates, "area_code": "E07000118", "area_name": "Chorley", "area_type": "borough",
        "count": pd.array(np.round(value * 100).astype(int), dtype="Int64"), "denominator": 100_000.0,
        "value": value, "lower_ci": value - 0.5, "upper_ci": value + 0.5, "suppressed": False,
        "mean": 8.0, "upper_limit": 10.5, "lower_limit": 5.5, "special_cause": False, "direction": None,
        "expected": np.where(dates.year == 2019, value, 7.5), "expected_lower": 7.0, "expected_upper": 8.0})
    borough.loc[[20, 25], "special_cause"] = True
    borough.loc[20, "direction"], borough.loc[25, "direction"] = "high", "low"
    ward = borough[["period", "count", "denominator", "value", "lower_ci", "upper_ci", "suppressed"]].copy()
    ward = ward.assign(area_code="E05000001", area_name="Chorley East", area_type="ward")
    ward.loc[3, ["value", "lower_ci", "upper_ci"]] = np.nan
    ward.loc[3, "suppressed"] = True
    ward["count"] = ward["count"].mask(ward["suppressed"])
    return pd.concat([borough, ward], ignore_index=True)


@pytest.fixture
def series_frame() -> pd.DataFrame:
    return series_rows()


@pytest.fixture
def make_series():
    """The series builder, for other frequencies and lengths."""
    return series_rows
