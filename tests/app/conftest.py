"""What the page tests share: the sample store served to the frame in the viewer's (or analyst's) role, and
`framed`, one run of the whole app (the frame and the page a `view` query parameter names)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from settings import get_settings
from tests.conftest import ROOT


@pytest.fixture
def viewer_env(sample_store_url, monkeypatch):
    """The sample store, local mode (the viewer role)."""
    monkeypatch.setenv("DASHBOARD_DB_URL", sample_store_url)
    monkeypatch.delenv("DASHBOARD_LOCAL_ROLE", raising=False)
    get_settings.cache_clear()
    yield sample_store_url
    get_settings.cache_clear()


@pytest.fixture
def analyst_env(viewer_env, monkeypatch):
    monkeypatch.setenv("DASHBOARD_LOCAL_ROLE", "analyst")
    return viewer_env


@pytest.fixture
def analyst_copy(store_copy, monkeypatch):
    """The analyst role on a private copy of the sample store (the page's forms write to it)."""
    monkeypatch.setenv("DASHBOARD_DB_URL", store_copy)
    monkeypatch.setenv("DASHBOARD_LOCAL_ROLE", "analyst")
    get_settings.cache_clear()
    yield store_copy
    get_settings.cache_clear()


def framed(view: str | None = None, **params: str) -> AppTest:
    """The app run once with these query parameters (`view` picks the page inside the frame)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    if view:
        at.query_params["view"] = view
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()
