"""The frame and the Overview page in AppTest, on the sample store, for the viewer role."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def test_overview_shows_each_partner_against_the_baseline(viewer_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    labels = [m.label for m in at.metric]
    assert labels == ["Hub requests", "Advice issues", "Crime (excl. ASB)", "MH referrals", "GP appointments",
                      "Food bank vouchers"]  # [partners] order
    values = [m.value for m in at.metric]
    assert all(v == "suppressed" or int(v.replace(",", "")) % 5 == 0 for v in values)  # viewer: rounded
    assert "Local mode (no sign-in configured) · viewer view" in at.sidebar.caption[0].value
