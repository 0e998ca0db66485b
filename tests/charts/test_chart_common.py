"""charts.common: the house layout, the empty figure and the shared helpers."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts.common import (
    add_lockdown_lines,
    age_order,
    base_layout,
    category_colours,
    comparison_category,
    empty_figure,
    value_with_ci,
)
from charts.palette import FONT


def test_base_layout_sets_title_font_white_background_and_top_legend():
    fig = base_layout(go.Figure(), title="Food parcels", height=400)
    assert fig.layout.title.text == "Food parcels"
    assert fig.layout.font.family == FONT
    assert fig.layout.plot_bgcolor == fig.layout.paper_bgcolor == "white"
    assert (fig.layout.legend.orientation, fig.layout.legend.yanchor) == ("h", "bottom")
    assert fig.layout.height == 400


def test_empty_figure_has_message_and_hidden_axes():
    fig = empty_figure("No data", title="Food parcels")
    assert [a.text for a in fig.layout.annotations] == ["No data"]
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert len(fig.data) == 0


def test_suppression_takes_precedence_over_comparison():
    frame = pd.DataFrame({"comparison": ["worse", "not compared", None], "suppressed": [False, True, False]})
    assert comparison_category(frame).tolist() == ["worse", "suppressed", "not compared"]


@pytest.mark.parametrize(("row", "expected"), [
    ({"value": 14.2, "lower_ci": 11.0, "upper_ci": 18.1, "suppressed": False},
     "14.2 per 1,000 residents (95% CI 11.0 to 18.1)"),
    ({"value": float("nan"), "suppressed": True}, "suppressed (small number)"),
    ({"value": float("nan"), "suppressed": False}, "no value"),
])
def test_value_with_ci(row, expected):
    assert value_with_ci(pd.Series(row), "per 1,000 residents") == expected


def test_lockdown_lines_only_inside_the_data_range():
    fig = add_lockdown_lines(go.Figure(), ["2020-03-23", "2030-01-01"], within=("2020-01-01", "2021-01-01"))
    assert len(fig.layout.shapes) == 1 and fig.layout.shapes[0].line.dash == "dash"
    assert [a.text for a in fig.layout.annotations] == ["Lockdown 23 Mar 2020"]


def test_age_order_youngest_first_all_last():
    bands = pd.Series(["85+", "All", "16-24", "Under 16", "65-74", "5-9"])
    assert age_order(bands) == ["Under 16", "5-9", "16-24", "65-74", "85+", "All"]


def test_category_colours_do_not_depend_on_order():
    assert category_colours(["b", "a"]) == category_colours(["a", "b", "a"])


def test_text_from_the_data_cannot_become_plotly_markup():
    from charts.common import label

    assert label('<a href="https://x.example">Sign in</a>') == '&lt;a href="https://x.example"&gt;Sign in&lt;/a&gt;'
    assert label("Adlington & Anderton") == "Adlington & Anderton"
    assert label(None) == ""
