"""Every area type through the same pipeline, on the sample store: ward, district, partnership, primary care
network, custom group of wards and deprivation decile each get values (counts equal to an independent sum
over the events table), a monthly series, and rendered pages (AppTest) that name them.

The independent sums are plain SQL over `events`: an area's wards (a PCN's for non-GP figures: the wards its
practices' sites lie in), or a PCN's own practices for GP appointments (`org_code`), never the pipeline.
"""

from __future__ import annotations

import pandas as pd
import pytest

from settings import get_settings
from tests.app.conftest import framed
from tests.conftest import as_shown
from warehouse import values
from warehouse.store import connect

TYPES = ("ward", "district", "partnership", "pcn", "group", "deprivation")
MONTH = "2020-04"


@pytest.fixture(scope="module")
def store(sample_store_url):
    get_settings.cache_clear()
    s = connect(sample_store_url)
    yield s
    s.close()


def one_of(store, area_type: str):
    geo = values.geography(store)
    areas = geo.of_type(area_type)
    assert areas, f"the sample store has no {area_type} area"
    return geo, areas[0]


def _events_sum(store, source: str, column: str, members, month: str = MONTH, categories=None) -> int:
    marks = ", ".join("?" * len(members))
    where = f"source = ? AND {column} IN ({marks}) AND strftime(period, '%Y-%m') = ?"
    params = [source, *members, month]
    if categories:
        where += " AND category IN (" + ", ".join("?" * len(categories)) + ")"
        params += list(categories)
    return int(store.fetch(f'SELECT COALESCE(SUM("count"), 0) AS n FROM "events" WHERE {where}', params)["n"].iloc[0])


@pytest.mark.parametrize("area_type", TYPES)
def test_values_of_every_area_type_equal_an_independent_sum_of_events(store, area_type):
    from sources import get

    geo, area = one_of(store, area_type)
    crime_types = get("police_uk").indicators[0].numerator.categories
    rows = values.read(store, "police_crime", role="analyst", periods=[MONTH], areas=[area.code])
    assert len(rows) == 1 and rows["area_type"].iloc[0] == area_type
    wards = [w for w in area.members if w != "not-known"]
    expected = _events_sum(store, "police_uk", "ward_code", wards, categories=crime_types)
    if "not-known" in area.members:
        expected += int(store.fetch("SELECT COUNT(*) AS n FROM \"events\" WHERE source = 'police_uk' AND "
                                    "ward_code IS NULL AND strftime(period, '%Y-%m') = ?", [MONTH])["n"].iloc[0])
    assert int(rows["count"].iloc[0]) == expected
    assert rows["value"].iloc[0] == pytest.approx(expected / rows["denominator"].iloc[0] * 1000)
    if area.parent:
        assert rows["parent_code"].iloc[0] == area.parent
        assert rows["comparison"].iloc[0] in ("better", "similar", "worse")


def test_a_pcn_adds_up_its_practices_for_gp_figures_and_its_wards_for_the_rest(store):
    geo, pcn = one_of(store, "pcn")
    practices = store.fetch('SELECT practice_code, ward_code, registered_patients FROM "practices" WHERE pcn_code = ?',
                            [pcn.code])
    assert sorted(practices["practice_code"]) == sorted(pcn.practices)
    assert set(pcn.members) == set(practices["ward_code"])  # the wards its practices' sites lie in
    gp = values.read(store, "gp_appointments", role="analyst", periods=[MONTH], areas=[pcn.code]).iloc[0]
    assert int(gp["count"]) == _events_sum(store, "gp_appointments", "org_code", list(pcn.practices))
    assert gp["denominator"] == practices["registered_patients"].sum()
    # a ward's GP figure adds up the practices in it, whatever their PCN
    ward = practices["ward_code"].iloc[0]
    in_ward = store.fetch('SELECT practice_code FROM "practices" WHERE ward_code = ?', [ward])["practice_code"].tolist()
    gp_ward = values.read(store, "gp_appointments", role="analyst", periods=[MONTH], areas=[ward]).iloc[0]
    assert int(gp_ward["count"]) == _events_sum(store, "gp_appointments", "org_code", in_ward)


def test_pcn_viewer_counts_are_protected_like_every_other_area(store):
    rows = values.read(store, ["gp_appointments", "gp_dna_share", "police_crime"], role="viewer",
                       area_types=["pcn"], bands=None)
    shown = rows["count"].dropna().astype(int)
    assert len(rows) and not shown.between(1, get_settings().threshold).any()
    assert (shown % get_settings().rounding == 0).all()


@pytest.mark.parametrize("area_type", TYPES)
def test_every_area_type_has_a_monthly_series(store, area_type):
    _, area = one_of(store, area_type)
    series = values.read(store, "police_asb", role="viewer", period_types=["month"], areas=[area.code])
    months = sorted(series["period"])
    assert len(months) == 22 and months[0] == "2018-11" and months[-1] == "2021-09"
    assert not {"2020-06", "2020-08", "2020-09"} & set(months)  # not published: gaps, not zeros


@pytest.mark.parametrize("area_type", TYPES)
def test_every_area_type_renders_its_profile_trend_and_map(viewer_env, store, area_type):
    _, area = one_of(store, area_type)
    profile = framed("ward-profile", areas=area.code)
    assert not profile.exception, profile.exception
    assert area.name in as_shown(profile.title[0].value)
    trends = framed("demand-trends", indicator="police_crime", areas=area.code)
    assert not trends.exception, trends.exception
    assert area.name in trends.get("plotly_chart")[0].proto.spec
    shown = " ".join(as_shown(c.value) for c in trends.caption)
    assert "Real: Police-recorded crime" in shown
    chart = framed("ward-map", indicator="police_crime", areas=area.code)
    assert not chart.exception, chart.exception
    spec = chart.get("plotly_chart")[0].proto.spec
    wards = [w for w in area.members if w != "not-known"]
    assert all(w in spec for w in wards[:3])
    if area_type != "ward":  # a district, PCN, group or decile maps its own wards only
        others = set(store.fetch("SELECT area_code FROM \"areas\" WHERE area_type = 'ward'")["area_code"]) - set(wards)
        assert not any(f'"{w}"' in spec for w in others)


def test_illustrative_and_real_figures_are_labelled(viewer_env):
    hub = framed("community-hub")
    assert not hub.exception, hub.exception
    captions = " ".join(as_shown(c.value) for c in hub.caption)
    assert "Illustrative (generated) data" in captions and "Real:" not in captions
    data = framed("data-and-definitions")
    text = " ".join(as_shown(m.value) for m in data.markdown)
    assert "Contains OS data © Crown copyright and database right" in text
    assert "police.uk republishes some crimes" in text and "first month" in text
    table = pd.concat([d.value for d in data.dataframe], ignore_index=True)
    held = dict(zip(table["Source"], table["Real or illustrative"], strict=False))
    assert held["Police-recorded crime and anti-social behaviour"].startswith("Real:")
    assert held["Community hub requests"].startswith("Illustrative")


@pytest.mark.slow
@pytest.mark.parametrize("area_type", TYPES)
@pytest.mark.parametrize(("indicator", "role"), [("police_crime", "viewer"), ("hub_food_parcels", "analyst"),
                                                  ("gp_appointments", "viewer")])
def test_every_page_builds_for_every_area_type_and_role(store, area_type, indicator, role):
    """Each view (the same object the page, the meeting and the pack render) for an area of each type: a real
    indicator, a generated one and a GP one (PCNs add their practices), each role: no error, and a chart."""
    from views import VIEWS
    from views.base import Filters

    _, area = one_of(store, area_type)
    for view in VIEWS:
        page = view.build(store, Filters(indicator=indicator, areas=(area.code,), role=role))
        assert page.blocks, (view.PAGE.path, area.code, role)
        if view.PAGE.path in ("ward-map", "demand-trends", "ward-profile"):
            assert page.charts(), (view.PAGE.path, area.code, role)
