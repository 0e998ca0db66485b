"""metrics.impact against statsmodels (OLS with the same design) on synthetic series with
a known effect and with none, and the intervals' coverage of the truth across seeds."""

import doctest

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import statsmodels.formula.api as smf

import metrics.impact
from metrics.impact import (
    choose_comparisons,
    difference_in_differences,
    in_words,
    interrupted_time_series,
    slope,
)

N, START = 30, 15


def series(rng, *, level=0.0, trend_change=0.0, noise=1.0, n=N, start=START):
    t = np.arange(n, dtype=float)
    post = (t >= start).astype(float)
    y = 20 + 0.1 * t + level * post + trend_change * (t - start) * post + rng.normal(0, noise, n)
    return t, y


def reference(y, x):
    return sm.OLS(y, x).fit()


@pytest.mark.parametrize("level, trend_change", [(3.0, 0.2), (0.0, 0.0)], ids=["effect", "none"])
def test_its_equals_statsmodels_ols_with_the_same_design(level, trend_change):
    t, y = series(np.random.default_rng(1), level=level, trend_change=trend_change)
    post = (t >= START).astype(float)
    x = np.column_stack([np.ones(N), t, post, (t - START) * post])
    ref = reference(y, x)
    ci = ref.conf_int(alpha=0.05)
    out = interrupted_time_series(t, y, start=START)
    assert [out.level.value, out.slope.value] == pytest.approx(ref.params[2:], rel=1e-10)
    assert [out.level.se, out.slope.se] == pytest.approx(ref.bse[2:], rel=1e-10)
    assert [out.level.lower, out.level.upper] == pytest.approx(ci[2], rel=1e-10)
    assert [out.slope.lower, out.slope.upper] == pytest.approx(ci[3], rel=1e-10)
    assert out.level.p_value == pytest.approx(ref.pvalues[2], rel=1e-8)
    combo = ref.t_test(np.array([[0, 0, 1, N - 1 - START]]))
    assert out.at_end.value == pytest.approx(float(combo.effect[0]), rel=1e-10)
    assert out.at_end.se == pytest.approx(float(combo.sd[0, 0]), rel=1e-10)
    assert out.level.detectable == (level != 0)
    resid = ref.resid - ref.resid.mean()
    assert out.autocorrelation == pytest.approx(float(resid[1:] @ resid[:-1] / (resid @ resid)))


def test_did_equals_statsmodels_on_the_gap_and_the_two_way_fixed_effects_panel():
    rng = np.random.default_rng(2)
    t = np.arange(N, dtype=float)
    common = 5 * np.sin(t / 3) + 0.2 * t  # a shock both groups share
    post = (t >= START).astype(float)
    treated = 12 + common - 2.5 * post + rng.normal(0, 0.8, N)
    control = 10 + common + rng.normal(0, 0.8, N)
    out = difference_in_differences(t, treated, control, start=START)
    ref = reference(treated - control, np.column_stack([np.ones(N), post]))
    assert out.effect.value == pytest.approx(ref.params[1], rel=1e-10)
    assert out.effect.se == pytest.approx(ref.bse[1], rel=1e-10)
    assert [out.effect.lower, out.effect.upper] == pytest.approx(ref.conf_int(alpha=0.05)[1], rel=1e-10)
    panel = pd.DataFrame({"y": np.r_[treated, control], "month": np.r_[t, t].astype(int),
                          "treated": np.r_[np.ones(N), np.zeros(N)], "post": np.r_[post, post]})
    fe = smf.ols("y ~ C(month) + treated + treated:post", data=panel).fit()
    assert out.effect.value == pytest.approx(fe.params["treated:post"], rel=1e-9)
    assert out.effect.detectable and out.effect.upper < 0


def test_its_intervals_cover_the_true_effect_about_95_percent_of_the_time():
    covered = {"level": 0, "slope": 0}
    seeds = range(400)
    for seed in seeds:
        t, y = series(np.random.default_rng(seed), level=2.0, trend_change=-0.1)
        out = interrupted_time_series(t, y, start=START)
        covered["level"] += out.level.lower <= 2.0 <= out.level.upper
        covered["slope"] += out.slope.lower <= -0.1 <= out.slope.upper
    for name, hits in covered.items():
        assert 0.92 <= hits / len(seeds) <= 0.98, (name, hits / len(seeds))


def test_with_no_effect_no_detectable_change_is_said_about_95_percent_of_the_time():
    quiet_its = quiet_did = 0
    seeds = range(400)
    for seed in seeds:
        rng = np.random.default_rng(10_000 + seed)
        t, y = series(rng)
        _, c = series(rng)
        quiet_its += not interrupted_time_series(t, y, start=START).level.detectable
        quiet_did += not difference_in_differences(t, y, c, start=START).effect.detectable
    assert 0.92 <= quiet_its / len(seeds) <= 0.98
    assert 0.92 <= quiet_did / len(seeds) <= 0.98


def test_a_known_effect_is_found_and_worded():
    t, y = series(np.random.default_rng(3), level=-4.0, noise=0.5)
    out = interrupted_time_series(t, y, start=START)
    words = in_words(out.level, what="level", unit="per 1,000")
    assert words.startswith("a fall in level of 3.80 per 1,000 (95% CI -4.68 to -2.91") and out.level.upper < 0
    t, y = series(np.random.default_rng(4))
    quiet = interrupted_time_series(t, y, start=START).level
    if not quiet.detectable:
        assert in_words(quiet, what="level", unit="per 1,000").startswith("no detectable change in level")


def test_too_few_months_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="at least 6 months before"):
        interrupted_time_series(range(8), [1.0] * 8, start=4)


def test_comparison_wards_are_those_with_the_closest_pre_period_trend():
    t = np.arange(12)
    slopes = {"w1": slope(t, 0.5 * t), "w2": slope(t, 0.1 * t), "w3": slope(t, -0.3 * t), "w4": slope(t, 0.45 * t),
              "w5": float("nan"), "w6": slope(t, 0.6 * t)}
    assert choose_comparisons(0.5, slopes, k=3) == ["w1", "w4", "w6"]
    assert slopes["w1"] == pytest.approx(0.5)


def test_docstring_examples_run():
    assert doctest.testmod(metrics.impact).failed == 0
