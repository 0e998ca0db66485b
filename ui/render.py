"""Render a view (views.base.PageView) with Streamlit: the one way every page, and every meeting step, is drawn.

Text from views is plain text: it is escaped before Streamlit's Markdown sees it, so a ward name, an agenda
heading or anything a file brought in can never become a link, an image or formatting.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from charts.common import legible
from metrics.export import to_safe_csv
from ui.text import plain
from views.base import Chart, Columns, PageView, Table, Text, Tiles

PRESENT_FONT = 17
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}
def presenting() -> bool:
    return bool(st.session_state.get("presenting"))


def render(view: PageView, *, title: bool = True) -> None:
    if title:
        st.title(view.title, anchor=False)
    for block in view.blocks:
        _block(block)


def _block(block) -> None:
    if isinstance(block, Text):
        _text(block)
    elif isinstance(block, Tiles):
        for column, tile in zip(st.columns(len(block.tiles)), block.tiles, strict=True):
            column.metric(tile.title, tile.value, tile.delta, border=True, help=tile.help or None,
                          delta_color=tile.colour)
            if tile.caption:
                column.caption(plain(tile.caption))
    elif isinstance(block, Chart):
        chart_block(block)
    elif isinstance(block, Table):
        if block.caption:
            st.caption(plain(block.caption))
        config = {c: st.column_config.LinkColumn(c, display_text="Open") for c in block.links}
        st.dataframe(block.frame, hide_index=True, key=f"{block.key}-table", column_config=config or None)
        if not presenting():
            _download(block.frame, block.file_name, block.key)
    elif isinstance(block, Columns):
        for column, blocks in zip(st.columns(len(block.columns)), block.columns, strict=True):
            with column:
                for inner in blocks:
                    _block(inner)


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
    figure = legible(_enlarged(chart.figure) if presenting() else chart.figure)
    st.plotly_chart(figure, key=f"{chart.key}-chart", alt=chart.summary, config=PLOTLY_CONFIG)
    st.caption(plain(chart.summary))
    if presenting():  # a shared screen: bigger type and chart, no table or download
        return
    with st.expander("Table and CSV download", expanded=False):
        st.dataframe(chart.table, hide_index=True, key=f"{chart.key}-table")
        _download(chart.table, chart.file_name, chart.key)


def _download(frame, file_name: str, key: str) -> None:
    """A CSV of exactly that table, made only when this session clicks (so nothing waits at a /media/ URL),
    with spreadsheet formulas escaped."""
    st.download_button("Download CSV", lambda: to_safe_csv(frame), on_click="ignore", file_name=f"{file_name}.csv",
                       mime="text/csv", key=f"{key}-csv", icon=":material/download:")


def _enlarged(figure) -> go.Figure:
    """A copy for a shared screen: every font set explicitly (Streamlit's chart theme sizes ticks, legend and
    titles itself, so the layout font alone would not reach them) and a taller plot."""
    out = go.Figure(figure)
    out.update_layout(font_size=PRESENT_FONT, legend_font_size=PRESENT_FONT - 1, title_font_size=PRESENT_FONT + 3,
                      hoverlabel_font_size=PRESENT_FONT, height=round((figure.layout.height or 450) * 1.25))
    out.update_xaxes(tickfont_size=PRESENT_FONT - 2, title_font_size=PRESENT_FONT)
    out.update_yaxes(tickfont_size=PRESENT_FONT - 2, title_font_size=PRESENT_FONT)
    return out
