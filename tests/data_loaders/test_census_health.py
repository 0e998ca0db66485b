"""The Census 2021 general health, disability and unpaid care loader on the shipped file and the real one (bad
inputs: the corpus, tests/corpus/make_corpus.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from data_loaders import LoadError, census_health
from sources.census_health import TOPICS
from tests.conftest import real_data
from warehouse.sample import PUBLIC

SHIPPED = PUBLIC / "population" / "census2021_ward_general_health_disability_unpaid_care_chorley_southribble.csv"


def test_the_shipped_file_loads_every_ward_topic_and_category():
    result = census_health.parse(SHIPPED)
    frame = result.frame
    assert frame["area_code"].nunique() == 37  # 14 Chorley + 23 South Ribble wards
    assert len(frame) == 37 * sum(len(c) for c in TOPICS.values())
    assert result.rows_dropped == 30 and "30 district total rows dropped" in result.notes[-1]
    one = frame[(frame["area_code"] == "E05013064") & (frame["topic"] == "general_health")]
    assert one["persons"].tolist() == [3822, 2677, 1043, 294, 66]


def test_the_wards_add_up_to_the_published_district_totals_within_ons_perturbation():
    raw = pd.read_csv(real_data("population/census2021_ward_general_health_disability_unpaid_care_chorley_"
                                "southribble.csv"))
    frame = census_health.parse(SHIPPED).frame
    totals = raw[raw["area_code"] == raw["lad_code"]].groupby(["lad_code", "topic"])["usual_residents"].sum()
    wards = raw[raw["area_code"] != raw["lad_code"]][["area_code", "lad_code"]].drop_duplicates()
    summed = frame.merge(wards, on="area_code").groupby(["lad_code", "topic"])["persons"].sum()
    # ONS perturbs small cells: ward sums differ from the district's own figure by a few residents at most
    assert ((summed - totals.reindex(summed.index)).abs() <= 0.001 * totals.reindex(summed.index)).all()


def test_a_file_of_another_layout_is_refused_with_the_expected_columns(tmp_path):
    path = tmp_path / "health.csv"
    path.write_text("ward,good,bad\nE05013064,10,2\n")
    with pytest.raises(LoadError, match="area_code, topic, category and usual_residents"):
        census_health.parse(path)
