"""The query and metrics suite on PostgreSQL: every result equals DuckDB's exactly."""

from __future__ import annotations

import pandas as pd
import pytest

from data_loaders import LoadError
from metrics import catalogue
from metrics.engine import compute
from metrics.series import series
from tests.warehouse.test_rollups import QUESTIONS
from warehouse import queries, rollups
from warehouse.ingest import ingest, rollback
from warehouse.store import connect

CASES = [(i.id, kw) for i in catalogue.INDICATORS
         for kw in ({}, {"period": "2020-Q2"}, {"breakdown": "age_band"} if "age_band" in i.breakdowns else None)
         if kw is not None]


@pytest.fixture(scope="module")
def stores(postgres_url, sample_store_url):
    pg, duck = connect(postgres_url), connect(sample_store_url)
    yield pg, duck
    pg.close()
    duck.close()


@pytest.mark.parametrize("indicator, options", CASES, ids=[f"{i}-{'-'.join(o.values()) or 'latest'}" for i, o in CASES])
def test_every_indicator_matches_duckdb(stores, indicator, options):
    pg, duck = stores
    for role in ("viewer", "analyst"):
        pd.testing.assert_frame_equal(compute(indicator, role=role, store=pg, **options),
                                      compute(indicator, role=role, store=duck, **options), check_dtype=False)


@pytest.mark.parametrize("indicator", ["hub_food_parcels", "ca_housing", "police_asb", "gp_remote_share"])
def test_series_match_duckdb(stores, indicator):
    pg, duck = stores
    for freq in ("month", "week") if indicator.startswith("hub") else ("month",):
        pd.testing.assert_frame_equal(series(indicator, wards=("E05013066",), freq=freq, store=pg),
                                      series(indicator, wards=("E05013066",), freq=freq, store=duck),
                                      check_dtype=False)


def test_queries_and_rollups_match_duckdb(stores):
    pg, duck = stores
    assert rollups.consistent(pg)
    for f, by in QUESTIONS:
        for use_rollup in (True, False):
            pd.testing.assert_frame_equal(queries.event_counts(pg, f, by=by, use_rollup=use_rollup),
                                          queries.event_counts(duck, f, by=by, use_rollup=use_rollup),
                                          check_dtype=False)


def test_refusal_leaves_postgres_unchanged_and_roll_back_works(stores, tmp_path):
    pg, _ = stores
    header = ("Request ID,Date Received,Ward,Postcode District,Age Band,Request Type,Referral Source,Status,"
              "Repeat Request,Notes\n")
    before = pg.fetch('SELECT COUNT(*) AS n, SUM("count") AS c FROM "events"')
    bad = tmp_path / "bad.csv"
    bad.write_text(header + "P1,05/12/2021,Atlantis,PR7,25-49,Food parcel,Self,Open,N,\n")
    with pytest.raises(LoadError, match="'Atlantis' is not a ward"):
        ingest(pg, "community_hub", bad)
    good = tmp_path / "good.csv"
    good.write_text(header + "P1,05/12/2021,Euxton,PR7,25-49,Food parcel,Self,Open,N,\n")
    result = ingest(pg, "community_hub", good)
    assert result.rows_replaced > 0 and rollups.consistent(pg)
    rollback(pg, result.ingest_id)
    pd.testing.assert_frame_equal(pg.fetch('SELECT COUNT(*) AS n, SUM("count") AS c FROM "events"'), before)
    assert rollups.consistent(pg)
