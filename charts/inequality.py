"""Rates by deprivation decile (1 = most deprived) with 95% intervals, and the slope index of inequality.

The fitted SII line runs from the most deprived end of the local population (left edge of the first
decile present) to the least deprived end (right edge of the last). The fit is on cumulative population
rank while the bars are evenly spaced, so in between the line is a guide, not a reading for a decile.
When there are too few deciles, views/inequalities.py groups by ward instead (column `group`, 1 = most deprived
ward, names in `wards`): the same chart is drawn with the wards along the axis.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.common import (
    SUPPRESSED_HOVER,
    base_layout,
    capitalise,
    empty_figure,
    is_suppressed,
    label,
    value_with_ci,
)
from charts.palette import BOROUGH, QUINTILES
from metrics.narrative import format_interval, format_number

X_TITLE = "IMD decile (1 = most deprived 10% in England)"
X_TITLE_WARDS = "Wards ranked by IMD score (1 = most deprived)"


def decile_chart(frame: pd.DataFrame, *, title: str, unit: str, sii: Mapping[str, Any] | None = None) -> go.Figure:
    """Bars by IMD decile with error bars; the SII line when `sii` has fitted_most/least_deprived."""
    decile = next((c for c in ("decile", "group", "imd_decile") if c in frame), None)
    if frame.empty or decile is None:
        return empty_figure("No data", title=title)
    by_ward = decile == "group"
    frame = frame.assign(decile=frame[decile].astype(int), hidden=is_suppressed(frame)).sort_values("decile")
    names = dict(zip(frame["decile"], frame["wards"] if by_ward and "wards" in frame else frame["decile"],
                     strict=True))
    shown = frame[~frame["hidden"] & frame["value"].notna()]
    fig = go.Figure(go.Bar(
        x=shown["decile"], y=shown["value"], name=capitalise(unit), marker={"color": QUINTILES[3]},
        error_y={"type": "data", "symmetric": False, "array": shown["upper_ci"] - shown["value"],
                 "arrayminus": shown["value"] - shown["lower_ci"], "color": "#333333", "thickness": 1},
        hovertext=[f"<b>{label(names[d]) if by_ward else f'Decile {d}'}</b><br>{value_with_ci(r, unit)}"
                   for d, (_, r) in zip(shown["decile"], shown.iterrows(), strict=True)],
        hoverinfo="text", showlegend=False))
    hidden = frame.drop(shown.index)
    if not hidden.empty:
        fig.add_trace(go.Scatter(
            x=hidden["decile"], y=[0] * len(hidden), mode="text", textposition="top center", name="Suppressed",
            text=["supp." if h else "no value" for h in hidden["hidden"]], textfont={"color": "#333333"},
            hovertext=[f"{names[d] if by_ward else f'Decile {d}'}: {SUPPRESSED_HOVER if h else 'no value'}"
                       for d, h in zip(hidden["decile"], hidden["hidden"], strict=True)],
            hoverinfo="text", showlegend=False))
    if not by_ward:  # a decile no ward falls in is said to be empty, not left as an unexplained gap
        empty = [d for d in range(1, 11) if d not in set(frame["decile"])]
        if empty:
            fig.add_trace(go.Scatter(
                x=empty, y=[0] * len(empty), mode="text", text=["no wards"] * len(empty), textposition="top center",
                textfont={"color": "#333333", "size": 11}, name="No ward in this decile", showlegend=False,
                hovertext=[f"Decile {d}: no ward has most of its neighbourhoods in this decile" for d in empty],
                hoverinfo="text"))
    if sii is not None and np.isfinite([sii.get("fitted_most_deprived", np.nan),
                                        sii.get("fitted_least_deprived", np.nan)]).all():
        ends = [frame["decile"].min() - 0.5, frame["decile"].max() + 0.5]
        line_name = "Slope index of inequality"
        if pd.notna(sii.get("value")) and pd.notna(sii.get("lower_ci")) and pd.notna(sii.get("upper_ci")):
            line_name += (f": {format_number(sii['value'])} "
                          f"(95% CI {format_interval(sii['lower_ci'], sii['upper_ci'], like=sii['value'])})")
        fig.add_trace(go.Scatter(x=ends, y=[sii["fitted_most_deprived"], sii["fitted_least_deprived"]],
                                 mode="lines", name=line_name, line={"color": BOROUGH, "width": 2, "dash": "dash"},
                                 hoverinfo="name"))
    if by_ward:
        ticks = list(names)
        fig.update_xaxes(title=X_TITLE_WARDS, tickmode="array", tickvals=ticks, ticktext=[names[t] for t in ticks],
                         range=[min(ticks) - 0.6, max(ticks) + 0.6])
    else:
        fig.update_xaxes(title=X_TITLE, tickmode="array", tickvals=list(range(1, 11)), range=[0.4, 10.6])
    fig.update_layout(yaxis_title=capitalise(unit), yaxis_rangemode="tozero", hovermode="closest")
    return base_layout(fig, title=title, height=420)
