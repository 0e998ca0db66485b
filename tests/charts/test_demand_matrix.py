"""charts.matrix.demand_matrix: discrete comparison colours over category codes, values in cells."""

import numpy as np
import pandas as pd

from charts.common import CATEGORY_ORDER
from charts.matrix import demand_matrix
from charts.palette import COMPARISON


def long_frame() -> pd.DataFrame:
    """Two wards by three indicators from three partners; one cell suppressed, one missing."""
    return pd.DataFrame({
        "area_name": ["Chorley East", "Chorley East", "Chorley East", "Euxton", "Euxton"],
        "indicator_title": ["Debt advice", "Burglary", "Food parcels", "Food parcels", "Debt advice"],
        "partner": ["Citizens Advice", "Police", "Citizens Advice", "Citizens Advice", "Citizens Advice"],
        "value": [6.1, np.nan, 14.2, 3.0, 5.0],
        "comparison": ["similar", "not compared", "worse", "better", "similar"],
        "suppressed": [False, True, False, False, False],
        "unit": ["per 1,000 residents aged 18+", "per 1,000 residents", "per 1,000 residents",
                 "per 1,000 residents", "per 1,000 residents aged 18+"],
    })


def heatmap(fig):
    return next(t for t in fig.data if t.type == "heatmap")


def test_heatmap_of_category_codes_with_discrete_colours():
    hm = heatmap(demand_matrix(long_frame(), title="Demand"))
    codes = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    assert list(hm.y) == ["Chorley East", "Euxton"]
    assert list(hm.x) == ["Debt advice", "Food parcels", "Burglary"]  # a partner's indicators side by side
    assert [list(r) for r in hm.z] == [[codes["similar"], codes["worse"], codes["suppressed"]],
                                       [codes["similar"], codes["better"], None]]
    assert (hm.zmin, hm.zmax) == (-0.5, len(CATEGORY_ORDER) - 0.5)
    # each category owns one flat band of the colour scale
    scale = [tuple(stop) for stop in hm.colorscale]
    band = 1 / len(CATEGORY_ORDER)
    worse = codes["worse"]
    assert (worse * band, COMPARISON["worse"]) in scale and ((worse + 1) * band, COMPARISON["worse"]) in scale


def test_cells_print_value_or_supp():
    hm = heatmap(demand_matrix(long_frame(), title="Demand"))
    assert [list(r) for r in hm.text] == [["6.1", "14.2", "supp."], ["5.0", "3.0", ""]]
    assert hm.texttemplate == "%{text}"


def test_hover_names_indicator_ward_value_comparison():
    hm = heatmap(demand_matrix(long_frame(), title="Demand", borough_name="Chorley"))
    assert hm.hovertext[0][1] == ("<b>Food parcels</b><br>Citizens Advice<br>Ward: Chorley East<br>"
                                  "14.2 per 1,000 residents<br>Significantly worse than Chorley")
    assert hm.hovertext[0][2].endswith("suppressed (small number)") and "nan" not in hm.hovertext[0][2]
    assert hm.hovertext[1][2] == "No data"


def test_legend_entries_for_categories_present():
    fig = demand_matrix(long_frame(), title="Demand")
    legend = [t.name for t in fig.data if t.type == "scatter"]
    assert legend == ["Worse than the borough", "Similar to the borough", "Better than the borough",
                      "Suppressed (small numbers)"]


def test_without_partner_column_and_empty():
    hm = heatmap(demand_matrix(long_frame().drop(columns="partner"), title="Demand"))
    assert list(hm.x) == ["Debt advice", "Burglary", "Food parcels"]  # as they come
    assert demand_matrix(long_frame().iloc[0:0], title="Demand").layout.annotations[0].text == "No data"
