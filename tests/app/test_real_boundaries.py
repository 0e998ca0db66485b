"""The ward map with the real ONS Chorley ward boundaries configured (../shared/data/real)."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from settings import get_settings
from tests.conftest import ROOT, real_data

pytestmark = pytest.mark.real_data


@pytest.fixture
def real_config(tmp_path, sample_store_url, monkeypatch):
    wards = real_data("boundaries/chorley_wards_wd25_bgc.geojson")
    text = (ROOT / "dashboard.toml").read_text().replace('ward_boundaries = ""', f'ward_boundaries = "{wards}"')
    config = tmp_path / "dashboard.toml"
    config.write_text(text)
    monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
    monkeypatch.setenv("DASHBOARD_DB_URL", sample_store_url)
    get_settings.cache_clear()
    yield config
    get_settings.cache_clear()


def test_map_uses_real_boundaries_and_drops_the_approximate_label(real_config):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["view"] = "ward-map"
    at.query_params["indicator"] = "police_asb"
    at.run()
    assert not at.exception, at.exception
    assert not any("Approximate generated geometry" in c.value for c in at.caption)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {t.get("name") for t in spec["data"]} | {str(t.get("text", ""))[:60] for t in spec["data"]}
    assert any("Clayton East, Brindle" in n for n in names if n)
    xs = [x for t in spec["data"] if t.get("fill") == "toself" for x in t["x"] if x is not None]
    # Real Chorley lies between about 2.85W and 2.5W: the shapes are the ONS ones, in WGS84.
    assert -2.86 < min(xs) < -2.80 and -2.53 < max(xs) < -2.48
