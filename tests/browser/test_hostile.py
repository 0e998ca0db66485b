"""Hostile links and text in Debian's Chromium, judged only by what the browser renders and requests.

Markup planted in a URL parameter, a saved agenda's name and heading, a ward's name (map hover) and an
uploaded file's header must show as text: no <a> or <img> pointing at the planted host, no request to it.
Every page, opened directly, makes no request to a host other than the server's own (favicon included).
"""

from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest

from tests.browser.conftest import PLANTED, PLANTED_HTML, wait_for_script

pytestmark = pytest.mark.slow
EVIL = "evil.example"
PAGES = ["/", "/ward-map", "/demand-trends", "/community-hub", "/ward-profile", "/deprivation-inequalities",
         "/data-and-definitions", "/partnership-meeting", "/upload-data"]


def planted_elements(page) -> list[str]:
    """Links and images the browser made from planted text (anywhere in the document)."""
    selector = f'a[href*="{EVIL}"], img[src*="{EVIL}"], image[href*="{EVIL}"], [style*="{EVIL}"]'
    return page.evaluate("(s) => [...document.querySelectorAll(s)].map(e => (e.closest('[data-testid]') || "
                         "{}).dataset?.testid + ': ' + e.outerHTML)", selector)


def text_of(page, selector: str = "body") -> str:
    """What the page shows, without the invisible word joiners that keep bare URLs from becoming links."""
    return page.inner_text(selector).replace("\u2060", "")


def open_recording(browser, url: str):
    """A page whose every request to another host is recorded (and refused, so none leaves the machine)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    outside: list[str] = []
    own = urlparse(url).hostname

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host in (own, "127.0.0.1", "localhost"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return page, outside


def test_no_page_asks_another_host_for_anything(server, browser):
    page, outside = open_recording(browser, server)
    try:
        page.goto(server + "/")
        wait_for_script(page)
        for path in PAGES[:-1]:
            page.goto(server + path)
            wait_for_script(page)
        icons = page.evaluate("() => [...document.querySelectorAll('link[rel*=icon]')].map(l => l.href)")
    finally:
        page.close()
    assert outside == [], f"requests to other hosts: {outside}"
    assert icons and all(urlparse(i).hostname in (None, "127.0.0.1") or i.startswith("data:") for i in icons), icons


@pytest.mark.parametrize("query", [
    "present=1&step=0&agenda=" + quote(PLANTED),
    "present=1&step=0&agenda=" + quote(PLANTED_HTML),
    "present=1&agenda=default&step=" + quote("²"),
    "present=1&agenda=default&step=-1",
    "indicator=" + quote(PLANTED) + "&period=" + quote(PLANTED_HTML) + "&wards=" + quote(PLANTED),
], ids=["markdown agenda", "html agenda", "superscript step", "negative step", "markup filters"])
def test_a_planted_url_parameter_renders_as_text_or_the_default(server, browser, query):
    page, outside = open_recording(browser, server)
    try:
        page.goto(server + "/")
        wait_for_script(page)
        page.goto(server + "/partnership-meeting?" + query)
        wait_for_script(page)
        assert page.query_selector_all('[data-testid="stException"]') == [], "an error page"
        assert planted_elements(page) == []
        assert "Session expired" not in text_of(page) or "[Session expired" in text_of(page)
    finally:
        page.close()
    assert not [u for u in outside if EVIL in u]


def test_a_saved_agendas_name_and_heading_render_as_text(hostile_server, browser):
    url, agenda_id = hostile_server
    page, outside = open_recording(browser, url)
    try:
        page.goto(url + "/")
        wait_for_script(page)
        page.goto(url + f"/partnership-meeting?agenda={agenda_id}")
        wait_for_script(page)
        page.get_by_text("Show what each view will say").click()
        wait_for_script(page)
        body = text_of(page)
        assert "[Session expired - sign in again](https://evil.example/login)" in body  # the heading, as typed
        assert '<a href="https://evil.example/html">Sign in</a>' in body  # the agenda's name, as typed
        assert planted_elements(page) == []
        page.goto(url + f"/partnership-meeting?present=1&agenda={agenda_id}&step=0")
        wait_for_script(page)
        assert '<a href="https://evil.example/html">' in text_of(page)
        assert planted_elements(page) == []
    finally:
        page.close()
    assert not [u for u in outside if EVIL in u]


def test_a_ward_name_with_markup_stays_text_in_the_map_hover(hostile_server, browser):
    url, _ = hostile_server
    page, outside = open_recording(browser, url)
    try:
        page.goto(url + "/")
        wait_for_script(page)
        page.goto(url + "/ward-map?areas=E07000118")  # Chorley's wards, the planted one among them
        wait_for_script(page)
        plot = page.wait_for_selector(".js-plotly-plot .nsewdrag", timeout=60_000)
        box = plot.bounding_box()
        hovers = set()
        for i in range(1, 16):
            for j in range(1, 16):
                page.mouse.move(box["x"] + box["width"] * i / 16, box["y"] + box["height"] * j / 16)
                text = page.evaluate("() => [...document.querySelectorAll('.hoverlayer')].map(h => h.textContent)"
                                     ".join(' ')")
                if text.strip():
                    hovers.add(text)
                assert planted_elements(page) == []
                assert page.query_selector_all(".hoverlayer a") == []
    finally:
        page.close()
    assert any('<a href="https://evil.example/html">' in h for h in hovers), sorted(hovers)
    assert not [u for u in outside if EVIL in u]


def test_an_uploaded_files_header_in_a_refusal_renders_as_text(hostile_server, browser, tmp_path):
    url, _ = hostile_server
    bad = tmp_path / "hub.csv"
    bad.write_text("Request ID,Date Received,Ward,Postcode District,Age Band,Request Type,Referral Source,Status,"
                   f"{PLANTED} {PLANTED_HTML}\nH1,27/03/2020,Euxton,PR7,25-49,Food parcel,Self,Open,N\n")
    page, outside = open_recording(browser, url)
    try:
        page.goto(url + "/")
        wait_for_script(page)
        page.goto(url + "/upload-data")
        wait_for_script(page)
        page.click('[data-testid="stMain"] [data-testid="stSelectbox"]')
        page.get_by_role("option", name="community hub").click()
        wait_for_script(page)
        page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(bad))
        page.wait_for_selector('[data-testid="stAlertContentError"]', timeout=60_000)
        error = text_of(page, '[data-testid="stAlertContentError"]')
        assert "Refused, nothing loaded." in error and "(https://evil.example/login)" in error
        assert planted_elements(page) == []
    finally:
        page.close()
    assert not [u for u in outside if EVIL in u]
