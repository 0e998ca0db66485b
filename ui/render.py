"""Render a view (views.base.PageView) with Streamlit: the one way every page, and every meeting step, is drawn.

Text from views is plain text: it is escaped before Streamlit's Markdown sees it, so a ward name, an agenda
heading or anything a file brought in can never become a link, an image or formatting.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from charts.common import fit_top
from metrics.export import to_safe_csv
from metrics.narrative import format_number
from ui.state import open_area
from ui.text import plain
from views.base import Chart, Columns, PageView, Quote, Table, Text, Tiles

PRESENT_FONT = 17
PRESENT_HEIGHT = 520
PRESENT_WIDTH = 700  # px the lead chart has beside the findings on a 1280 px wide shared screen
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
def presenting() -> bool:
    return bool(st.session_state.get("presenting"))


def render(view: PageView, *, title: bool = True) -> None:
    if title:
        st.title(view.title, anchor=False)
    for block in view.blocks:
        _block(block)


def presented(view: PageView, findings: list[str]) -> None:
    """A meeting step on a shared screen: the view's findings and its newest story beside its lead chart at the top
    (so the chart is on screen at 1280x720), then the rest of the page."""
    lead = view.lead
    if lead is None:
        if findings:
            with st.container(key="present-findings"):
                st.markdown("\n".join(f"- {plain(s)}" for s in findings))
        render(view, title=False)
        return
    words, picture = st.columns([2, 3], gap="medium")
    beside = view.quotes()[:1]  # the view's newest story goes under the findings, beside the chart
    with words:
        with st.container(key="present-findings"):
            st.markdown("\n".join(f"- {plain(s)}" for s in findings))
        for quote in beside:
            quote_block(quote)
    with picture:
        chart_block(lead)
    for block in view.blocks:
        if block is lead or (isinstance(block, Columns) and any(lead in col for col in block.columns)) or \
                any(block is q for q in beside):
            continue
        _block(block)


def _block(block) -> None:
    if isinstance(block, Text):
        _text(block)
    elif isinstance(block, Tiles):
        for row in tile_rows(block.tiles):
            for column, tile in zip(st.columns(len(row) if len(block.tiles) <= TILES_PER_ROW else TILES_IN_ROWS),
                                    row, strict=False):
                column.metric(tile.title, tile.value, tile.delta, border=True, help=tile.help or None,
                              delta_color=tile.colour)
                if tile.caption:
                    column.caption(plain(tile.caption))
                if tile.origin:
                    column.caption(origin_text(tile.origin))
    elif isinstance(block, Chart):
        chart_block(block)
    elif isinstance(block, Table):
        if block.caption:
            st.caption(plain(block.caption))
        if block.origin:
            st.caption(origin_text(block.origin))
        config = {c: st.column_config.LinkColumn(c, display_text="Open") for c in block.links}
        st.dataframe(styled(block.frame, block.key), hide_index=True, key=f"{block.key}-table",
                     column_config=config or None)
        if not presenting():
            _download(block.frame, block.file_name, block.key)
    elif isinstance(block, Quote):
        quote_block(block)
    elif isinstance(block, Columns):
        for column, blocks in zip(st.columns(len(block.columns)), block.columns, strict=True):
            with column:
                for inner in blocks:
                    _block(inner)


def quote_block(quote: Quote) -> None:
    """A story as a quote (its text escaped: never markup), with who told it, when and where beneath."""
    with st.container(border=True):
        st.markdown("> " + plain(quote.text))
        st.caption("\u2014 " + plain(quote.attribution))
        if quote.note:
            st.caption(":material/lock: " + plain(quote.note))


def origin_text(origin: str) -> str:
    """A figure's provenance label, marked so it is told apart from the caption (text stays plain)."""
    mark = ":material/science:" if origin.startswith("Illustrative") else ":material/verified:"
    return f"{mark} {plain(origin)}"


TILES_PER_ROW = 4  # up to four tiles share a row; more go in rows of three, so no label is cut short
TILES_IN_ROWS = 3


def tile_rows(tiles) -> list[tuple]:
    """Tiles in rows: one row of up to four, else rows of three (six tiles: two rows of three)."""
    if len(tiles) <= TILES_PER_ROW:
        return [tuple(tiles)]
    return [tuple(tiles[i:i + TILES_IN_ROWS]) for i in range(0, len(tiles), TILES_IN_ROWS)]


MISSING = "–"  # a number there is none of (suppressed, or not published): never "None" or "nan"


def styled(frame: pd.DataFrame, uuid: str = "table"):
    """A table as people read it: decimals at the house precision (metrics.narrative.format_number, the same
    figure a sentence or hover says), whole numbers with thousands separators, "–" for a missing number and a
    blank for missing text. Columns stay numbers, so sorting still sorts by value.

    Streamlit draws any null cell as "None" whatever its display value, so a missing number is held as -inf
    in the displayed copy only (it sorts below every value and shows as "–"); downloads use the view's own
    frame."""
    out = frame.reset_index(drop=True).copy()
    formats = {}
    for column in out.columns:
        values = out[column]
        if pd.api.types.is_bool_dtype(values):
            out[column] = values.map({True: "yes", False: "no"}).fillna("")
        elif pd.api.types.is_numeric_dtype(values):
            whole = pd.api.types.is_integer_dtype(values)
            out[column] = values.astype(float).fillna(-np.inf)
            formats[column] = _whole if whole else _decimal
        elif not pd.api.types.is_datetime64_any_dtype(values):
            out[column] = values.astype(object).where(values.notna(), "")
    # a fixed id (pandas draws a random one per Styler): the same table sends the same bytes every run
    return out.style.format(formats).set_uuid(uuid)


def _whole(value: float) -> str:
    return MISSING if not np.isfinite(value) else f"{int(value):,}"


def _decimal(value: float) -> str:
    return MISSING if not np.isfinite(value) else format_number(value)


def _text(block: Text) -> None:
    text = plain(block.text)
    if block.kind == "subheading":
        st.subheader(text, anchor=False)
    elif block.kind == "heading":
        st.header(text, anchor=False)
    elif block.kind in ("info", "success", "warning"):
        getattr(st, block.kind)(text)
    elif block.kind == "body":
        st.markdown(text)
    else:
        st.caption(text)


def chart_block(chart: Chart) -> None:
    """The figure (with its summary as alt text), the summary, and the table and CSV behind it."""
    figure = _enlarged(chart.figure) if presenting() else chart.figure  # views.base.Chart made it legible
    key = f"{chart.key}-chart"
    if chart.opens and not presenting():  # click a ward to open its page (not on a shared screen)
        # said above the map: at 1280x720 the map fills the screen and a line under it is never seen first
        st.caption("Click a ward on the map to open its profile.")
        st.plotly_chart(figure, key=key, alt=chart.summary, config=PLOTLY_CONFIG, on_select=_opener(key, chart.opens),
                        selection_mode="points")
    else:
        st.plotly_chart(figure, key=key, alt=chart.summary, config=PLOTLY_CONFIG)
    if chart.origin:
        st.caption(origin_text(chart.origin))
    st.caption(plain(chart.summary))
    if presenting():  # a shared screen: bigger type and chart, no table or download
        return
    with st.expander("Table and CSV download", expanded=False):
        st.dataframe(styled(chart.table, chart.key), hide_index=True, key=f"{chart.key}-table")
        _download(chart.table, chart.file_name, chart.key)


def _opener(key: str, path: str):
    """The callback of a chart whose points carry an area code: the first point clicked opens its page."""
    def opened() -> None:
        points = (st.session_state.get(key) or {}).get("selection", {}).get("points", [])
        codes = [p.get("customdata") for p in points if p.get("customdata")]
        if codes:
            code = codes[0][0] if isinstance(codes[0], list | tuple) else codes[0]
            open_area(str(code), path)
    return opened


def _download(frame, file_name: str, key: str) -> None:
    """A CSV of exactly that table, made only when this session clicks (so nothing waits at a /media/ URL),
    with spreadsheet formulas escaped."""
    st.download_button("Download CSV", lambda: to_safe_csv(frame), on_click="ignore", file_name=f"{file_name}.csv",
                       mime="text/csv", key=f"{key}-csv", icon=":material/download:")


def _enlarged(figure) -> go.Figure:
    """A copy for a shared screen: every font set explicitly (Streamlit's chart theme sizes ticks, legend and
    titles itself, so the layout font alone would not reach them) and a taller plot."""
    out = go.Figure(figure)
    height = figure.layout.height or 450
    # A chart that can fit the screen beside the findings is made to fit (520 px at 1280x720); a tall one (a
    # spine, the matrix) keeps its height and shows its top.
    out.update_layout(font_size=PRESENT_FONT, legend_font_size=PRESENT_FONT - 1, title_font_size=PRESENT_FONT + 3,
                      hoverlabel_font_size=PRESENT_FONT, height=min(round(height * 1.2), PRESENT_HEIGHT)
                      if height <= 700 else height)
    out.update_xaxes(tickfont_size=PRESENT_FONT - 2, title_font_size=PRESENT_FONT)
    out.update_yaxes(tickfont_size=PRESENT_FONT - 2, title_font_size=PRESENT_FONT)
    return fit_top(out, width=PRESENT_WIDTH, scale=PRESENT_FONT / 13)
