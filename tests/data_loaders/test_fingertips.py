"""OHID Fingertips API CSV exports: the real campylobacter export (county & UA, 2015-2017), and bad exports
refused with reasons."""

from __future__ import annotations

import pytest
from real_data import context, real_file

from data_loaders import LoadError, fingertips

REAL = "fingertips/fingertips_93356_campylobacter_countyUA_2015_2017.csv"
HEADER = ("Indicator ID,Indicator Name,Parent Code,Parent Name,Area Code,Area Name,Area Type,Sex,Age,"
          "Category Type,Category,Time period,Value,Lower CI 95.0 limit,Upper CI 95.0 limit,"
          "Lower CI 99.8 limit,Upper CI 99.8 limit,Count,Denominator,Value note,Recent Trend,"
          "Compared to England value or percentiles,Compared to Region value or percentiles,"
          "Time period Sortable,New data,Compared to goal")
ROW = ("93356,Campylobacter,E12000002,North West region,E10000017,Lancashire,County & UA,Persons,All ages,,,"
       "2017,{value},90.1,100.2,,,1150,1198798,,,Similar,Similar,20170000,,")


@pytest.mark.real_data
def test_real_export_with_an_embedded_newline_and_a_short_last_column():
    result = fingertips.parse(real_file(REAL), context=context())
    frame = result.frame
    assert result.rows_read == len(frame) == 852
    assert not frame["indicator_name"].str.contains("\n").any()
    assert set(frame["indicator_name"]) == {"Campylobacter incidence rate/100,000"}
    assert set(frame["indicator_id"]) == {93356}
    assert set(frame["time_period"]) == {"2015", "2016", "2017"}
    england_2015 = frame[(frame["area_code"] == "E92000001") & (frame["time_period"] == "2015")
                         & (frame["age"] == "All ages") & frame["category"].isna()]
    assert england_2015[["value", "count", "denominator"]].values.tolist() == [
        [pytest.approx(94.7261896202678), 51897, 54786327]]
    assert england_2015["lower_ci"].iloc[0] < england_2015["value"].iloc[0] < england_2015["upper_ci"].iloc[0]
    assert "E10000017" in set(frame["area_code"])  # Lancashire, the partnership's county
    assert frame["category"].dropna().str.startswith("County & UA deprivation deciles").any()
    # the same decile name under two category types stays two distinct rows
    assert not frame.duplicated(["area_code", "time_period", "sex", "age", "category"]).any()
    assert "Compared to goal" in result.notes[0]  # the export's rows are one field short of its header


def test_full_width_rows_are_read_too():
    data = (HEADER + "\n" + ROW.format(value="95.5") + "\n").encode()
    frame = fingertips.parse("export.csv", data=data, context=context()).frame
    assert frame[["area_name", "value", "count"]].values.tolist() == [["Lancashire", 95.5, 1150]]


BAD = [
    ("value not a number", (HEADER + "\n" + ROW.format(value="n/a") + "\n").encode(),
     ["row 2", "column 'Value'", "not a number"]),
    ("missing column",
     (HEADER.replace("Area Code,", "") + "\n" + ROW.format(value="1").replace("E10000017,", "")).encode(),
     ["column 'Area Code'", "missing"]),
]


@pytest.mark.parametrize(("data", "expected"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_the_reason(data, expected):
    with pytest.raises(LoadError) as caught:
        fingertips.parse("export.csv", data=data, context=context())
    for fragment in expected:
        assert fragment in str(caught.value)
