"""Sign-in for real: Streamlit's OpenID Connect login (`st.login`) against a local provider, in Chromium.

The provider is oidc-provider-mock on 127.0.0.1 (a free port), with its own login form. The dashboard server
reads a secrets.toml written here (`[auth]`: redirect URI, cookie secret, client id and secret, the provider's
metadata URL), never the repository's, and a dashboard.toml copy whose `[access]` lists name one analyst and
one viewer domain. An analyst and a viewer sign in, see their pages and figures and sign out; someone not on
the lists is refused.
"""

from __future__ import annotations

import csv
import io
import json
import re
import secrets
import threading
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest

from settings import get_settings
from tests.browser.a11y import nav_pages, screenshot
from tests.browser.conftest import _serve, wait_for_script
from tests.conftest import ROOT

SHOTS = ROOT / "docs" / "screenshots" / "review"

pytestmark = pytest.mark.slow
ANALYST = "analyst@chorley.gov.uk"
VIEWER = "coordinator@nhs.net"  # a viewer by domain
OUTSIDER = "someone@example.org"
UNVERIFIED = "unverified-account"  # a subject whose provider claims the analyst's address but has not verified it
# Personal shopping (65+) has small counts in every ward: suppressed for a viewer, shown to an analyst.
SMALL_COUNTS = "?indicator=hub_personal_shopping_65"
LOOPBACK_ONLY = re.compile(r"^(?!https?://127\.0\.0\.1[:/])")  # anything else (the mock's CDN stylesheet) is cut


@pytest.fixture(scope="module")
def provider():
    """oidc-provider-mock on 127.0.0.1 in a thread; any client id and secret are accepted."""
    import oidc_provider_mock
    import werkzeug.serving

    server = werkzeug.serving.make_server("127.0.0.1", 0, oidc_provider_mock.app(require_nonce=False),
                                          threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    people = [(ANALYST, ANALYST, True), (VIEWER, VIEWER, True), (OUTSIDER, OUTSIDER, True),
              (UNVERIFIED, ANALYST, False)]
    for sub, email, verified in people:
        claims = {"email": email, "email_verified": verified, "name": sub.split("@")[0]}
        request = urllib.request.Request(f"{url}/users/{quote(sub)}", method="PUT", data=json.dumps(claims).encode(),
                                         headers={"Content-Type": "application/json"})
        assert urllib.request.urlopen(request, timeout=10).status == 204
    yield url
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def auth_server(sample_store_url, provider, tmp_path_factory):
    folder = tmp_path_factory.mktemp("auth")
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'  # Streamlit fills in its own port
        f'cookie_secret = "{secrets.token_urlsafe(32)}"\n'
        'client_id = "locality-dashboard-test"\n'
        f'client_secret = "{secrets.token_urlsafe(24)}"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
    config = (ROOT / "dashboard.toml").read_text()
    for name, value in [("analysts", ANALYST), ("viewer_domains", VIEWER.split("@")[1])]:
        head, access, rest = config.partition("[access]")  # [email] has its own analysts list: fill [access]'s
        section, following, tail = rest.partition("\n[")
        section, found = re.subn(rf"^{name} = \[\].*$", f'{name} = ["{value}"]', section, flags=re.M)
        config = head + access + section + following + tail
        assert found == 1, f"dashboard.toml has no empty `{name}` list to fill"
    (folder / "dashboard.toml").write_text(config)
    yield from _serve(sample_store_url, secrets=str(secrets_file), DASHBOARD_CONFIG=str(folder / "dashboard.toml"))


def shown(page, selector: str) -> str:
    """What a person reads: the text without the invisible word joiners that keep addresses from becoming links."""
    return page.inner_text(selector).replace("\u2060", "")


def new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.route(LOOPBACK_ONLY, lambda route: route.abort())
    return context.new_page()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    screenshot(page, SHOTS / f"sign-in-{name}.png")


def sign_in(page, base: str, provider: str, email: str, *, name: str | None = None) -> None:
    """From the dashboard's sign-in screen through the provider's login form and back."""
    page.goto(base + "/")
    wait_for_script(page)
    assert "Sign in with your organisation account" in shown(page, '[data-testid="stMain"]')
    assert nav_pages(page, wait=False) == [], "the navigation shows before sign-in"
    if name:
        shot(page, "signed-out")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{provider}/oauth2/authorize*", timeout=30_000)
    page.get_by_placeholder("sub").fill(email)
    if name:
        shot(page, "provider-form")
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{base}/**", timeout=30_000)
    wait_for_script(page)
    if name:
        page.wait_for_timeout(600)
        shot(page, name)


def sign_out(page, base: str, provider: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{provider}/oauth2/end_session*", timeout=30_000)  # the provider's own session ends
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(f"{base}/**", timeout=30_000)
    wait_for_script(page)
    assert "Sign in with your organisation account" in shown(page, '[data-testid="stMain"]')
    page.goto(base + "/")  # the session cookie is gone, not just this tab's state
    wait_for_script(page)
    assert page.get_by_role("button", name="Sign in").is_visible()


def chart_csv(page, base: str, path: str) -> list[dict]:
    """The rows of the first chart's CSV download on a page."""
    page.goto(base + path)
    wait_for_script(page)
    page.click('[data-testid="stMain"] [data-testid="stExpander"] summary')
    button = page.locator('[data-testid="stMain"] [data-testid="stDownloadButton"] button').first
    button.wait_for(state="visible", timeout=10_000)
    with page.expect_download(timeout=180_000) as pending:  # made on click, on a machine that may be busy
        button.click()
    return list(csv.DictReader(io.StringIO(Path(pending.value.path()).read_text(encoding="utf-8-sig"))))


def suppressed_rows(rows: list[dict]) -> int:
    return sum(any("suppressed" in str(v).lower() for v in row.values()) for row in rows)


def ward_map(page) -> str:
    paths = [p.path for p in nav_pages(page) if p.title == "Ward map"]
    assert paths, "the navigation has no Ward map"
    return paths[0]


def no_errors(page) -> None:
    errors = [e.inner_text()[:400] for e in page.query_selector_all('[data-testid="stException"]')]
    assert not errors, errors


def test_an_analyst_signs_in_sees_uploads_and_unsuppressed_figures_and_signs_out(auth_server, provider, browser):
    page = new_page(browser)
    try:
        sign_in(page, auth_server, provider, ANALYST, name="analyst")
        no_errors(page)
        sidebar = shown(page, '[data-testid="stSidebar"]')
        assert f"Signed in as {ANALYST} · analyst (unsuppressed figures)" in sidebar
        pages = nav_pages(page)
        upload = [p.path for p in pages if p.title == "Upload"]
        assert upload, f"no Upload page for the analyst: {[p.title for p in pages]}"
        page.goto(auth_server + upload[0])
        wait_for_script(page)
        no_errors(page)
        assert shown(page, '[data-testid="stMain"] h1') == "Upload partner data"

        rows = chart_csv(page, auth_server, ward_map(page) + SMALL_COUNTS)
        assert len(rows) >= 14 and suppressed_rows(rows) == 0, rows[:3]
        assert all(row["Count"] not in ("", None) for row in rows), rows[:3]
        sign_out(page, auth_server, provider)
    finally:
        page.context.close()


def test_a_viewer_signs_in_sees_no_uploads_and_suppressed_figures(auth_server, provider, browser):
    page = new_page(browser)
    try:
        sign_in(page, auth_server, provider, VIEWER, name="viewer")
        no_errors(page)
        assert f"Signed in as {VIEWER} · viewer (small numbers hidden)" in shown(page, '[data-testid="stSidebar"]')
        titles = [p.title for p in nav_pages(page)]
        assert len(titles) >= 8 and "Upload" not in titles, titles

        # The analyst's Upload address does not open the page for a viewer.
        for path in ("/upload-data", "/upload"):
            page.goto(auth_server + path)
            wait_for_script(page)
            no_errors(page)
            assert shown(page, '[data-testid="stMain"] h1') != "Upload partner data", path
            assert page.query_selector('[data-testid="stFileUploader"]') is None, path

        rows = chart_csv(page, auth_server, ward_map(page) + SMALL_COUNTS)
        assert len(rows) >= 14 and suppressed_rows(rows) >= 1, rows[:3]
        assert all(row["Count"] in ("", None, "suppressed") or int(float(row["Count"])) % 5 == 0 for row in rows), rows
        sign_out(page, auth_server, provider)
    finally:
        page.context.close()


def shows_only(page, heading: str, opened: str = "/") -> None:
    """The gate's screen and nothing else: no page list (not even Streamlit's own), no chart, no filter.
    A page file's own name is no address of the app: there "Page not found" over the gate's screen is right."""
    wait_for_script(page)
    assert shown(page, '[data-testid="stMain"] h1') == heading, page.url
    body = shown(page, "body")
    assert "session_state" not in body, body[:300]
    if urlparse(opened).path in FRAME_ADDRESSES:
        assert "Page not found" not in body, f"{opened}: {body[:300]}"
    no_errors(page)
    assert nav_pages(page, wait=False) == [] and page.query_selector('[data-testid="stSidebarNav"]') is None, page.url
    assert page.query_selector_all('[data-testid="stPlotlyChart"], [data-testid="stSelectbox"], '
                                   '[data-testid="stFileUploader"], [data-testid="stDataFrame"]') == [], page.url


# Addresses a person might open: the frame's (a shared link, the analysts' upload page) and each page file's
# own name, where Streamlit's legacy multipage mode would run the file without the frame if nothing routed it.
FRAME_ADDRESSES = ["/", "/ward-map", "/upload-data", "/data-and-definitions"]
ADDRESSES = FRAME_ADDRESSES[1:] + sorted(f"/{p.stem}" for p in (ROOT / "app_pages").glob("*.py"))


def test_a_signed_out_visitor_sees_only_the_sign_in_screen_at_every_address(auth_server, browser):
    page = new_page(browser)
    try:
        for path in ["/"] + ADDRESSES:
            page.goto(auth_server + path)
            shows_only(page, f"{get_settings().partnership} Locality Dashboard", path)
            assert page.get_by_role("button", name="Sign in").is_visible()
    finally:
        page.context.close()


def test_someone_not_on_the_access_lists_is_refused(auth_server, provider, browser):
    page = new_page(browser)
    try:
        sign_in(page, auth_server, provider, OUTSIDER, name="no-access")
        shows_only(page, "No access yet")
        main = shown(page, '[data-testid="stMain"]')
        assert OUTSIDER in main and "not on the dashboard's access lists" in main
        for path in ADDRESSES:
            page.goto(auth_server + path)
            shows_only(page, "No access yet", path)
        page.goto(auth_server + "/")
        wait_for_script(page)
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{provider}/oauth2/end_session*", timeout=30_000)
    finally:
        page.context.close()


def test_an_unverified_claim_of_an_analysts_address_gets_no_access(auth_server, provider, browser):
    page = new_page(browser)
    try:
        sign_in(page, auth_server, provider, UNVERIFIED)
        shows_only(page, "No access yet")
        assert "has not verified that address" in shown(page, '[data-testid="stMain"]')
        assert "Upload" not in shown(page, "body")
    finally:
        page.context.close()
