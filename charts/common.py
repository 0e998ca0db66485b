"""Shared pieces of every figure: the layout, the empty figure, comparison labels, lockdown lines, hover text."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.palette import CATEGORIES, FONT, LOCKDOWN, TEXT_MUTED
from metrics.narrative import format_number, format_value

SUPPRESSED_HOVER = "suppressed (small number)"
# Legend order: the judgements first, then the no-judgement differences, then what is not compared.
CATEGORY_ORDER = ("worse", "similar", "better", "higher", "lower", "not compared", "suppressed")


def label(text: object) -> str:
    """Text from the data (ward and area names, headings) made safe inside plotly's hover, label and legend
    markup: plotly renders <a href>, <b>, <br> … there. It splits text at tags first and turns entities
    into characters only inside the text between them, so `<` and `>` written as entities can never start a
    tag ("Adlington & Anderton" is left as it is). Our own markup goes around the escaped text."""
    return ("" if text is None else str(text)).replace("<", "&lt;").replace(">", "&gt;")


def base_layout(fig: go.Figure, *, title: str, height: int | None = None) -> go.Figure:
    """Apply the house layout: plain font, white background, title top left, legend across the top."""
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "y": 0.98, "yref": "container", "yanchor": "top"},
        font={"family": FONT, "size": 13, "color": "#222222"},
        paper_bgcolor="white", plot_bgcolor="white",
        margin={"l": 10, "r": 20, "t": 50 + 24 * _legend_rows(fig), "b": 50},
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.0, "yanchor": "bottom", "title": {"text": ""}},
        hoverlabel={"font": {"family": FONT}, "bgcolor": "white"},
        height=height,
    )
    fig.update_xaxes(gridcolor="#EEEEEE", zerolinecolor="#CCCCCC", automargin=True)
    fig.update_yaxes(gridcolor="#EEEEEE", zerolinecolor="#CCCCCC", automargin=True)
    return fig


def _legend_rows(fig: go.Figure, width: int = 760) -> int:
    """Rows the top legend will take at about `width` pixels, so the top margin keeps it off the title."""
    names = [t.name for t in fig.data if t.name and t.showlegend is not False and t.type != "heatmap"]
    rows, used = (1, 0) if names else (0, 0)
    for name in names:
        entry = 50 + 7 * len(name)
        if used and used + entry > width:
            rows, used = rows + 1, 0
        used += entry
    return max(rows, 1)


def empty_figure(message: str = "No data", *, title: str = "") -> go.Figure:
    """A figure with hidden axes and the message in the middle, for a selection with nothing to draw."""
    fig = go.Figure()
    fig.add_annotation(text=message, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font={"size": 16, "color": TEXT_MUTED})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return base_layout(fig, title=title, height=300)


def is_suppressed(frame: pd.DataFrame) -> pd.Series:
    """The suppressed flag as plain booleans (a missing flag means not suppressed)."""
    if "suppressed" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["suppressed"].fillna(False).astype(bool)


def comparison_category(frame: pd.DataFrame) -> pd.Series:
    """The comparison to colour by, with suppression taking precedence ('suppressed', never a value of zero)."""
    comparison = frame["comparison"].fillna("not compared") if "comparison" in frame else "not compared"
    category = pd.Series(comparison, index=frame.index, dtype=object)
    return category.mask(is_suppressed(frame), "suppressed")


def comparison_label(category: str, borough_name: str) -> str:
    """Legend wording for a comparison category."""
    if category in ("worse", "better", "higher", "lower"):
        return f"{category.capitalize()} than {borough_name}"
    return {"similar": f"Similar to {borough_name}", "suppressed": "Suppressed (small numbers)"}.get(
        category, category.capitalize())


def comparison_sentence(category: str, borough_name: str) -> str:
    """Hover wording for a comparison category (95% interval against the borough value)."""
    if category in ("worse", "better", "higher", "lower"):
        return f"Significantly {category} than {borough_name}"
    if category == "similar":
        return f"Similar to {borough_name} (no significant difference)"
    return f"Not compared with {borough_name}"


def _totals(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["band"] == "All"] if "band" in frame else frame


def area_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The areas an indicator frame shows (all ages when broken down; not the reference area, not 'ward not
    known'). A view marks the area everything is compared with as `reference`."""
    rows = frame
    if "reference" in frame:
        rows = rows[~rows["reference"].astype(bool)]
    if "area_type" in frame:
        rows = rows[rows["area_type"] != "not-known"]
    return _totals(rows)


def reference_row(frame: pd.DataFrame) -> pd.Series | None:
    """The reference area's (all ages) row, if the frame has one."""
    if "reference" not in frame:
        return None
    rows = _totals(frame[frame["reference"].astype(bool)])
    return rows.iloc[0] if len(rows) else None


def reference_name(frame: pd.DataFrame, default: str = "the partnership") -> str:
    """The name on the reference row of an indicator or series frame."""
    row = reference_row(frame)
    return str(row["area_name"]) if row is not None else default


def value_with_ci(row: pd.Series, unit: str) -> str:
    """'14.2 per 1,000 residents (95% CI 11.0 to 18.1)', or the suppression note."""
    if bool(row.get("suppressed", False)) is True:
        return SUPPRESSED_HOVER
    value = row.get("value", np.nan)
    if pd.isna(value):
        return "no value"
    text = format_value(float(value), unit)
    low, high = row.get("lower_ci", np.nan), row.get("upper_ci", np.nan)
    if pd.notna(low) and pd.notna(high):
        confidence = row.get("confidence", np.nan)
        level = 95 if pd.isna(confidence) else round(100 * float(confidence))
        text += f" ({level}% CI {format_number(float(low))} to {format_number(float(high))})"
    return text


def lockdown_label(date: pd.Timestamp) -> str:
    return f"Lockdown {date.day} {date:%b %Y}"


def add_lockdown_lines(fig: go.Figure, lockdowns: Iterable, *, within: tuple | None = None) -> go.Figure:
    """Dashed vertical lines with a small rotated label at each lockdown date inside `within` (start, end)."""
    for value in lockdowns:
        date = pd.Timestamp(value)
        if within is not None and not pd.Timestamp(within[0]) <= date <= pd.Timestamp(within[1]):
            continue  # a line outside the data would stretch the time axis
        fig.add_shape(type="line", x0=date, x1=date, y0=0, y1=1, yref="paper", xref="x",
                      line={"color": LOCKDOWN, "width": 1, "dash": "dash"}, layer="below")
        fig.add_annotation(x=date, y=1, yref="paper", xref="x", text=lockdown_label(date), showarrow=False,
                           textangle=-90, xanchor="right", yanchor="top", font={"size": 10, "color": LOCKDOWN})
    return fig


def capitalise(text: str) -> str:
    """First letter upper case, the rest untouched ('per 1,000 residents' -> 'Per 1,000 residents')."""
    return text[:1].upper() + text[1:]


def age_order(bands: pd.Series) -> list[str]:
    """Age bands youngest first: an ordered categorical keeps its order; otherwise by the first age
    in the label ('Under 16' = 0, '16-24', ..., '85+'), with 'All' last."""
    if isinstance(bands.dtype, pd.CategoricalDtype) and bands.cat.ordered:
        return [str(b) for b in bands.cat.categories if b in set(bands)]

    def first_age(band: str) -> float:
        if band.lower().startswith("under"):
            return -1
        digits = re.match(r"\d+", band)
        return float(digits.group(0)) if digits else np.inf

    return sorted(dict.fromkeys(str(b) for b in bands), key=first_age)


def add_suppressed_rug(fig: go.Figure, x: Iterable, hovertext: list[str]) -> go.Figure:
    """Grey marks along the foot of a time chart for suppressed points, on a hidden 0-1 axis: a suppressed
    value is shown as suppressed, never as a value of zero on the value axis."""
    x = list(x)
    if not x:
        return fig
    fig.add_trace(go.Scatter(x=x, y=[0.03] * len(x), yaxis="y2", mode="markers", name="Suppressed (small numbers)",
                             marker={"symbol": "x-thin-open", "size": 7, "color": "#8C8C8C",
                                     "line": {"width": 1.5, "color": "#8C8C8C"}},
                             hovertext=hovertext, hoverinfo="text"))
    return fig.update_layout(yaxis2={"overlaying": "y", "range": [0, 1], "visible": False, "fixedrange": True})


def category_colours(categories: Iterable[str]) -> dict[str, str]:
    """A fixed colour per category, assigned alphabetically so that the same set of request types gets
    the same colours in every chart."""
    return {c: CATEGORIES[i % len(CATEGORIES)] for i, c in enumerate(sorted(set(categories)))}


# Streamlit's plotly theme draws tick labels and axis titles in #808495, 3.8:1 on white (WCAG AA asks 4.5:1
# for text this size); explicit axis colours win over the theme, layout.font does not.
AXIS_TEXT = "#505a5f"  # 7.0:1 on white


def legible(figure: go.Figure) -> go.Figure:
    """A copy whose axis and colour-bar text meets 4.5:1, where the chart has not chosen a colour itself."""
    out = go.Figure(figure)
    for axis in [*out.select_xaxes(), *out.select_yaxes()]:
        if axis.tickfont.color is None:
            axis.tickfont.color = AXIS_TEXT
        if axis.title.font.color is None:
            axis.title.font.color = AXIS_TEXT
    bars = [out.layout.coloraxis.colorbar] + [t.colorbar for t in out.data if "colorbar" in t]
    for bar in bars:
        if bar.tickfont.color is None:
            bar.tickfont.color = AXIS_TEXT
        if bar.title.font.color is None:
            bar.title.font.color = AXIS_TEXT
    return out


def _luminance(colour: str) -> float:
    rgb = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two opaque #RRGGBB colours."""
    light, dark = sorted([_luminance(foreground), _luminance(background)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(background: str) -> str:
    """Black or white text, whichever reads better on the fill (plotly's own choice put white on the vermillion
    of "worse", 3.8:1; black there is 5.4:1)."""
    return "#000000" if contrast_ratio("#000000", background) >= contrast_ratio("#FFFFFF", background) else "#FFFFFF"


def category_cells(codes: list[list], texts: list[list], hovers: list[list], *, x: list, y: list,
                   colours: dict[int, str], name: str, font_size: int = 11) -> list[go.Heatmap]:
    """A grid of category cells as one heatmap per category present, each with the text colour that reads on
    its fill (a heatmap trace has one text colour). `codes` holds a category code per cell (None: empty)."""
    traces = []
    for code, colour in colours.items():
        z = [[1 if c == code else None for c in row] for row in codes]
        if not any(v is not None for row in z for v in row):
            continue
        keep = [[t if c == code else "" for t, c in zip(trow, crow, strict=True)] for trow, crow in zip(texts, codes,
                                                                                                   strict=True)]
        tips = [[h if c == code else None for h, c in zip(hrow, crow, strict=True)] for hrow, crow in zip(hovers, codes,
                                                                                                     strict=True)]
        traces.append(go.Heatmap(z=z, x=x, y=y, colorscale=[[0, colour], [1, colour]], zmin=0, zmax=1, showscale=False,
                                 xgap=2, ygap=2, text=keep, texttemplate="%{text}", hovertext=tips, hoverinfo="text",
                                 textfont={"size": font_size, "color": text_on(colour)}, name=name, hoverongaps=False))
    return traces
