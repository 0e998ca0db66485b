"""Tests for metrics.dsr (directly standardised rates, Dobson method).

Reference values
----------------
European Standard Population 2013 (Eurostat 2013; PHEindicatormethods ``esp2013``): 19 bands 0-4 ... 90+,
    5000,5500,5500,5500,6000,6000,6500,7000,7000,7000,7000,6500,6000,5500,5000,4000,2500,1500,1000 = 100,000.
PHEindicatormethods' own DSR test data live in Excel workbooks (testdata_DSR_ISR.xlsx) that were not
available here, so the DSR is checked against an independent hand calculation shown step by step below
(Dobson et al. 1991 with Byar's limits, Breslow & Day 1987), against scipy's chi-square limits, and
against two identities: equal band rates give that rate whatever the standard, and a population
proportional to the standard gives exactly the crude rate and its Byar's interval.
"""

import doctest
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import metrics.dsr
from metrics.dsr import ESP2013, dsr, dsr_by
from metrics.rates import rate_ci

ESP2013_PUBLISHED = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000,
                     4000, 2500, 1500, 1000]
Z95 = 1.959963984540054


def test_esp2013_values_and_labels():
    assert ESP2013.tolist() == ESP2013_PUBLISHED
    assert ESP2013.sum() == 100_000
    assert ESP2013.index[0] == "0-4" and ESP2013.index[-2] == "85-89" and ESP2013.index[-1] == "90+"


def test_hand_calculation_three_bands():
    counts, pops, std = [20, 50, 80], [10_000, 20_000, 8_000], [3, 5, 2]
    # Step 1: band rates 20/10000 = 0.002, 50/20000 = 0.0025, 80/8000 = 0.01.
    # Step 2: weighted rate = (3*0.002 + 5*0.0025 + 2*0.01) / (3+5+2) = 0.0385 / 10 = 0.00385 -> 385 per 100,000.
    # Step 3: var(DSR) = (20*(3/10000)^2 + 50*(5/20000)^2 + 80*(2/8000)^2) / 10^2 = 9.925e-6 / 100 = 9.925e-8.
    # Step 4: O = 150; Byar's O_L = 150(1 - 1/1350 - z/(3 sqrt 150))^3, O_U = 151(1 - 1/1359 + z/(3 sqrt 151))^3.
    o_low = 150 * (1 - 1 / 1350 - Z95 / (3 * math.sqrt(150))) ** 3
    o_high = 151 * (1 - 1 / 1359 + Z95 / (3 * math.sqrt(151))) ** 3
    # Step 5: limit = DSR + sqrt(var/O) * (O_L|O_U - O) * 100,000.
    lower = 385 + math.sqrt(9.925e-8 / 150) * (o_low - 150) * 100_000
    upper = 385 + math.sqrt(9.925e-8 / 150) * (o_high - 150) * 100_000
    out = dsr(counts, pops, std)
    assert out.loc[0, "value"] == pytest.approx(385.0, rel=1e-12)
    assert out.loc[0, "lower_ci"] == pytest.approx(lower, rel=1e-12)
    assert out.loc[0, "upper_ci"] == pytest.approx(upper, rel=1e-12)
    assert out.loc[0, "method"] == "Dobson"
    assert out.loc[0, "total_count"] == 150 and out.loc[0, "total_population"] == 38_000
    # Byar's limits of the total count agree with the exact chi-square limits to within 0.1% at O = 150.
    assert o_low == pytest.approx(stats.chi2.ppf(0.025, 300) / 2, rel=1e-3)
    assert o_high == pytest.approx(stats.chi2.ppf(0.975, 302) / 2, rel=1e-3)


def test_equal_band_rates_give_that_rate_for_the_default_standard():
    pops = np.linspace(2_000, 20_000, 19)
    out = dsr(pops * 0.003, pops)
    assert out.loc[0, "value"] == pytest.approx(300.0)


def test_population_proportional_to_standard_gives_crude_rate_and_its_interval():
    pops = ESP2013.to_numpy() * 0.2
    counts = np.arange(19) * 3 + 1
    crude = rate_ci(counts.sum(), pops.sum(), per=100_000, confidence=0.998)
    out = dsr(counts, pops, per=100_000, confidence=0.998)
    assert out.loc[0, ["value", "lower_ci", "upper_ci"]].tolist() == pytest.approx(
        crude.loc[0, ["value", "lower_ci", "upper_ci"]].tolist(), rel=1e-10
    )


def test_fewer_than_ten_events_not_calculated():
    out = dsr([3, 6], [1000, 1000], [1, 1])
    assert out.loc[0, ["value", "lower_ci", "upper_ci"]].isna().all()
    assert out.loc[0, "method"] == "not calculated: fewer than 10 events"
    assert out.loc[0, "total_count"] == 9


@pytest.mark.parametrize("missing", [None, np.nan, pd.NA])
def test_missing_band_makes_dsr_missing(missing):
    out = dsr([30, missing], [1000, 1000], [1, 1])
    assert out.loc[0, ["value", "lower_ci", "upper_ci"]].isna().all()
    assert out.loc[0, "method"] == "not calculated: missing input"


@pytest.mark.parametrize(
    ("args", "kwargs", "message"),
    [
        (([-1, 20], [100, 100], [1, 1]), {}, "counts must not be negative"),
        (([1, 20], [0, 100], [1, 1]), {}, "populations must be greater than zero"),
        (([1, 20], [100, 100]), {}, r"same number of bands \(got 2, 2, 19\)"),
        (([1, 20], [100, 100], [1, -1]), {}, "standard must be non-missing, non-negative"),
        (([1, 20], [100, 100], [1, 1]), {"confidence": 1.5}, "confidence must be between 0 and 1"),
        (([1, 20], [100, 100], [1, 1]), {"per": -1}, "per must be a positive number"),
    ],
)
def test_impossible_input_raises(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        dsr(*args, **kwargs)


def _long_frame():
    rng = np.random.default_rng(7)
    rows = []
    for ward in ("Astley", "Buckshaw"):
        for band in ESP2013.index:
            rows.append({"ward": ward, "age_band": band, "count": int(rng.integers(0, 40)),
                         "population": int(rng.integers(200, 900))})
    return pd.DataFrame(rows)


def test_dsr_by_matches_dsr_per_group_and_aligns_by_label():
    frame = _long_frame()
    shuffled = frame.sample(frac=1, random_state=3)
    out = dsr_by(shuffled, group="ward")
    assert out["ward"].tolist() == ["Astley", "Buckshaw"]
    for i, ward in enumerate(["Astley", "Buckshaw"]):
        sub = frame[frame.ward == ward]
        expected = dsr(sub["count"].to_numpy(), sub["population"].to_numpy())
        assert out.loc[i, ["value", "lower_ci", "upper_ci"]].tolist() == pytest.approx(
            expected.loc[0, ["value", "lower_ci", "upper_ci"]].tolist()
        )


def test_dsr_by_missing_band_row_and_two_group_columns():
    frame = _long_frame().assign(sex="F")
    frame = frame.drop(index=3)
    out = dsr_by(frame, group=["ward", "sex"])
    assert list(out.columns[:2]) == ["ward", "sex"]
    assert out.loc[0, "method"] == "not calculated: missing input"
    assert out.loc[1, "method"] == "Dobson"


def test_dsr_by_errors():
    frame = _long_frame()
    with pytest.raises(ValueError, match="age_band labels not in the standard"):
        dsr_by(frame.replace({"age_band": {"90+": "90-94"}}), group="ward")
    with pytest.raises(ValueError, match="duplicate age_band labels"):
        dsr_by(pd.concat([frame, frame.head(1)]), group="ward")
    with pytest.raises(ValueError, match="has 19 rows but the standard has 2 bands"):
        dsr_by(frame, group="ward", standard=[1, 1])


def test_docstring_examples_run():
    assert doctest.testmod(metrics.dsr).failed == 0


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(min_value=0, max_value=5_000), min_size=19, max_size=19).filter(
        lambda c: sum(c) >= 10
    ),
    populations=st.lists(st.floats(min_value=1, max_value=1e6), min_size=19, max_size=19),
    confidence=st.sampled_from([0.9, 0.95, 0.998]),
)
def test_property_lower_le_value_le_upper(counts, populations, confidence):
    out = dsr(counts, populations, confidence=confidence)
    lower, value, upper = out.loc[0, ["lower_ci", "value", "upper_ci"]]
    assert lower <= value <= upper
