"""charts.bars.ward_comparison_bars: sorted bars, comparison colours, CIs, borough line, suppressed label."""

from charts.bars import ward_comparison_bars
from charts.palette import COMPARISON

UNIT = "per 1,000 residents"


def bars(fig):
    return {t.name: t for t in fig.data if t.type == "bar"}


def test_one_bar_trace_per_comparison_in_palette_colours(compute_frame):
    traces = bars(ward_comparison_bars(compute_frame, title="Food parcels", unit=UNIT))
    assert set(traces) == {"Worse than Chorley", "Better than Chorley", "Similar to Chorley"}
    assert traces["Worse than Chorley"].marker.color == COMPARISON["worse"]
    assert list(traces["Worse than Chorley"].y) == ["Coppull", "Chorley East"]
    assert all(t.orientation == "h" for t in traces.values())


def test_sorted_by_value_with_suppressed_at_the_bottom(compute_frame):
    fig = ward_comparison_bars(compute_frame, title="t", unit=UNIT)
    assert list(fig.layout.yaxis.categoryarray) == [
        "Clayton West", "Adlington & Anderton", "Euxton", "Coppull", "Chorley East"]


def test_asymmetric_ci_error_bars(compute_frame):
    worse = bars(ward_comparison_bars(compute_frame, title="t", unit=UNIT))["Worse than Chorley"]
    assert worse.error_x.symmetric is False
    assert [round(v, 6) for v in worse.error_x.array] == [1.9, 3.9]  # Coppull 12.4-10.5, Chorley East 18.1-14.2
    assert [round(v, 6) for v in worse.error_x.arrayminus] == [1.5, 3.2]


def test_borough_line_labelled_with_its_value(compute_frame):
    fig = ward_comparison_bars(compute_frame, title="t", unit=UNIT)
    line = next(t for t in fig.data if t.name == "Chorley: 8.1")
    assert list(line.x) == [8.1, 8.1] and list(line.y) == [0, 1] and line.yaxis == "y2"  # spans every row
    assert line.line.dash == "dash" and fig.layout.yaxis2.visible is False
    assert line.hovertext == "<b>Chorley</b><br>8.1 per 1,000 residents (95% CI 7.8 to 8.4)"


def test_suppressed_ward_has_grey_label_not_a_bar(compute_frame):
    fig = ward_comparison_bars(compute_frame, title="t", unit=UNIT)
    assert all("Clayton West" not in list(t.y) for t in bars(fig).values())
    label = next(t for t in fig.data if t.type == "scatter" and t.mode == "text")
    assert list(label.y) == ["Clayton West"] and list(label.text) == ["suppressed"]
    assert label.hovertext[0] == "<b>Clayton West</b><br>suppressed (small number)"


def test_ward_not_known_and_borough_are_not_bars(compute_frame):
    names = {n for t in ward_comparison_bars(compute_frame, title="t", unit=UNIT).data for n in t.y}
    assert "Ward not known" not in names and "Chorley" not in names


def test_axis_title_and_empty(compute_frame):
    assert ward_comparison_bars(compute_frame, title="t", unit=UNIT).layout.xaxis.title.text == "Per 1,000 residents"
    empty = ward_comparison_bars(compute_frame.iloc[0:0], title="t", unit=UNIT)
    assert empty.layout.annotations[0].text == "No data"
