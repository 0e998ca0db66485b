"""charts.inequality.decile_chart: bars by IMD decile with CIs and the fitted SII line.

The frames are views/inequalities.groups(): the deprivation-decile areas' rows with `decile` (an area per
national IMD decile, code "imd-decile-N"), or, with too few deciles, the wards ranked by IMD score with
`group` (1 = most deprived) and `wards` (their names).
"""

import numpy as np
import pandas as pd

from charts.inequality import X_TITLE, decile_chart
from tests.charts.conftest import view_frame

UNIT = "per 1,000 residents"


def deciles() -> pd.DataFrame:
    value = np.array([14.0, 12.0, 11.0, 9.0, 8.0, 7.0, 6.5, 5.0])
    suppressed = [False] * 7 + [True]
    rows = [{"area_code": f"imd-decile-{d}", "area_name": f"IMD decile {d}", "area_type": "deprivation",
             "parent_code": "E07000118", "parent_name": "Chorley", "reference": False, "period": "2021-Q4",
             "value": np.nan if s else v, "lower_ci": np.nan if s else v - 1, "upper_ci": np.nan if s else v + 1.5,
             "count": pd.NA if s else int(v * 10), "denominator": 10_000.0, "suppressed": s}
            for d, v, s in zip(range(2, 10), value, suppressed, strict=True)]
    frame = view_frame(rows)
    return frame.assign(decile=frame["area_code"].str.removeprefix("imd-decile-").astype(int))


SII = {"value": 9.3, "lower_ci": 6.1, "upper_ci": 12.5, "fitted_most_deprived": 14.5, "fitted_least_deprived": 5.2}


def test_bars_with_ci_and_axis_labels():
    fig = decile_chart(deciles(), title="Food parcels by deprivation", unit=UNIT)
    bars = fig.data[0]
    assert list(bars.x) == [2, 3, 4, 5, 6, 7, 8]
    assert list(bars.y) == [14.0, 12.0, 11.0, 9.0, 8.0, 7.0, 6.5]
    assert bars.error_y.symmetric is False and list(bars.error_y.array) == [1.5] * 7
    assert list(bars.error_y.arrayminus) == [1.0] * 7
    assert fig.layout.xaxis.title.text == X_TITLE == "IMD decile (1 = most deprived 10% in England)"
    assert list(fig.layout.xaxis.tickvals) == list(range(1, 11))
    assert bars.hovertext[0] == "<b>Decile 2</b><br>14.0 per 1,000 residents (95% CI 13.0 to 15.5)"


def test_suppressed_decile_labelled_not_drawn():
    fig = decile_chart(deciles(), title="t", unit=UNIT)
    assert 9 not in list(fig.data[0].x)
    label = next(t for t in fig.data if t.type == "scatter")
    assert list(label.x) == [9] and list(label.text) == ["supp."]
    assert list(label.hovertext) == ["Decile 9: suppressed (small number)"]


def test_rows_in_any_order_are_drawn_by_decile():
    fig = decile_chart(deciles().iloc[::-1], title="t", unit=UNIT)
    assert list(fig.data[0].x) == [2, 3, 4, 5, 6, 7, 8]


def test_sii_line_spans_the_deciles_present():
    fig = decile_chart(deciles(), title="t", unit=UNIT, sii=SII)
    line = fig.data[-1]
    assert list(line.x) == [1.5, 9.5] and list(line.y) == [14.5, 5.2]
    assert line.name == "Slope index of inequality: 9.3 (95% CI 6.1 to 12.5)"

    def has_line(figure):
        return any(str(t.name).startswith("Slope index") for t in figure.data)

    assert not has_line(decile_chart(deciles(), title="t", unit=UNIT))  # no line without sii
    assert not has_line(decile_chart(deciles(), title="t", unit=UNIT, sii={**SII, "fitted_least_deprived": np.nan}))


def test_a_decile_without_wards_is_said_to_be_empty():
    fig = decile_chart(deciles(), title="t", unit=UNIT)
    empty = next(t for t in fig.data if t.name == "No ward in this decile")
    present = set(deciles()["decile"])
    assert list(empty.x) == [d for d in range(1, 11) if d not in present] and set(empty.text) == {"no wards"}


def test_empty_deciles():
    assert decile_chart(deciles().iloc[0:0], title="t", unit=UNIT).layout.annotations[0].text == "No data"


def wards() -> pd.DataFrame:
    """The wards ranked by IMD score, as the view groups them when fewer than five deciles are present."""
    frame = deciles().drop(columns="decile")
    names = [f"Ward {c}" for c in "ABCDEFGH"]
    frame = frame.assign(area_code=[f"E0500000{i}" for i in range(8)], area_name=names, area_type="ward",
                         imd_score=np.linspace(40, 10, 8))
    return frame.assign(group=range(1, 9), wards=frame["area_name"])


def test_grouped_by_ward_when_too_few_deciles():
    fig = decile_chart(wards(), title="t", unit=UNIT)
    assert fig.layout.xaxis.title.text == "Wards ranked by IMD score (1 = most deprived)"
    assert list(fig.layout.xaxis.ticktext) == [f"Ward {c}" for c in "ABCDEFGH"]
    assert fig.data[0].hovertext[0].startswith("<b>Ward A</b><br>14.0 per 1,000 residents")


def test_a_suppressed_ward_is_named_in_its_hover_not_called_a_decile():
    label = next(t for t in decile_chart(wards(), title="t", unit=UNIT).data if t.type == "scatter")
    assert list(label.x) == [8] and list(label.text) == ["supp."]
    assert list(label.hovertext) == ["Ward H: suppressed (small number)"]
