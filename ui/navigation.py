"""The frame's navigation, drawn with `st.page_link` rather than `st.navigation`'s own sidebar menu.

Why: Streamlit 1.67 draws a sectioned sidebar menu as `<ul>` > `<div>` > `<li>`, which breaks the list
markup that assistive technology relies on (axe-core rules `list` and `listitem`, WCAG 1.3.1), and there is
no option to change it. So `st.navigation` only routes (position "hidden") and this draws the same pages as
plain links under a heading per section. The links keep Streamlit's client-side page switch (the session,
and with it the filters, survive) and mark the current page with `aria-current="page"`.
"""

from __future__ import annotations

from html import escape

import streamlit as st

NAV_KEY = "frame-nav"  # the container's class is `st-key-frame-nav`; the browser tests find pages by it


def sidebar_links(sections: dict[str, list]) -> None:
    """One heading per section and a link per page, in the sidebar (call inside `with st.sidebar`)."""
    with st.container(key=NAV_KEY):
        for section, pages in sections.items():
            # A real heading (screen readers list them), sized as a label; st.html adds no anchor link.
            st.html(f'<h2 style="font-size: 0.875rem; font-weight: 600; margin: 0.6rem 0 0; padding: 0">'
                    f"{escape(section)}</h2>")
            for page in pages:
                st.page_link(page)
