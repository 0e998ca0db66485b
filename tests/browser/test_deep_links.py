"""Every page opened by its deep link, with query parameters, in Debian's Chromium: no exception, the chart
drawn, the sidebar filters matching the URL; screenshots saved for the README, timings recorded."""

from __future__ import annotations

import json
import time
from urllib.parse import parse_qs, urlparse

import pytest

import views
from metrics.periods import parse_code
from tests.browser.conftest import wait_for_script
from tests.conftest import ROOT

pytestmark = pytest.mark.slow
SHOTS = ROOT / "docs" / "screenshots"
# (name, path with query, indicator title the sidebar must show, least number of plotly charts)
PAGES = [
    ("overview", "/?indicator=hub_food_parcels&period=2021-Q1", "Food parcel requests", 1),
    ("ward-map", "/ward-map?indicator=hub_food_parcels_working_age&period=2020-Q2",
     "Food parcel requests, working age (16-64)", 1),
    ("trends", "/demand-trends?indicator=ca_housing&wards=E05013066,E05013077", "Housing advice", 1),
    ("community-hub", "/community-hub?indicator=hub_food_parcels&period=2020-Q2", "Food parcel requests", 3),
    ("ward-profile", "/ward-profile?indicator=police_asb&areas=E05013066", "Anti-social behaviour", 8),
    ("inequalities", "/deprivation-inequalities?indicator=ca_debt", "Debt advice", 1),
    ("data-and-definitions", "/data-and-definitions?indicator=mh_start_referrals", "START referrals", 0),
    ("stories", "/stories?indicator=hub_food_parcels&about=Nutrition+and+food", "Food parcel requests", 0),
]
TIMINGS: dict[str, float] = {}


@pytest.mark.parametrize("name, path, indicator_title, charts", PAGES, ids=[p[0] for p in PAGES])
def test_deep_link_opens_the_page_in_the_frame_with_its_filters(server, browser, name, path, indicator_title,
                                                                charts):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        started = time.monotonic()
        page.goto(server + path)
        wait_for_script(page)
        TIMINGS[name] = round(time.monotonic() - started, 2)
        page.wait_for_timeout(600)  # let plotly paint
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)
        assert page.query_selector_all('[data-testid="stException"]') == []
        assert "Page not found" not in page.inner_text("body")
        nav = [a.inner_text() for a in page.query_selector_all('.st-key-frame-nav a')]
        assert len(nav) == len(views.PAGES) + 1, "the frame's navigation is missing: the page opened without the frame"
        assert len(page.query_selector_all(".js-plotly-plot")) >= charts
        if charts:
            assert page.query_selector(".js-plotly-plot .main-svg") is not None
        chosen = {box.query_selector("input").get_attribute("aria-label"): box.query_selector("input").input_value()
                  for box in page.query_selector_all('[data-testid="stSidebar"] [data-testid="stSelectbox"]')}
        assert chosen["Indicator"] == indicator_title
        wanted = parse_qs(urlparse(path).query)
        now = parse_qs(urlparse(page.url).query)
        for key, value in wanted.items():  # a link made before areas could be groups says wards=: kept as areas=
            assert now.get({"wards": "areas"}.get(key, key)) == value, f"URL lost {key}: {page.url}"
        if "period" in wanted:
            assert chosen["Period"] == parse_code(wanted["period"][0]).long_label
        if "wards" in wanted or "areas" in wanted:
            assert "Chorley East" in page.inner_text('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
    finally:
        page.close()


@pytest.mark.real_data
def test_ward_map_with_the_real_ons_boundaries(real_boundaries_server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(real_boundaries_server + "/ward-map?indicator=police_asb&colour=quintile")
        wait_for_script(page)
        page.wait_for_timeout(600)
        page.screenshot(path=str(SHOTS / "ward-map-real-boundaries.png"))
        assert page.query_selector_all('[data-testid="stException"]') == []
        assert "Approximate generated geometry" not in page.inner_text("body")
        assert page.query_selector(".js-plotly-plot .main-svg") is not None
    finally:
        page.close()


def test_zz_record_timings():
    """Seconds from navigation to the script finishing, per page, for the README and the issue note."""
    if TIMINGS:
        (SHOTS / "timings.json").write_text(json.dumps(TIMINGS, indent=2) + "\n")


# Every address of the app, each opened by the first visitor of a freshly started server.
FIRST_VISITS = [(p[0], p[1], {}) for p in PAGES] + [
    ("meeting", "/partnership-meeting", {}),
    ("presenting", "/partnership-meeting?present=1&agenda=default&step=1", {}),
    ("upload", "/upload-data", {"DASHBOARD_LOCAL_ROLE": "analyst"}),
]


@pytest.mark.parametrize("name, path, env", FIRST_VISITS, ids=[v[0] for v in FIRST_VISITS])
def test_the_first_visitor_after_a_start_gets_the_page_not_page_not_found(sample_store_url, browser, name, path, env):
    """A deep link opened before anyone has visited the server (Streamlit's page list is not known yet) opens
    that page in the frame, with no "Page not found" dialog over it."""
    from tests.browser.conftest import _serve

    server = _serve(sample_store_url, **env)
    url = next(server)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        page.goto(url + path)
        wait_for_script(page)
        body = page.inner_text("body")
        assert "Page not found" not in body and "does not seem to exist" not in body, body[:400]
        assert page.query_selector('[role="dialog"]') is None
        assert page.query_selector_all('[data-testid="stException"]') == []
        if name != "presenting":
            assert len(page.query_selector_all(".st-key-frame-nav a")) >= 8, \
                "the page opened without the frame's navigation"
            assert urlparse(page.url).path == urlparse(path).path, page.url  # (presenting moves to step 1's page)
    finally:
        page.close()
        next(server, None)  # stop the server
