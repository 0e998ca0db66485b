"""Compare areas (as FingertipsNext's compare-areas view): the chosen areas side by side.

- `interval_chart`: one indicator, one row per area: its value with the 95% interval, coloured by its comparison
  with its own comparator, whose value is a black tick on the same row (areas of different types are compared
  with different areas: a ward with its district, a district with the partnership).
- `compare_grid`: every indicator (rows, grouped by theme) x the chosen areas (columns), each cell coloured by
  the area's comparison with its comparator and printed with its value and interval.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.common import (
    CATEGORY_ORDER,
    SUPPRESSED_HOVER,
    base_layout,
    capitalise,
    comparison_category,
    comparison_grid,
    comparison_label,
    comparison_sentence,
    empty_figure,
    label,
    value_with_ci,
)
from charts.matrix import column_label
from charts.palette import BOROUGH, COMPARISON
from metrics.narrative import format_interval, format_number, format_value


def _parent_phrase(row: pd.Series) -> str:
    return str(row.get("parent_name") or "its comparator")


def interval_chart(frame: pd.DataFrame, *, title: str, unit: str) -> go.Figure:
    """Each area's value and 95% interval (dot and line), coloured by comparison with its comparator (tick)."""
    if frame.empty:
        return empty_figure("No data", title=title)
    frame = frame.assign(category=comparison_category(frame)).reset_index(drop=True)
    names = [label(n) for n in frame["area_name"]]
    fig = go.Figure()
    parents = frame["parent_value"].notna()
    if parents.any():
        fig.add_trace(go.Scatter(
            x=frame.loc[parents, "parent_value"], y=[names[i] for i in frame.index[parents]], mode="markers",
            name="Its comparator's value", marker={"symbol": "line-ns-open", "size": 22, "color": BOROUGH,
                                                    "line": {"width": 3, "color": BOROUGH}},
            hovertext=[f"{label(_parent_phrase(r))}: {format_value(r['parent_value'], unit)}"
                       for _, r in frame[parents].iterrows()], hoverinfo="text"))
    shown = frame["value"].notna() & (frame["category"] != "suppressed")
    for category in CATEGORY_ORDER:
        rows = shown & (frame["category"] == category)
        if not rows.any():
            continue
        part = frame[rows]
        fig.add_trace(go.Scatter(
            x=part["value"], y=[names[i] for i in part.index], mode="markers",
            name=comparison_label(category, "its comparator"),
            error_x={"type": "data", "symmetric": False, "array": (part["upper_ci"] - part["value"]).fillna(0),
                     "arrayminus": (part["value"] - part["lower_ci"]).fillna(0), "color": "#333333",
                     "thickness": 1.5, "width": 6},
            marker={"color": COMPARISON[category], "size": 14, "line": {"color": "#333333", "width": 1}},
            hovertext=[f"<b>{label(r['area_name'])}</b><br>{value_with_ci(r, unit)}<br>"
                       f"{comparison_sentence(r['category'], label(_parent_phrase(r)))}" for _, r in part.iterrows()],
            hoverinfo="text"))
    hidden = frame[~shown]
    if len(hidden):
        low = float(np.nanmin(frame[["value", "lower_ci", "parent_value"]].to_numpy(dtype=float)))
        fig.add_trace(go.Scatter(
            x=[0 if np.isnan(low) else low] * len(hidden), y=[names[i] for i in hidden.index], mode="text",
            text=["suppressed (small numbers)" if c == "suppressed" else "no value" for c in hidden["category"]],
            textposition="middle right", showlegend=False, hoverinfo="text",
            hovertext=[SUPPRESSED_HOVER if c == "suppressed" else "no value" for c in hidden["category"]]))
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=names)
    fig.update_xaxes(title=capitalise(unit), rangemode="tozero")
    fig.update_layout(hovermode="closest")
    return base_layout(fig, title=title, height=170 + 48 * len(frame))


def _cell(row: pd.Series) -> tuple[str, str]:
    """(text in the cell, hover) for one indicator x area."""
    unit = str(row.get("unit", ""))
    if row["category"] == "suppressed":
        return "supp.", f"<b>{label(row['indicator_title'])}</b><br>{label(row['area_name'])}: {SUPPRESSED_HOVER}"
    if pd.isna(row["value"]):
        return "", f"<b>{label(row['indicator_title'])}</b><br>{label(row['area_name'])}: no value"
    text = format_number(row["value"])
    if pd.notna(row.get("lower_ci")) and pd.notna(row.get("upper_ci")):
        ends = format_interval(row["lower_ci"], row["upper_ci"], like=row["value"]).replace(" to ", "–")
        text += f"<br><span style='font-size:10px'>{ends}</span>"
    hover = (f"<b>{label(row['indicator_title'])}</b> ({label(row['period_label'])})<br>{label(row['area_name'])}: "
             f"{value_with_ci(row, unit)}<br>{comparison_sentence(row['category'], label(_parent_phrase(row)))}")
    return text, hover


def compare_grid(frame: pd.DataFrame, *, title: str, areas: list[str]) -> go.Figure:
    """Indicators down, chosen areas across: each cell coloured by the area's comparison with its comparator."""
    if frame.empty:
        return empty_figure("No data", title=title)
    frame = frame.assign(category=comparison_category(frame))
    cells = [_cell(r) for _, r in frame.iterrows()]
    frame["text"], frame["hover"] = [c[0] for c in cells], [c[1] for c in cells]
    frame["row"] = frame["indicator_title"]
    rows = list(dict.fromkeys(frame["row"]))
    fig = comparison_grid(frame, row="row", column="area_name", rows=rows, columns=areas,
                          x=[column_label(a) for a in areas], y=[label(r) for r in rows], name="Compare areas",
                          against="its comparator", font_size=12)
    lines = max(column_label(a).count("<br>") + 1 for a in areas)
    fig.update_xaxes(side="top", showgrid=False, fixedrange=True, categoryorder="array",
                     categoryarray=[column_label(a) for a in areas])
    fig.update_yaxes(autorange="reversed", showgrid=False, fixedrange=True, categoryorder="array",
                     categoryarray=[label(r) for r in rows])
    return base_layout(fig, title=title, height=200 + 40 * len(rows) + 15 * lines, legend="below",
                       top_extra=8 + 15 * lines)
