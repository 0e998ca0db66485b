"""charts.hub: age-band heatmap, weekly volumes by request type, request mix by age band.

The frames are those views/community_hub.py hands the charts: the heatmap gets one request type's rows for
the wards (not the reference) in each age band; the mix gets the reference area's rows of every request
type by age band (band, category, value, suppressed, count, denominator); the weekly chart gets week,
category, count and suppressed for the reference area.
"""

import numpy as np
import pandas as pd

from charts.common import category_colours
from charts.hub import age_band_heatmap, request_mix_bars, weekly_volumes
from charts.palette import COMPARISON
from tests.charts.conftest import view_frame

UNIT = "per 1,000 residents in the age band"


def cells() -> pd.DataFrame:
    """Food parcel requests of two wards by age band; one cell suppressed for the viewer."""
    rows = []
    for name, code, band, value, count, suppressed in [
            ("Chorley East", "E05000001", "65-74", 3.8, 20, False),
            ("Chorley East", "E05000001", "Under 16", np.nan, pd.NA, True),
            ("Chorley East", "E05000001", "16-24", 12.1, 45, False),
            ("Euxton", "E05000003", "65-74", 4.0, 12, False),
            ("Euxton", "E05000003", "Under 16", 1.5, 9, False),
            ("Euxton", "E05000003", "16-24", 0.0, 0, False)]:
        rows.append({"area_code": code, "area_name": name, "area_type": "ward", "parent_code": "E07000118",
                     "parent_name": "Chorley", "reference": False, "band": band, "value": value, "count": count,
                     "lower_ci": value - 1, "upper_ci": value + 1, "suppressed": suppressed, "denominator": 3000.0,
                     "period": "2021-Q4", "period_type": "quarter", "period_label": "Oct-Dec 2021"})
    return view_frame(rows).assign(category="Food parcel")


def test_heatmap_columns_by_age_and_suppressed_grey_layer():
    fig = age_band_heatmap(cells(), title="Food parcels by age", unit=UNIT)
    values, grey = fig.data
    assert list(values.x) == ["Under 16", "16-24", "65-74"] and list(values.y) == ["Chorley East", "Euxton"]
    assert [list(r) for r in values.z] == [[None, 12.1, 3.8], [1.5, 0.0, 4.0]]
    assert [list(r) for r in values.text] == [["", "12.1", "3.8"], ["1.5", "0.0", "4.0"]]
    assert [list(r) for r in grey.text] == [["supp.", "", ""], ["", "", ""]]
    assert grey.colorscale[0][1] == COMPARISON["suppressed"] and grey.z[0][0] == 1.0
    assert grey.z[1][1] is None  # a real zero is a value, not a grey cell
    assert grey.hovertext[0][0] == "<b>Chorley East</b><br>Age Under 16: suppressed (small number)"
    assert values.hovertext[0][1] == ("<b>Chorley East</b><br>Age 16-24: 12.1 per 1,000 residents in the age band"
                                      "<br>Count: 45")
    assert values.colorbar.title.text == "Per 1,000"


def test_heatmap_never_draws_a_suppressed_rate_even_if_a_value_came_with_it():
    frame = cells()
    frame.loc[1, "value"] = 99.0  # an analyst-only number must not reach a viewer's cell
    values, grey = age_band_heatmap(frame, title="t", unit=UNIT).data
    assert values.z[0][0] is None and values.text[0][0] == "" and grey.text[0][0] == "supp."


def test_heatmap_leaves_out_an_unknown_age_band():
    unknown = cells().iloc[[0]].assign(band="Unknown", value=np.nan)
    fig = age_band_heatmap(pd.concat([cells(), unknown], ignore_index=True), title="t", unit=UNIT)
    assert "Unknown" not in list(fig.data[0].x)


def weekly() -> pd.DataFrame:
    weeks = pd.date_range("2020-03-02", periods=6, freq="W-MON")
    count = pd.array([5, 80, 120, 90, 60, 40, 1, 3, pd.NA, 8, 9, 10], dtype="Int64")
    return pd.DataFrame({"week": list(weeks) * 2, "category": ["Food parcel"] * 6 + ["Befriending"] * 6,
                         "count": count, "suppressed": count.isna()})


def test_weekly_volumes_stacked_by_type_in_fixed_colours_with_lockdown():
    fig = weekly_volumes(weekly(), title="Requests each week", lockdowns=["2020-03-23"])
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.name for t in bars] == ["Food parcel", "Befriending"]  # largest at the bottom
    colours = category_colours(["Food parcel", "Befriending"])
    assert all(t.marker.color == colours[t.name] for t in bars)
    assert fig.layout.barmode == "stack"
    assert [a.text for a in fig.layout.annotations] == ["Lockdown 23 Mar 2020"]
    assert bars[0].hovertext[1] == "Food parcel, w/c 9 Mar 2020: 80"
    assert list(bars[0].y) == [5, 80, 120, 90, 60, 40]


def test_weekly_suppressed_count_is_a_mark_not_a_bar():
    fig = weekly_volumes(weekly(), title="t")
    befriending = next(t for t in fig.data if t.name == "Befriending")
    assert np.isnan(befriending.y[2])
    rug = next(t for t in fig.data if t.name == "Suppressed (small numbers)")
    assert list(rug.hovertext) == ["Befriending, w/c 16 Mar 2020: suppressed (small number)"]
    assert rug.yaxis == "y2"
    assert not fig.layout.annotations  # no lockdowns asked for


def mix() -> pd.DataFrame:
    """The reference area's rows by age band and request type, the columns the view selects."""
    rows = view_frame([
        {"area_code": "E07000118", "area_name": "Chorley", "reference": True, "band": b, "value": v, "count": c,
         "suppressed": s, "denominator": 9000.0}
        for b, v, c, s in [("65-74", 3.8, 34, False), ("16-24", 12.1, 109, False), ("65-74", 2.0, 18, False),
                           ("16-24", np.nan, pd.NA, True)]])
    rows["category"] = ["Food parcel", "Food parcel", "Befriending", "Befriending"]
    return rows[["band", "category", "value", "suppressed", "count", "denominator"]]


def test_request_mix_grouped_by_age_band_with_suppressed_mark_in_the_bars_slot():
    fig = request_mix_bars(mix(), title="Request mix")
    assert fig.layout.barmode == "group"
    assert list(fig.layout.xaxis.categoryarray) == ["16-24", "65-74"]
    befriending = next(t for t in fig.data if t.name == "Befriending")
    assert list(befriending.x) == ["65-74", "16-24"] and list(befriending.y) == [2.0, 0]
    assert list(befriending.text) == ["", "supp."]  # the suppressed bar's own slot says so; no bar of a value
    assert befriending.hovertext[0] == "Befriending, aged 65-74: 2.0 per 1,000 residents in the band"
    assert befriending.hovertext[1] == "Befriending, aged 16-24: suppressed (small number)"
    assert not fig.layout.annotations


def test_a_true_zero_is_printed_0_and_told_apart_from_suppressed():
    frame = mix()
    frame.loc[2, ["value", "count"]] = [0.0, 0]
    befriending = next(t for t in request_mix_bars(frame, title="t").data if t.name == "Befriending")
    assert list(befriending.text) == ["0", "supp."]


def test_request_mix_marks_a_band_where_every_type_is_suppressed():
    frame = mix()
    frame.loc[frame["band"] == "16-24", ["value", "suppressed"]] = [np.nan, True]
    fig = request_mix_bars(frame, title="t")
    for trace in fig.data:
        marks = dict(zip(trace.x, trace.text, strict=True))
        assert marks["16-24"] == "supp." and dict(zip(trace.x, trace.y, strict=True))["16-24"] == 0


def test_hub_charts_empty():
    for fig in (age_band_heatmap(cells().iloc[0:0], title="t", unit=UNIT), weekly_volumes(weekly().iloc[0:0], title="t"),
                request_mix_bars(mix().iloc[0:0], title="t")):
        assert fig.layout.annotations[0].text == "No data"


def test_request_mix_without_suppressed_column_notes_missing_rates():
    frame = pd.DataFrame({"band": ["16-24", "65-74", "Unknown"], "category": ["Befriending"] * 3,
                          "value": [np.nan, 2.0, np.nan]})
    fig = request_mix_bars(frame, title="t")
    assert list(fig.data[0].x) == ["16-24", "65-74"]  # an unknown age has no rate per head: left out
    assert list(fig.data[0].text) == ["n/a", ""]  # without a suppressed column, a missing rate is "n/a"
