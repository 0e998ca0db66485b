"""charts.matrix.demand_matrix: discrete comparison colours over category codes, values in cells."""

import numpy as np
import pandas as pd

from charts.common import CATEGORY_ORDER
from charts.matrix import demand_matrix
from charts.palette import COMPARISON
from tests.charts.conftest import view_frame


def long_frame() -> pd.DataFrame:
    """What views/overview.matrix hands the chart: each matrix indicator's ward rows at its default period
    (every column of indicator_values) with the indicator's title, partner, unit and polarity. Two wards by
    three indicators from two partners; one cell suppressed, one missing (Euxton has no burglary row)."""
    cells = [("Chorley East", "E05000001", "ca_debt", 6.1, "similar", False),
             ("Chorley East", "E05000001", "police_burglary", np.nan, "not compared", True),
             ("Chorley East", "E05000001", "ca_food", 14.2, "worse", False),
             ("Euxton", "E05000003", "ca_food", 3.0, "better", False),
             ("Euxton", "E05000003", "ca_debt", 5.0, "similar", False)]
    frame = view_frame([{"area_name": name, "area_code": code, "area_type": "ward", "indicator_id": indicator,
                         "value": value, "comparison": comparison, "suppressed": suppressed,
                         "count": pd.NA if suppressed else 20, "period": "2021-Q4"}
                        for name, code, indicator, value, comparison, suppressed in cells])
    meta = {"ca_debt": ("Debt advice", "Citizens Advice", "per 1,000 residents aged 18+"),
            "police_burglary": ("Burglary", "Police", "per 1,000 residents"),
            "ca_food": ("Food parcels", "Citizens Advice", "per 1,000 residents")}
    frame = frame.drop(columns=["reference", "parent_name"])  # the matrix frame is not `mark`ed
    return frame.assign(indicator_title=frame["indicator_id"].map(lambda i: meta[i][0]),
                        partner=frame["indicator_id"].map(lambda i: meta[i][1]),
                        unit=frame["indicator_id"].map(lambda i: meta[i][2]), polarity="high_is_bad")


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


def test_a_suppressed_cell_is_never_printed_as_a_value_even_if_one_came_with_it():
    frame = long_frame()
    frame.loc[1, "value"] = 0.0
    hm = heatmap(demand_matrix(frame, title="Demand"))
    assert hm.text[0][2] == "supp." and hm.hovertext[0][2].endswith("suppressed (small number)")
    assert "0.0" not in hm.hovertext[0][2]


def test_legend_names_the_comparator_the_view_passes():
    fig = demand_matrix(long_frame(), title="Demand", borough_name="its district")
    assert [t.name for t in fig.data if t.type == "scatter"][0] == "Worse than its district"
    assert fig.layout.legend.yanchor == "top"  # under the grid: the indicator names take the top
