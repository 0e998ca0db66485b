"""Shared pieces of every figure: the layout, the empty figure, comparison labels, lockdown lines, hover text."""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.palette import CATEGORIES, COMPARISON, FONT, LOCKDOWN, TEXT_MUTED
from metrics.narrative import format_interval, format_value

SUPPRESSED_HOVER = "suppressed (small number)"
# Legend order: the judgements first, then the no-judgement differences, then what is not compared.
CATEGORY_ORDER = ("worse", "similar", "better", "higher", "lower", "not compared", "suppressed")


def label(text: object) -> str:
    """Text from the data (ward and area names, headings) made safe inside plotly's hover, label and legend
    markup: plotly renders <a href>, <b>, <br> … there. It splits text at tags first and turns entities
    into characters only inside the text between them, so `<` and `>` written as entities can never start a
    tag ("Adlington & Anderton" is left as it is). Our own markup goes around the escaped text."""
    return ("" if text is None else str(text)).replace("<", "&lt;").replace(">", "&gt;")


TITLE_BAND = 44  # px at the top for the title (one line at 16 px)
LEGEND_ROW = 24  # px per row of a horizontal legend at 13 px
FULL_WIDTH = 820  # px a full-width chart has at a 1280 px wide window (the narrowest the pages are read at)
COLUMN_WIDTH = 400  # px a chart in one of two columns has there


def base_layout(fig: go.Figure, *, title: str, height: int | None = None, width: int = FULL_WIDTH,
                legend: str = "top", top_extra: int = 0) -> go.Figure:
    """Apply the house layout: plain font, white background, the title top left, the legend across the top
    directly under it. Both sit in fixed pixel bands (container coordinates) above the plot, sized for the
    narrowest width the chart is read at (`width`), so the legend can never run into the title and the plot
    starts below both. `legend="below"` puts the legend under the plot (a grid whose column headings take the
    top); `top_extra` reserves pixels above the plot for them."""
    fig.update_layout(
        font={"family": FONT, "size": 13, "color": "#222222"},
        paper_bgcolor="white", plot_bgcolor="white",
        hoverlabel={"font": {"family": FONT}, "bgcolor": "white"},
        height=height,
    )
    fig.update_xaxes(gridcolor="#EEEEEE", zerolinecolor="#CCCCCC", automargin=True)
    fig.update_yaxes(gridcolor="#EEEEEE", zerolinecolor="#CCCCCC", automargin=True)
    fig.update_layout(meta={"legend": legend, "top_extra": top_extra})
    if legend == "below":
        fig.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left", "y": -0.01, "yref": "paper",
                                  "yanchor": "top", "title": {"text": ""}})
    return fit_top(fig, title=title, width=width)


def fit_top(fig: go.Figure, *, title: str | None = None, width: int = FULL_WIDTH, scale: float = 1.0) -> go.Figure:
    """Place the title and the top legend in their own bands and push the plot below them. Called again when a
    figure is enlarged for a shared screen (`scale`: how much larger its type is)."""
    height = fig.layout.height or 450
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    below = meta.get("legend") == "below"
    rows = 0 if below else _legend_rows(fig, width / scale)
    band, row = TITLE_BAND * scale, LEGEND_ROW * scale
    fig.update_layout(title={"x": 0.01, "xanchor": "left", "xref": "container", "y": 1 - 10 / height,
                             "yref": "container", "yanchor": "top"}, margin={"l": 10, "r": 20, "b": 50})
    if title is not None:
        fig.update_layout(title_text=title)
    if rows:
        fig.update_layout(legend={"orientation": "h", "x": 0, "xanchor": "left", "xref": "container",
                                  "y": 1 - band / height, "yref": "container", "yanchor": "top",
                                  "title": {"text": ""}})
    fig.update_layout(margin={"t": band + rows * row + (8 + meta.get("top_extra", 0)) * scale})
    if below:
        fig.update_layout(margin={"b": 50 + _legend_rows(fig, width / scale) * row})
    return fig


HALO = "0px 0px 2px #ffffff, 0px 0px 3px #ffffff"  # a white halo: text that reads on any fill


def direction_axis(fig: go.Figure, centre: str, *, anchor_row: str) -> go.Figure:
    """A spine's x axis: "← Worse (or lower)", the centre's name and "Better (or higher) →" as tick labels
    under the plot and again on top of it (they never run into the legend or the title, as annotations did)."""
    ticks = {"tickvals": [-1, 0, 1], "ticktext": ["← Worse (or lower)", label(centre), "Better (or higher) →"],
             "range": [-1.15, 1.15], "showgrid": False, "zeroline": False, "fixedrange": True}
    fig.update_layout(xaxis=ticks, xaxis2={**ticks, "overlaying": "x", "side": "top", "matches": "x"})
    fig.add_trace(go.Scatter(x=[0], y=[anchor_row], xaxis="x2", mode="markers", marker={"opacity": 0},
                             hoverinfo="skip", showlegend=False, name="axis"))
    return fig


def _legend_rows(fig: go.Figure, width: float = FULL_WIDTH) -> int:
    """Rows the top legend will take at `width` pixels (an entry is its symbol and about 7.3 px a character)."""
    if fig.layout.showlegend is False or (len(fig.data) < 2 and fig.layout.showlegend is not True):
        return 0  # plotly draws no legend for a single trace unless asked
    names = [t.name for t in fig.data if t.name and t.showlegend is not False and t.type != "heatmap"]
    rows, used = (1, 0) if names else (0, 0)
    for name in names:
        entry = 46 + 7.3 * len(str(name))
        if used and used + entry > width - 20:
            rows, used = rows + 1, 0
        used += entry
    return rows


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


def comparators(frame: pd.DataFrame) -> tuple[str, dict[str, str]]:
    """Whom each ward is compared with (its `parent_code`, named from the frame's own rows) and one name for a
    legend: that comparator when every ward shares it, "its district" when the wards lie in several districts,
    else the reference area's name.

    >>> f = pd.DataFrame({"area_code": ["w1", "w2", "d1", "d2"], "area_name": ["A", "B", "Chorley", "South Ribble"],
    ...                   "area_type": ["ward", "ward", "district", "district"], "parent_code": ["d1", "d2", "p", "p"]})
    >>> comparators(f)
    ('its district', {'w1': 'Chorley', 'w2': 'South Ribble'})
    >>> comparators(f.iloc[[0, 2]])[0]
    'Chorley'
    """
    fallback = reference_name(frame)
    if "parent_code" not in frame or "area_type" not in frame:
        return fallback, {}
    names = dict(zip(frame["area_code"], frame["area_name"], strict=False))
    wards = frame[frame["area_type"] == "ward"].drop_duplicates("area_code")
    named = wards["parent_name"] if "parent_name" in wards else wards["parent_code"].map(names)
    each = {code: str(name) for code, parent, name in zip(wards["area_code"], wards["parent_code"], named,
                                                          strict=True) if isinstance(parent, str) and pd.notna(name)}
    shared = set(each.values())
    if len(shared) == 1:
        return shared.pop(), each
    return ("its district" if len(shared) > 1 else fallback), each


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
        text += f" ({level}% CI {format_interval(float(low), float(high), like=float(value))})"
    return text


def lockdown_label(date: pd.Timestamp) -> str:
    return f"Lockdown {date.day} {date:%b %Y}"


LOCKDOWN_FONT = 11
LOCKDOWN_ROW = 0.075  # of the plot's height, between staggered rows of labels


def label_rows(starts: list[float], widths: list[float]) -> list[int]:
    """The row (0 = top) for each label, in order, so that no two labels of a row overlap: each label takes the
    first row whose last label ends before it starts (positions and widths as fractions of the axis)."""
    ends: list[float] = []
    rows = []
    for start, width in zip(starts, widths, strict=True):
        row = next((i for i, end in enumerate(ends) if end + 0.01 <= start), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = start + width
        rows.append(row)
    return rows


def add_lockdown_lines(fig: go.Figure, lockdowns: Iterable, *, within: tuple | None = None,
                       width: int = FULL_WIDTH) -> go.Figure:
    """Dashed vertical lines with a level label at each lockdown date inside `within` (start, end). Labels that
    would overlap at the chart's narrowest width (`width`) go on staggered rows, never on top of each other."""
    dates = sorted(pd.Timestamp(v) for v in lockdowns)
    if within is not None:
        start, end = pd.Timestamp(within[0]), pd.Timestamp(within[1])
        dates = [d for d in dates if start <= d <= end]  # a line outside the data would stretch the time axis
    if not dates:
        return fig
    low, high = (pd.Timestamp(within[0]), pd.Timestamp(within[1])) if within is not None else (dates[0], dates[-1])
    span = max((high - low).days, 1)
    axis = max(width - 120, 200)  # px of the time axis (less the value axis and margins)
    texts = [lockdown_label(d) for d in dates]
    starts = [(d - low).days / span for d in dates]
    widths = [(0.56 * LOCKDOWN_FONT * len(t) + 8) / axis for t in texts]
    for date, text, row in zip(dates, texts, label_rows(starts, widths), strict=True):
        fig.add_shape(type="line", x0=date, x1=date, y0=0, y1=1, yref="paper", xref="x",
                      line={"color": LOCKDOWN, "width": 1, "dash": "dash"}, layer="below")
        fig.add_annotation(x=date, y=1 - row * LOCKDOWN_ROW, yref="paper", xref="x", text=text, showarrow=False,
                           xanchor="left", yanchor="top", xshift=3, bgcolor="rgba(255,255,255,0.85)",
                           font={"size": LOCKDOWN_FONT, "color": LOCKDOWN})
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


def add_suppressed_rug(fig: go.Figure, x: Iterable, hovertext: list[str], *,
                       name: str = "Suppressed (small numbers)", colour: str = "#6E6E6E", level: int = 0) -> go.Figure:
    """Marks along the foot of a time chart for suppressed points, on a hidden 0-1 axis: a suppressed value is
    shown as suppressed, never as a value of zero on the value axis. One rug per area (`name` says whose, in the
    area's own line colour, `level` stacks them) so a reader can tell which area was suppressed."""
    x = list(x)
    if not x:
        return fig
    fig.add_trace(go.Scatter(x=x, y=[0.03 + 0.045 * level] * len(x), yaxis="y2", mode="markers", name=name,
                             marker={"symbol": "x-thin-open", "size": 8, "color": colour,
                                     "line": {"width": 2, "color": colour}},
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


def comparison_grid(frame: pd.DataFrame, *, row: str, column: str, rows: list, columns: list, x: list, y: list,
                    name: str, against: str, font_size: int = 11) -> go.Figure:
    """Cells coloured by comparison category (frame: `category`, `text`, `hover` per `row` x `column`), in the
    given order, with one legend entry per category present ("Worse than {against}" …)."""
    codes = {c: i for i, c in enumerate(CATEGORY_ORDER)}
    grid = frame.assign(code=frame["category"].map(codes)).pivot_table(
        index=row, columns=column, values=["code", "text", "hover"], aggfunc="first")

    def layer(values: str, fill):
        return grid[values].reindex(index=rows, columns=columns).astype(object).where(lambda d: d.notna(), fill)

    fig = go.Figure(category_cells(layer("code", None).to_numpy().tolist(), layer("text", "").to_numpy().tolist(),
                                   layer("hover", "No data").to_numpy().tolist(), x=x, y=y, name=name,
                                   font_size=font_size, colours={codes[c]: COMPARISON[c] for c in CATEGORY_ORDER}))
    for category in (c for c in CATEGORY_ORDER if c in set(frame["category"])):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=comparison_label(category, against),
                                 marker={"symbol": "square", "size": 12, "color": COMPARISON[category]},
                                 hoverinfo="skip"))
    return fig


def add_band(fig: go.Figure, x: Iterable, low: Iterable, high: Iterable, *, name: str, colour: str) -> None:
    """A shaded interval: one closed polygon per run of points that have both ends (a gap where one is missing),
    never a band bridged across the gap. Nothing is drawn when no point has both."""
    x, low, high = (pd.Series(list(v)) for v in (x, low, high))
    ok = np.isfinite(_floats(low)) & np.isfinite(_floats(high))
    xs: list = []
    ys: list = []
    for run in np.split(np.arange(len(ok)), np.flatnonzero(np.diff(ok.astype(int))) + 1):
        if len(run) and ok[run[0]]:
            xs += [*x.iloc[run], *x.iloc[run[::-1]], None]
            ys += [*high.iloc[run], *low.iloc[run[::-1]], None]
    if xs:
        fig.add_trace(go.Scatter(x=xs, y=ys, fill="toself", fillcolor=colour, mode="lines", line={"width": 0},
                                 name=name, hoverinfo="skip"))


def _floats(values: pd.Series) -> np.ndarray:
    """Numbers as floats, a missing one (None, NaN or pd.NA) as NaN."""
    return pd.to_numeric(values, errors="coerce").astype("Float64").to_numpy(dtype=float, na_value=np.nan)
