"""WCAG 2.1 A and AA (axe-core) on every page the navigation offers, for both roles and in presentation mode;
a keyboard-only walk through the sidebar filters, a page's control and a download. Review screenshots of
every page at 1400x1000 and 1280x720 go to docs/screenshots/review/.

The pages come from the frame's navigation as each role sees it, so a new page is checked automatically,
collapsed and with every "Table and CSV download" expander open. axe-core does not read SVG text, so chart
axis, legend and colour-bar text is checked for 4.5:1 here too (rule id `chart-text-contrast`). Every
violation is reported with its rule id, impact and target selectors, and any one fails the test.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.a11y import (
    axe_violations,
    chart_text_problems,
    nav_pages,
    open_expanders,
    report,
    screenshot,
)
from tests.browser.conftest import wait_for_script
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
REVIEW = ROOT / "docs" / "screenshots" / "review"
SIZES = [(1400, 1000), (1280, 720)]
PRESENT = "/partnership-meeting?present=1&agenda=default&step=0"


@pytest.fixture(params=["viewer", "analyst"])
def role_server(request) -> tuple[str, str]:
    """(role, base URL) of a local-mode server with that role."""
    return request.param, request.getfixturevalue("server" if request.param == "viewer" else "analyst_server")


def settle(page) -> None:
    wait_for_script(page)
    page.wait_for_timeout(600)  # let plotly paint
    errors = [e.inner_text()[:400] for e in page.query_selector_all('[data-testid="stException"]')]
    assert not errors, f"{page.url} raised: {errors}"


def full_length(page, path, *, width: int) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main container, so grow the viewport to it."""
    page.set_viewport_size({"width": width, "height": 1000})
    page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollTo(0, 0)")
    page.wait_for_timeout(300)
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(max(height, 720), 12000)})
    page.wait_for_timeout(800)
    screenshot(page, path)


def test_every_page_in_the_navigation_meets_wcag_21_aa(role_server, browser):
    role, base = role_server
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    REVIEW.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    try:
        page.goto(base + "/")
        settle(page)
        pages = nav_pages(page)
        titles = [p.title for p in pages]
        assert len(pages) >= 8, f"the navigation offers only {titles}"
        assert ("Upload" in titles) == (role == "analyst"), titles
        for entry in pages:
            page.set_viewport_size({"width": 1400, "height": 1000})
            page.goto(base + entry.path)
            settle(page)
            assert urlparse(page.url).path == entry.path, f"{entry.path} opened {page.url}"
            where = f"{role} {entry.path}"
            problems += report(where, axe_violations(page)) + chart_text_problems(page, where)
            if role == "viewer":
                for width, height in SIZES:
                    page.set_viewport_size({"width": width, "height": height})
                    page.wait_for_timeout(500)
                    screenshot(page, REVIEW / f"{entry.name}-{width}x{height}.png")
                page.set_viewport_size({"width": 1400, "height": 1000})
            if open_expanders(page):
                problems += report(f"{where} (tables open)", axe_violations(page))
            full_length(page, REVIEW / f"{'' if role == 'viewer' else 'analyst-'}{entry.name}-full.png",
                        width=1280 if role == "viewer" else 1400)
    finally:
        page.close()
    assert not problems, "WCAG 2.1 A/AA violations (axe-core; chart text checked here):\n" + "\n".join(problems)


def test_presentation_mode_meets_wcag_21_aa_at_every_step(role_server, browser):
    role, base = role_server
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    problems: list[str] = []
    try:
        page.goto(base + "/")  # a fresh server's first deep link can show a spurious "Page not found"
        settle(page)
        page.goto(base + PRESENT)
        settle(page)
        page.wait_for_selector(".st-key-present-head h1", timeout=90_000)
        total = int(page.inner_text(".st-key-present-where").rsplit(" of ", 1)[1])
        assert total >= 2, "the default agenda has a single view"
        for step in range(total):
            if step:
                before = page.inner_text(".st-key-present-head h1").strip()
                page.click(".st-key-present-next button")
                page.wait_for_function(f"() => location.search.includes('step={step}')", timeout=90_000)
                page.wait_for_function("(before) => { const h = document.querySelector('.st-key-present-head h1');"
                                       " return h && h.innerText.trim() !== before; }", arg=before, timeout=90_000)
                settle(page)
            assert f"view {step + 1} of {total}" in page.inner_text(".st-key-present-where")
            where = f"{role} presentation step {step}"
            problems += report(where, axe_violations(page)) + chart_text_problems(page, where)
            if role == "viewer":
                for width, height in SIZES:
                    page.set_viewport_size({"width": width, "height": height})
                    page.wait_for_timeout(500)
                    screenshot(page, REVIEW / f"present-step{step}-{width}x{height}.png")
                page.set_viewport_size({"width": 1400, "height": 1000})
    finally:
        page.close()
    assert not problems, "WCAG 2.1 A/AA violations (axe-core; chart text checked here):\n" + "\n".join(problems)


FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  return {tag: e.tagName.toLowerCase(), role: e.getAttribute('role') || '', type: e.getAttribute('type') || '',
          label: e.getAttribute('aria-label') || (e.innerText || '').trim().slice(0, 80),
          sidebar: !!e.closest('[data-testid="stSidebar"]'), main: !!e.closest('[data-testid="stMain"]'),
          download: !!e.closest('[data-testid="stDownloadButton"]'), summary: e.tagName === 'SUMMARY',
          checked: e.checked === true};
}"""


def tab_until(page, wanted, *, limit: int = 80) -> list[dict]:
    """Press Tab until the focused element satisfies `wanted`; returns every element focused on the way."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        seen.append(focused)
        if focused and wanted(focused):
            return seen
    raise AssertionError(f"{limit} presses of Tab never reached the element; focus went through {seen}")


def walk_target(page, base) -> str:
    """The first page in the navigation with a control of its own and a download behind a chart."""
    for entry in nav_pages(page):
        page.goto(base + entry.path)
        settle(page)
        main = '[data-testid="stMain"]'
        has_control = page.query_selector(f'{main} [role="radiogroup"], {main} [data-testid="stSelectbox"]')
        if has_control and page.query_selector(f"{main} [data-testid='stExpander']"):
            return entry.path
    raise AssertionError("no page offers a control and a chart download")


def test_keyboard_only_filters_a_page_control_and_a_download(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    try:
        page.goto(server + "/")
        settle(page)
        path = walk_target(page, server)
        page.goto(server + path)
        settle(page)
        page.evaluate("() => document.activeElement && document.activeElement.blur()")

        # Through the navigation to the sidebar's filters, in order.
        seen = tab_until(page, lambda f: f["sidebar"] and f["label"] == "Period")
        labels = [f["label"] for f in seen if f and f["sidebar"]]
        assert labels.index("Theme") < labels.index("Indicator") < labels.index("Period"), labels
        assert any(f and f["tag"] == "a" and f["sidebar"] for f in seen), "the navigation links are not reachable"

        # Change the period with the keyboard alone: open the list, move down one, choose.
        before = page.input_value('[data-testid="stSidebar"] input[aria-label="Period"]')
        page.keyboard.press("ArrowDown")
        page.wait_for_selector('[role="listbox"], [role="option"]', timeout=10_000)
        page.keyboard.press("ArrowDown")
        page.keyboard.press("Enter")
        page.wait_for_function("() => new URLSearchParams(location.search).has('period')", timeout=30_000)
        settle(page)
        after = page.input_value('[data-testid="stSidebar"] input[aria-label="Period"]')
        assert after != before, f"the period stayed {before!r}"
        period = parse_qs(urlparse(page.url).query)["period"][0]

        # On to a control of the page's own, and change it.
        seen = tab_until(page, lambda f: f["main"] and (f["type"] == "radio" or f["role"] == "combobox"))
        control = seen[-1]
        if control["type"] == "radio":
            checked = page.evaluate("() => document.activeElement.value")
            page.keyboard.press("ArrowRight")
            page.wait_for_function("(v) => document.activeElement.checked && document.activeElement.value !== v",
                                   arg=checked, timeout=10_000)
        else:
            value = page.evaluate("() => document.activeElement.value")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Enter")
            page.wait_for_function("(v) => document.activeElement.value !== v", arg=value, timeout=10_000)
        settle(page)
        assert parse_qs(urlparse(page.url).query)["period"] == [period], "the page control lost the filter"

        # To the table-and-download expander: open it with Enter, then Tab to its download and press Enter.
        tab_until(page, lambda f: f["main"] and f["summary"])
        page.keyboard.press("Enter")
        page.wait_for_selector('[data-testid="stMain"] details[open] [data-testid="stDownloadButton"]',
                               timeout=10_000)
        tab_until(page, lambda f: f["download"], limit=30)
        with page.expect_download(timeout=30_000) as pending:
            page.keyboard.press("Enter")
        download = pending.value
        assert download.suggested_filename.endswith(".csv")
        body = open(download.path(), encoding="utf-8-sig").read()
        assert len(body.splitlines()) >= 2, f"the CSV is empty: {body[:200]!r}"
    finally:
        page.close()
