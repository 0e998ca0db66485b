"""charts.trend.trend_chart: the reference and ward lines, baseline band, SPC, special causes, lockdowns."""

import pandas as pd

from charts.palette import BASELINE_BAND, BOROUGH, SPECIAL_CAUSE_HIGH, SPECIAL_CAUSE_LOW
from charts.trend import trend_chart

UNIT = "per 1,000 residents"
LOCKDOWNS = ("2020-03-23", "2020-11-05", "2021-01-06")


def named(fig):
    return {t.name: t for t in fig.data}


def test_lines_band_spc_and_special_causes(series_frame):
    traces = named(trend_chart(series_frame, title="Food parcels", unit=UNIT))
    assert traces["Chorley"].line.color == BOROUGH
    assert traces["Chorley East"].line.color != BOROUGH
    assert traces["Expected range (pre-pandemic, 95%)"].fill == "toself"
    assert traces["Expected range (pre-pandemic, 95%)"].fillcolor == BASELINE_BAND
    assert traces["Expected (same month before the pandemic)"].line.dash == "dot"
    assert traces["Average (SPC)"].line.dash is None
    assert traces["Process limits"].line.dash == "dash"
    assert traces["Unusually high (special cause)"].marker.color == SPECIAL_CAUSE_HIGH
    assert traces["Unusually low (special cause)"].marker.color == SPECIAL_CAUSE_LOW
    assert len(traces["Unusually high (special cause)"].x) == 1


def test_process_limits_are_two_traces_one_legend_entry(series_frame):
    limits = [t for t in trend_chart(series_frame, title="t", unit=UNIT).data if t.name == "Process limits"]
    assert len(limits) == 2 and [t.showlegend for t in limits] == [True, False]


def test_toggles_remove_spc_and_baseline(series_frame):
    fig = trend_chart(series_frame, title="t", unit=UNIT, show_spc=False, show_baseline=False)
    assert set(named(fig)) == {"Chorley", "Chorley East", "Chorley East: suppressed (small numbers)"}


def test_lockdown_lines_with_labels(series_frame):
    fig = trend_chart(series_frame, title="t", unit=UNIT, lockdowns=LOCKDOWNS)
    assert [s.x0 for s in fig.layout.shapes] == [pd.Timestamp(d) for d in LOCKDOWNS]
    assert all(s.line.dash == "dash" for s in fig.layout.shapes)
    assert [a.text for a in fig.layout.annotations] == [
        "Lockdown 23 Mar 2020", "Lockdown 5 Nov 2020", "Lockdown 6 Jan 2021"]


def test_suppressed_point_is_a_gap_and_a_grey_mark_not_zero(series_frame):
    traces = named(trend_chart(series_frame, title="t", unit=UNIT))
    ward = traces["Chorley East"]
    assert pd.isna(ward.y[3]) and ward.connectgaps is False
    rug = traces["Chorley East: suppressed (small numbers)"]  # the legend says whose point was suppressed
    assert rug.yaxis == "y2" and list(rug.hovertext) == ["Chorley East, Apr 2019: suppressed (small number)"]
    assert rug.marker.color == ward.line.color  # in the ward's own colour


def test_hover_gives_value_and_ci(series_frame):
    borough = named(trend_chart(series_frame, title="t", unit=UNIT))["Chorley"]
    assert borough.hovertext[0] == "Chorley, Jan 2019: 8.0 per 1,000 residents (95% CI 7.5 to 8.5)"


def test_weekly_series_labels_weeks(make_series):
    weekly = make_series(freq="W-MON", periods=30, start="2020-01-06")  # no weekly baseline
    fig = trend_chart(weekly, title="t", unit=UNIT, lockdowns=LOCKDOWNS)
    assert fig.layout.xaxis.title.text == "Week beginning"
    assert named(fig)["Chorley"].hovertext[0].startswith("Chorley, w/c 6 Jan 2020: ")
    assert "Expected range (pre-pandemic, 95%)" not in named(fig)
    assert [a.text for a in fig.layout.annotations] == ["Lockdown 23 Mar 2020"]  # the others fall outside


def test_empty_series(series_frame):
    fig = trend_chart(series_frame.iloc[0:0], title="t", unit=UNIT)
    assert fig.layout.annotations[0].text == "No data"


def test_baseline_and_spc_are_the_reference_areas_not_a_wards(series_frame):
    traces = named(trend_chart(series_frame, title="t", unit=UNIT))
    district = series_frame[series_frame["reference"]]
    assert list(traces["Average (SPC)"].y) == district["spc_mean"].tolist() == [8.0] * 27
    upper, lower = (t for t in trend_chart(series_frame, title="t", unit=UNIT).data if t.name == "Process limits")
    assert set(upper.y) == {10.5} and set(lower.y) == {5.5}
    assert list(traces["Expected (same month before the pandemic)"].y) == district["expected"].tolist()
    assert max(v for v in traces["Expected range (pre-pandemic, 95%)"].y if v is not None) == 8.0
    # the ward's own special cause (its sixth month) is not marked: only the reference line's are
    assert list(traces["Unusually high (special cause)"].x) == [pd.Timestamp("2020-09-01")]
    assert list(traces["Unusually high (special cause)"].y) == [district["value"].iloc[20]]


def test_the_reference_line_is_drawn_last_whatever_the_order_of_the_rows(series_frame):
    for frame in (series_frame, series_frame.iloc[::-1]):
        lines = [t for t in trend_chart(frame, title="t", unit=UNIT).data if t.mode == "lines+markers"]
        assert [t.name for t in lines] == ["Chorley East", "Chorley"]
        assert lines[-1].line.width > lines[0].line.width
        assert list(lines[-1].x) == sorted(lines[-1].x)  # in time order


def test_several_areas_get_distinct_colours_none_of_them_black(make_series):
    frame = make_series()
    other = frame[~frame["reference"]].assign(area_code="E05000002", area_name="Euxton")
    fig = trend_chart(pd.concat([frame, other], ignore_index=True), title="t", unit=UNIT)
    colours = {t.name: t.line.color for t in fig.data if t.mode == "lines+markers"}
    assert colours["Chorley"] == BOROUGH
    assert len({colours["Chorley East"], colours["Euxton"], BOROUGH}) == 3


def test_a_profile_trend_without_spc_or_baseline_still_marks_suppression(series_frame):
    """The ward profile's small trends: the area and the reference, no SPC or baseline drawn."""
    fig = trend_chart(series_frame, title="t", unit=UNIT, show_spc=False, show_baseline=False)
    assert not [t for t in fig.data if t.name and ("special cause" in t.name or "SPC" in t.name)]
    rug = named(fig)["Chorley East: suppressed (small numbers)"]
    assert list(rug.x) == [pd.Timestamp("2019-04-01")] and set(rug.y) == {0.03}
    assert fig.layout.yaxis2.visible is False and list(fig.layout.yaxis2.range) == [0, 1]


def test_no_suppressed_point_means_no_rug(series_frame):
    shown = series_frame[~series_frame["suppressed"]]
    assert "Suppressed (small numbers)" not in named(trend_chart(shown, title="t", unit=UNIT))
