"""The digital exclusion risk index's domains for one area against its comparator: what makes up its score.

Horizontal bars, one row per domain, the area's contribution (its share of the score, in z-score units) beside
the comparator's (the population-weighted mean of its wards). 0 is the partnership's average ward.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from charts.common import base_layout, empty_figure, label
from charts.palette import BOROUGH_LIGHT, TEXT_MUTED, WARD


def contribution_chart(frame: pd.DataFrame, *, title: str, area_name: str, comparator: str) -> go.Figure:
    """`frame`: domain, area, comparator (contributions to the score); the first domain drawn at the top."""
    if frame.empty or frame[["area", "comparator"]].isna().all().all():
        return empty_figure("No inputs held", title=title)
    rows = frame.iloc[::-1]
    domains = rows["domain"].tolist()
    fig = go.Figure()
    for column, name, colour in (("comparator", label(comparator), BOROUGH_LIGHT), ("area", label(area_name), WARD)):
        values = rows[column].astype(float)
        fig.add_trace(go.Bar(y=domains, x=values, orientation="h", name=name, marker={"color": colour},
                             hovertext=[f"{name}: {d} adds {v:+.2f} to the score" if pd.notna(v) else
                                        f"{name}: {d} not held" for d, v in zip(domains, values, strict=True)],
                             hoverinfo="text"))
    for domain, value in zip(domains, rows["area"].astype(float), strict=True):
        if pd.isna(value):  # say so where a bar would be: a blank row reads as zero
            fig.add_annotation(x=0, y=domain, text=f"not held for {label(area_name)}", showarrow=False,
                               xanchor="left", xshift=6, font={"size": 12, "color": TEXT_MUTED})
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(title_text="contribution to the score (z-score units; 0 = the average ward)", zeroline=True,
                     zerolinecolor="#222222")
    return base_layout(fig, title=title, height=120 + 48 * len(domains))
