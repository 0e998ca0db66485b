"""metrics.compute on a small hand-built store: values against hand calculations, disclosure, trend."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from metrics import compute
from settings import get_settings
from warehouse import rollups
from warehouse.store import connect

WARDS = [w.code for w in get_settings().wards]
EAST, EUXTON, COPPULL = "E05013066", "E05013077", "E05013074"


def events(ward, month, n, category="Food parcel", age="25-49"):
    day = pd.Timestamp(month + "-15")
    return [{"source": "community_hub", "record_id": f"{ward}-{month}-{category}-{age}-{i}", "event_date": day,
             "period": day.to_period("M").start_time, "ward_code": ward, "category": category, "age_band": age,
             "count": 1} for i in range(n)]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = connect(f"duckdb:///{tmp_path_factory.mktemp('engine') / 'e.duckdb'}")
    s.insert_frame("areas", pd.DataFrame({"area_code": WARDS, "area_name": WARDS, "area_type": "ward",
                                          "parent_code": "E07000118"}))
    # 8,000 residents per ward: 100 at each age 0..79 (so 16-64 = 4,900 and 65+ = 1,500).
    pop = pd.DataFrame([{"area_code": w, "year": 2021, "age": a, "sex": "persons", "persons": 100,
                         "dataset": "test"} for w in WARDS for a in range(80)])
    s.insert_frame("population", pop)
    rows = []
    for m in ["2020-01", "2020-02", "2020-03", "2020-04", "2020-05"]:
        k = int(m[-1])
        rows += events(EAST, m, 40 * k) + events(EUXTON, m, 20) + events(COPPULL, m, 3)
        rows += [dict(r, ward_code=None, record_id=r["record_id"] + "u") for r in events("X", m, 10)]
    rows += events(EAST, "2020-05", 12, age="75-84")
    s.insert_frame("events", pd.DataFrame(rows))
    rollups.rebuild(s)  # rows inserted directly (not through ingest) need the monthly rollup made
    yield s
    s.close()


def test_rates_match_a_hand_calculation(store):
    out = compute("hub_food_parcels", period="2020-05", role="analyst", store=store).set_index("area_code")
    east = out.loc[EAST]
    # 200 + 12 food parcels, 8,000 residents: 26.5 per 1,000; Byar's limits computed independently below.
    assert east["count"] == 212 and east["denominator"] == 8000
    assert east["value"] == pytest.approx(212 / 8000 * 1000)
    o = 212
    z = stats.norm.ppf(0.975)
    byar_low = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3 / 8
    byar_high = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3 / 8
    assert (east["lower_ci"], east["upper_ci"]) == pytest.approx((byar_low, byar_high))
    borough = out[out["area_type"] == "borough"].iloc[0]
    # Borough: every event, including the 10 whose ward was not recorded, over 14 x 8,000 residents.
    assert borough["count"] == 212 + 20 + 3 + 10
    assert borough["value"] == pytest.approx(245 / 112_000 * 1000)
    assert east["comparison"] == "worse" and out.loc[EUXTON, "comparison"] == "similar"
    assert out.loc[WARDS[0], "comparison"] == "better"  # zero requests: interval 0..0.46 below 2.19
    assert out.loc["not-known", "count"] == 10 and np.isnan(out.loc["not-known", "value"])


def test_recent_trend_over_five_monthly_windows(store):
    out = compute("hub_food_parcels", period="2020-05", role="analyst", store=store).set_index("area_code")
    assert out.loc[EAST, "trend"] == "increasing and getting worse"  # 40, 80, 120, 160, 212
    assert out.loc[EUXTON, "trend"] == "no significant change"


def test_viewer_never_sees_small_counts_and_cannot_recover_them(store):
    out = compute("hub_food_parcels", period="2020-05", role="viewer", store=store).set_index("area_code")
    assert pd.isna(out.loc[COPPULL, "count"]) and out.loc[COPPULL, "suppressed"]
    assert np.isnan(out.loc[COPPULL, "value"]) and out.loc[COPPULL, "comparison"] == "not compared"
    shown = out["count"].dropna().astype(int)
    assert not shown.between(1, 7).any()
    assert (shown % 5 == 0).all()
    # With the borough total shown, one suppressed ward would be total minus the rest: a second is hidden.
    assert out.loc[out["area_type"] != "borough", "suppressed"].sum() >= 2


def test_age_band_breakdown_has_band_denominators_and_ward_totals(store):
    out = compute("hub_food_parcels", period="2020-05", breakdown="age_band", role="analyst", store=store)
    east = out[out["area_code"] == EAST].set_index("age_band")
    assert east.loc["25-49", "denominator"] == 2500 and east.loc["75-84", "denominator"] == 500
    assert east.loc["75-84", "value"] == pytest.approx(12 / 500 * 1000)
    assert east.loc["All", "count"] == 212
    viewer = compute("hub_food_parcels", period="2020-05", breakdown="age_band", role="viewer", store=store)
    assert not viewer["count"].dropna().astype(int).between(1, 7).any()


def test_working_age_indicator_uses_its_age_range(store):
    out = compute("hub_food_parcels_working_age", period="2020-05", role="analyst", store=store)
    east = out.set_index("area_code").loc[EAST]
    assert (east["count"], east["denominator"]) == (200, 4900)


def test_bad_requests_are_refused_with_reasons(store):
    with pytest.raises(KeyError, match="unknown indicator 'nope'"):
        compute("nope", store=store)
    with pytest.raises(ValueError, match="unknown role 'mayor'"):
        compute("hub_food_parcels", role="mayor", store=store)
    with pytest.raises(ValueError, match="cannot read the period 'May 2020'"):
        compute("hub_food_parcels", period="May 2020", store=store)
    with pytest.raises(ValueError, match="has no breakdown 'sex'"):
        compute("hub_food_parcels", breakdown="sex", store=store)
