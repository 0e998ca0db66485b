"""The disclosure property, for any store: for the viewer, nothing shown or downloadable on any page is a
count of 1-7, and no exact count can be recovered by arithmetic on it.

Hypothesis writes a community hub export (a few wards, request types, age bands and months), which is
ingested through the real loader and refresh. Everything a viewer can receive is every viewer row of
`indicator_values` (each page and each download shows a subset of these rows, and fewer rows can only
reveal less). The attacker then uses:
- every shown count (a rounded 10 means 8-12; hidden means 1 or more; 0 means 0);
- value x denominator and the intervals, checked to say nothing beyond the shown count;
- every additive relation between the rows, written out here from the definitions (a district is its
  wards and "ward not known"; all ages is the bands and the unknown age; 65+ is its bands; a quarter is its
  months; all requests are the request types), with exact integer programming (tests/support/attacker.py).
"""

from __future__ import annotations

import csv
import itertools
import shutil

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sources
from metrics.rates import rate_ci
from settings import get_settings
from tests.conftest import ROOT
from tests.support.attacker import feasible_range
from warehouse.ingest import ingest
from warehouse.store import connect

HUB = sources.get("community_hub")
TYPES = list(HUB.vocabulary("category"))
BANDS = list(HUB.band_labels)
WARDS = ["E05013064", "E05013065", "E05013066"]
DISTRICT = "E07000118"
MONTHS = ["2020-04", "2020-05", "2020-06"]
HEADER = ["Request ID", "Date Received", "Ward", "Postcode District", "Age Band", "Request Type", "Referral Source",
          "Status", "Repeat Request", "Notes"]


@pytest.fixture(scope="module")
def base_store(tmp_path_factory, sample_store_url):
    """Reference data only (population for the denominators), in a configuration of three wards."""
    folder = tmp_path_factory.mktemp("property")
    config = folder / "dashboard.toml"
    text = (ROOT / "dashboard.toml").read_text()
    head, _, _ = text.partition("[[wards]]")
    head = head.replace('districts = ["E07000118", "E07000126"]', 'districts = ["E07000118"]').replace(
        'district_names = ["Chorley", "South Ribble"]', 'district_names = ["Chorley"]')
    names = {w.code: w.name for w in get_settings().wards}
    config.write_text(head + "".join(f'[[wards]]\ncode = "{c}"\nname = "{names[c]}"\n' for c in WARDS))
    url = f"duckdb:///{folder / 'base.duckdb'}"
    return config, url, folder


@pytest.fixture
def three_wards(base_store, monkeypatch):
    config, url, folder = base_store
    monkeypatch.setenv("DASHBOARD_CONFIG", str(config))
    get_settings.cache_clear()
    from metrics import catalogue

    catalogue._build.cache_clear()
    if not (folder / "base.duckdb").exists():
        store = connect(url)
        ingest(store, "population", ROOT / "sample_data/public/population/chorley_census2021_wd_syoa_usual_residents.csv")
        store.close()
    yield base_store
    get_settings.cache_clear()


cells = st.tuples(st.sampled_from([*WARDS, "unknown"]), st.sampled_from(TYPES[:3]), st.sampled_from(BANDS[1:5] + ["Unknown"]),
                  st.sampled_from(MONTHS), st.sampled_from([1, 1, 2, 3, 4, 6, 8, 9, 12, 13, 17]))


def _write(rows, path):
    names = {w.code: w.name for w in get_settings().wards}
    with path.open("w", newline="") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        n = 0
        for ward, kind, band, month, count in rows:
            for _ in range(count):
                n += 1
                out.writerow([f"P{n}", f"{(n % 27) + 1:02d}/{month[5:]}/{month[:4]}", names.get(ward, "Unknown"), "PR7",
                              band, kind, "Self", "Completed", "N", ""])


def _truth(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["ward", "type", "band", "month", "n"])
    return frame.groupby(["ward", "type", "band", "month"], as_index=False)["n"].sum()


def _cell_sets(indicator_id: str, band: str) -> tuple[frozenset, frozenset]:
    """(request types, age bands) a row counts, from the declarations (not from the pipeline's cubes)."""
    indicator = next(i for i in HUB.indicators if i.id == indicator_id)
    f = indicator.numerator
    types = frozenset(f.categories or TYPES)
    if band == "All":
        bands = frozenset(f.age_bands) if f.age_bands else frozenset([*BANDS, "Unknown"])
    elif band.startswith("aged "):
        lo, _, hi = band.removeprefix("aged ").partition("-")
        bands = frozenset(b.label for b in HUB.bands_within(int(lo.rstrip("+")), int(hi) if hi else None))
    else:
        bands = frozenset([band])
    return types, bands


AREAS = {w: frozenset([w]) for w in WARDS} | {"not-known": frozenset(["unknown"]),
                                             DISTRICT: frozenset([*WARDS, "unknown"])}
PERIODS = {m: frozenset([m]) for m in MONTHS} | {"2020-Q2": frozenset(MONTHS)}


def _relations(keys: dict[tuple, int]) -> list[tuple[int, list[int]]]:
    """total = sum of parts, wherever one displayed cell's base set is split exactly by others along one
    dimension (the other three equal). Free cells stand in for what is never shown."""
    out = []
    for key, total in keys.items():
        types, areas, bands, periods = key
        for axis, parts in ((0, [frozenset([t]) for t in types]), (1, [AREAS[a] for a in AREAS if a != DISTRICT]),
                            (2, [frozenset([b]) for b in bands]), (3, [PERIODS[m] for m in MONTHS])):
            if len(key[axis]) < 2 or not all(p <= key[axis] for p in parts):
                continue
            members = []
            for part in parts:
                child = list(key)
                child[axis] = part
                members.append(keys.get(tuple(child)))
            if all(m is not None for m in members):
                out.append((total, members))
    return out


def _attack(viewer: pd.DataFrame, truth: pd.DataFrame) -> None:
    keys: dict[tuple, int] = {}
    shown, hidden, true, never = [], [], [], []

    def var(key, value, is_hidden, is_free=False):
        if key in keys:
            i = keys[key]
            assert (shown[i], hidden[i]) == (value, is_hidden), f"one cell shown two ways: {key}"
            return i
        keys[key] = len(shown)
        shown.append(value)
        hidden.append(is_hidden)
        never.append(is_free)
        types, areas, bands, periods = key
        true.append(int(truth[truth["type"].isin(types) & truth["ward"].isin(areas) & truth["band"].isin(bands)
                              & truth["month"].isin(periods)]["n"].sum()))
        return keys[key]

    monthly = viewer[viewer["period_type"].isin(["month", "quarter"]) & ~viewer["indicator_id"].eq("hub_repeat_share")]
    for r in monthly.itertuples():
        types, bands = _cell_sets(r.indicator_id, r.band)
        var((types, AREAS[r.area_code], bands, PERIODS[r.period]), 0 if pd.isna(r.count) else float(r.count),
            bool(r.suppressed))
    for key in list(keys):  # what all ages adds that is never shown: the unknown age
        types, areas, bands, periods = key
        if "Unknown" in bands and len(bands) > 1:
            var((types, areas, frozenset(["Unknown"]), periods), 0.0, False, is_free=True)
        if len(types) > 1:
            for t in TYPES:
                if (frozenset([t]), areas, bands, periods) not in keys:
                    var((frozenset([t]), areas, bands, periods), 0.0, False, is_free=True)
    true = np.array(true)
    targets = np.flatnonzero(true > 0)  # a zero is shown as 0: only non-zero counts can be given away
    lo, hi = feasible_range(shown, hidden, _relations(keys), never_shown=never, targets=targets)
    assert (lo[targets] <= true[targets]).all() and (true[targets] <= hi[targets]).all(), \
        "the attacker's model rejects the truth: the test is wrong"
    pinned = [(k, true[i]) for k, i in keys.items() if true[i] > 0 and lo[i] == hi[i]]
    assert not pinned, f"exact counts recoverable: {pinned[:3]}"


def _rates_say_no_more_than_counts(viewer: pd.DataFrame) -> None:
    shown = viewer[viewer["count"].notna() & (viewer["denominator"] > 0) & viewer["method"].str.contains("Byar|exact")]
    again = rate_ci(shown["count"].astype(float).to_numpy(), shown["denominator"].to_numpy(), per=1000)
    assert np.allclose(shown["value"], again["value"]) and np.allclose(shown["lower_ci"], again["lower_ci"])
    assert np.allclose(shown["upper_ci"], again["upper_ci"])
    assert (shown["method"].to_numpy() == again["method"].to_numpy()).all()  # "exact Poisson" only for a shown 0
    hidden = viewer[viewer["suppressed"]]
    assert hidden[["value", "lower_ci", "upper_ci", "count"]].isna().all().all()


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(rows=st.lists(cells, min_size=1, max_size=14))
def test_for_any_store_the_viewer_receives_no_small_count_and_nothing_recoverable(three_wards, tmp_path_factory, rows):
    config, url, folder = three_wards
    work = tmp_path_factory.mktemp("example")
    shutil.copy(folder / "base.duckdb", work / "store.duckdb")
    store = connect(f"duckdb:///{work / 'store.duckdb'}")
    try:
        _write(rows, work / "hub.csv")
        ingest(store, "community_hub", work / "hub.csv")
        viewer = store.fetch("SELECT * FROM indicator_values WHERE role = 'viewer' AND indicator_id LIKE 'hub_%'")
    finally:
        store.close()
    assert not viewer["count"].dropna().between(1, 7).any()
    _rates_say_no_more_than_counts(viewer)
    _attack(viewer, _truth(rows))


def test_the_attacker_finds_what_an_unprotected_display_gives_away():
    """The same attacker, on a naive display (every count rounded, nothing else hidden), does recover counts:
    the property test above can fail."""
    truth = pd.DataFrame([("E05013064", "Food parcel", "16-24", "2020-04", 12),
                          ("E05013065", "Food parcel", "16-24", "2020-04", 12),
                          ("E05013066", "Food parcel", "16-24", "2020-04", 12),
                          ("unknown", "Food parcel", "16-24", "2020-04", 12)], columns=["ward", "type", "band", "month", "n"])
    rows = [{"indicator_id": "hub_food_parcels", "area_code": a, "band": "16-24", "period": "2020-04",
             "period_type": "month", "count": c, "suppressed": False}
            for a, c in [*((w, 10.0) for w in WARDS), ("not-known", 10.0), (DISTRICT, 50.0)]]
    with pytest.raises(AssertionError, match="exact counts recoverable"):
        _attack(pd.DataFrame(rows), truth)


def test_every_combination_of_the_relations_is_consistent_with_the_truth():
    truth = pd.DataFrame(list(itertools.product(WARDS, TYPES[:1], BANDS[:2], MONTHS, [3])),
                         columns=["ward", "type", "band", "month", "n"])
    keys = {(frozenset(["Food parcel"]), AREAS[a], frozenset([b]), PERIODS[p]): i for i, (a, b, p) in
            enumerate(itertools.product(AREAS, BANDS[:2], PERIODS))}
    for total, members in _relations(keys):
        key = next(k for k, v in keys.items() if v == total)
        parts = [next(k for k, v in keys.items() if v == m) for m in members]

        def count(k):
            return truth[truth["ward"].isin(k[1]) & truth["band"].isin(k[2]) & truth["month"].isin(k[3])]["n"].sum()

        assert count(key) == sum(count(p) for p in parts)
