"""Sign-in and roles in AppTest: signed out, no access, viewer and analyst (OpenID Connect is mocked at the
boundary: whether [auth] is configured and which e-mail signed in)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import ui.session
from settings import get_settings
from tests.conftest import ROOT, as_shown


@pytest.fixture
def access_config(tmp_path, sample_store_url, monkeypatch):
    text = (ROOT / "dashboard.toml").read_text()
    text = text.replace('analysts = []', 'analysts = ["ana@chorley.gov.uk"]')
    text = text.replace('viewer_domains = []', 'viewer_domains = ["nhs.net"]')
    config = tmp_path / "dashboard.toml"
    config.write_text(text)
    monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
    monkeypatch.setenv("DASHBOARD_DB_URL", sample_store_url)
    monkeypatch.delenv("DASHBOARD_LOCAL_ROLE", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def signed_in(monkeypatch, email: str | None) -> None:
    monkeypatch.setattr(ui.session, "auth_configured", lambda: True)
    monkeypatch.setattr(ui.session, "signed_in_email", lambda: email)


def run(view: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if view:
        at.query_params["view"] = view
    return at.run()


def test_role_lists_from_configuration(access_config):
    s = get_settings()
    assert s.role_for("ANA@chorley.gov.uk") == "analyst"
    assert s.role_for("gp@nhs.net") == "viewer"
    assert s.role_for("someone@example.com") is None and s.role_for(None) is None


def test_signed_out_sees_only_the_sign_in_button(access_config, monkeypatch):
    signed_in(monkeypatch, None)
    at = run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.metric and not at.get("plotly_chart")


def test_signed_in_without_access_is_told_so(access_config, monkeypatch):
    signed_in(monkeypatch, "someone@example.com")
    at = run()
    assert at.title[0].value == "No access yet" and [b.label for b in at.button] == ["Sign out"]


def test_viewer_sees_suppressed_figures_and_no_upload(access_config, monkeypatch):
    signed_in(monkeypatch, "gp@nhs.net")
    at = run("upload-data")
    assert not at.exception
    assert "Signed in as gp@nhs.net · viewer" in " ".join(as_shown(c.value) for c in at.sidebar.caption)
    assert at.title[0].value != "Upload partner data"  # no such page for viewers
    assert all(m.value == "suppressed" or int(m.value.replace(",", "")) % 5 == 0 for m in at.metric)


def test_analyst_sees_true_counts_and_the_upload_page(access_config, monkeypatch):
    signed_in(monkeypatch, "ana@chorley.gov.uk")
    at = run()
    assert "analyst (unsuppressed figures)" in " ".join(c.value for c in at.sidebar.caption)
    assert any(int(m.value.replace(",", "")) % 5 for m in at.metric if m.value != "suppressed")
    upload = run("upload-data")
    assert not upload.exception, upload.exception
    assert upload.title[0].value == "Upload partner data"
    assert {"Ingest", "Status", "Records replaced"} <= set(upload.dataframe[0].value.columns)


def test_local_mode_is_labelled(sample_store_url, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB_URL", sample_store_url)
    monkeypatch.setenv("DASHBOARD_LOCAL_ROLE", "analyst")
    get_settings.cache_clear()
    try:
        at = run()
        assert "Local mode (no sign-in configured) · analyst view" in " ".join(c.value for c in at.sidebar.caption)
    finally:
        get_settings.cache_clear()


def test_local_mode_says_it_is_served_on_this_machine_only(sample_store_url, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB_URL", sample_store_url)
    monkeypatch.delenv("DASHBOARD_LOCAL_ROLE", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert "served on this machine only (127.0.0.1)" in " ".join(c.value for c in at.sidebar.caption)
