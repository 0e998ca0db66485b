"""Every page run inside the frame (AppTest), on the sample store, with filters from the URL.

AppTest.switch_page would run a page without the frame, so the tests open the frame with `?view=<path>`,
the link form the frame itself honours.
"""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import views
from metrics import catalogue
from settings import get_settings
from tests.app.conftest import framed
from tests.conftest import ROOT, as_shown
from views._shared import partners


def plotly_charts(at: AppTest) -> list:
    return list(at.get("plotly_chart"))


def test_ward_map_renders_a_plotly_map_with_the_filters_from_the_url(viewer_env):
    at = framed("ward-map", indicator="ca_housing", period="2020-Q4")
    assert not at.exception, at.exception
    assert at.title[0].value == "Ward map"
    assert at.selectbox(key="f_indicator").value == "ca_housing"
    assert at.selectbox(key="f_period").value == "2020-Q4"
    assert "Housing advice · Oct-Dec 2020" in as_shown(at.subheader[0].value)
    charts = plotly_charts(at)
    assert len(charts) == 1 and '"fill":"toself"' in charts[0].proto.spec.replace(" ", "")
    assert at.query_params["indicator"] == "ca_housing"


def test_trends_show_borough_and_chosen_wards(viewer_env):
    at = framed("demand-trends", indicator="police_asb", areas="E05013066,E05013077")
    assert not at.exception, at.exception
    assert at.multiselect(key="f_areas").value == ["E05013066", "E05013077"]
    spec = plotly_charts(at)[0].proto.spec
    assert "Chorley East" in spec and "Euxton" in spec and "Lockdown 23 Mar 2020" in spec


def test_community_hub_shows_the_age_band_table_and_the_contrast_in_words(viewer_env):
    at = framed("community-hub")
    assert not at.exception, at.exception
    assert "times as high per head among working-age residents" in as_shown(at.info[0].value)
    tables = [df.value for df in at.dataframe]
    assert any("Age band" in t.columns and "Food parcel" in set(t.get("Request type", [])) for t in tables)
    assert any({"Area", "Age band", "Per 1,000 residents"} <= set(t.columns) for t in tables)


def test_ward_profile_spine_pyramid_and_trends_for_the_first_chosen_ward(viewer_env):
    at = framed("ward-profile", areas="E05013066")
    assert not at.exception, at.exception
    assert as_shown(at.title[0].value) == "Ward profile: Chorley East"
    # spine, the district's Fingertips context, pyramid, IMD mix, digital exclusion domains, each partner's trend
    assert len(plotly_charts(at)) == 5 + len(partners())


def test_inequalities_give_sii_and_rii(viewer_env):
    at = framed("deprivation-inequalities", indicator="police_crime")
    assert not at.exception, at.exception
    labels = [m.label for m in at.metric]
    assert labels == ["Slope index of inequality", "Relative index of inequality", "Groups"]


def test_inequalities_say_why_there_is_no_gradient_when_a_group_is_suppressed(viewer_env):
    """In the latest quarter the real population leaves some deciles with too few food parcels for a viewer."""
    at = framed("deprivation-inequalities", indicator="hub_food_parcels")
    assert not at.exception, at.exception
    assert not at.metric
    shown = " ".join(as_shown(m.value) for m in at.markdown) + " ".join(as_shown(c.value) for c in at.caption)
    assert "No gradient:" in shown and "the slope needs every group" in shown


def test_data_and_definitions_list_sources_and_every_indicator(viewer_env):
    at = framed("data-and-definitions")
    assert not at.exception, at.exception
    held, definitions = at.dataframe[0].value, at.dataframe[1].value
    assert {"Community hub requests", "Police-recorded crime and anti-social behaviour"} <= set(held["Source"])
    assert len(definitions) == len(catalogue.all_indicators()) and definitions["Definition"].str.len().min() > 20


def test_overview_matrix_and_worse_list(viewer_env):
    at = framed()
    assert not at.exception, at.exception
    assert len(plotly_charts(at)) == 1
    assert as_shown(at.subheader[1].value) == "Worse than their comparator and getting worse"


def test_every_download_is_suppressed_for_the_viewer(viewer_env):
    """No table behind any chart on any page shows a count from 1 to 7 to the viewer role."""
    for view in (None, "ward-map", "demand-trends", "community-hub", "ward-profile", "compare-areas",
                 "deprivation-inequalities", "data-and-definitions"):
        at = framed(view, areas="E05013066")
        for df in at.dataframe:
            frame = df.value
            for col in [c for c in frame.columns if str(c).lower() in ("count", "requests")]:
                values = pd.to_numeric(frame[col], errors="coerce").dropna()
                assert not values.between(1, 7).any(), (view, col)
                # a count is a whole number, "suppressed", or (Fingertips) "not published"; never blank or None
                assert (frame[col].astype(str).str.fullmatch(r"\d+|suppressed|not published")).all(), (view, col)


@pytest.mark.parametrize("view", [None, "ward-map", "demand-trends", "community-hub", "ward-profile",
                                  "deprivation-inequalities", "data-and-definitions", "provision-and-need"])
def test_an_empty_store_explains_what_to_load_instead_of_failing(view, tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB_URL", f"duckdb:///{tmp_path / 'empty.duckdb'}")
    get_settings.cache_clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if view:
            at.query_params["view"] = view
        at.run()
        assert not at.exception, at.exception
        if view not in ("data-and-definitions",):
            assert any("python -m warehouse ingest" in as_shown(i.value) or "make run" in as_shown(i.value) for i in at.info)
        if view:  # the page keeps its title above the message (a page without one looks broken, and never "done")
            assert [t.value for t in at.title][:1] == [views.BY_PATH[view].PAGE.title]
    finally:
        get_settings.cache_clear()


def test_compare_areas_shows_the_chosen_areas_on_every_indicator_with_human_columns(viewer_env):
    at = framed("compare-areas", indicator="police_crime")
    assert not at.exception, at.exception
    assert any("Showing a suggestion" in as_shown(i.value) for i in at.info)  # nothing chosen yet
    # a person types names into the page's own box: two wards and their district
    at.multiselect(key="page-compare").set_value(["E05013066", "E05013077", "E07000118"]).run()
    assert at.query_params["compare"] == "E05013066,E05013077,E07000118"
    assert not at.exception, at.exception
    assert at.title[0].value == "Compare areas"
    charts = plotly_charts(at)
    assert len(charts) == 2  # the chosen indicator with intervals, and every indicator side by side
    for spec in (c.proto.spec for c in charts):
        assert "Chorley East" in spec and "Euxton" in spec, spec[:3000]
    tables = [t.value for t in at.dataframe]
    every = next(t for t in tables if "Comparator's value" in t.columns)
    assert set(every["Area"]) == {"Chorley East", "Euxton", "Chorley"}
    assert not any("_" in c for c in every.columns)  # column names people read, never area_name or lower_ci
    assert every["Indicator"].nunique() == len(catalogue.all_indicators())
    # the viewer's counts are rounded to 5 or suppressed, never a count of 1-7
    shown = pd.to_numeric(every["Count"].astype(str).str.replace(",", ""), errors="coerce").dropna()
    assert ((shown % 5 == 0) | (shown == 0)).all()
    # a value is written at the house precision (one decimal, two below 1)
    values = pd.to_numeric(every["Value"], errors="coerce").dropna()
    assert all(round(v, 2) == v for v in values)
