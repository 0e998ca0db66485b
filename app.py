"""The frame shared by every page: page config, navigation, the sidebar (role, freshness), then the page."""

from __future__ import annotations

import streamlit as st

from settings import get_settings
from ui import data
from ui.session import current_role, mode_label

settings = get_settings()
st.set_page_config(page_title=f"{settings.partnership} Locality Dashboard", page_icon=":material/groups:",
                   layout="wide")

role = current_role()
st.session_state["role"] = role

pages = {
    "Overview": [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="overview",
                default=True),
    ],
}
page = st.navigation(pages)

with st.sidebar:
    st.caption(f"**{settings.partnership} Locality Dashboard** · {mode_label(role)}")
    fresh = data.freshness(data.store_version())
    if len(fresh):
        st.caption("Data up to: " + " · ".join(
            f"{r.source.replace('_', ' ')} {r.latest_month:%b %Y}" for r in fresh.itertuples()
            if r.latest_month is not None and str(r.latest_month) != "NaT"))

page.run()
