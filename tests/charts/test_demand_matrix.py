"""charts.matrix.demand_matrix: discrete comparison colours over category codes, values in cells."""

import numpy as np
import pandas as pd

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


def cells(fig):
    """The grid as a reader sees it, over the one heatmap per category: per cell the category (by its fill
    colour), the printed text and the hover; None, "" and None where no layer covers the cell."""
    layers = [t for t in fig.data if t.type == "heatmap"]
    by_colour = {v: k for k, v in COMPARISON.items()}
    shape = (len(layers[0].z), len(layers[0].z[0]))
    grid = [[(None, "", None) for _ in range(shape[1])] for _ in range(shape[0])]
    for layer in layers:
        assert layer.colorscale[0][1] == layer.colorscale[-1][1]  # one flat colour per layer
        for i in range(shape[0]):
            for j in range(shape[1]):
                if layer.z[i][j] is not None:
                    assert grid[i][j][0] is None, "two layers cover one cell"
                    grid[i][j] = (by_colour[layer.colorscale[0][1]], layer.text[i][j], layer.hovertext[i][j])
    return grid


def test_heatmap_of_category_codes_with_discrete_colours():
    fig = demand_matrix(long_frame(), title="Demand")
    hm = heatmap(fig)
    assert list(hm.y) == ["Chorley East", "Euxton"]
    assert [x.replace("<br>", " ") for x in hm.x] == ["Debt advice", "Food parcels", "Burglary"]  # a partner's side by side
    assert [[c[0] for c in row] for row in cells(fig)] == [["similar", "worse", "suppressed"],
                                                         ["similar", "better", None]]
    assert {t.colorscale[0][1] for t in fig.data if t.type == "heatmap"} == {
        COMPARISON[c] for c in ("similar", "worse", "suppressed", "better")}


def test_cells_print_value_or_supp():
    fig = demand_matrix(long_frame(), title="Demand")
    assert [[c[1] for c in row] for row in cells(fig)] == [["6.1", "14.2", "supp."], ["5.0", "3.0", ""]]
    assert heatmap(fig).texttemplate == "%{text}"


def test_hover_names_indicator_ward_value_comparison():
    grid = cells(demand_matrix(long_frame(), title="Demand", borough_name="Chorley"))
    assert grid[0][1][2] == ("<b>Food parcels</b><br>Citizens Advice<br>Ward: Chorley East<br>"
                             "14.2 per 1,000 residents<br>Significantly worse than Chorley")
    assert grid[0][2][2].endswith("suppressed (small number)") and "nan" not in grid[0][2][2]
    assert grid[1][2] == (None, "", None)  # no data: no fill, no text, no hover


def test_legend_entries_for_categories_present():
    fig = demand_matrix(long_frame(), title="Demand")
    legend = [t.name for t in fig.data if t.type == "scatter"]
    assert legend == ["Worse than the borough", "Similar to the borough", "Better than the borough",
                      "Suppressed (small numbers)"]


def test_without_partner_column_and_empty():
    hm = heatmap(demand_matrix(long_frame().drop(columns="partner"), title="Demand"))
    assert [x.replace("<br>", " ") for x in hm.x] == ["Debt advice", "Burglary", "Food parcels"]  # as they come
    assert demand_matrix(long_frame().iloc[0:0], title="Demand").layout.annotations[0].text == "No data"


def test_a_suppressed_cell_is_never_printed_as_a_value_even_if_one_came_with_it():
    frame = long_frame()
    frame.loc[1, "value"] = 0.0
    cell = cells(demand_matrix(frame, title="Demand"))[0][2]
    assert cell[1] == "supp." and cell[2].endswith("suppressed (small number)")
    assert "0.0" not in cell[2]


def test_legend_names_the_comparator_the_view_passes():
    fig = demand_matrix(long_frame(), title="Demand", borough_name="its district")
    assert [t.name for t in fig.data if t.type == "scatter"][0] == "Worse than its district"
    assert fig.layout.legend.yanchor == "top"  # under the grid: the indicator names take the top


def test_many_columns_stand_upright_in_a_band_above_the_grid_so_they_never_overlap():
    base = long_frame()
    frames = [base.assign(indicator_id=f"x{i}", indicator_title=f"Indicator number {i} with a long name")
              for i in range(13)]
    fig = demand_matrix(pd.concat(frames, ignore_index=True), title="Demand")
    assert fig.layout.xaxis.tickangle == -90 and not any("<br>" in x for x in heatmap(fig).x)
    assert fig.layout.margin.t >= 6 * len("Indicator number 12 with a long name")  # the band fits the longest
    few = demand_matrix(base, title="Demand")
    assert few.layout.xaxis.tickangle == 0  # three columns fit side by side, wrapped
