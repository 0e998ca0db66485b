"""The Provision and need page run inside the frame (AppTest) on the sample store: a hub coordinator sees, in one
view, the wards where food demand outstrips provision (the issue's "done when"), and the Ward map's provision
layer. The viewer sees no count from 1 to 7 in any of its tables."""

from __future__ import annotations

import re

import pandas as pd

from tests.app.conftest import framed
from tests.conftest import as_shown


def test_the_page_names_the_wards_where_food_demand_outstrips_provision(viewer_env):
    at = framed("provision-and-need")
    assert not at.exception, at.exception
    assert at.title[0].value == "Provision and need"
    warning = as_shown(at.warning[0].value)
    assert re.search(r"Food demand outstrips provision in \d+ wards? in 2021: ", warning), warning
    tables = [t.value for t in at.dataframe]
    outstrips = next(t for t in tables if "Demand outstrips provision" in t.columns and
                     set(t["Demand outstrips provision"]) == {"yes"})
    for ward in outstrips["Ward"]:
        assert ward in warning  # every ward in the table is named in the sentence
    charts = list(at.get("plotly_chart"))
    assert len(charts) == 2
    spec = charts[0].proto.spec
    assert "Food demand outstrips provision" in spec and "Warm space or library" in spec
    assert "Provider opened" in charts[1].proto.spec  # the food clubs' opening dates beside the demand trend
    for table in tables:
        for column in [c for c in table.columns if c.endswith(": count")]:
            shown = pd.to_numeric(table[column], errors="coerce").dropna()
            assert not shown.between(1, 7).any(), column


def test_the_analyst_sees_the_same_page_from_exact_counts(analyst_env):
    at = framed("provision-and-need")
    assert not at.exception, at.exception
    assert "Viewers' comparisons" not in as_shown(at.warning[0].value)


def test_the_ward_map_draws_provision_over_any_indicator(viewer_env):
    at = framed("ward-map", indicator="ca_housing")
    assert not at.exception, at.exception
    assert "Leyland Library" not in list(at.get("plotly_chart"))[0].proto.spec  # hidden until asked for
    at.radio(key="page-provision").set_value("on").run()
    assert not at.exception, at.exception
    spec = list(at.get("plotly_chart"))[0].proto.spec
    assert "Leyland Library" in spec and "Food (food bank, food club, pantry) (approximate place)" in spec
    assert "Housing advice" in spec  # over the indicator chosen
    assert at.query_params["provision"] == "on"  # kept in the URL
