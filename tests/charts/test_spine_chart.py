"""charts.spine.spine_chart: rows centred on the borough, range bars, ward circle by comparison."""

import numpy as np
import pandas as pd
import pytest

from charts.palette import COMPARISON, RANGE_DARK, RANGE_LIGHT
from charts.spine import spine_chart


def profile() -> pd.DataFrame:
    """What views/ward_profile.spine hands the chart: one row per indicator at its default period, the area's
    values (ward_*), the comparator's value and the spread of the wards' shown values."""
    return pd.DataFrame({
        "indicator_id": ["hub_food_parcels", "gp_appointments", "hub_befriending_65"],
        "indicator_title": ["Food parcels", "GP appointments", "Befriending"],
        "theme": ["Nutrition and food", "Health", "Independence"],
        "unit": ["per 1,000 residents", "per 1,000 patients", "per 1,000 residents aged 65+"],
        "polarity": ["high_is_bad", "no_judgement", "high_is_bad"],
        "period_label": ["Oct-Dec 2021"] * 3,
        "ward_count": pd.array([40, 900, pd.NA], dtype="Int64"),
        "ward_value": [14.0, 300.0, np.nan], "ward_lower_ci": [10.0, 280.0, np.nan],
        "ward_upper_ci": [19.0, 320.0, np.nan],
        "borough_value": [8.0, 320.0, 2.0],
        "ward_min": [2.0, 250.0, 0.5], "ward_q25": [6.0, 300.0, 1.0],
        "ward_q75": [10.0, 340.0, 3.0], "ward_max": [20.0, 360.0, 5.0],
        "comparison": ["worse", "lower", "not compared"],
        "trend": ["no significant change", "cannot be calculated", "cannot be calculated"],
        "suppressed": [False, False, True],
    })


def test_bars_for_range_and_middle_half_centred_on_borough():
    fig = spine_chart(profile(), title="Chorley East profile", ward_name="Chorley East", borough_name="Chorley")
    full, middle = (t for t in fig.data if t.type == "bar")
    assert (full.marker.color, middle.marker.color) == (RANGE_LIGHT, RANGE_DARK)
    # Food parcels: furthest ward 12 from the borough 8; high_is_bad flips so higher (worse) is left
    assert full.base[0] == pytest.approx(-1.0) and full.x[0] == pytest.approx(1.5)
    assert middle.base[0] == pytest.approx(-2 / 12) and middle.x[0] == pytest.approx(4 / 12)
    # GP appointments (no judgement, not flipped): range 250..360 around 320, furthest 70
    assert full.base[1] == pytest.approx(-1.0) and full.x[1] == pytest.approx(110 / 70)


def test_ward_circle_coloured_by_comparison_and_centre_line():
    fig = spine_chart(profile(), title="t", ward_name="Chorley East", borough_name="Chorley")
    circles = {t.name: t for t in fig.data if t.type == "scatter" and t.mode == "markers"}
    assert circles["Worse than Chorley"].marker.color == COMPARISON["worse"]
    assert circles["Worse than Chorley"].x[0] == pytest.approx(-0.5)
    assert circles["Lower than Chorley"].marker.color == COMPARISON["lower"]
    assert fig.layout.shapes[0].x0 == 0
    # the centre and the directions are the axis's tick labels, under the plot and again on top of it
    for axis in (fig.layout.xaxis, fig.layout.xaxis2):
        assert list(axis.ticktext) == ["← Worse (or lower)", "Chorley", "Better (or higher) →"]
    assert fig.layout.xaxis2.side == "top" and fig.layout.xaxis2.overlaying == "x"


def test_hover_gives_real_values():
    fig = spine_chart(profile(), title="t", ward_name="Chorley East", borough_name="Chorley")
    worse = next(t for t in fig.data if t.name == "Worse than Chorley")
    assert worse.hovertext[0] == ("<b>Food parcels</b><br>Chorley East: 14.0 per 1,000 residents<br>"
                                  "Chorley: 8.0 per 1,000 residents<br>All wards: 2.0 to 20.0 "
                                  "(middle half 6.0 to 10.0)<br>Significantly worse than Chorley")


def test_suppressed_ward_value_is_labelled_not_drawn():
    fig = spine_chart(profile(), title="t", ward_name="Chorley East", borough_name="Chorley")
    circles = [y for t in fig.data if t.type == "scatter" and t.mode == "markers" for y in t.y]
    assert "Befriending" not in circles
    label = next(t for t in fig.data if t.type == "scatter" and t.mode == "text")
    assert list(label.text) == ["suppressed"] and "suppressed (small number)" in label.hovertext[0]


def test_empty_profile():
    assert spine_chart(profile().iloc[0:0], title="t", ward_name="X").layout.annotations[0].text == "No data"


def test_a_missing_comparator_or_spread_says_so_in_the_hover():
    """The view leaves the comparator's value empty when it is suppressed for the role, and the spread empty
    when no ward's value is shown; the hover must not print 'nan'."""
    frame = profile()
    frame.loc[0, "borough_value"] = np.nan
    frame.loc[2, ["ward_min", "ward_q25", "ward_q75", "ward_max"]] = np.nan
    fig = spine_chart(frame, title="t", ward_name="Chorley East", borough_name="Chorley")
    hovers = [h for t in fig.data if t.hovertext is not None for h in t.hovertext]
    assert hovers and not any("nan" in h for h in hovers)
    text = next(t for t in fig.data if t.type == "scatter" and t.mode == "text")
    hover = dict(zip(text.y, text.hovertext, strict=True))
    food = hover[frame.loc[0, "indicator_title"]]  # no comparator value: told in words, not a circle at nowhere
    assert "<br>Chorley: no value<br>" in food
    befriending = hover[frame.loc[2, "indicator_title"]] if frame.loc[2, "indicator_title"] in hover else \
        next(t for t in fig.data if t.type == "scatter" and t.mode == "text").hovertext[-1]
    assert "<br>All wards: no values shown<br>" in befriending


def test_legend_and_row_order_follow_the_frame():
    fig = spine_chart(profile(), title="t", ward_name="Chorley East", borough_name="Chorley")
    full = next(t for t in fig.data if t.type == "bar")
    assert list(full.y) == ["Food parcels", "GP appointments", "Befriending"]
    assert fig.layout.yaxis.autorange == "reversed"  # the first indicator at the top
    assert fig.layout.height == 150 + 34 * 3


def test_a_row_without_a_comparator_value_says_so_instead_of_an_invisible_circle():
    frame = profile()
    frame.loc[0, "borough_value"] = np.nan
    fig = spine_chart(frame, title="t", ward_name="Chorley East", borough_name="Chorley")
    text = next(t for t in fig.data if t.type == "scatter" and t.mode == "text")
    said = dict(zip(text.y, text.text, strict=True))
    assert said[frame.loc[0, "indicator_title"]] == "14.0 (no Chorley value to compare with)"
    assert all(np.isfinite(list(t.x)).all() for t in fig.data if t.type == "scatter" and t.mode == "markers"
               and t.name != "axis")
