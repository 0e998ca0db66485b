"""warehouse.values: the materialised indicator values, refreshed inside ingest and roll back, equal to an
independent recomputation from the raw events."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import sources
from warehouse import values
from warehouse.ingest import ingest, rollback
from warehouse.store import connect


@pytest.fixture(scope="module")
def store(sample_store_url, tmp_path_factory):
    copy = tmp_path_factory.mktemp("values") / "store.duckdb"
    shutil.copy(sample_store_url.removeprefix("duckdb:///"), copy)
    s = connect(f"duckdb:///{copy}")
    yield s
    s.close()


def byar(x: float) -> tuple[float, float]:
    """Byar's limits written out here from Breslow & Day (1987), independently of metrics.rates."""
    z = stats.norm.ppf(0.975)
    return x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3, (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3


def test_analyst_values_equal_a_recomputation_from_the_raw_events(store):
    raw = store.fetch("SELECT ward_code, period, age_band, category, SUM(count) AS n FROM events "
                      "WHERE source = 'community_hub' AND category = 'Food parcel' "
                      "AND period BETWEEN DATE '2021-10-01' AND DATE '2021-12-01' GROUP BY ALL")
    pop = store.fetch("SELECT area_code, SUM(persons) AS p FROM population WHERE sex = 'persons' GROUP BY area_code")
    rows = values.read(store, "hub_food_parcels", role="analyst", periods=["2021-Q4"], area_types=["ward"])
    wards = store.fetch("SELECT area_code, parent_code FROM areas WHERE area_type = 'ward'")
    assert sorted(rows["area_code"]) == sorted(wards["area_code"])
    for r in rows.itertuples():
        n = raw.loc[raw["ward_code"] == r.area_code, "n"].sum()
        p = pop.loc[pop["area_code"] == r.area_code, "p"].iloc[0]
        assert r.count == n and r.denominator == p
        assert r.value == pytest.approx(n / p * 1000)
        if n >= 10:
            low, high = byar(n)
            assert (r.lower_ci, r.upper_ci) == pytest.approx((low / p * 1000, high / p * 1000))
    whole = values.read(store, "hub_food_parcels", role="analyst", periods=["2021-Q4"], area_types=["partnership"])
    assert whole["count"].iloc[0] == raw["n"].sum()  # every ward and "ward not known"
    districts = values.read(store, "hub_food_parcels", role="analyst", periods=["2021-Q4"], area_types=["district"])
    placed = raw[raw["ward_code"].notna()]
    assert districts["count"].sum() >= placed["n"].sum()  # plus rows not placed in a ward but in a district
    chorley = raw[raw["ward_code"].isin(wards.loc[wards["parent_code"] == "E07000118", "area_code"])]
    older = values.read(store, "hub_food_parcels_older", role="analyst", periods=["2021-Q4"], areas=["E07000118"])
    assert older["count"].iloc[0] >= chorley.loc[chorley["age_band"].isin(["65-74", "75-84", "85+"]), "n"].sum()


def test_every_catalogue_indicator_has_values_for_both_roles(store):
    from metrics import catalogue

    held = store.fetch("SELECT indicator_id, role, COUNT(*) AS n FROM indicator_values GROUP BY ALL")
    for indicator in catalogue.all_indicators():
        for role in ("analyst", "viewer"):
            assert ((held["indicator_id"] == indicator.id) & (held["role"] == role)).any(), (indicator.id, role)


def test_the_viewer_sees_no_count_of_1_to_7_and_rates_rest_on_what_they_see(store):
    viewer = store.fetch('SELECT * FROM indicator_values WHERE role = \'viewer\' AND "count" IS NOT NULL')
    assert not viewer["count"].between(1, 7).any()
    assert (viewer["count"] % 5 == 0).all()
    rates = viewer[(viewer["method"].str.startswith("Byar")) & (viewer["withheld"] == 0) & (viewer["denominator"] > 0)]
    multiplier = 1000  # every rate indicator in the catalogue is per 1,000
    assert (rates["value"] * rates["denominator"] / multiplier).round(6).tolist() == \
        rates["count"].astype(float).tolist()


def test_a_withheld_count_widens_the_interval_and_never_blanks_the_total(store):
    withheld = store.fetch("SELECT * FROM indicator_values WHERE withheld > 0 AND area_type = 'district' "
                           "AND role = 'viewer' AND indicator_id = 'mh_start_referrals'")
    assert len(withheld), "the sample trust file withholds some counts"
    # A withheld count never blanks a district by itself: what is shown says "withheld" in its method, and
    # a district hidden at all is hidden as the complement of a smaller count (secondary), never as primary.
    shown = withheld[withheld["value"].notna()]
    assert len(shown) and shown["method"].str.contains("withheld").all()
    analyst = store.fetch("SELECT area_code, period, suppression FROM indicator_values WHERE withheld > 0 AND "
                          "area_type = 'district' AND role = 'analyst' AND indicator_id = 'mh_start_referrals'")
    blank = withheld[withheld["value"].isna()].merge(analyst, on=["area_code", "period"], suffixes=("", "_analyst"))
    assert (blank["suppression_analyst"] == "secondary").all(), blank
    # Chorley: shown in most months; where blank, it is the complement of smaller counts (above), not primary
    assert withheld.loc[withheld["area_code"] == "E07000118", "value"].notna().mean() > 0.8


def test_ingest_refreshes_values_in_its_transaction_and_roll_back_restores_them(store, tmp_path):
    before = store.fetch("SELECT * FROM indicator_values ORDER BY ALL")
    path = tmp_path / "extra_hub.csv"
    path.write_text("Request ID,Date Received,Ward,Postcode District,Age Band,Request Type,Referral Source,Status,"
                    "Repeat Request,Notes\n" + "".join(
                        f"EXTRA{i},{d:02d}/01/2022,Chorley East,PR7,25-49,Food parcel,Self,Completed,N,\n"
                        for i, d in enumerate(range(3, 28))))
    result = ingest(store, "community_hub", path)
    assert values.meta(store)["version"] == values.store_version(store)
    january = values.read(store, "hub_food_parcels", role="analyst", periods=["2022-01"], areas=["E05013066"])
    assert january["count"].iloc[0] == 25
    rollback(store, result.ingest_id)
    after = store.fetch("SELECT * FROM indicator_values ORDER BY ALL")
    pd.testing.assert_frame_equal(before, after)


def test_a_refused_file_leaves_the_values_unchanged(store, tmp_path):
    from data_loaders import LoadError

    before = store.fetch("SELECT * FROM indicator_values ORDER BY ALL")
    bad = tmp_path / "bad_hub.csv"
    bad.write_text("Request ID,Date Received,Ward,Postcode District,Age Band,Request Type,Referral Source,Status,"
                   "Repeat Request,Notes\nX1,31/02/2021,Chorley East,PR7,25-49,Food parcel,Self,Done,N,\n")
    with pytest.raises(LoadError):
        ingest(store, "community_hub", bad)
    pd.testing.assert_frame_equal(before, store.fetch("SELECT * FROM indicator_values ORDER BY ALL"))


def test_reads_filter_in_the_engine(store):
    rows = values.read(store, ["police_asb", "police_crime"], role="viewer", period_types=["quarter"],
                       area_types=["district"], columns=["indicator_id", "period", "value"])
    assert set(rows.columns) == {"indicator_id", "period", "value"}
    every = store.fetch("SELECT * FROM indicator_values")  # the same filter, done here in pandas
    want = every[every["indicator_id"].isin(["police_asb", "police_crime"]) & (every["role"] == "viewer")
                 & (every["period_type"] == "quarter") & (every["area_type"] == "district")]
    assert set(rows["indicator_id"]) == {"police_asb", "police_crime"} and len(rows) == len(want) > 0


def test_a_refresh_searches_again_only_the_blocks_of_counts_a_file_changed(store, tmp_path):
    """The disclosure search runs block by block (metrics.disclosure.blocks: periods no quarter or year
    joins); a block whose counts are unchanged is read back from `protection_memo`. What is stored equals
    what a search of every block from scratch gives (compute_rows without the memo)."""
    with store.transaction():
        settled = values.refresh(store, ["community_hub"])
    assert settled.blocks_searched == 0 and settled.blocks_reused > 1  # nothing changed since the last refresh
    path = tmp_path / "more_hub.csv"
    path.write_text("Request ID,Date Received,Ward,Postcode District,Age Band,Request Type,Referral Source,Status,"
                    "Repeat Request,Notes\n" + "".join(
                        f"MORE{i},{d:02d}/02/2022,Chorley East,PR7,65-74,Personal shopping,Self,Completed,N,\n"
                        for i, d in enumerate(range(1, 12))))
    result = ingest(store, "community_hub", path, refresh=False)
    try:
        with store.transaction():
            report = values.refresh(store, ["community_hub"])
        # February 2022 is a block of its own (no complete quarter or year holds it): only its blocks change
        assert 1 <= report.blocks_searched < report.blocks_reused
        ids = sorted({i.id for i in sources.get("community_hub").indicators})
        stored = store.fetch('SELECT * FROM "indicator_values" WHERE indicator_id IN ('
                             + ", ".join("?" * len(ids)) + ")", ids)
        fresh = values.compute_rows(store, ["community_hub"])
        key = ["indicator_id", "role", "area_code", "band", "period"]
        for frame in (stored, fresh):
            frame.sort_values(key, inplace=True, ignore_index=True)
        assert len(stored) == len(fresh)
        for column in ("count", "suppressed", "suppression", "viewer_suppressed", "value", "lower_ci"):
            assert stored[column].astype(object).where(stored[column].notna(), None).tolist() == \
                fresh[column].astype(object).where(fresh[column].notna(), None).tolist(), column
        february = values.read(store, "hub_personal_shopping_65", role="analyst", periods=["2022-02"],
                               areas=["E05013066"])
        assert february["count"].iloc[0] >= 11
    finally:
        rollback(store, result.ingest_id)
