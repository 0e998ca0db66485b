"""The digital exclusion lens on the sample store: its inputs are read for each role from that role's values
(the viewer's from the protected counts only), its rows cover every area type, and the Census 2021 health file
is what it reads."""

from __future__ import annotations

import math
import shutil

import numpy as np
import pandas as pd
import pytest

from metrics import digital as deri
from sources.census_health import INDEX_ID
from warehouse import digital, values
from warehouse.areas import TYPES
from warehouse.store import connect


@pytest.fixture(scope="module")
def store(sample_store_url):
    s = connect(sample_store_url)
    yield s
    s.close()


def test_the_index_has_a_value_for_every_area_type_and_role(store):
    rows = store.fetch('SELECT role, area_type, COUNT(*) AS n, COUNT(value) AS held FROM "indicator_values" '
                       "WHERE indicator_id = ? GROUP BY role, area_type", [INDEX_ID])
    wanted = set(TYPES) - {"not-known"}
    for role in ("analyst", "viewer"):
        mine = rows[rows["role"] == role]
        assert set(mine["area_type"]) == wanted
        assert (mine["held"] == mine["n"]).all()  # every ward of the sample holds enough inputs


def test_the_viewer_partner_inputs_are_the_viewer_values(store):
    geo = values.geography(store)
    lens = digital.lens(store, geo, "viewer")
    shown = store.fetch('SELECT area_code, value FROM "indicator_values" WHERE indicator_id = \'hub_digital_support\' '
                        "AND role = 'viewer' AND period = '2021' AND band = 'All' AND area_type = 'ward' "
                        "AND NOT suppressed").set_index("area_code")["value"]
    got = lens.inputs["hub_digital_support"].dropna()
    assert set(got.index) == set(shown.index)
    assert got.to_numpy() == pytest.approx(shown.reindex(got.index).to_numpy())
    # phone + face to face, where the viewer is shown both (a suppressed share is a missing input)
    both = store.fetch('SELECT area_code, CASE WHEN COUNT(value) = 2 AND NOT BOOL_OR(suppressed) THEN SUM(value) END '
                       'AS v FROM "indicator_values" WHERE indicator_id IN '
                       "('ca_phone_share', 'ca_face_to_face_share') AND role = 'viewer' AND period = '2021' "
                       "AND band = 'All' AND area_type = 'ward' GROUP BY area_code").set_index("area_code")["v"]
    assert lens.inputs["ca_non_digital_share"].to_numpy() == pytest.approx(
        both.reindex(lens.inputs.index).to_numpy(), nan_ok=True)


def test_the_census_inputs_are_the_shares_of_the_file(store):
    lens = digital.lens(store, values.geography(store), "viewer")
    # Adlington & Anderton (E05013064) in the Census 2021 file: bad 294 + very bad 66 of 7,902 residents;
    # disabled 533 + 849 of 7,902
    residents = 3822 + 2677 + 1043 + 294 + 66
    assert lens.inputs.at["E05013064", "bad_health"] == pytest.approx(100 * (294 + 66) / residents)
    assert lens.inputs.at["E05013064", "disabled"] == pytest.approx(100 * (533 + 849) / (533 + 849 + 659 + 5861))


def test_the_stored_ward_scores_are_the_lens_and_the_districts_their_population_weighted_mean(store):
    geo = values.geography(store)
    for role in ("analyst", "viewer"):
        lens = digital.lens(store, geo, role)
        stored = values.read(store, INDEX_ID, role=role, period_types=["edition"])
        wards = stored[stored["area_type"] == "ward"].set_index("area_code")["value"]
        assert wards.to_numpy() == pytest.approx(lens.ward_scores.reindex(wards.index).to_numpy())
        for district in geo.of_type("district"):
            members = [m for m in district.members if m in wards.index]
            w = lens.population.reindex(members).to_numpy()
            expected = float(np.dot(wards.reindex(members).to_numpy(), w) / w.sum())
            assert stored.set_index("area_code").at[district.code, "value"] == pytest.approx(expected)


def test_the_viewer_index_does_not_move_when_the_analyst_values_change(sample_store_url, tmp_path):
    """The viewer's index rests only on the viewer's values: scrambling every analyst value of the partner
    inputs (not an affine change, which z-scores would absorb) leaves the viewer's scores exactly as they were."""
    path = sample_store_url.removeprefix("duckdb:///")
    copy = tmp_path / "copy.duckdb"
    shutil.copy(path, copy)
    store = connect(f"duckdb:///{copy}")
    try:
        geo = values.geography(store)
        before = digital.lens(store, geo, "viewer").ward_scores
        analyst_before = digital.lens(store, geo, "analyst").ward_scores
        ids = sorted({i for group in digital.PARTNER_INPUTS.values() for i in group})
        store.execute('UPDATE "indicator_values" SET value = (value * 7919 + 13) % 101 WHERE role = \'analyst\' AND indicator_id IN ('
                      + ", ".join("?" * len(ids)) + ")", ids)
        store.memo.clear()
        assert digital.lens(store, geo, "viewer").ward_scores.to_numpy() == pytest.approx(before.to_numpy())
        assert not np.allclose(digital.lens(store, geo, "analyst").ward_scores, analyst_before)  # the test can fail
    finally:
        store.close()


def test_the_top_fifth_of_the_sample(store):
    stored = values.read(store, INDEX_ID, role="viewer", area_types=["ward"], period_types=["edition"])
    top = stored.sort_values(["value", "area_code"], ascending=[False, True]).head(math.ceil(len(stored) / 5))
    lens = digital.lens(store, values.geography(store), "viewer")
    assert deri.top_fifth(lens.ward_scores) == top["area_code"].tolist()
    assert len(top) == 8  # 37 wards
    assert pd.notna(top["value"]).all()
