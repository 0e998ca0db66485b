"""The one way a chart is shown: figure (with alt text), a plain-English summary, the table behind it and
a CSV of exactly that table (already suppressed for the viewer role, formula characters escaped)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics.export import to_safe_csv

PRESENT_FONT = 17
# Streamlit's plotly theme draws tick labels and axis titles in #808495, 3.8:1 on white (WCAG AA asks 4.5:1
# for text this size); explicit axis colours win over the theme, layout.font does not.
AXIS_TEXT = "#505a5f"  # 7.0:1 on white
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def chart_block(figure, table: pd.DataFrame, *, summary: str, file_name: str, key: str,
                column_config: dict | None = None) -> None:
    figure = legible(figure)
    if st.session_state.get("presenting"):  # a shared screen: bigger type and chart, no table or download
        figure = _enlarged(figure)
        st.plotly_chart(figure, key=f"{key}-chart", alt=summary, config=PLOTLY_CONFIG)
        st.caption(summary)
        return
    st.plotly_chart(figure, key=f"{key}-chart", alt=summary, config=PLOTLY_CONFIG)
    st.caption(summary)
    with st.expander("Table and CSV download", expanded=False):
        st.dataframe(table, hide_index=True, column_config=column_config, key=f"{key}-table")
        st.download_button("Download CSV", to_safe_csv(table), file_name=f"{file_name}.csv", mime="text/csv",
                           key=f"{key}-csv", icon=":material/download:")


def legible(figure) -> go.Figure:
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


def _enlarged(figure) -> go.Figure:
    """A copy for a shared screen: every font set explicitly (Streamlit's chart theme sizes ticks, legend and
    titles itself, so the layout font alone would not reach them) and a taller plot."""
    out = go.Figure(figure)
    out.update_layout(font_size=PRESENT_FONT, legend_font_size=PRESENT_FONT - 1, title_font_size=PRESENT_FONT + 3,
                      hoverlabel_font_size=PRESENT_FONT, height=round((figure.layout.height or 450) * 1.25))
    out.update_xaxes(tickfont_size=PRESENT_FONT - 2, title_font_size=PRESENT_FONT)
    out.update_yaxes(tickfont_size=PRESENT_FONT - 2, title_font_size=PRESENT_FONT)
    return out


def indicator_header(indicator, period_label: str) -> None:
    st.subheader(f"{indicator.title} · {period_label}")
    st.caption(f"{indicator.unit}. {indicator.definition} Source: {indicator.attribution}.")
