"""Interventions: the log and the chosen intervention's impact (views/interventions.py), and for analysts a form
that adds one to the log (stored with who added it and when)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ui import data
from ui.page import show
from ui.render import presenting
from ui.session import auth_configured, signed_in_email
from ui.text import plain

f, version = st.session_state["filters"], st.session_state["version"]


def choose() -> None:
    """The intervention to show (in the URL as `intervention`), below the page's title."""
    items = data.interventions()
    if not items:
        return
    labels = dict(items)
    ids = [str(i) for i, _ in items]
    wanted = st.query_params.get("intervention", ids[0])
    pick = st.selectbox("Intervention", ids, index=ids.index(wanted) if wanted in ids else 0,
                        format_func=lambda i: labels[int(i)], key="intervention-choice")
    if st.query_params.get("intervention") != pick:
        st.query_params["intervention"] = pick


show("partner-interventions", choose)

if presenting():
    st.stop()
st.subheader("Add an intervention", anchor=False)
if f.role != "analyst":
    st.caption("Analysts keep the log; everyone sees it and each intervention's impact.")
    st.stop()
areas = data.area_names(version)
rates = data.rate_indicators()
with st.form("add-intervention", clear_on_submit=True):
    title = st.text_input("What was done", max_chars=120, placeholder="e.g. Doorstep delivery of food parcels")
    partner = st.text_input("Which partner", max_chars=120, placeholder="e.g. Chorley Council community hub")
    where = st.multiselect("Which areas", list(areas), format_func=lambda c: areas.get(c, c))
    aims = st.multiselect("The indicators it aims at", list(rates), format_func=lambda i: rates.get(i, i))
    left, right = st.columns(2)
    start = left.date_input("Start", value=dt.date.today(), format="DD/MM/YYYY")
    ongoing = right.checkbox("Still going on", value=True)
    end = right.date_input("End (if it has ended)", value=dt.date.today(), format="DD/MM/YYYY")
    description = st.text_area("Description (optional)", max_chars=1000)
    if st.form_submit_button("Add to the log", type="primary", icon=":material/add:"):
        try:
            new = data.add_intervention(title=title, partner=partner, areas=where, indicators=aims, start=start,
                                        end=None if ongoing else end, description=description,
                                        created_by=signed_in_email() if auth_configured() else "local analyst")
            st.query_params["intervention"] = str(new)
            st.success(f"Added as intervention {new}.")
            st.rerun()
        except ValueError as problem:
            st.error(plain(str(problem)))
