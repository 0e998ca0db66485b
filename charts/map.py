"""The ward map, drawn offline: each ward a filled polygon on plain x/y axes, the borough outline on top.

No basemap tiles and no plotly geo (its topojson comes from a CDN): a ward is a `go.Scatter` with
fill="toself" and hoveron="fills", so hovering anywhere inside it shows its hover text. Each ward's name is
printed at its representative point (always inside the ward), with a white halo so it reads on any fill on a
shared screen. Invisible markers on a grid inside every ward carry the same hover text and the ward's code:
a click anywhere in a ward selects one, which the page turns into opening that ward's profile.
Longitude stays on x; the y axis is anchored to x at 1/cos(latitude) so the shapes keep their aspect.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import shapely
from shapely import affinity
from shapely.geometry import shape

from charts.common import (
    CATEGORY_ORDER,
    SUPPRESSED_HOVER,
    area_rows,
    base_layout,
    comparators,
    comparison_category,
    comparison_label,
    comparison_sentence,
    empty_figure,
    is_suppressed,
    label,
    reference_name,
    value_with_ci,
)
from charts.palette import BOROUGH, COMPARISON, QUINTILES
from metrics.narrative import format_number

NO_DATA = ("no data", "No data", "#FFFFFF")
FIFTHS = ("Lowest fifth", "Second fifth", "Middle fifth", "Fourth fifth", "Highest fifth")


def _xy(geometry) -> tuple[list, list]:
    """All rings of a (multi)polygon, exteriors anticlockwise and holes clockwise, separated by gaps."""
    xs: list = []
    ys: list = []
    polygons = getattr(geometry, "geoms", [geometry])
    for polygon in polygons:
        for ring in [polygon.exterior, *polygon.interiors]:
            x, y = ring.xy
            xs += [*x, None]
            ys += [*y, None]
    return xs, ys


def _comparison_classes(wards: pd.DataFrame, borough: str) -> dict[str, tuple[str, str, str]]:
    categories = comparison_category(wards)
    return {code: (cat, comparison_label(cat, borough), COMPARISON.get(cat, COMPARISON["not compared"]))
            for code, cat in zip(wards["area_code"], categories, strict=True)}


def _quintile_classes(wards: pd.DataFrame) -> dict[str, tuple[str, str, str]]:
    """Fifths of the shown values by rank (ties share a fifth); suppressed wards are their own class."""
    hidden = is_suppressed(wards)
    shown = wards[~hidden & wards["value"].notna()]
    fifth = np.ceil(shown["value"].rank(method="average") * 5 / max(len(shown), 1)).clip(1, 5).astype(int)
    classes = {code: ("suppressed", comparison_label("suppressed", ""), COMPARISON["suppressed"])
               for code in wards.loc[hidden, "area_code"]}
    for q, group in shown.groupby(fifth):
        text = f"{FIFTHS[q - 1]}: {format_number(group['value'].min())} to {format_number(group['value'].max())}"
        classes.update({code: (f"q{q}", text, QUINTILES[q - 1]) for code in group["area_code"]})
    return classes


def _hover(name: str, row: pd.Series | None, unit: str, borough: str) -> str:
    name, borough = label(name), label(borough)
    if row is None:
        return f"<b>{name}</b><br>No data"
    if bool(row.get("suppressed", False)):
        return f"<b>{name}</b><br>{SUPPRESSED_HOVER}"
    lines = [f"<b>{name}</b>", value_with_ci(row, unit)]
    if pd.notna(row.get("count", np.nan)):
        lines.append(f"Count: {int(row['count']):,}")
    lines.append(comparison_sentence(row.get("comparison", "not compared"), borough))
    if isinstance(row.get("trend"), str):
        lines.append(f"Recent trend: {row['trend']}")
    return "<br>".join(lines)


GRID = 70  # click targets across the map's width


def ward_label(name: str, small: bool = False) -> str:
    """A ward's name as printed on the map: wrapped onto short lines so that neighbours' names do not collide."""
    import textwrap

    return "<br>".join(label(line) for line in textwrap.wrap(str(name), 11 if small else 14))


MAP_PIXELS = 540  # about the pixels the map's longer side takes on screen (a 640 px tall figure)


def label_size(text: str, radius: float) -> float:
    """A name's font size so that it fits across its ward: the widest line about as wide as the largest circle
    inside the ward (`radius` as a share of the map's longer side), 8 to 12 px."""
    longest = max((len(line) for line in text.split("<br>")), default=1)
    return float(np.clip(2.4 * radius * MAP_PIXELS / (0.58 * longest), 8, 12))


def _label_spot(geometry, stretch: float) -> tuple[float, float, float]:
    """(x, y, radius) of the centre of the largest circle inside the ward's largest part, as the map shows it
    (a label there sits in the middle of the ward, away from its neighbours; the radius is in stretched units)."""
    visual = affinity.scale(geometry, 1, stretch, origin=(0, 0))
    part = max(getattr(visual, "geoms", [visual]), key=lambda g: g.area)
    circle = shapely.maximum_inscribed_circle(part, tolerance=math.sqrt(part.area) / 200)
    (x, y), radius = circle.coords[0], circle.length
    return x, y / stretch, radius


def _click_grid(geometries, hover: dict[str, str]) -> tuple[list, list, list, list]:
    """Points on a regular grid inside each ward (and each ward's representative point), with its code."""
    shapes = [(props["area_code"], geometry) for props, geometry in geometries]
    if not shapes:
        return [], [], [], []
    minx, miny, maxx, maxy = shapely.total_bounds([g for _, g in shapes])
    step = (maxx - minx) / GRID or 1.0
    xs, ys = np.meshgrid(np.arange(minx, maxx, step), np.arange(miny, maxy, step * math.cos(math.radians(
        (miny + maxy) / 2))))
    xs, ys = xs.ravel(), ys.ravel()
    gx, gy, codes = [], [], []
    for code, geometry in sorted(shapes, key=lambda item: item[1].area):  # small wards claim their points first
        inside = shapely.contains_xy(geometry, xs, ys)
        point = geometry.representative_point()
        gx += [*xs[inside], point.x]
        gy += [*ys[inside], point.y]
        codes += [code] * (int(inside.sum()) + 1)
        xs, ys = xs[~inside], ys[~inside]
    return gx, gy, [hover.get(c, "") for c in codes], codes


def ward_choropleth(frame: pd.DataFrame, shapes: dict, *, title: str, unit: str, colour_by: str = "comparison",
                    outline: dict | None = None) -> go.Figure:
    """Wards filled by comparison with the borough (or by fifths of the value), with a hover per ward."""
    if colour_by not in ("comparison", "quintile"):
        raise ValueError(f"colour_by must be 'comparison' or 'quintile', got {colour_by!r}")
    features = (shapes or {}).get("features", [])
    wards = area_rows(frame)
    if wards.empty or not features:
        return empty_figure("No data", title=title)
    borough, each = comparators(frame)  # a ward is compared with its district
    classes = _comparison_classes(wards, borough) if colour_by == "comparison" else _quintile_classes(wards)
    order = [*CATEGORY_ORDER, *(f"q{q}" for q in range(5, 0, -1)), NO_DATA[0]]
    rows = wards.drop_duplicates("area_code").set_index("area_code")
    geometries = [(f["properties"], shapely.orient_polygons(shape(f["geometry"]))) for f in features]
    geometries.sort(key=lambda item: -item[1].area)  # big first, so an enclosed ward is drawn over its ring

    # The map stretches latitude by 1/cos(latitude) (see below): labels are placed and sized in that view.
    # Bounds, not a union: real boundaries can touch imperfectly and a union of them can fail (GEOS topology).
    minx, miny, maxx, maxy = shapely.total_bounds([g for _, g in geometries])
    stretch = 1 / math.cos(math.radians((miny + maxy) / 2))
    extent = max(maxx - minx, (maxy - miny) * stretch) or 1.0
    fig, shown_keys, points, names = go.Figure(), set(), [], []
    for props, geometry in geometries:
        code, name = props["area_code"], props.get("area_name", props["area_code"])
        key, legend, colour = classes.get(code, NO_DATA)
        hover = _hover(name, rows.loc[code] if code in rows.index else None, unit, each.get(code, borough))
        x, y = _xy(geometry)
        fig.add_trace(go.Scatter(
            x=x, y=y, mode="lines", fill="toself", fillcolor=colour, line={"color": "#FFFFFF", "width": 1},
            name=legend, legendgroup=key, showlegend=key not in shown_keys, legendrank=order.index(key),
            hoveron="fills", hoverinfo="text", text=hover))
        shown_keys.add(key)
        points.append((*_label_spot(geometry, stretch), hover, code))
        names.append(name)

    px, py, radii, texts, codes = zip(*points, strict=True)
    gx, gy, gtext, gcode = _click_grid(geometries, dict(zip(codes, texts, strict=True)))
    # Invisible markers filling every ward: a click anywhere in a ward selects one (Streamlit's selection
    # reads points, not fills), and carries the ward's code; they give the same hover as the fill.
    fig.add_trace(go.Scatter(x=gx, y=gy, mode="markers", marker={"size": 14, "opacity": 0}, text=gtext,
                             customdata=gcode, hoverinfo="text", showlegend=False, name="Ward points",
                             unselected={"marker": {"opacity": 0}}, selected={"marker": {"opacity": 0}}))
    many = len(points) > 25
    texts = [ward_label(n, many) for n in names]
    sizes = [label_size(text, radius / extent) for text, radius in zip(texts, radii, strict=True)]
    fig.add_trace(go.Scatter(x=px, y=py, mode="text", text=texts, hoverinfo="skip", showlegend=False,
                             name="Ward names", textfont={"size": sizes, "color": "#0b0c0c",
                                                          "shadow": "0px 0px 2px #ffffff, 0px 0px 3px #ffffff"}))
    for feature in (outline or {}).get("features", []):
        x, y = _xy(shape(feature["geometry"]))
        fig.add_trace(go.Scatter(x=x, y=y, mode="lines", line={"color": BOROUGH, "width": 2}, hoverinfo="skip",
                                 showlegend=False, name=f"{reference_name(frame)} boundary"))

    latitude = float(np.mean(py))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1 / math.cos(math.radians(latitude)))
    fig.update_layout(hovermode="closest")
    return base_layout(fig, title=title, height=640)
