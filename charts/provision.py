"""Provision drawn over the ward map and beside the demand trend (plotly, pure: frames in, figures out).

The ward map is plain x/y (longitude, latitude: charts/map.py, no tiles, works offline), so providers are a
`go.Scatter` marker layer on the same axes: one trace per type group, filled markers for providers at their
own coordinates, open markers for those drawn at their ward's centre (placed approximately, no coordinates).
On the trend, a provider opening is a green triangle up and a closing a red triangle down at the foot of the
chart, with a dotted line, and its name in the hover.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from shapely.geometry import shape

from charts.common import label

# Okabe-Ito colours (colour-blind safe), distinct from the choropleth's comparison fills by their dark outline.
GROUPS = {"Food (food bank, food club, pantry)": ("#000000", "circle", ("Food bank", "Food club", "Pantry")),
          "Warm space or library": ("#0072B2", "diamond", ("Warm space", "Library")),
          "Community centre": ("#7B3294", "square", ("Community centre",)),
          "Other provision": ("#5C5C5C", "triangle-up", ("Advice outreach", "Befriending", "Other"))}
OPENED, CLOSED = "#007A3D", "#B2182B"
OUTSTRIPS = "#D55E00"


def group_of(types: str) -> str:
    """The map group of a provider: the first group any of its types belongs to (food first)."""
    kinds = set(str(types).split("; "))
    for name, (_, _, members) in GROUPS.items():
        if kinds & set(members):
            return name
    return "Other provision"


def _hover(row: pd.Series) -> str:
    lines = [f"<b>{label(row['name'])}</b>", label(row["types"]), label(row.get("ward_name", row["ward_code"]))]
    if row["position"] != "given":
        lines.append(f"Placed approximately (by {label(row['placed_by'])}): drawn at the ward's centre")
    if pd.notna(row.get("sessions_per_week")):
        lines.append(f"{row['sessions_per_week']:g} sessions a week")
    if pd.notna(row.get("capacity")):
        lines.append(f"Capacity {row['capacity']:,.0f} {label(row.get('capacity_unit') or '')}")
    return "<br>".join(lines)


def add_provision_layer(fig: go.Figure, providers: pd.DataFrame) -> go.Figure:
    """Providers as markers over a ward map (columns x, y, name, types, position, placed_by, ward_code)."""
    if providers.empty:
        return fig
    shown = spread(providers[providers["x"].notna() & providers["y"].notna()].copy())
    shown["group"] = shown["types"].map(group_of)
    for name, (colour, symbol, _) in GROUPS.items():
        rows = shown[shown["group"] == name]
        for position, suffix, opacity in (("given", "", 1.0), ("ward centre", " (approximate place)", 0.9)):
            part = rows[rows["position"] == position]
            if part.empty:
                continue
            marker = {"color": "#FFFFFF" if position != "given" else colour, "size": 11, "symbol": symbol,
                      "opacity": opacity, "line": {"color": colour, "width": 2.5 if position != "given" else 1.5}}
            fig.add_trace(go.Scatter(x=part["x"], y=part["y"], mode="markers", name=f"{name}{suffix}",
                                     marker=marker, text=[_hover(r) for _, r in part.iterrows()],
                                     hoverinfo="text", legendgroup=f"provision-{name}"))
    return fig


SPREAD = 0.004  # degrees of longitude (~270 m here): providers drawn at one spot are set on a ring this wide


def spread(providers: pd.DataFrame) -> pd.DataFrame:
    """Providers drawn at the same spot (several placed at one ward's centre) set round a small ring about it,
    so each can be seen and hovered; a provider alone at its spot stays where it is."""
    out = providers.copy()
    for _, group in out.groupby([out["x"].round(6), out["y"].round(6)]):
        if len(group) < 2:
            continue
        angles = np.linspace(0, 2 * np.pi, len(group), endpoint=False)
        stretch = 1 / np.cos(np.radians(group["y"].iloc[0]))
        out.loc[group.index, "x"] = group["x"] + SPREAD * np.cos(angles)
        out.loc[group.index, "y"] = group["y"] + SPREAD * np.sin(angles) / stretch
    return out


def add_gap_outline(fig: go.Figure, shapes: dict, codes: set[str], *, name: str = "Food demand outstrips provision",
                    colour: str = OUTSTRIPS) -> go.Figure:
    """A thick outline around the named wards (on top of their fill)."""
    first = True
    for feature in (shapes or {}).get("features", []):
        if feature["properties"]["area_code"] not in codes:
            continue
        geometry = shapely.orient_polygons(shape(feature["geometry"]))
        xs: list = []
        ys: list = []
        for polygon in getattr(geometry, "geoms", [geometry]):
            x, y = polygon.exterior.xy
            xs += [*x, None]
            ys += [*y, None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line={"color": colour, "width": 4}, name=name,
                                 legendgroup="gap", showlegend=first, hoverinfo="skip"))
        first = False
    return fig


def add_provider_dates(fig: go.Figure, providers: pd.DataFrame, *, within: tuple | None = None) -> go.Figure:
    """Openings (start dates) and closings (end dates) as markers at the foot of a time chart.

    Dates outside `within` (the months the demand covers) are still drawn: the time axis widens to show that
    a provider opened after (or closed before) the demand shown."""
    events = []
    for _, row in providers.iterrows():
        for column, what in (("start_date", "opened"), ("end_date", "closed")):
            if pd.notna(row.get(column)):
                events.append({"date": pd.Timestamp(row[column]), "what": what,
                               "text": f"{label(row['name'])} ({label(row['types'])}) {what} "
                                       f"{pd.Timestamp(row[column]):%d %b %Y}"})
    if not events:
        return fig
    frame = pd.DataFrame(events).sort_values("date")
    for what, colour, symbol in (("opened", OPENED, "triangle-up"), ("closed", CLOSED, "triangle-down")):
        rows = frame[frame["what"] == what]
        if rows.empty:
            continue
        for date in rows["date"]:
            fig.add_shape(type="line", x0=date, x1=date, y0=0, y1=1, yref="paper", xref="x",
                          line={"color": colour, "width": 1, "dash": "dot"}, layer="below")
        fig.add_trace(go.Scatter(x=rows["date"], y=[0] * len(rows), mode="markers", name=f"Provider {what}",
                                 marker={"color": colour, "size": 13, "symbol": symbol,
                                         "line": {"color": "#FFFFFF", "width": 1}},
                                 text=rows["text"].tolist(), hoverinfo="text", cliponaxis=False))
    return fig

