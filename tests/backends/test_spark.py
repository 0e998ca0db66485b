"""The one indicator pipeline on Spark (local mode, through Ibis's PySpark backend): its values equal DuckDB's.

The sample store's tables are registered as Spark views (a warehouse that already holds them would be
reached by URL instead); then `values.compute_rows` runs unchanged, every count, population, practice list
and deprivation score read by its Ibis queries executed by Spark. `values.read` is checked on a registered
copy of the materialised table.
"""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from metrics.periods import default_period
from sources.census_health import INDEX_ID
from tests.backends.conftest import require
from tests.backends.support import KEY, assert_same, normalised
from warehouse import digital, values
from warehouse.store import Store, connect

# What compute_rows reads (events_monthly for counts, events for weekly counts, population, practices,
# deprivation with lsoa_ward), and the materialised values that views read.
TABLES = ["events", "events_monthly", "population", "areas", "deprivation", "lsoa_ward", "practices",
          "indicator_values"]
ROLES = ("analyst", "viewer")


@pytest.fixture(scope="module")
def stores(sample_store_url):
    require(importlib.util.find_spec("pyspark") is not None,
            "pyspark is not installed (CI installs it from requirements-ci.txt)")
    import ibis
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("locality-dashboard-tests")
             .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
             .config("spark.sql.session.timeZone", "UTC").config("spark.sql.shuffle.partitions", "4").getOrCreate())
    duck = connect(sample_store_url)
    for table in TABLES:  # Arrow carries the column types (pandas nulls would make Spark guess)
        arrow = duck.con.con.sql(f'SELECT * FROM "{table}"').to_arrow_table()
        spark.createDataFrame(arrow).createOrReplaceTempView(table)
    store = Store(con=ibis.pyspark.connect(spark), url="pyspark://local", read_only=True)
    yield store, duck
    duck.close()
    spark.stop()


@pytest.mark.slow
def test_compute_rows_on_spark_equals_duckdb(stores):
    spark, duck = stores
    theirs = values.compute_rows(duck)
    mine = values.compute_rows(spark)
    assert len(theirs) > 100_000 and set(theirs["role"]) == set(ROLES)
    assert {"month", "quarter", "year", "week", "edition"} <= set(theirs["period_type"])
    # exactly the frame the ingest materialises, column for column (types included) ...
    assert list(mine.columns) == list(theirs.columns) == values.VALUE_COLUMNS
    assert mine.dtypes.to_dict() == theirs.dtypes.to_dict()
    mine, theirs = normalised(mine), normalised(theirs)
    assert_same(mine, theirs)
    # ... and what the DuckDB ingest stored is that frame, plus the digital exclusion index that the same refresh
    # computes last, from the values just written (warehouse.digital): those rows are the index computed again
    stored = duck.table("indicator_values").to_pandas()
    index = stored["indicator_id"] == INDEX_ID
    assert index.sum() > 0
    assert_same(normalised(stored[~index]), theirs)
    again = digital.rows(duck, values.geography(duck)).reindex(columns=values.VALUE_COLUMNS)
    assert_same(normalised(stored[index]).drop(columns=["count", "withheld"]),
                normalised(again).drop(columns=["count", "withheld"]))


def _latest(duck, indicator: str) -> str:
    return default_period(values.periods_held(duck, indicator)).code


READS = {
    "ward-map": lambda duck, top: dict(indicators="hub_food_parcels", periods=[_latest(duck, "hub_food_parcels")],
                                       area_types=["ward", "district", "partnership"]),
    "trend": lambda duck, top: dict(indicators="ca_housing", period_types=["month"], areas=[top, "E05013066"]),
    "weekly": lambda duck, top: dict(indicators="hub_requests", period_types=["week"], areas=[top]),
    "every-band": lambda duck, top: dict(indicators=["hub_food_parcels", "hub_befriending"], bands=None,
                                         periods=[_latest(duck, "hub_food_parcels")]),
    "deprivation": lambda duck, top: dict(indicators="imd_score", area_types=["ward"]),
    "columns": lambda duck, top: dict(indicators="police_asb", period_types=["quarter"],
                                      columns=["indicator_id", "role", "area_code", "band", "period", "count",
                                               "suppressed", "special_cause", "period_start"]),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", READS)
def test_values_read_on_spark_matches_duckdb(stores, name):
    spark, duck = stores
    read = READS[name](duck, values.geography(duck).top)
    for role in ROLES:
        mine, theirs = (values.read(s, **read, role=role).sort_values(KEY).reset_index(drop=True)
                        for s in (spark, duck))
        assert len(theirs) > 0
        assert mine.dtypes.to_dict() == theirs.dtypes.to_dict()
        pd.testing.assert_frame_equal(mine, theirs, check_exact=False, rtol=1e-9, atol=1e-12)
    first = read["indicators"] if isinstance(read["indicators"], str) else read["indicators"][0]
    assert values.periods_held(spark, first) == values.periods_held(duck, first)
    assert values.editions_held(spark, first) == values.editions_held(duck, first)
