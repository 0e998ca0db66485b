"""charts.population.population_pyramid: ward to the left, borough to the right, absolute % ticks."""

import pandas as pd

from charts.population import population_pyramid
from metrics.profile import age_profile


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


def test_draws_the_profile_the_ward_profile_view_builds():
    """views/ward_profile.py hands the chart metrics.profile.age_profile's frame (every five-year band)."""
    ages = pd.DataFrame({"area_code": ["a", "a", "a", "b", "b"], "age": [3, 40, 90, 3, 70],
                         "persons": [10, 30, 10, 60, 40]})
    frame = age_profile(ages, ["a"], ["a", "b"])
    fig = population_pyramid(frame, title="t", ward_name="Ward A", borough_name="Chorley")
    ward, borough = (t for t in fig.data if t.type == "bar")
    assert list(ward.y) == frame["age_band"].tolist()  # already youngest first
    assert ward.x[0] == -20.0 and borough.x[0] == 46.67  # 10 of 50 in the ward, 70 of 150 in the whole
    assert sum(-x for x in ward.x) == 100.0 and round(sum(borough.x), 1) == 100.0


def test_an_area_without_a_comparator_draws_its_own_half_only():
    """The partnership's profile has nothing above it: age_profile with no reference gives NaN shares."""
    ages = pd.DataFrame({"area_code": ["a", "a"], "age": [3, 40], "persons": [10, 30]})
    frame = age_profile(ages, ["a"], [])
    assert frame["borough_pct"].isna().all()
    fig = population_pyramid(frame, title="t", ward_name="Chorley and South Ribble", borough_name="")
    assert [t.name for t in fig.data] == ["Chorley and South Ribble"]
    assert fig.data[0].x[0] == -25.0
