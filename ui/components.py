"""The one way a chart is shown: figure (with alt text), a plain-English summary, the table behind it and
a CSV of exactly that table (already suppressed for the viewer role, formula characters escaped)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from metrics.export import to_safe_csv

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def chart_block(figure, table: pd.DataFrame, *, summary: str, file_name: str, key: str,
                column_config: dict | None = None) -> None:
    st.plotly_chart(figure, key=f"{key}-chart", alt=summary, config=PLOTLY_CONFIG)
    st.caption(summary)
    with st.expander("Table and CSV download", expanded=False):
        st.dataframe(table, hide_index=True, column_config=column_config, key=f"{key}-table")
        st.download_button("Download CSV", to_safe_csv(table), file_name=f"{file_name}.csv", mime="text/csv",
                           key=f"{key}-csv", icon=":material/download:")


def indicator_header(indicator, period_label: str) -> None:
    st.subheader(f"{indicator.title} · {period_label}")
    st.caption(f"{indicator.unit}. {indicator.definition} Source: {indicator.attribution}.")
