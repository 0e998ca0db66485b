"""charts.hub: age-band heatmap, weekly volumes by request type, request mix by age band."""

import numpy as np
import pandas as pd

from charts.common import category_colours
from charts.hub import age_band_heatmap, request_mix_bars, weekly_volumes
from charts.palette import COMPARISON

UNIT = "per 1,000 residents"


def rates() -> pd.DataFrame:
    return pd.DataFrame({
        "area_name": ["Chorley East"] * 3 + ["Chorley"] * 3,
        "age_band": ["65-74", "Under 16", "16-24"] * 2,
        "value": [3.8, np.nan, 12.1, 4.0, 1.5, 9.0],
        "suppressed": [False, True, False, False, False, False],
        "count": pd.array([20, pd.NA, 45, 200, 90, 410], dtype="Int64"),
    })


def test_heatmap_columns_by_age_and_suppressed_grey_layer():
    unknown = pd.DataFrame({"area_name": ["Chorley"], "age_band": ["Unknown"], "value": [np.nan],
                            "suppressed": [False], "count": pd.array([3], dtype="Int64")})
    fig = age_band_heatmap(pd.concat([rates(), unknown]), title="Food parcels by age", unit=UNIT)
    values, grey = fig.data
    assert list(values.x) == ["Under 16", "16-24", "65-74"] and list(values.y) == ["Chorley East", "Chorley"]
    assert [list(r) for r in values.z] == [[None, 12.1, 3.8], [1.5, 9.0, 4.0]]
    assert [list(r) for r in values.text] == [["", "12.1", "3.8"], ["1.5", "9.0", "4.0"]]
    assert [list(r) for r in grey.text] == [["supp.", "", ""], ["", "", ""]]
    assert grey.colorscale[0][1] == COMPARISON["suppressed"] and grey.z[0][0] == 1.0
    assert grey.hovertext[0][0] == "<b>Chorley East</b><br>Age Under 16: suppressed (small number)"
    assert values.hovertext[0][1] == "<b>Chorley East</b><br>Age 16-24: 12.1 per 1,000 residents<br>Count: 45"


def weekly() -> pd.DataFrame:
    weeks = pd.date_range("2020-03-02", periods=6, freq="W-MON")
    return pd.DataFrame({
        "week": list(weeks) * 2, "category": ["Food parcel"] * 6 + ["Befriending"] * 6,
        "count": pd.array([5, 80, 120, 90, 60, 40, 1, 3, pd.NA, 8, 9, 10], dtype="Int64")})


def test_weekly_volumes_stacked_by_type_in_fixed_colours_with_lockdown():
    fig = weekly_volumes(weekly(), title="Requests each week", lockdowns=["2020-03-23"])
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in bars] == ["Food parcel", "Befriending"]  # largest at the bottom
    colours = category_colours(["Food parcel", "Befriending"])
    assert all(t.marker.color == colours[t.name] for t in bars)
    assert fig.layout.barmode == "stack"
    assert [a.text for a in fig.layout.annotations] == ["Lockdown 23 Mar 2020"]
    assert bars[0].hovertext[1] == "Food parcel, w/c 9 Mar 2020: 80"


def test_weekly_suppressed_count_is_a_mark_not_a_bar():
    fig = weekly_volumes(weekly(), title="t")
    befriending = next(t for t in fig.data if t.name == "Befriending")
    assert np.isnan(befriending.y[2])
    rug = next(t for t in fig.data if t.name == "Suppressed (small numbers)")
    assert list(rug.hovertext) == ["Befriending, w/c 16 Mar 2020: suppressed (small number)"]
    assert not fig.layout.annotations  # no lockdowns asked for


def test_request_mix_grouped_by_age_band_with_suppressed_note():
    frame = pd.DataFrame({"age_band": ["65-74", "16-24", "65-74", "16-24"],
                          "category": ["Food parcel", "Food parcel", "Befriending", "Befriending"],
                          "value": [3.8, 12.1, 2.0, np.nan], "suppressed": [False, False, False, True]})
    fig = request_mix_bars(frame, title="Request mix")
    assert fig.layout.barmode == "group"
    assert list(fig.layout.xaxis.categoryarray) == ["16-24", "65-74"]
    befriending = next(t for t in fig.data if t.name == "Befriending")
    assert list(befriending.x) == ["65-74"]
    assert fig.layout.annotations[0].text == "Suppressed (small numbers):<br>16-24: Befriending"


def test_hub_charts_empty():
    for fig in (age_band_heatmap(rates().iloc[0:0], title="t", unit=UNIT), weekly_volumes(weekly().iloc[0:0], title="t"),
                request_mix_bars(pd.DataFrame(columns=["age_band", "category", "value"]), title="t")):
        assert fig.layout.annotations[0].text == "No data"


def test_request_mix_without_suppressed_column_notes_missing_rates():
    frame = pd.DataFrame({"age_band": ["16-24", "65-74", "Unknown"], "category": ["Befriending"] * 3,
                          "value": [np.nan, 2.0, np.nan]})
    fig = request_mix_bars(frame, title="t")
    assert list(fig.data[0].x) == ["65-74"]  # an unknown age has no rate per head: left out, not listed
    assert fig.layout.annotations[0].text == "Not shown:<br>16-24: all types"
