"""District health context (Fingertips): one row per published indicator, centred on England.

As Fingertips' own spine chart: England's value is the centre line; a light grey bar spans England's range
(its areas of the same type, or its deprivation deciles, whichever the file holds) and a darker bar the middle
half where known; the district is a circle coloured by Fingertips' comparison with England, with its 95%
interval as a line; the county is a black diamond. Each row is scaled so that the point furthest from England
reaches the edge. Where Fingertips judges an indicator, better is to the right (a "Low is good" row is flipped);
a no-judgement row puts higher to the right. The hover gives the real values.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.common import (
    CATEGORY_ORDER,
    HALO,
    SUPPRESSED_HOVER,
    base_layout,
    comparison_label,
    direction_axis,
    empty_figure,
    label,
)
from charts.palette import BOROUGH, COMPARISON, RANGE_DARK, RANGE_LIGHT
from metrics.narrative import format_interval, format_number

POINTS = ("value", "lower_ci", "upper_ci", "county_value", "range_min", "range_max")
WRAP = 46


def row_label(row: pd.Series) -> str:
    """The indicator's name, wrapped to two short lines, with its period."""
    lines = textwrap.wrap(f"{row['indicator_name']} ({row['time_period']})", WRAP)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), WRAP, placeholder="…")]
    return "<br>".join(label(line) for line in lines)


def scaled(frame: pd.DataFrame) -> pd.DataFrame:
    """Each point as a signed distance from England, -1..1 within its row (better, or higher, to the right)."""
    centre = frame["england_value"].where(frame["england_value"].notna(), frame["value"])
    spread = pd.concat([(frame[c].astype(float) - centre).abs() for c in POINTS], axis=1).max(axis=1)
    spread = spread.where(np.isfinite(spread) & (spread > 0), 1.0)
    sign = np.where(frame["polarity"] == "high_is_bad", -1.0, 1.0)
    columns = [*POINTS, "range_q25", "range_q75"]
    return pd.DataFrame({c: sign * (frame[c].astype(float) - centre) / spread for c in columns}, index=frame.index)


def _number(value) -> str:
    return "no value" if value is None or pd.isna(value) else format_number(float(value))


def _hover(row: pd.Series, county: str) -> str:
    lines = [f"<b>{label(row['indicator_name'])}</b>", f"{label(row['time_period'])} · {label(row['sex'])}, "
             f"{label(row['age'])} · {label(row['value_type'] or 'value')}"]
    if bool(row.get("suppressed", False)):
        lines.append(f"{label(row['area_name'])}: {SUPPRESSED_HOVER}")
    else:
        interval = (f" (95% CI {format_interval(row['lower_ci'], row['upper_ci'], like=row['value'])})"
                    if pd.notna(row["lower_ci"]) and pd.notna(row["upper_ci"]) else "")
        lines.append(f"{label(row['area_name'])}: {_number(row['value'])}{interval}")
    lines += [f"{label(county)}: {_number(row['county_value'])}", f"England: {_number(row['england_value'])}"]
    if pd.notna(row["range_min"]):
        lines.append(f"{label(row['range_label'])}: {format_number(row['range_min'])} to "
                     f"{format_number(row['range_max'])}")
    lines += [f"Compared with England: {row['compared_to_england']} ({row['england_basis']})",
              f"Recent trend: {label(row['recent_trend'])}", f"Polarity: {label(row['polarity_label'])}"]
    return "<br>".join(lines)


def context_spine(frame: pd.DataFrame, *, title: str, county_name: str) -> go.Figure:
    """A district's Fingertips indicators against England (centre), England's range and the county."""
    if frame.empty:
        return empty_figure("No Fingertips data for this district", title=title)
    frame = frame.reset_index(drop=True)
    x = scaled(frame)
    y = [row_label(r) for _, r in frame.iterrows()]
    hover = [_hover(r, county_name) for _, r in frame.iterrows()]
    fig = go.Figure()
    for low, high, name, colour in (("range_min", "range_max", "England's range", RANGE_LIGHT),
                                    ("range_q25", "range_q75", "Middle half of England's areas", RANGE_DARK)):
        known = x[low].notna() & x[high].notna()
        if known.any():
            left, right = np.fmin(x[low], x[high]), np.fmax(x[low], x[high])
            fig.add_trace(go.Bar(y=[y[i] for i in frame.index[known]], x=(right - left)[known], base=left[known],
                                 orientation="h", name=name, width=0.55, marker={"color": colour},
                                 hovertext=[hover[i] for i in frame.index[known]], hoverinfo="text"))
    county = x["county_value"].notna()
    if county.any():
        fig.add_trace(go.Scatter(x=x.loc[county, "county_value"], y=[y[i] for i in frame.index[county]],
                                 mode="markers", name=label(county_name),
                                 marker={"symbol": "diamond", "size": 10, "color": BOROUGH},
                                 hovertext=[hover[i] for i in frame.index[county]], hoverinfo="text"))
    suppressed = frame["suppressed"].fillna(False).astype(bool) if "suppressed" in frame else \
        pd.Series(False, index=frame.index)
    shown = frame["value"].notna() & ~suppressed
    for category in CATEGORY_ORDER:
        rows = shown & (frame["compared_to_england"] == category)
        if not rows.any():
            continue
        low, high = np.fmin(x["lower_ci"], x["upper_ci"]), np.fmax(x["lower_ci"], x["upper_ci"])
        fig.add_trace(go.Scatter(
            x=x.loc[rows, "value"], y=[y[i] for i in frame.index[rows]], mode="markers",
            name=comparison_label(category, "England"),
            error_x={"type": "data", "symmetric": False, "array": (high - x["value"])[rows].fillna(0),
                     "arrayminus": (x["value"] - low)[rows].fillna(0), "color": "#333333", "thickness": 1.5,
                     "width": 0},
            marker={"color": COMPARISON[category], "size": 13, "line": {"color": "#333333", "width": 1}},
            hovertext=[hover[i] for i in frame.index[rows]], hoverinfo="text"))
    hidden = ~shown
    if hidden.any():
        fig.add_trace(go.Scatter(
            x=[0.05] * int(hidden.sum()), y=[y[i] for i in frame.index[hidden]], mode="text",
            text=["suppressed" if suppressed[i] else "no value" for i in frame.index[hidden]],
            textposition="middle right", name="Suppressed or no value", textfont={"color": "#222222", "shadow": HALO},
            hovertext=[hover[i] for i in frame.index[hidden]], hoverinfo="text", showlegend=False))
    fig.add_vline(x=0, line={"color": BOROUGH, "width": 1.5})
    direction_axis(fig, "England", anchor_row=y[0])
    fig.update_yaxes(autorange="reversed", type="category", categoryorder="array", categoryarray=y, fixedrange=True)
    fig.update_layout(barmode="overlay", hovermode="closest")
    return base_layout(fig, title=title, height=140 + 46 * len(frame))
