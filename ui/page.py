"""What every page file does: read the frame's filters, draw the page's own controls, build the page's view
(cached by store version, role and filters) and render it."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

import views
from ui import data
from ui.render import presenting, render
from ui.state import page_controls


def show(path: str, extra: Callable[[], None] | None = None) -> None:
    """`extra` draws a page's own control whose choices come from the store (it writes its choice to the URL,
    under one of the page's `params`), below the title like the declared controls."""
    page = views.BY_PATH[path].PAGE
    filters, version = st.session_state["filters"], st.session_state["version"]
    heading = st.empty()  # the view's title goes above the page's controls
    options = page_controls(page.controls, show=not presenting())
    if extra is not None and not presenting():
        extra()
    options |= {p: st.query_params[p] for p in page.params if st.query_params.get(p)}
    view = data.page_view(version, path, filters.with_options(**options))
    heading.title(view.title, anchor=False)
    render(view, title=False)
