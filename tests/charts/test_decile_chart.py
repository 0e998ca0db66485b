"""charts.inequality.decile_chart: bars by IMD decile with CIs and the fitted SII line."""

import numpy as np
import pandas as pd

from charts.inequality import X_TITLE, decile_chart

UNIT = "per 1,000 residents"


def deciles() -> pd.DataFrame:
    value = np.array([14.0, 12.0, 11.0, 9.0, 8.0, 7.0, 6.5, 5.0])
    return pd.DataFrame({"decile": range(2, 10), "value": value, "lower_ci": value - 1, "upper_ci": value + 1.5,
                         "suppressed": [False] * 7 + [True]}).assign(
        value=lambda d: d["value"].mask(d["suppressed"]))


SII = {"value": 9.3, "lower_ci": 6.1, "upper_ci": 12.5, "fitted_most_deprived": 14.5, "fitted_least_deprived": 5.2}


def test_bars_with_ci_and_axis_labels():
    fig = decile_chart(deciles(), title="Food parcels by deprivation", unit=UNIT)
    bars = fig.data[0]
    assert list(bars.x) == [2, 3, 4, 5, 6, 7, 8]
    assert bars.error_y.symmetric is False and list(bars.error_y.array) == [1.5] * 7
    assert fig.layout.xaxis.title.text == X_TITLE == "IMD decile (1 = most deprived 10% in England)"
    assert list(fig.layout.xaxis.tickvals) == list(range(1, 11))
    assert bars.hovertext[0] == "<b>Decile 2</b><br>14.0 per 1,000 residents (95% CI 13.0 to 15.5)"


def test_suppressed_decile_labelled():
    label = next(t for t in decile_chart(deciles(), title="t", unit=UNIT).data if t.type == "scatter")
    assert list(label.x) == [9] and list(label.text) == ["supp."]


def test_sii_line_spans_the_deciles_present():
    fig = decile_chart(deciles(), title="t", unit=UNIT, sii=SII)
    line = fig.data[-1]
    assert list(line.x) == [1.5, 9.5] and list(line.y) == [14.5, 5.2]
    assert line.name == "Slope index of inequality: 9.3 (95% CI 6.1 to 12.5)"
    assert len(decile_chart(deciles(), title="t", unit=UNIT).data) == 2  # no line without sii


def test_empty_deciles():
    assert decile_chart(deciles().iloc[0:0], title="t", unit=UNIT).layout.annotations[0].text == "No data"


def test_grouped_by_ward_when_too_few_deciles():
    frame = deciles().drop(columns="decile").assign(group=range(1, 9), wards=[f"Ward {c}" for c in "ABCDEFGH"],
                                                    imd_decile=[2, 2, 3, 3, 4, 4, 5, 5])
    fig = decile_chart(frame, title="t", unit=UNIT)
    assert fig.layout.xaxis.title.text == "Wards ranked by IMD score (1 = most deprived)"
    assert list(fig.layout.xaxis.ticktext) == [f"Ward {c}" for c in "ABCDEFGH"]
    assert fig.data[0].hovertext[0].startswith("<b>Ward A</b><br>14.0 per 1,000 residents")
