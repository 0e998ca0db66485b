"""charts.population.population_pyramid: ward to the left, borough to the right, absolute % ticks."""

import pandas as pd

from charts.population import population_pyramid


def ages() -> pd.DataFrame:
    return pd.DataFrame({"age_band": ["10-14", "0-4", "5-9", "85+"], "ward_pct": [6.0, 5.5, 6.2, 2.0],
                         "borough_pct": [5.8, 5.0, 5.9, 2.6]})


def test_mirrored_bars_with_ages_bottom_to_top():
    fig = population_pyramid(ages(), title="Age profile", ward_name="Chorley East", borough_name="Chorley")
    ward, borough = (t for t in fig.data if t.type == "bar")
    assert list(ward.y) == ["0-4", "5-9", "10-14", "85+"]
    assert list(ward.x) == [-5.5, -6.2, -6.0, -2.0] and list(borough.x) == [5.0, 5.9, 5.8, 2.6]
    assert (ward.name, borough.name) == ("Chorley East", "Chorley")
    assert list(fig.layout.yaxis.categoryarray) == ["0-4", "5-9", "10-14", "85+"]


def test_tick_labels_show_absolute_percentages():
    axis = population_pyramid(ages(), title="t", ward_name="W").layout.xaxis
    assert list(axis.tickvals) == [-8, -6, -4, -2, 0, 2, 4, 6, 8]
    assert list(axis.ticktext) == ["8%", "6%", "4%", "2%", "0%", "2%", "4%", "6%", "8%"]


def test_hover_and_borough_marks_and_empty():
    fig = population_pyramid(ages(), title="t", ward_name="Chorley East", borough_name="Chorley")
    assert fig.data[0].hovertext[0] == "Chorley East: 5.5% of residents are aged 0-4"
    marks = next(t for t in fig.data if t.type == "scatter")
    assert list(marks.x) == [-5.0, -5.9, -5.8, -2.6]
    assert population_pyramid(ages().iloc[0:0], title="t", ward_name="W").layout.annotations[0].text == "No data"
