"""Provision against need on a tiny store built here: a few Chorley wards with known voucher counts and a
three-row register. The named wards are worked out by hand (exact Poisson intervals, providers per 1,000) and
must be the ones the page names, for the analyst; the viewer never gets a ward named from a suppressed count."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy import stats

from tests.corpus.test_corpus import REFERENCE
from views import provision as page
from views.base import Filters
from warehouse import provision
from warehouse.ingest import ingest
from warehouse.store import connect

CHORLEY_EAST, CHORLEY_NW, EUXTON, COPPULL = "E05013066", "E05013068", "E05013077", "E05013074"
HEADER = "Voucher ID,Date Issued,Ward,Postcode District,Household Type,Adults,Children,Crisis Type,Referral Agency"
# 2021 vouchers per ward: two wards far above the district, Euxton far below (1: suppressed for viewers), 20 elsewhere
VOUCHERS = {CHORLEY_EAST: 150, CHORLEY_NW: 150, EUXTON: 1}
REGISTER = """Name,Type,Address,Postcode,Latitude,Longitude,Ward,Sessions Per Week,Capacity,Capacity Unit,Run By,Start Date,End Date
Town food bank,Food bank,"Union Street, Chorley",PR7 1EB,53.654698,-2.630852,,2,120,parcels a week,Church,,
Euxton food club,Food club,"Village Hall",,,,Euxton,1,,,Volunteers,,
Coppull pantry,Pantry,"Methodist Hall, Coppull",,,,,1,,,Volunteers,01/03/2022,
"""


def exact_poisson(n: int) -> tuple[float, float]:
    """Garwood's exact 95% interval for a Poisson count (chi-squared quantiles), independent of metrics.rates."""
    low = stats.chi2.ppf(0.025, 2 * n) / 2 if n else 0.0
    return low, stats.chi2.ppf(0.975, 2 * n + 2) / 2


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tiny")
    store = connect(f"duckdb:///{folder / 'tiny.duckdb'}")
    for source, name in [("boundaries", "boundaries/chorley_wards_wd25_bgc.geojson"),
                         ("boundaries", "boundaries/chorley_lsoa21_bgc.geojson"),
                         ("lsoa_ward", "lookups/lsoa21_to_wd25_chorley_southribble_DERIVED.csv"),
                         ("population", "population/chorley_census2021_wd_syoa_usual_residents.csv")]:
        ingest(store, source, REFERENCE / name)
    wards = store.fetch("SELECT area_code, area_name FROM areas WHERE area_type = 'ward' AND parent_code = 'E07000118'")
    rows, serial = [HEADER], 0
    for code, name in zip(wards["area_code"], wards["area_name"], strict=True):
        for i in range(VOUCHERS.get(code, 20)):
            serial += 1
            rows.append(f'T{serial:05d},15/{i % 12 + 1:02d}/2021,"{name}",PR7,Single adult,1,0,Low income,Jobcentre Plus')
    (folder / "vouchers.csv").write_text("\n".join(rows) + "\n")
    ingest(store, "food_bank", folder / "vouchers.csv")
    (folder / "register.csv").write_text(REGISTER)
    ingest(store, "provision", folder / "register.csv")
    yield store
    store.close()


def by_hand(store) -> tuple[set[str], set[str]]:
    """(demand outstrips provision, the opposite), worked out from the raw rows."""
    pop = store.fetch("SELECT area_code, SUM(persons) AS p FROM population WHERE sex = 'persons' GROUP BY 1")
    pop = pop.set_index("area_code")["p"].astype(float)
    wards = [c for c in pop.index if c.startswith("E0501307") or c.startswith("E0501306")]
    counts = {c: VOUCHERS.get(c, 20) for c in wards}
    district_rate = sum(counts.values()) / pop[wards].sum()
    # providers open at the end of 2021: the town food bank (Chorley North West) and the Euxton food club; the
    # Coppull pantry opens in March 2022
    providers = {CHORLEY_NW: 1, EUXTON: 1}
    district_provision = sum(providers.values()) / pop[wards].sum()
    outstrips, opposite = set(), set()
    for ward in wards:
        low, high = (v / pop[ward] for v in exact_poisson(counts[ward]))
        provided = providers.get(ward, 0) / pop[ward]
        if low > district_rate and provided < district_provision:
            outstrips.add(ward)
        if high < district_rate and provided > district_provision:
            opposite.add(ward)
    return outstrips, opposite


def test_the_gap_is_the_one_worked_out_by_hand(tiny):
    outstrips, opposite = by_hand(tiny)
    assert outstrips == {CHORLEY_EAST}  # Chorley North West's demand is as high, but it has the food bank
    assert opposite == {EUXTON}
    table, _, period = page.gap_frame(tiny, Filters("", role="analyst"))
    assert period.code == "2021"
    assert set(table.index[table["outstrips"]]) == outstrips
    assert set(table.index[table["oversupplied"]]) == opposite
    view = page.build(tiny, Filters("", role="analyst"))
    assert "Food demand outstrips provision in 1 ward in 2021: Chorley East." in view.narrative[0]
    assert "Euxton" in view.narrative[1]


def test_the_viewer_is_never_told_about_a_ward_from_a_suppressed_count(tiny):
    table, demand, _ = page.gap_frame(tiny, Filters("", role="viewer"))
    euxton = demand[(demand["area_code"] == EUXTON) & (demand["indicator_id"] == "fb_vouchers")].iloc[0]
    assert bool(euxton["suppressed"]) and euxton["comparison"] != "lower"
    assert not table.loc[EUXTON, "oversupplied"]  # 1 voucher: hidden, so not named as low demand
    assert set(table.index[table["outstrips"]]) == {CHORLEY_EAST}
    view = page.build(tiny, Filters("", role="viewer"))
    for block in view.blocks:
        frame = getattr(block, "frame", None)
        if frame is None:
            continue
        for column in [c for c in frame.columns if c.endswith(": count")]:
            shown = pd.to_numeric(frame[column], errors="coerce").dropna()
            assert not shown.between(1, 7).any(), column


def test_providers_open_at_the_end_of_the_period_and_their_distance(tiny):
    food = provision.ward_measures(tiny, day=pd.Timestamp("2021-12-31"))
    assert food.loc[CHORLEY_NW, "providers"] == 1 and food.loc[COPPULL, "providers"] == 0
    later = provision.ward_measures(tiny, day=pd.Timestamp("2022-12-31"))
    assert later.loc[COPPULL, "providers"] == 1
    # distance from Chorley East's centre to the town food bank, recomputed with pyproj's geodesic
    from pyproj import Geod

    centre = provision.ward_centres(tiny).loc[CHORLEY_EAST]
    metres = Geod(ellps="WGS84").inv(centre["x"], centre["y"], -2.630852, 53.654698)[2]
    assert food.loc[CHORLEY_EAST, "Food bank"] == pytest.approx(metres / 1000, rel=0.005)
    assert provision.ward_centres(tiny).loc[CHORLEY_EAST, "lsoas"] > 1  # weighted by its LSOAs' points


def test_approximate_providers_are_drawn_at_their_wards_centre(tiny):
    held = provision.providers(tiny).set_index("name")
    centres = provision.ward_centres(tiny)
    pantry = held.loc["Coppull pantry"]
    assert pantry["placed_by"] == "town" and bool(pantry["approximate"]) and pantry["position"] == "ward centre"
    assert (pantry["x"], pantry["y"]) == pytest.approx(tuple(centres.loc[COPPULL, ["x", "y"]]))
    assert held.loc["Town food bank", "position"] == "given"


def test_the_sample_register_places_every_real_provider(sample_store_url):
    store = connect(sample_store_url)
    try:
        held = store.fetch("SELECT name, types, ward_code, placed_by, approximate FROM provision").set_index("name")
    finally:
        store.close()
    assert held.loc["Leyland Library", "ward_code"] == "E05010226"  # its coordinates lie in Leyland Central
    assert held.loc["Leyland Library", "types"] == "Library; Warm space"  # a Lancashire warm space library
    food = held[held["types"].str.contains("Food")]
    assert len(food) == 6 and food["approximate"].all() and set(food["placed_by"]) == {"town"}
    assert not held.loc[held["placed_by"] == "coordinates", "approximate"].any()
