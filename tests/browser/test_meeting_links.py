"""The default agenda's link in Debian's Chromium: it opens in presentation mode (no navigation, no sidebar),
and Next steps through every view, each with its heading, its sentences, its chart and no exception."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from settings import get_settings
from tests.browser.conftest import wait_for_script
from tests.conftest import ROOT
from views.agenda import MAX_VIEWS, MIN_VIEWS

pytestmark = pytest.mark.slow
LINK = "/partnership-meeting?present=1&agenda=default&step=0"


def heading(page) -> str:
    return page.inner_text(".st-key-present-head h1").strip()


def check_view(page, step: int) -> tuple[str, int]:
    """The view at `step` is drawn in presentation mode; returns its heading and the agenda's length."""
    assert page.query_selector_all('[data-testid="stException"]') == []
    assert page.query_selector('[data-testid="stSidebar"]') is None or \
        not page.is_visible('[data-testid="stSidebar"]'), "presentation mode shows the sidebar"
    assert page.query_selector_all('.st-key-frame-nav a') == []
    assert parse_qs(urlparse(page.url).query)["step"] == [str(step)]
    where = page.inner_text(".st-key-present-where")
    assert f"view {step + 1} of " in where
    assert page.query_selector_all(".st-key-present-findings li"), "the view has no sentences"  # beside its lead chart
    assert page.query_selector(".js-plotly-plot .main-svg") is not None, "the view's chart is missing"
    return heading(page), int(where.rsplit(" of ", 1)[1])


def test_the_default_agenda_link_presents_every_view_in_turn(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        # A freshly started Streamlit server shows a spurious "Page not found" notice to the first session
        # that opens a deep link (any page, meeting or not); open the root first, as a person would.
        page.goto(server + "/")
        wait_for_script(page)
        page.goto(server + LINK)
        wait_for_script(page)
        page.wait_for_selector(".st-key-present-head h1", timeout=90_000)
        first, total = check_view(page, 0)
        assert first == f"{get_settings().partnership}: the partnership at a glance"
        assert "Page not found" not in page.inner_text("body")
        page.wait_for_timeout(600)
        page.screenshot(path=str(ROOT / "docs" / "screenshots" / "partnership-meeting.png"))
        assert MIN_VIEWS <= total <= MAX_VIEWS
        seen = [first]
        for step in range(1, total):
            page.click(".st-key-present-next button")
            page.wait_for_function(f"() => location.search.includes('step={step}')", timeout=90_000)
            page.wait_for_function("(before) => { const h = document.querySelector('.st-key-present-head h1');"
                                   " return h && h.innerText.trim() !== before; }", arg=seen[-1], timeout=90_000)
            wait_for_script(page)
            title, _ = check_view(page, step)
            seen.append(title)
        assert len(set(seen)) == total, seen
        assert page.is_disabled(".st-key-present-next button")
    finally:
        page.close()
