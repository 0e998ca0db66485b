"""The digital exclusion risk index (metrics/digital.py) against a hand calculation on four wards, scipy's
z-scores as an independent reference, and properties (hypothesis): monotonic in each input in the direction
declared, contributions adding up to the score, the top fifth's size."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from metrics import digital as deri
from metrics.digital import IndexDefinition, Input

SMALL = IndexDefinition("small", "Small", "z-scores", (
    Input("older", "Age", "Aged 65+ (%)", "test", "2021", 1, 2.0),
    Input("online", "Channels", "Online contacts (%)", "test", "2021", -1, 1.0),
    Input("help", "Channels", "Help requests", "test", "2021", 1, 1.0),
))
FOUR = pd.DataFrame({"older": [10.0, 20.0, 30.0, 40.0], "online": [80.0, 60.0, 60.0, 40.0],
                     "help": [1.0, 1.0, 4.0, np.nan]}, index=["A", "B", "C", "D"])


def test_the_index_of_four_wards_equals_the_hand_calculation():
    out = deri.compute(FOUR, SMALL)
    # By hand. older: mean 25, population SD sqrt(((-15)^2 + (-5)^2 + 5^2 + 15^2) / 4) = sqrt(125)
    z_older = np.array([-15, -5, 5, 15]) / math.sqrt(125)
    # online: mean 60, SD sqrt((400 + 0 + 0 + 400) / 4) = sqrt(200); direction -1 (more online = less risk)
    z_online = -np.array([20, 0, 0, -20]) / math.sqrt(200)
    # help: held by A, B, C only: mean 2, SD sqrt((1 + 1 + 4) / 3) = sqrt(2)
    z_help = np.array([-1, -1, 2]) / math.sqrt(2)
    by_hand = [(2 * z_older[i] + z_online[i] + z_help[i]) / 4 for i in range(3)]
    by_hand.append((2 * z_older[3] + z_online[3]) / 3)  # D has no 'help': its weight is not counted
    assert out["score"].to_numpy() == pytest.approx(by_hand, abs=1e-12)
    assert out["weight_held"].tolist() == [4.0, 4.0, 4.0, 3.0]
    assert out["inputs_held"].tolist() == [3, 3, 3, 2]
    # the same with a calculator: z_older = -1.3416, -0.4472, 0.4472, 1.3416; z_online = -1.4142, 0, 0, 1.4142;
    # z_help = -0.7071, -0.7071, 1.4142. A = (2 x -1.3416 - 1.4142 - 0.7071) / 4 = -1.2011;
    # B = (-0.8944 + 0 - 0.7071) / 4 = -0.4004; C = (0.8944 + 0 + 1.4142) / 4 = 0.5772; D = (2.6833 + 1.4142) / 3
    assert out["score"].round(2).tolist() == [-1.20, -0.40, 0.58, 1.37]
    assert out.loc["A", "contribution:older"] == pytest.approx(2 * -15 / math.sqrt(125) / 4)
    assert out.loc["D", "domain:Channels"] == pytest.approx(20 / math.sqrt(200) / 3)  # -1 x (40 - 60) / SD


def test_z_scores_match_scipy():
    values = pd.Series([3.0, 7.5, 1.0, 9.0, 4.2, np.nan])
    expected = stats.zscore(values.dropna().to_numpy(), ddof=0)
    assert deri.standardise(values).dropna().to_numpy() == pytest.approx(expected)
    assert np.isnan(deri.standardise(values).iloc[-1])


def test_an_input_without_spread_scores_zero_and_an_empty_one_is_missing():
    frame = pd.DataFrame({"older": [5.0, 5.0, 5.0], "online": [np.nan] * 3, "help": [1.0, 2.0, 3.0]})
    out = deri.compute(frame, SMALL)
    assert out["z:older"].tolist() == [0.0, 0.0, 0.0]
    assert out["z:online"].isna().all()
    # older counts (weight 2, z 0), help counts (weight 1): score = z_help / 3
    assert out["score"].to_numpy() == pytest.approx(stats.zscore([1.0, 2.0, 3.0]) / 3)


def test_the_declared_index_on_four_wards_equals_numpy():
    rng = np.random.default_rng(13)
    frame = pd.DataFrame(rng.uniform(1, 50, size=(4, len(deri.INDEX.inputs))),
                         columns=[i.id for i in deri.INDEX.inputs], index=list("WXYZ"))
    out = deri.compute(frame)
    x = frame.to_numpy()
    z = (x - x.mean(axis=0)) / x.std(axis=0)  # numpy's std is the population SD
    w = np.array([i.weight * i.direction for i in deri.INDEX.inputs])
    assert out["score"].to_numpy() == pytest.approx(z @ w / sum(i.weight for i in deri.INDEX.inputs))
    domains = out[[f"domain:{d}" for d in deri.INDEX.domains]].sum(axis=1)
    assert domains.to_numpy() == pytest.approx(out["score"].to_numpy())


def test_area_score_is_the_population_weighted_mean_of_its_wards():
    scores = pd.Series({"A": 1.0, "B": -1.0, "C": np.nan})
    population = pd.Series({"A": 3000, "B": 1000, "C": 5000})
    assert deri.area_score(scores, population, ["A", "B", "C"]) == pytest.approx((3000 - 1000) / 4000)
    assert np.isnan(deri.area_score(scores, population, ["C"]))


@pytest.mark.parametrize("n, size", [(1, 1), (4, 1), (5, 1), (6, 2), (37, 8)])
def test_the_top_fifth_is_the_ceiling_of_a_fifth_of_the_wards(n, size):
    scores = {f"W{i:02d}": float(i) for i in range(n)}
    top = deri.top_fifth(scores)
    assert len(top) == size and top[0] == f"W{n - 1:02d}"


def test_the_sentence_names_the_wards_in_words_and_keeps_a_name_with_a_comma_whole():
    assert deri.sentence(["Euxton", "Coppull", "Chorley East"]) == (
        "Non-digital routes matter most in: Euxton, Coppull and Chorley East (top fifth of the digital "
        "exclusion risk index).")
    assert deri.words(["Clayton East, Brindle & Hoghton", "Euxton", "Coppull"]) == \
        "Clayton East, Brindle & Hoghton; Euxton and Coppull"


wards = st.integers(min_value=3, max_value=9)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), n=wards)
def test_a_ward_score_never_moves_against_an_input_it_rises_on(data, n):
    values = st.floats(min_value=0, max_value=100, allow_nan=False)
    frame = pd.DataFrame({i.id: data.draw(st.lists(values, min_size=n, max_size=n)) for i in SMALL.inputs},
                         index=[f"W{k}" for k in range(n)])
    ward = data.draw(st.integers(0, n - 1))
    item = data.draw(st.sampled_from(SMALL.inputs))
    delta = data.draw(st.floats(min_value=0.01, max_value=50))
    before = deri.compute(frame, SMALL)["score"].iloc[ward]
    raised = frame.copy()
    raised.iloc[ward, raised.columns.get_loc(item.id)] += delta
    after = deri.compute(raised, SMALL)["score"].iloc[ward]
    if item.direction > 0:
        assert after >= before - 1e-9
    else:
        assert after <= before + 1e-9


@settings(max_examples=100, deadline=None)
@given(data=st.data(), n=wards)
def test_contributions_add_up_to_the_score(data, n):
    values = st.one_of(st.floats(min_value=-10, max_value=10, allow_nan=False), st.just(np.nan))
    frame = pd.DataFrame({i.id: data.draw(st.lists(values, min_size=n, max_size=n)) for i in SMALL.inputs})
    out = deri.compute(frame, SMALL)
    total = out[[f"contribution:{i.id}" for i in SMALL.inputs]].sum(axis=1, min_count=1)
    held = out["score"].notna()
    assert total[held].to_numpy() == pytest.approx(out.loc[held, "score"].to_numpy(), abs=1e-9)
    assert (out["score"].isna() == (out["weight_held"] == 0)).all()


def test_the_definition_refuses_a_weight_of_zero_or_a_wrong_direction():
    with pytest.raises(ValueError, match="direction"):
        IndexDefinition("x", "X", "z", (Input("a", "D", "A", "s", "p", 0, 1.0),))
    with pytest.raises(ValueError, match="weight"):
        IndexDefinition("x", "X", "z", (Input("a", "D", "A", "s", "p", 1, 0.0),))


def test_the_declared_definition_table_lists_every_input_once_with_its_share():
    table = deri.INDEX.table()
    assert table["Code"].tolist() == [i.id for i in deri.INDEX.inputs]
    assert table["Share of the index (%)"].sum() == pytest.approx(100, abs=0.2)
