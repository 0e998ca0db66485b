"""The demand matrix: wards down the side, indicators across the top, each cell coloured by the ward's
comparison with the borough and printed with its value ("supp." where suppressed).

Drawn as one `go.Heatmap` per comparison category present (charts.common.category_cells), so that each
category's text can take the colour that reads on its fill; the legend comes from one empty marker trace per
category present, since a heatmap has no legend of its own.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.common import (
    FULL_WIDTH,
    SUPPRESSED_HOVER,
    base_layout,
    comparison_category,
    comparison_grid,
    comparison_sentence,
    empty_figure,
    label,
)
from metrics.narrative import format_number, format_value


def _cell_hover(row: pd.Series, borough: str) -> str:
    lines = [f"<b>{row['indicator_title']}</b>"]
    if isinstance(row.get("partner"), str):
        lines.append(row["partner"])
    lines.append(f"Ward: {label(row['area_name'])}")
    if row["category"] == "suppressed":
        lines.append(SUPPRESSED_HOVER)
        return "<br>".join(lines)
    lines.append(format_value(row["value"], str(row.get("unit", ""))) if pd.notna(row["value"]) else "no value")
    lines.append(comparison_sentence(row["category"], borough))
    return "<br>".join(lines)


def demand_matrix(frame: pd.DataFrame, *, title: str, borough_name: str = "the borough") -> go.Figure:
    """Ward-by-indicator grid of comparison colours with the value printed in each cell."""
    if frame.empty:
        return empty_figure("No data", title=title)
    frame = frame.assign(category=comparison_category(frame))
    frame["text"] = np.where(frame["category"] == "suppressed", "supp.",
                             [format_number(v) if pd.notna(v) else "" for v in frame["value"]])
    frame["hover"] = [_cell_hover(r, borough_name) for _, r in frame.iterrows()]
    indicators = frame.drop_duplicates("indicator_title")
    if "partner" in frame:  # each partner's indicators side by side, partners in the order they come
        rank = {p: i for i, p in enumerate(dict.fromkeys(frame["partner"]))}
        indicators = indicators.sort_values("partner", key=lambda s: s.map(rank), kind="stable")
    columns = indicators["indicator_title"].tolist()
    wards = list(dict.fromkeys(frame["area_name"]))
    fig = comparison_grid(frame, row="area_name", column="indicator_title", rows=wards, columns=columns,
                          x=[column_label(c) for c in columns], y=[label(w) for w in wards], name="Demand matrix",
                          against=borough_name)
    # Column labels are horizontal and wrapped (rotated labels ran into the title, on screen and in the pack):
    # the top margin is sized to the lines they take, and the legend goes underneath.
    # When the wrapped headings would not fit side by side at the narrowest width the chart is read at (820 px at
    # 1280x720, less the ward names), they stand upright, one line each, in a band sized to the longest.
    upright = len(columns) * COLUMN_PX > FULL_WIDTH - WARD_NAMES_PX
    if upright:
        texts = [label(textwrap.shorten(c, UPRIGHT_CHARS, placeholder="…")) for c in columns]
        top = 8 + round(6.2 * max(len(c) for c in texts))
    else:
        texts = [column_label(c) for c in columns]
        top = 8 + 15 * max(t.count("<br>") + 1 for t in texts)
    fig.update_traces(x=texts, selector={"type": "heatmap"})
    fig.update_xaxes(side="top", tickangle=-90 if upright else 0, showgrid=False, fixedrange=True,
                     categoryorder="array", categoryarray=texts, tickfont={"size": 11})
    fig.update_yaxes(autorange="reversed", showgrid=False, fixedrange=True, categoryorder="array",
                     categoryarray=[label(w) for w in wards])
    return base_layout(fig, title=title, height=192 + 30 * len(wards) + top, legend="below", top_extra=top)


COLUMN_PX = 64  # px a heading wrapped at 12 characters takes at 11 px
WARD_NAMES_PX = 250  # px the ward names take on the left
UPRIGHT_CHARS = 38


def column_label(title: str, width: int = 12) -> str:
    """An indicator name wrapped onto short lines (at most four) for a column heading."""
    lines = textwrap.wrap(label(title), width) or [""]
    if len(lines) > 4:
        lines = [*lines[:3], textwrap.shorten(" ".join(lines[3:]), width, placeholder="…")]
    return "<br>".join(lines)
