"""metrics.agenda: views and their validation, the default agenda and each view's sentences, on a small
hand-built store where one ward rises steadily, one is flat and one has counts small enough to suppress."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.agenda import AgendaView, default_agenda, view_narrative
from settings import get_settings
from warehouse import rollups
from warehouse.store import connect

WARDS = [w.code for w in get_settings().wards]
EAST, EUXTON, COPPULL, NORTH_WEST = "E05013066", "E05013077", "E05013074", "E05013068"
MONTHS = [f"2021-{m:02d}" for m in range(1, 9)]
COPPULL_TRUE_VALUE = "0.4"  # 3 requests per 8,000 residents per 1,000: must never reach a viewer


def events(ward, month, n):
    day = pd.Timestamp(month + "-15")
    return [{"source": "community_hub", "record_id": f"{ward}-{month}-{i}", "event_date": day,
             "period": day.to_period("M").start_time, "ward_code": ward, "category": "Food parcel",
             "age_band": "25-49", "count": 1} for i in range(n)]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """14 wards of 8,000 residents; food parcels a month: Chorley East 40, 55 ... 145 (rising steeply),
    Chorley North West 20, 21 ... 27 (rising gently), Coppull 3 (suppressed for viewers), every other ward 20,
    and 5 with no ward recorded."""
    s = connect(f"duckdb:///{tmp_path_factory.mktemp('agenda') / 'a.duckdb'}")
    s.insert_frame("areas", pd.DataFrame({"area_code": WARDS, "area_name": WARDS, "area_type": "ward",
                                          "parent_code": "E07000118"}))
    s.insert_frame("population", pd.DataFrame([{"area_code": w, "year": 2021, "age": a, "sex": "persons",
                                                "persons": 100, "dataset": "test"} for w in WARDS for a in range(80)]))
    rows = []
    for k, month in enumerate(MONTHS):
        for ward in WARDS:
            n = {EAST: 40 + 15 * k, COPPULL: 3, NORTH_WEST: 20 + k}.get(ward, 20)
            rows += events(ward, month, n)
        rows += [dict(r, ward_code=None, record_id=r["record_id"] + "u") for r in events("X", month, 5)]
    s.insert_frame("events", pd.DataFrame(rows))
    rollups.rebuild(s)
    yield s
    s.close()


def test_a_ward_sentence_says_significantly_higher_rising_and_the_trend(store):
    view = AgendaView("Food parcels in Chorley East", "demand-trends",
                      {"indicator": "hub_food_parcels", "period": "2021-08", "wards": EAST})
    sentences = view_narrative(store, view, role="viewer")
    assert sentences[0] == ("Food parcel requests in Chorley East: 18.1 per 1,000 residents in Aug 2021, significantly "
                            "higher than Chorley's 3.6, rising for 7 months in a row to August 2021; recent trend: "
                            "increasing and getting worse.")


def test_a_flat_ward_similar_to_the_borough_gets_no_significance_and_no_trend_words(store):
    view = AgendaView("Euxton", "ward-map", {"indicator": "hub_food_parcels", "period": "2021-08", "wards": EUXTON})
    sentence = view_narrative(store, view, role="viewer")[0]
    assert sentence == "Food parcel requests in Euxton: 2.5 per 1,000 residents in Aug 2021, similar to Chorley's 3.6."


@pytest.mark.parametrize("page", ["ward-map", "demand-trends"])
def test_a_suppressed_ward_is_named_as_suppressed_and_its_value_never_quoted(store, page):
    view = AgendaView("Coppull", page, {"indicator": "hub_food_parcels", "period": "2021-08", "wards": COPPULL})
    viewer = view_narrative(store, view, role="viewer")
    assert viewer[0] == "Food parcel requests in Coppull in Aug 2021: suppressed (small numbers)."
    assert not any(f"{COPPULL_TRUE_VALUE} per" in s for s in viewer)
    analyst = view_narrative(store, view, role="analyst")
    assert analyst[0].startswith(f"Food parcel requests in Coppull: {COPPULL_TRUE_VALUE} per 1,000 residents")


def test_the_default_agenda_leads_with_the_overview_and_the_ward_worse_and_worsening(store):
    agenda = default_agenda(store, role="viewer")
    assert 1 <= len(agenda) <= 8
    assert agenda[0].page == "partnership-overview"
    east = AgendaView("Chorley East: Food parcel requests worse than Chorley and getting worse", "demand-trends",
                      {"indicator": "hub_food_parcels", "wards": EAST})
    assert east in agenda
    for view in agenda:
        text = " ".join([view.heading, *view_narrative(store, view, role="viewer")])
        assert "Coppull:" not in text and f"{COPPULL_TRUE_VALUE} per" not in text, view.heading


def test_views_round_trip_through_json_and_open_the_root_for_the_overview():
    view = AgendaView(" Debt advice ", "ward-map", {"indicator": "ca_debt", "period": "", "wards": EAST})
    assert view.heading == "Debt advice" and view.filters == {"indicator": "ca_debt", "wards": EAST}
    assert AgendaView.from_json(view.to_json()) == view
    assert view.path == f"/ward-map?indicator=ca_debt&wards={EAST}"
    assert AgendaView("Overview", "partnership-overview").path == "/"


@pytest.mark.parametrize(("heading", "page", "filters", "message"), [
    ("", "ward-map", {}, "a view needs a heading"),
    ("Map", "upload-data", {}, "unknown page 'upload-data'"),
    ("Map", "ward-map", {"colour_by": "x"}, "unknown filter(s) colour_by"),
    ("Map", "ward-map", {"indicator": "no_such"}, "unknown indicator 'no_such'"),
])
def test_a_bad_view_is_refused_with_a_reason(heading, page, filters, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        AgendaView(heading, page, filters)


def test_rising_month_after_month_is_said_without_a_trend_the_statistics_do_not_find(store):
    view = AgendaView("North West", "demand-trends", {"indicator": "hub_food_parcels", "period": "2021-08",
                                                      "wards": NORTH_WEST})
    assert view_narrative(store, view, role="viewer")[0] == (
        "Food parcel requests in Chorley North West: 3.4 per 1,000 residents in Aug 2021, similar to Chorley's 3.6, "
        "rising for 7 months in a row to August 2021.")
