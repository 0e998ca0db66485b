"""The same metrics on Spark (local mode, through Ibis's PySpark backend): results equal DuckDB's exactly.

The sample store's tables are registered as Spark views (a warehouse that already holds them would be
reached by URL instead); then `metrics.compute` runs unchanged, its Ibis queries executed by Spark.
"""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from metrics import catalogue
from metrics.engine import compute
from tests.backends.conftest import require
from warehouse.store import Store, connect

TABLES = ["events", "events_monthly", "population", "areas", "deprivation", "lsoa_ward", "practices"]
CASES = [(i.id, {}) for i in catalogue.INDICATORS] + [
    (i.id, {"breakdown": "age_band", "period": "2020-Q2"}) for i in catalogue.INDICATORS if i.breakdowns][:6]


@pytest.fixture(scope="module")
def stores(sample_store_url):
    require(importlib.util.find_spec("pyspark") is not None,
            "pyspark is not installed (CI installs it from requirements-ci.txt)")
    import ibis
    from pyspark.sql import SparkSession

    spark = (SparkSession.builder.master("local[2]").appName("locality-dashboard-tests")
             .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.driver.host", "127.0.0.1").config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    duck = connect(sample_store_url)
    for table in TABLES:  # Arrow carries the column types (pandas nulls would make Spark guess)
        arrow = duck.con.con.cursor().execute(f'SELECT * FROM "{table}"').to_arrow_table()
        spark.createDataFrame(arrow).createOrReplaceTempView(table)
    store = Store(con=ibis.pyspark.connect(spark), url="pyspark://local", read_only=True)
    yield store, duck
    duck.close()
    spark.stop()


@pytest.mark.slow
@pytest.mark.parametrize("indicator, options", CASES, ids=[f"{i}-{'-'.join(o.values()) or 'latest'}" for i, o in CASES])
def test_every_indicator_matches_duckdb_on_spark(stores, indicator, options):
    spark, duck = stores
    pd.testing.assert_frame_equal(compute(indicator, role="viewer", store=spark, **options),
                                  compute(indicator, role="viewer", store=duck, **options), check_dtype=False)
