"""The store on a real PostgreSQL server: the materialised indicator values equal DuckDB's row for row, an
ingest refreshes them inside its own transaction, a refused file or a failed refresh changes nothing, and a
roll back restores the previous values exactly."""

from __future__ import annotations

import pandas as pd
import psycopg
import pytest

import sources
from data_loaders import LoadError
from metrics import catalogue
from metrics.periods import default_period
from tests.backends.support import (
    KEY,
    assert_same,
    differs,
    hub_file,
    hub_month_file,
    mh_file,
    periods_of,
    postgres_fingerprints,
    values_table,
)
from tests.warehouse.test_rollups import QUESTIONS
from warehouse import queries, rollups, values
from warehouse.ingest import ingest, rollback
from warehouse.store import connect

ROLES = ("analyst", "viewer")
NEW_MONTH = "2022-01"


@pytest.fixture(scope="module")
def stores(postgres_url, sample_store_url):
    pg, duck = connect(postgres_url), connect(sample_store_url)
    yield pg, duck
    pg.close()
    duck.close()


@pytest.fixture
def opened(fresh_postgres):
    store = connect(fresh_postgres)
    yield store
    store.close()


def test_indicator_values_equal_duckdb_row_for_row(stores):
    pg, duck = stores
    mine, theirs = values_table(pg), values_table(duck)
    assert set(theirs["indicator_id"]) == {i.id for i in catalogue.all_indicators()}
    assert not theirs.duplicated(KEY).any()
    for role in ROLES:
        assert_same(mine[mine["role"] == role].reset_index(drop=True),
                    theirs[theirs["role"] == role].reset_index(drop=True))
    # both roles are really there and really differ: the viewer's small counts are hidden, the analyst's not
    viewer, analyst = (theirs[theirs["role"] == r] for r in ("viewer", "analyst"))
    assert viewer["suppressed"].sum() > 1000 and not analyst["suppressed"].any()
    assert analyst["count"].notna().sum() > viewer["count"].notna().sum()
    assert values.meta(pg)["rows"] == values.meta(duck)["rows"] == len(theirs)
    assert values.meta(pg)["version"] == values.meta(duck)["version"]


def _latest(duck, indicator: str) -> str:
    return default_period(values.periods_held(duck, indicator)).code


# (name, the read a view makes) with "latest" standing for the indicator's default period and "top" for the
# partnership's area code.
READS = {
    "ward-map": dict(indicators="hub_food_parcels", periods=["latest"], bands=["All"],
                     area_types=["ward", "district", "partnership"]),
    "ward-map-band": dict(indicators="hub_food_parcels", periods=["latest"], bands=["65-74"], area_types=["ward"]),
    "trend-monthly": dict(indicators="ca_housing", period_types=["month"], areas=["top", "E05013066"],
                          bands=["All"]),
    "trend-weekly": dict(indicators="hub_requests", period_types=["week"], areas=["top"]),
    "hub-every-band": dict(indicators=["hub_food_parcels", "hub_personal_shopping", "hub_befriending"],
                           periods=["latest"], bands=None),
    "profile": dict(indicators=[i.id for i in catalogue.all_indicators()], area_types=["ward", "district"]),
    "deprivation": dict(indicators="imd_score", periods=None, area_types=["ward"]),
    "columns": dict(indicators="police_asb", period_types=["quarter"],
                    columns=["indicator_id", "role", "area_code", "band", "period", "count", "value", "suppressed",
                             "special_cause", "period_start"]),
}


def resolved(read: dict, duck) -> dict:
    geo = values.geography(duck)
    first = read["indicators"] if isinstance(read["indicators"], str) else read["indicators"][0]
    out = dict(read)
    if out.get("periods") == ["latest"]:
        out["periods"] = [_latest(duck, first)]
    if "areas" in out:
        out["areas"] = [geo.top if a == "top" else a for a in out["areas"]]
    return out


@pytest.mark.parametrize("name", READS)
def test_values_read_returns_the_same_frames(stores, name):
    pg, duck = stores
    read = resolved(READS[name], duck)
    for role in ROLES:
        mine, theirs = (values.read(s, **read, role=role).sort_values(KEY).reset_index(drop=True) for s in (pg, duck))
        assert len(theirs) > 0
        assert mine.dtypes.to_dict() == theirs.dtypes.to_dict()
        pd.testing.assert_frame_equal(mine, theirs, check_exact=False, rtol=1e-9, atol=1e-12)
    ids = [read["indicators"]] if isinstance(read["indicators"], str) else read["indicators"]
    assert values.periods_held(pg, ids[0]) == values.periods_held(duck, ids[0])
    assert values.editions_held(pg, ids[0]) == values.editions_held(duck, ids[0])


def test_queries_and_rollups_match_duckdb(stores):
    pg, duck = stores
    assert rollups.consistent(pg)
    for f, by in QUESTIONS:
        for use_rollup in (True, False):
            mine = queries.event_counts(pg, f, by=by, use_rollup=use_rollup)
            assert len(mine) > 0
            pd.testing.assert_frame_equal(mine, queries.event_counts(duck, f, by=by, use_rollup=use_rollup),
                                          check_dtype=False)


def test_ingest_of_a_new_month_refreshes_the_values_inside_its_transaction(opened, fresh_postgres, fresh_duckdb,
                                                                          tmp_path, monkeypatch):
    before = values_table(opened)
    assert NEW_MONTH not in periods_of(before, "hub_")
    path = hub_month_file(tmp_path, month=NEW_MONTH)

    seen = {}
    real_refresh = values.refresh

    def watched(store, source_names=None):
        report = real_refresh(store, source_names)
        count = f"SELECT COUNT(*) AS n FROM \"indicator_values\" WHERE period = '{NEW_MONTH}'"
        seen["inside"] = int(store.fetch(count)["n"].iloc[0])  # this transaction sees its new values ...
        with psycopg.connect(fresh_postgres.replace("postgres://", "postgresql://", 1)) as other:
            seen["outside"] = other.execute(count).fetchone()[0]  # ... nobody else does until it commits
            seen["events_outside"] = other.execute(
                "SELECT COUNT(*) FROM \"events\" WHERE period = %s", [f"{NEW_MONTH}-01"]).fetchone()[0]
        return report

    monkeypatch.setattr(values, "refresh", watched)
    result = ingest(opened, "community_hub", path)
    monkeypatch.undo()
    assert result.status == "loaded" and result.rows_loaded > 100
    assert seen["inside"] > 0 and seen["outside"] == 0 and seen["events_outside"] == 0

    after = values_table(opened)
    assert NEW_MONTH in periods_of(after[after["role"] == "viewer"], "hub_")
    assert NEW_MONTH in periods_of(after[after["role"] == "analyst"], "hub_")
    # every request of the file counted in the partnership's all-ages total, for the analyst
    top = after[(after["indicator_id"] == "hub_requests") & (after["role"] == "analyst") &
                (after["period"] == NEW_MONTH) & (after["area_code"] == values.geography(opened).top) &
                (after["band"] == "All")]
    assert top["count"].tolist() == [result.rows_loaded]
    hub = {i.id for i in sources.get("community_hub").indicators}
    others = ~before["indicator_id"].isin(hub)
    assert_same(after[~after["indicator_id"].isin(hub)].reset_index(drop=True), before[others].reset_index(drop=True))
    assert differs(before[~others].reset_index(drop=True), after[after["indicator_id"].isin(hub)].reset_index(drop=True))
    assert values.meta(opened)["version"] == values.store_version(opened)

    duck = connect(fresh_duckdb)
    try:
        ingest(duck, "community_hub", path)
        assert_same(after, values_table(duck))
    finally:
        duck.close()


CASES = {
    # read and refused before anything is written
    "unknown ward": ("hub_requests_bad.csv", ["P1,2022-01-05,Atlantis,PR7,25-49,Food parcel,Self,Open,N,"],
                     LoadError, "'Atlantis' is not a ward"),
    # refused inside the transaction: one ward's row for a month and service already held would remove the
    # other wards' rows of that month and service
    "removes more than it brings": ("mh_referrals_2021-12.csv", ["2021-12,CMHT,E05013064,14,11,15"],
                                    LoadError, "the file would remove"),
}


@pytest.mark.parametrize("case", [*CASES, "refresh fails"])
def test_a_refused_file_or_a_failed_refresh_leaves_every_table_unchanged(opened, tmp_path, monkeypatch, case):
    before = postgres_fingerprints(opened)  # indicator_values included, to the last digit of every value
    if case in CASES:
        name, rows, error, message = CASES[case]
        source = "community_hub" if name.startswith("hub_") else "mental_health"
        path = hub_file(tmp_path, name, *rows) if source == "community_hub" else mh_file(tmp_path, name, *rows)
    else:  # the values are computed and written, then the refresh fails: nothing of the ingest may stay
        path, error, message = hub_month_file(tmp_path, month=NEW_MONTH), RuntimeError, "refresh failed"
        real_refresh = values.refresh

        def failing(store, source_names=None):
            real_refresh(store, source_names)
            assert int(store.fetch(f"SELECT COUNT(*) AS n FROM \"indicator_values\" WHERE period = '{NEW_MONTH}'")
                       ["n"].iloc[0]) > 0
            raise RuntimeError("refresh failed")

        monkeypatch.setattr(values, "refresh", failing)
    with pytest.raises(error, match=message):
        ingest(opened, source if case in CASES else "community_hub", path)
    monkeypatch.undo()
    assert postgres_fingerprints(opened) == before
    assert rollups.consistent(opened)


def test_roll_back_restores_the_previous_values_exactly(opened, tmp_path):
    tables_before = postgres_fingerprints(opened)
    before = values_table(opened)
    result = ingest(opened, "community_hub", hub_month_file(tmp_path, month=NEW_MONTH))
    assert differs(before, values_table(opened))
    rollback(opened, result.ingest_id)
    after = values_table(opened)
    pd.testing.assert_frame_equal(after, before, check_exact=True)  # not just close: the same numbers
    tables_after = postgres_fingerprints(opened)
    changed = {t for t in tables_before if tables_before[t] != tables_after[t]}
    # the audit row says "rolled back"; the values' version moved; the alert log keeps what fired meanwhile
    assert changed - {"alerts"} == {"ingests", "values_meta"}
    audit = opened.fetch('SELECT status FROM "ingests" WHERE ingest_id = ?', [result.ingest_id])
    assert audit["status"].tolist() == ["rolled back"]
    assert rollups.consistent(opened)
