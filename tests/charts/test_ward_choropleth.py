"""charts.map.ward_choropleth: offline filled polygons, colours by category, hover, suppression."""

import pandas as pd
import pytest

from charts.map import ward_choropleth
from charts.palette import COMPARISON, QUINTILES
from tests.charts.conftest import indicator_rows

UNIT = "per 1,000 residents"


def ward_traces(fig):
    return [t for t in fig.data if t.fill == "toself"]


def by_hover_name(fig):
    return {t.text.split("</b>")[0].removeprefix("<b>"): t for t in ward_traces(fig)}


def test_one_filled_trace_per_ward_coloured_by_comparison(indicator_frame, shapes, outline):
    fig = ward_choropleth(indicator_frame, shapes, title="Food parcels", unit=UNIT, outline=outline)
    wards = by_hover_name(fig)
    assert len(wards) == 6
    assert all(t.hoveron == "fills" and t.hoverinfo == "text" for t in wards.values())
    assert wards["Chorley East"].fillcolor == COMPARISON["worse"]
    assert wards["Adlington & Anderton"].fillcolor == COMPARISON["better"]
    assert wards["Euxton"].fillcolor == COMPARISON["similar"]
    assert wards["Clayton West"].fillcolor == COMPARISON["suppressed"]
    assert wards["Wheelton"].text == "<b>Wheelton</b><br>No data"


def test_offline_no_geo_or_tiles_and_aspect_locked(indicator_frame, shapes):
    fig = ward_choropleth(indicator_frame, shapes, title="t", unit=UNIT)
    assert {t.type for t in fig.data} == {"scatter"}
    assert not {"geo", "map", "mapbox"} & set(fig.to_plotly_json()["layout"])
    assert fig.layout.yaxis.scaleanchor == "x"
    assert fig.layout.yaxis.scaleratio == pytest.approx(1 / 0.5935, rel=0.01)  # 1/cos(53.6 degrees)
    assert fig.layout.xaxis.visible is False


def test_hover_has_value_ci_count_comparison_and_trend(indicator_frame, shapes):
    text = by_hover_name(ward_choropleth(indicator_frame, shapes, title="t", unit=UNIT))["Chorley East"].text
    assert text == ("<b>Chorley East</b><br>14.2 per 1,000 residents (95% CI 11.0 to 18.1)<br>Count: 52<br>"
                    "Significantly worse than Chorley<br>Recent trend: increasing and getting worse")


def test_suppressed_ward_is_grey_and_says_so(indicator_frame, shapes):
    ward = by_hover_name(ward_choropleth(indicator_frame, shapes, title="t", unit=UNIT))["Clayton West"]
    assert ward.text == "<b>Clayton West</b><br>suppressed (small number)"
    assert ward.name == "Suppressed (small numbers)"


def test_legend_shows_each_category_present_once(indicator_frame, shapes):
    fig = ward_choropleth(indicator_frame, shapes, title="t", unit=UNIT)
    legend = [t.name for t in ward_traces(fig) if t.showlegend]
    assert sorted(legend) == sorted(["Worse than Chorley", "Better than Chorley", "Similar to Chorley",
                                     "Suppressed (small numbers)", "No data"])


def test_hole_is_its_own_ring_and_enclave_drawn_after(indicator_frame, shapes):
    fig = ward_choropleth(indicator_frame, shapes, title="t", unit=UNIT)
    names = [t.text.split("</b>")[0][3:] for t in ward_traces(fig)]
    assert names.index("Chorley East") < names.index("Clayton West")
    assert by_hover_name(fig)["Chorley East"].x.count(None) == 2  # exterior and hole


def test_representative_points_carry_hover_and_codes(indicator_frame, shapes):
    fig = ward_choropleth(indicator_frame, shapes, title="t", unit=UNIT)
    points = [t for t in fig.data if t.mode == "markers"]
    # one invisible layer of click points filling every ward (at least its representative point), each with
    # the ward's code and the ward's own hover
    assert len(points) == 1 and points[0].marker.opacity == 0
    codes = [f["properties"]["area_code"] for f in shapes["features"]]
    assert set(points[0].customdata) == set(codes) and len(points[0].customdata) >= len(codes)
    hover = {t.text.split("</b>")[0][3:]: t.text for t in ward_traces(fig)}
    names = {f["properties"]["area_code"]: f["properties"].get("area_name") for f in shapes["features"]}
    for code, text in zip(points[0].customdata, points[0].text, strict=True):
        assert text == hover[names[code]]


def test_outline_drawn_as_a_line(indicator_frame, shapes, outline):
    fig = ward_choropleth(indicator_frame, shapes, title="t", unit=UNIT, outline=outline)
    lines = [t for t in fig.data if t.mode == "lines" and t.fill is None]
    assert len(lines) == 1 and lines[0].line.color == "#000000"


def test_quintiles_use_sequential_blues_and_keep_suppressed_grey(indicator_frame, shapes):
    wards = by_hover_name(ward_choropleth(indicator_frame, shapes, title="t", unit=UNIT, colour_by="quintile"))
    assert wards["Chorley East"].fillcolor == QUINTILES[4]
    assert wards["Adlington & Anderton"].fillcolor == QUINTILES[1]
    assert wards["Clayton West"].fillcolor == COMPARISON["suppressed"]
    assert wards["Chorley East"].name == "Highest fifth: 14.2 to 14.2"


def test_bad_colour_by_raises(indicator_frame, shapes):
    with pytest.raises(ValueError, match="colour_by must be 'comparison' or 'quintile'"):
        ward_choropleth(indicator_frame, shapes, title="t", unit=UNIT, colour_by="rainbow")


@pytest.mark.parametrize("which", ["frame", "shapes"])
def test_empty_input_gives_no_data_figure(indicator_frame, shapes, which):
    frame = indicator_frame.iloc[0:0] if which == "frame" else indicator_frame
    fig = ward_choropleth(frame, {"features": []} if which == "shapes" else shapes, title="t", unit=UNIT)
    assert fig.layout.annotations[0].text == "No data"


def test_the_reference_area_is_named_in_the_legend_and_never_drawn_as_a_ward(indicator_frame, shapes):
    district = {"type": "Feature", "properties": {"area_code": "E07000118", "area_name": "Chorley"},
                "geometry": {"type": "Polygon", "coordinates": [[[-2.5, 53.6], [-2.4, 53.6], [-2.4, 53.7],
                                                                 [-2.5, 53.6]]]}}
    with_district = {"features": [*shapes["features"], district]}
    fig = ward_choropleth(indicator_frame, with_district, title="t", unit=UNIT)
    # the district's own shape has no ward row: drawn as no data, not coloured as a comparison with itself
    assert by_hover_name(fig)["Chorley"].text == "<b>Chorley</b><br>No data"
    # the legend names the wards' comparator, their parent (the values compare each ward with its district)
    renamed = indicator_frame.assign(parent_name=indicator_frame["parent_name"].where(indicator_frame["reference"],
                                                                                      "South Ribble"))
    legend = [t.name for t in ward_traces(ward_choropleth(renamed, shapes, title="t", unit=UNIT)) if t.showlegend]
    assert "Worse than South Ribble" in legend


def test_without_a_reference_row_the_comparator_is_the_partnership(indicator_frame, shapes):
    wards_only = indicator_frame[~indicator_frame["reference"]].drop(columns=["parent_code", "parent_name"])
    text = by_hover_name(ward_choropleth(wards_only, shapes, title="t", unit=UNIT))["Chorley East"].text
    assert text.endswith("Significantly worse than the partnership<br>Recent trend: increasing and getting worse")


def test_a_zero_value_is_drawn_but_a_suppressed_one_is_not_a_zero(shapes):
    wards = [("Chorley East", "E05000001", 0.0, 0.0, 2.5, 0, "better", "cannot be calculated", False),
             ("Clayton West", "E05000004", float("nan"), float("nan"), float("nan"), pd.NA, "not compared",
              "cannot be calculated", True)]
    fig = ward_choropleth(indicator_rows(wards), shapes, title="t", unit=UNIT, colour_by="quintile")
    shown = by_hover_name(fig)
    assert shown["Chorley East"].fillcolor == QUINTILES[4] and "0.0 per 1,000 residents" in shown["Chorley East"].text
    assert "Count: 0" in shown["Chorley East"].text
    assert shown["Clayton West"].fillcolor == COMPARISON["suppressed"] and "0.0" not in shown["Clayton West"].text


def test_wards_of_two_districts_are_each_compared_with_their_own(indicator_frame, shapes):
    """With the partnership's two districts on one map the legend says 'its district' and each hover names the
    ward's own district (the comparison the values hold is with the parent), never the partnership."""
    frame = indicator_frame.copy()
    euxton = frame["area_name"] == "Euxton"
    frame.loc[euxton, ["parent_code", "parent_name"]] = ["E07000126", "South Ribble"]
    fig = ward_choropleth(frame, shapes, title="t", unit=UNIT)
    legend = {t.name for t in ward_traces(fig) if t.showlegend}
    assert {"Worse than its district", "Better than its district", "Similar to its district"} <= legend
    wards = by_hover_name(fig)
    assert "<br>Similar to South Ribble (no significant difference)<br>" in wards["Euxton"].text
    assert "Significantly worse than Chorley" in wards["Chorley East"].text
