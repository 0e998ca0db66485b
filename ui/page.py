"""What every page file does: read the frame's filters, draw the page's own controls, build the page's view
(cached by store version, role and filters) and render it."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import views
from ui import data
from ui.render import presented, presenting, render
from ui.state import GOTO, open_area, page_controls
from views._shared import NoData

SHARED_KEYS = ("indicator", "theme", "period", "areas", "age", "rate")  # the sidebar's filters in the URL


def show(path: str, extra: Callable[[], None] | None = None) -> None:
    """`extra` draws a page's own control whose choices come from the store (it writes its choice to the URL,
    under one of the page's `params`), below the title like the declared controls."""
    page = views.BY_PATH[path].PAGE
    target = st.session_state.pop(GOTO, None)
    if target and target != path and target in views.BY_PATH:  # a ward clicked on the map, an area found by name
        # the shared filters go with it (a page switch clears the URL): the profile opens at the same period
        shared = {k: v for k, v in st.query_params.to_dict().items() if k in SHARED_KEYS}
        shared["areas"] = ",".join(st.session_state.get("f_areas", []))
        st.switch_page(views.BY_PATH[target].PAGE.file, query_params={k: v for k, v in shared.items() if v})
    filters, version = st.session_state["filters"], st.session_state["version"]
    heading = st.empty()  # the view's title goes above the page's controls
    if page.find_area and not presenting():
        find_area(version, page.find_area, key=f"find-{path}")
    options = page_controls(page.controls, show=not presenting(), areas=data.area_names(version),
                            area_types=data.area_types(version))
    if extra is not None and not presenting():
        extra()
    options |= {p: st.query_params[p] for p in page.params if st.query_params.get(p)}
    filters = filters.with_options(**options)
    try:
        view = data.page_view(version, path, filters)
    except NoData:  # the frame says which source to load; the page keeps its own title above that
        if not presenting():
            heading.title(page.title, anchor=False)
        raise
    if presenting():  # the agenda's heading is the title; the findings go beside the lead chart
        presented(view, st.session_state.get("present-findings", []))
        return
    heading.title(view.title, anchor=False)
    render(view, title=False)
    data.warm_periods(version, path, filters)


def find_area(version: str, target: str, *, key: str) -> None:
    """A box to find any area by typing its name; choosing one opens its page (`target`)."""
    names = data.area_names(version)

    def chosen() -> None:
        code = st.session_state.get(key)
        if code:
            st.session_state[key] = None
            open_area(code, target)

    st.selectbox("Find an area", list(names), index=None, format_func=lambda c: names.get(c, c), key=key,
                 placeholder="Type a ward, group, PCN or district name to open its profile", on_change=chosen)
