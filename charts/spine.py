"""Fingertips-style spine chart of one ward's profile: one row per indicator, centred on the borough.

Each row is rescaled so that the borough value sits on the centre line and the ward furthest from it
reaches the edge: a light grey bar spans all wards (min to max), a darker bar the middle half (q25 to
q75), and the chosen ward is a circle coloured by its comparison with the borough. Where polarity is
declared high_is_bad the row is flipped, so better is always to the right; no-judgement rows put
higher to the right. The hover gives the real values.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.common import (
    CATEGORY_ORDER,
    HALO,
    SUPPRESSED_HOVER,
    base_layout,
    comparison_category,
    comparison_label,
    comparison_sentence,
    direction_axis,
    empty_figure,
    label,
)
from charts.palette import BOROUGH, COMPARISON, RANGE_DARK, RANGE_LIGHT
from metrics.narrative import format_number, format_value

SPREAD = ("ward_min", "ward_max", "ward_value")


def _scaled(frame: pd.DataFrame) -> pd.DataFrame:
    """Each value as a signed distance from the borough, -1..1 within the row."""
    centre = frame["borough_value"]
    spread = pd.concat([(frame[c] - centre).abs() for c in SPREAD], axis=1).max(axis=1)
    spread = spread.where(np.isfinite(spread) & (spread > 0), 1.0)
    sign = np.where(frame["polarity"] == "high_is_bad", -1.0, 1.0)
    cols = ["ward_min", "ward_q25", "ward_q75", "ward_max", "ward_value"]
    return pd.DataFrame({c: sign * (frame[c] - centre) / spread for c in cols}, index=frame.index)


def _hover(row: pd.Series, ward: str, borough: str) -> str:
    unit = str(row.get("unit", ""))
    value = SUPPRESSED_HOVER if row["category"] == "suppressed" else (
        format_value(row["ward_value"], unit) if pd.notna(row["ward_value"]) else "no value")
    # The comparator's value is missing when it is suppressed or absent, the spread when no ward is shown.
    reference = format_value(row["borough_value"], unit) if pd.notna(row["borough_value"]) else "no value"
    wards = (f"All wards: {format_number(row['ward_min'])} to {format_number(row['ward_max'])} "
             f"(middle half {format_number(row['ward_q25'])} to {format_number(row['ward_q75'])})"
             if pd.notna(row["ward_min"]) else "All wards: no values shown")
    return "<br>".join([f"<b>{row['indicator_title']}</b>", f"{label(ward)}: {value}", f"{label(borough)}: {reference}", wards,
                        comparison_sentence(row["category"], borough)])


def spine_chart(frame: pd.DataFrame, *, title: str, ward_name: str, borough_name: str = "the borough") -> go.Figure:
    """One row per indicator: ward range bars, the ward's circle, the borough as the centre line."""
    if frame.empty:
        return empty_figure("No data", title=title)
    frame = frame.assign(category=comparison_category(frame))
    frame["hover"] = [_hover(r, ward_name, borough_name) for _, r in frame.iterrows()]
    x = _scaled(frame)
    y = frame["indicator_title"]
    fig = go.Figure()
    for low, high, name, colour in (("ward_min", "ward_max", "Range of all wards", RANGE_LIGHT),
                                    ("ward_q25", "ward_q75", "Middle half of wards", RANGE_DARK)):
        left, right = np.fmin(x[low], x[high]), np.fmax(x[low], x[high])
        fig.add_trace(go.Bar(y=y, x=right - left, base=left, orientation="h", name=name, width=0.6,
                             marker={"color": colour}, hovertext=frame["hover"], hoverinfo="text"))
    # A value is placed only against a comparator's value: without one (suppressed or absent) the row says so.
    drawn = frame["ward_value"].notna() & (frame["category"] != "suppressed") & np.isfinite(x["ward_value"])
    for category in CATEGORY_ORDER:
        rows = drawn & (frame["category"] == category)
        if rows.any():
            fig.add_trace(go.Scatter(
                x=x.loc[rows, "ward_value"], y=y[rows], mode="markers",
                name=comparison_label(category, borough_name), hovertext=frame.loc[rows, "hover"],
                hoverinfo="text", marker={"color": COMPARISON[category], "size": 13,
                                          "line": {"color": "#333333", "width": 1}}))
    if (~drawn).any():
        fig.add_trace(go.Scatter(
            x=[0.04] * int((~drawn).sum()), y=y[~drawn], mode="text", textposition="middle right",
            text=["suppressed" if c == "suppressed" else "no value" if pd.isna(v) else f"{format_number(v)} (no "
                  f"{label(borough_name)} value to compare with)"
                  for c, v in zip(frame.loc[~drawn, "category"], frame.loc[~drawn, "ward_value"], strict=True)],
            textfont={"color": "#222222", "shadow": HALO}, hovertext=frame.loc[~drawn, "hover"], hoverinfo="text",
            name=comparison_label("suppressed", borough_name)))
    fig.add_vline(x=0, line={"color": BOROUGH, "width": 1.5})
    direction_axis(fig, borough_name, anchor_row=frame["indicator_title"].iloc[0])
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array",
                     categoryarray=list(frame["indicator_title"]), fixedrange=True)
    fig.update_layout(barmode="overlay", hovermode="closest")
    return base_layout(fig, title=title, height=150 + 34 * len(frame))
