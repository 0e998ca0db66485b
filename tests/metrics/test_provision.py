"""metrics.provision: distances against pyproj's geodesic (an independent calculation), providers per 1,000 and
the gap against hand-worked tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pyproj import Geod

from metrics import provision as m

GEOD = Geod(ellps="WGS84")


def test_haversine_agrees_with_the_wgs84_geodesic_to_half_a_percent():
    # Chorley town hall -> Leyland library, Chorley -> Preston station, and one across the country
    pairs = [(-2.6310, 53.6530, -2.6988, 53.6906), (-2.6310, 53.6530, -2.7085, 53.7566),
             (-2.6310, 53.6530, -0.1276, 51.5072)]
    for lon1, lat1, lon2, lat2 in pairs:
        _, _, metres = GEOD.inv(lon1, lat1, lon2, lat2)
        assert m.haversine_km(lon1, lat1, lon2, lat2) == pytest.approx(metres / 1000, rel=0.005)


def test_one_degree_of_latitude_is_111_km():
    # a spherical Earth of mean radius 6,371.0088 km: pi * R / 180
    assert m.haversine_km(0, 0, 0, 1) == pytest.approx(np.pi * 6371.0088 / 180, rel=1e-12)


def test_nearest_provider_of_each_type_and_its_name():
    centres = pd.DataFrame({"x": [-2.63, -2.70], "y": [53.65, 53.69]}, index=["A", "B"])
    providers = pd.DataFrame({"name": ["Library 1", "Food bank 1", "Food bank 2"],
                              "types": ["Library; Warm space", "Food bank", "Food bank"],
                              "longitude": [-2.63, -2.60, -2.70], "latitude": [53.66, 53.65, 53.70]})
    near = m.nearest_km(centres, providers, ["Food bank", "Warm space", "Pantry"])
    for ward, (lon, lat) in centres.iterrows():
        by_hand = [GEOD.inv(lon, lat, x, y)[2] / 1000 for x, y in [(-2.60, 53.65), (-2.70, 53.70)]]
        assert near.loc[ward, "Food bank"] == pytest.approx(min(by_hand), rel=0.005)
    assert near.loc["A", "Food bank (nearest)"] == "Food bank 1" and near.loc["B", "Food bank (nearest)"] == "Food bank 2"
    assert near.loc["A", "Warm space (nearest)"] == "Library 1"  # a library that is also a warm space counts as one
    assert near["Pantry"].isna().all()  # none in the register: no distance, not zero


def test_weighted_centre_is_the_mean_of_equal_lsoa_points():
    assert m.weighted_centre([0.0, 2.0, 4.0], [50.0, 52.0, 51.0]) == pytest.approx((2.0, 51.0))
    assert m.weighted_centre([0.0, 3.0], [0.0, 3.0], [2, 1]) == pytest.approx((1.0, 1.0))


def providers(*rows):
    return pd.DataFrame(rows, columns=["ward_code", "types", "sessions_per_week", "capacity", "start_date",
                                       "end_date"])


def test_providers_per_1000_and_the_districts_by_hand():
    residents = pd.Series({"A": 5000, "B": 10000, "C": 5000})
    district = pd.Series({"A": "D1", "B": "D1", "C": "D2"})
    held = providers(("A", "Food bank", 2.0, 50.0, None, None), ("A", "Food club; Warm space", None, None, None, None),
                     ("B", "Library", 5.0, None, None, None), ("C", "Pantry", 1.0, 30.0, None, None))
    out = m.per_ward(held, residents, district, ["Food bank", "Food club", "Pantry"])
    assert out.loc["A", "providers"] == 2 and out.loc["B", "providers"] == 0 and out.loc["C", "providers"] == 1
    assert out.loc["A", "providers_per_1000"] == pytest.approx(2 / 5000 * 1000)
    assert out.loc["A", "district_providers_per_1000"] == pytest.approx(2 / 15000 * 1000)  # D1: 2 over A + B
    assert out.loc["C", "district_providers_per_1000"] == pytest.approx(1 / 5000 * 1000)
    assert out.loc["A", "sessions_per_week"] == 2.0 and out.loc["A", "sessions_per_week_recorded"] == 1
    assert np.isnan(out.loc["B", "sessions_per_week"])  # nothing recorded is blank, not zero


def test_a_provider_counts_only_while_open():
    held = providers(("A", "Food bank", None, None, pd.Timestamp("2022-03-21"), None),
                     ("A", "Food bank", None, None, None, pd.Timestamp("2020-12-31")),
                     ("A", "Food bank", None, None, pd.Timestamp("2019-01-01"), pd.Timestamp("2023-01-01")))
    assert len(m.open_on(held, pd.Timestamp("2021-12-31"))) == 1
    assert len(m.open_on(held, None)) == 3


def test_the_gap_by_hand():
    provision = pd.DataFrame({"providers_per_1000": [0.0, 0.3, 0.5, 0.0, 0.2],
                              "district_providers_per_1000": [0.2] * 5}, index=list("ABCDE"))
    demand = pd.DataFrame({"area_code": list("ABCDE") * 2, "indicator_id": ["x"] * 5 + ["y"] * 5,
                           "comparison": ["higher", "higher", "lower", "not compared", "lower",
                                          "similar", "similar", "similar", "similar", "lower"]})
    gap = m.gap(demand, provision)
    # A: demand above and provision below -> outstrips. B: above but provision above. C: below, provision above ->
    # the opposite. D: suppressed ("not compared") with no provision -> neither. E: below, provision equal -> neither.
    assert gap.index[gap["outstrips"]].tolist() == ["A"]
    assert gap.index[gap["oversupplied"]].tolist() == ["C"]
    assert gap.loc["A", "above"] == ("x",) and gap.loc["E", "below"] == ("x", "y")
