"""Community hub charts: rates by age band for each area (heatmap), weekly request volumes by type
(stacked bars) and the request mix per head in each age band (grouped bars).

Request types keep one colour each across charts (charts.common.category_colours); suppressed cells
are grey "supp." in the heatmap, a grey mark along the foot of the weekly chart and "supp." in the bar's own
slot of the grouped bars (a true zero is printed "0"), never a bar or cell of zero.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.common import (
    SUPPRESSED_HOVER,
    add_lockdown_lines,
    add_suppressed_rug,
    age_order,
    base_layout,
    capitalise,
    category_colours,
    empty_figure,
    is_suppressed,
    label,
)
from charts.palette import COMPARISON, QUINTILES
from metrics.narrative import format_number, format_value, short_unit


def _cell_hover(row: pd.Series, unit: str) -> str:
    head = f"<b>{label(row['area_name'])}</b><br>Age {label(row['band'])}: "
    if row["hidden"]:
        return head + SUPPRESSED_HOVER
    count = f"<br>Count: {int(row['count']):,}" if pd.notna(row.get("count")) else ""
    return head + (format_value(row["value"], unit) if pd.notna(row["value"]) else "no value") + count


def age_band_heatmap(frame: pd.DataFrame, *, title: str, unit: str) -> go.Figure:
    """Areas down the side, age bands across (youngest first), cells shaded by rate with the rate printed."""
    frame = _known_ages(frame)
    if frame.empty:
        return empty_figure("No data", title=title)
    frame = frame.assign(hidden=is_suppressed(frame), band=frame["band"].astype(str))
    frame["hover"] = [_cell_hover(r, unit) for _, r in frame.iterrows()]
    frame["shown"] = frame["value"].where(~frame["hidden"])
    frame["text"] = [format_number(v) if pd.notna(v) else "" for v in frame["shown"]]
    frame["grey"] = np.where(frame["hidden"], 1.0, np.nan)
    columns, rows = age_order(frame["band"]), list(dict.fromkeys(frame["area_name"]))

    def layer(name: str, fill) -> list:
        grid = frame.pivot_table(index="area_name", columns="band", values=name, aggfunc="first", dropna=False)
        return grid.reindex(index=rows, columns=columns).astype(object).where(lambda d: d.notna(), fill).to_numpy().tolist()

    scale = [[i / (len(QUINTILES) - 1), c] for i, c in enumerate(QUINTILES)]
    fig = go.Figure([
        # zmax at least 1: a grid of zeros gets a 0-1 scale, not plotly's -0.4 to 0.4 around a single value.
        go.Heatmap(z=layer("shown", None), x=columns, y=[label(r) for r in rows], colorscale=scale, zmin=0,
                   zmax=max(float(frame["shown"].max()) if frame["shown"].notna().any() else 0.0, 1.0), xgap=2, ygap=2,
                   text=layer("text", ""), texttemplate="%{text}", hovertext=layer("hover", "No data"),
                   hoverinfo="text", colorbar={"title": {"text": capitalise(short_unit(unit))}}, name="Rate"),
        go.Heatmap(z=layer("grey", None), x=columns, y=[label(r) for r in rows], showscale=False, xgap=2, ygap=2, zmin=0, zmax=1,
                   colorscale=[[0, COMPARISON["suppressed"]], [1, COMPARISON["suppressed"]]],
                   text=[["supp." if v == 1 else "" for v in r] for r in layer("grey", None)], texttemplate="%{text}",
                   textfont={"color": "#333333"}, hovertext=layer("hover", ""), hoverinfo="text", name="Suppressed"),
    ])
    # The age bands head the columns (no axis title: at the top it ran into the chart's title).
    fig.update_xaxes(side="top", showgrid=False, fixedrange=True)
    fig.update_yaxes(autorange="reversed", showgrid=False, fixedrange=True)
    return base_layout(fig, title=title, height=200 + 30 * len(rows), top_extra=24)


def weekly_volumes(frame: pd.DataFrame, *, title: str, lockdowns: Iterable = ()) -> go.Figure:
    """Requests per week stacked by request type (largest type at the bottom), with optional lockdown lines."""
    if frame.empty:
        return empty_figure("No data", title=title)
    frame = frame.assign(week=pd.to_datetime(frame["week"]), count=frame["count"].astype("Float64"))
    colours = category_colours(frame["category"])
    order = frame.groupby("category")["count"].sum().sort_values(ascending=False).index
    fig = go.Figure()
    for category in order:
        rows = frame[frame["category"] == category].sort_values("week")
        counts = rows["count"].astype(float)
        fig.add_trace(go.Bar(x=rows["week"], y=counts, name=category, marker={"color": colours[category]},
                             hovertext=[f"{category}, w/c {w.day} {w:%b %Y}: {c:,.0f}" for w, c in
                                        zip(rows["week"], counts, strict=True)], hoverinfo="text"))
    hidden = frame[frame["count"].isna()]
    add_suppressed_rug(fig, hidden["week"], [f"{c}, w/c {w.day} {w:%b %Y}: {SUPPRESSED_HOVER}" for c, w in
                                              zip(hidden["category"], hidden["week"], strict=True)])
    add_lockdown_lines(fig, lockdowns, within=(frame["week"].min(), frame["week"].max()))
    fig.update_xaxes(title="Week beginning")
    fig.update_layout(barmode="stack", bargap=0.1, yaxis_title="Requests per week", hovermode="closest")
    return base_layout(fig, title=title, height=440)


def request_mix_bars(frame: pd.DataFrame, *, title: str) -> go.Figure:
    """Requests per 1,000 residents of each age band, grouped by age band, one bar colour per request type.

    A bar not drawn is marked in its own slot: "supp." (suppressed) or "n/a" (no rate); a true zero is "0".
    """
    frame = _known_ages(frame)
    if frame.empty:
        return empty_figure("No data", title=title)
    frame = frame.assign(band=frame["band"].astype(str), hidden=is_suppressed(frame) | frame["value"].isna())
    bands, colours = age_order(frame["band"]), category_colours(frame["category"])
    suppressed = is_suppressed(frame) if "suppressed" in frame else pd.Series(False, index=frame.index)
    fig = go.Figure()
    for category in sorted(colours):
        rows = frame[frame["category"] == category]
        hidden = rows["hidden"].to_numpy()
        # A bar the viewer may not see is marked on the axis in its own slot: "supp." (suppressed) or "n/a";
        # a true zero is printed "0", so neither is mistaken for the other or for a missing bar.
        marks = ["supp." if h and s else "n/a" if h else ("0" if v == 0 else "")
                 for h, s, v in zip(hidden, suppressed[rows.index], rows["value"].fillna(0), strict=True)]
        fig.add_trace(go.Bar(
            x=rows["band"], y=np.where(hidden, 0, rows["value"].fillna(0)), name=category,
            marker={"color": colours[category]}, text=marks, textposition="outside", textangle=-90,
            cliponaxis=False, textfont={"size": 10, "color": "#333333"},
            hovertext=[f"{category}, aged {b}: " + (SUPPRESSED_HOVER if m == "supp." else "no rate" if m == "n/a" else
                                                   f"{format_number(v)} per 1,000 residents in the band")
                       for b, v, m in zip(rows["band"], rows["value"], marks, strict=True)], hoverinfo="text"))
    fig.update_xaxes(title="Age band", categoryorder="array", categoryarray=bands)
    top = float(frame.loc[~frame["hidden"], "value"].max()) if (~frame["hidden"]).any() else 1.0
    fig.update_layout(barmode="group", yaxis_title="Requests per 1,000 residents in the age band",
                      yaxis_range=[0, top * 1.18], hovermode="closest")
    return base_layout(fig, title=title, height=460)


def _known_ages(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop an 'Unknown' age band: with no population it has no rate per head."""
    if frame.empty or "band" not in frame:
        return frame
    return frame[~frame["band"].astype(str).str.lower().isin(("unknown", "not known"))]
