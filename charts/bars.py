"""Fingertips-style "compare areas" bars: one horizontal bar per ward, sorted by value, coloured by the
comparison with the borough, with 95% confidence intervals and a vertical line at the borough value.

The borough line is labelled in the legend with its value. Suppressed wards get no bar (never a bar of zero): they are listed at the bottom with a grey label.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.common import (
    CATEGORY_ORDER,
    SUPPRESSED_HOVER,
    base_layout,
    borough_name,
    borough_row,
    capitalise,
    comparison_category,
    comparison_label,
    comparison_sentence,
    empty_figure,
    label,
    value_with_ci,
    ward_rows,
)
from charts.palette import BOROUGH, COMPARISON, TEXT_MUTED
from metrics.narrative import format_number


def _hover(row: pd.Series, unit: str, borough: str) -> str:
    lines = [f"<b>{label(row['area_name'])}</b>", value_with_ci(row, unit)]
    if pd.notna(row.get("count")):
        lines.append(f"Count: {int(row['count']):,}")
    lines.append(comparison_sentence(row["category"], borough))
    return "<br>".join(lines)


def ward_comparison_bars(frame: pd.DataFrame, *, title: str, unit: str) -> go.Figure:
    """Horizontal bars of each ward's value (highest at the top) with error bars and the borough line."""
    rows = ward_rows(frame)
    if rows.empty:
        return empty_figure("No data", title=title)
    borough = borough_name(frame)
    rows = rows.assign(category=comparison_category(rows))
    hidden = rows[(rows["category"] == "suppressed") | rows["value"].isna()]
    shown = rows.drop(hidden.index).sort_values("value")
    # Bottom to top: hidden wards (alphabetical), then the shown wards from lowest to highest.
    order = [label(n) for n in [*hidden["area_name"].sort_values(ascending=False), *shown["area_name"]]]

    fig = go.Figure()
    for category in CATEGORY_ORDER:
        group = shown[shown["category"] == category]
        if group.empty:
            continue
        fig.add_trace(go.Bar(
            x=group["value"], y=group["area_name"].map(label), orientation="h", name=comparison_label(category, borough),
            marker={"color": COMPARISON[category], "line": {"color": "#666666", "width": 0.5}},
            error_x={"type": "data", "symmetric": False, "array": group["upper_ci"] - group["value"],
                     "arrayminus": group["value"] - group["lower_ci"], "color": "#333333", "thickness": 1},
            hovertext=[_hover(r, unit, borough) for _, r in group.iterrows()], hoverinfo="text"))
    if not hidden.empty:
        notes = ["suppressed" if c == "suppressed" else "no value" for c in hidden["category"]]
        fig.add_trace(go.Scatter(
            x=[0] * len(hidden), y=hidden["area_name"].map(label), mode="text", text=notes, textposition="middle right",
            textfont={"color": TEXT_MUTED}, name=comparison_label("suppressed", borough),
            hovertext=[f"<b>{label(n)}</b><br>{SUPPRESSED_HOVER if c == 'suppressed' else 'no value'}"
                       for n, c in zip(hidden["area_name"], hidden["category"], strict=True)],
            hoverinfo="text"))

    reference = borough_row(frame)
    if reference is not None and pd.notna(reference["value"]):
        # A trace on a hidden 0-1 axis, so the line spans every row, has a legend entry and a hover.
        line_name = f"{label(borough)}: {format_number(float(reference['value']))}"
        fig.add_trace(go.Scatter(x=[reference["value"]] * 2, y=[0, 1], yaxis="y2", mode="lines", name=line_name,
                                 line={"color": BOROUGH, "width": 1.5, "dash": "dash"},
                                 hovertext=f"<b>{label(borough)}</b><br>{value_with_ci(reference, unit)}", hoverinfo="text"))
        fig.update_layout(yaxis2={"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True})
    fig.update_yaxes(categoryorder="array", categoryarray=order, title=None)
    fig.update_xaxes(title=capitalise(unit), rangemode="tozero")
    fig.update_layout(barmode="overlay", bargap=0.25, hovermode="closest")
    return base_layout(fig, title=title, height=140 + 26 * len(order))
