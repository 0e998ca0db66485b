"""charts.common: the house layout, the empty figure and the shared helpers."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from charts.common import (
    LEGEND_ROW,
    TITLE_BAND,
    add_lockdown_lines,
    add_suppressed_rug,
    age_order,
    area_rows,
    base_layout,
    capitalise,
    category_colours,
    comparison_category,
    comparison_label,
    comparison_sentence,
    empty_figure,
    is_suppressed,
    reference_name,
    reference_row,
    value_with_ci,
)
from charts.palette import FONT


def test_base_layout_sets_title_font_white_background_and_top_legend():
    two = [go.Scatter(x=[1], y=[1], name="Chorley"), go.Scatter(x=[1], y=[2], name="Euxton")]
    fig = base_layout(go.Figure(two), title="Food parcels", height=400)
    assert fig.layout.title.text == "Food parcels"
    assert fig.layout.font.family == FONT
    assert fig.layout.plot_bgcolor == fig.layout.paper_bgcolor == "white"
    # the legend sits across the top in its own band under the title's, and the plot starts below both
    assert (fig.layout.legend.orientation, fig.layout.legend.yanchor, fig.layout.legend.yref) == ("h", "top",
                                                                                                  "container")
    assert fig.layout.legend.y == pytest.approx(1 - TITLE_BAND / 400)
    assert fig.layout.margin.t >= TITLE_BAND + LEGEND_ROW
    assert fig.layout.height == 400


def test_legend_rows_grow_with_names_and_push_the_plot_down():
    many = [go.Scatter(x=[1], y=[i], name=f"A long ward name number {i}") for i in range(8)]
    one_row = base_layout(go.Figure(many[:2]), title="t", height=400)
    rows = base_layout(go.Figure(many), title="t", height=400)
    assert rows.layout.margin.t >= one_row.layout.margin.t + 2 * LEGEND_ROW
    # a single trace draws no legend, so no band is kept for one
    single = base_layout(go.Figure(many[:1]), title="t", height=400)
    assert single.layout.margin.t < one_row.layout.margin.t


def test_a_legend_below_leaves_the_top_to_the_title():
    two = [go.Scatter(x=[1], y=[1], name="Chorley"), go.Scatter(x=[1], y=[2], name="Euxton")]
    fig = base_layout(go.Figure(two), title="t", height=400, legend="below")
    assert fig.layout.legend.yanchor == "top" and fig.layout.legend.y < 0
    assert fig.layout.margin.b > 50


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


def with_bands_and_not_known(frame: pd.DataFrame) -> pd.DataFrame:
    """The indicator frame plus each area's 65-74 row and the 'ward not known' area."""
    bands = frame.assign(band="65-74", value=frame["value"] / 2)
    unknown = frame.iloc[[0]].assign(area_code="not-known", area_name="Ward not known", area_type="not-known",
                                     reference=False)
    return pd.concat([frame, bands, unknown], ignore_index=True)


def test_area_rows_are_the_all_ages_rows_of_every_area_but_the_reference_and_ward_not_known(indicator_frame):
    rows = area_rows(with_bands_and_not_known(indicator_frame))
    assert rows["area_name"].tolist() == ["Chorley East", "Adlington & Anderton", "Euxton", "Clayton West", "Coppull"]
    assert set(rows["band"]) == {"All"}
    assert rows["value"].tolist()[:3] == [14.2, 3.0, 8.0]


def test_area_rows_keep_any_area_type_the_view_reads(indicator_frame):
    """Areas are data: a group of wards or a district that is not the reference is an area like a ward."""
    group = indicator_frame.iloc[[0]].assign(area_code="grp-1", area_name="Town centre", area_type="group")
    rows = area_rows(pd.concat([indicator_frame, group], ignore_index=True))
    assert "Town centre" in rows["area_name"].tolist() and "Chorley" not in rows["area_name"].tolist()


def test_reference_row_and_name(indicator_frame):
    frame = with_bands_and_not_known(indicator_frame)
    row = reference_row(frame)
    assert row["area_name"] == "Chorley" and row["band"] == "All" and row["value"] == 8.1
    assert reference_name(frame) == "Chorley"
    wards = frame[~frame["reference"]]
    assert reference_row(wards) is None and reference_name(wards) == "the partnership"
    assert reference_row(frame.drop(columns="reference")) is None
    assert reference_name(frame.drop(columns="reference"), default="the district") == "the district"


def test_is_suppressed_treats_a_missing_flag_as_shown():
    assert is_suppressed(pd.DataFrame({"value": [1.0, 2.0]})).tolist() == [False, False]
    flags = pd.DataFrame({"suppressed": pd.array([True, None, False], dtype="boolean")})
    assert is_suppressed(flags).tolist() == [True, False, False]


def test_comparison_wording_names_the_comparator():
    assert comparison_label("worse", "Chorley") == "Worse than Chorley"
    assert comparison_label("similar", "Chorley") == "Similar to Chorley"
    assert comparison_label("suppressed", "Chorley") == "Suppressed (small numbers)"
    assert comparison_label("not compared", "Chorley") == "Not compared"
    assert comparison_sentence("higher", "its district") == "Significantly higher than its district"
    assert comparison_sentence("similar", "Chorley") == "Similar to Chorley (no significant difference)"
    assert comparison_sentence("suppressed", "Chorley") == "Not compared with Chorley"


def test_the_comparison_of_a_suppressed_view_row_is_suppressed(indicator_frame):
    categories = dict(zip(indicator_frame["area_name"], comparison_category(indicator_frame), strict=True))
    assert categories == {"Chorley East": "worse", "Adlington & Anderton": "better", "Euxton": "similar",
                          "Clayton West": "suppressed", "Coppull": "worse", "Chorley": "not compared"}


def test_value_with_ci_of_a_view_row(indicator_frame):
    rows = indicator_frame.set_index("area_name")
    assert value_with_ci(rows.loc["Clayton West"], "per 1,000 residents") == "suppressed (small number)"
    assert value_with_ci(rows.loc["Euxton"], "%") == "8.0% (95% CI 6.0 to 10.0)"


def test_suppressed_rug_sits_on_a_hidden_axis_and_nothing_is_added_without_points():
    fig = add_suppressed_rug(go.Figure(), [pd.Timestamp("2020-04-01")], ["Ward, Apr 2020: suppressed"])
    (rug,) = fig.data
    assert rug.yaxis == "y2" and list(rug.y) == [0.03] and rug.hoverinfo == "text"
    assert fig.layout.yaxis2.overlaying == "y" and fig.layout.yaxis2.visible is False
    assert len(add_suppressed_rug(go.Figure(), [], []).data) == 0


def test_capitalise_keeps_the_rest():
    assert capitalise("per 1,000 residents aged 16-64") == "Per 1,000 residents aged 16-64"
    assert capitalise("") == ""


def test_top_margin_grows_with_the_legend_rows():
    few = go.Figure([go.Scatter(x=[1], y=[1], name="Chorley")])
    many = go.Figure([go.Scatter(x=[1], y=[1], name=f"A rather long legend entry number {i}") for i in range(12)])
    assert base_layout(many, title="t").layout.margin.t > base_layout(few, title="t").layout.margin.t


def test_an_ordered_categorical_keeps_its_order():
    bands = pd.Series(pd.Categorical(["65+", "16-64"], categories=["16-64", "65+", "Other"], ordered=True))
    assert age_order(bands) == ["16-64", "65+"]
