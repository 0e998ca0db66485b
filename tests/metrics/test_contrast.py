"""metrics.contrast and its sentence: the rate ratio's interval against statsmodels (an independent
implementation of the Wald log interval for two Poisson rates)."""

import math

import pytest
from statsmodels.stats.rates import confint_poisson_2indep

from metrics.contrast import age_contrast
from metrics.narrative import age_contrast_sentence


def row(count, denominator, suppressed=False):
    return {"count": count, "denominator": denominator, "suppressed": suppressed}


@pytest.mark.parametrize(("a", "na", "b", "nb"), [(40, 1000, 10, 1000), (312, 71_000, 22, 24_500), (9, 5000, 31, 4000)])
def test_ratio_and_interval_match_statsmodels(a, na, b, nb):
    out = age_contrast(row(a, na), row(b, nb), title="x")
    low, high = confint_poisson_2indep(a, na, b, nb, method="wald-log", compare="ratio")
    assert out["ratio"] == pytest.approx((a / na) / (b / nb))
    assert out["ratio_lower_ci"] == pytest.approx(low, rel=1e-9)
    assert out["ratio_upper_ci"] == pytest.approx(high, rel=1e-9)
    assert out["working_age_rate"] == pytest.approx(a / na * 1000)


def test_a_hidden_group_is_not_compared_and_the_sentence_says_so():
    out = age_contrast(row(math.nan, 1000, suppressed=True), row(10, 1000), title="Food parcel requests")
    assert out["pooled"] is False
    text = age_contrast_sentence({**out, "period_label": "Oct-Dec 2021"})
    assert text == "Food parcel requests: too few to compare working-age and older residents for viewers (Oct-Dec 2021)."


@pytest.mark.parametrize(("a", "b", "words"), [
    (400, 10, "times as high per head among working-age residents"),
    (10, 400, "times as high per head among residents aged 65+"),
    (100, 98, "per head were similar"),
    (20, 0, "came only from working-age residents"),
])
def test_the_sentence_follows_the_interval(a, b, words):
    out = age_contrast(row(a, 10_000), row(b, 10_000), title="Requests")
    assert words in age_contrast_sentence({**out, "period_label": "2021"})
