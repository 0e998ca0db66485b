"""metrics.targets: the trend line against statsmodels WLS, the on/off-track rule, and when a line meets a target."""

import numpy as np
import pytest
import statsmodels.api as sm

from metrics.targets import CLOSE, MET, MISSED, OFF, ON, fit_line, judge, reaches

Z = 1.959963984540054


def test_line_equals_statsmodels_wls_with_the_scale_floored_at_one():
    rng = np.random.default_rng(5)
    t = np.arange(8, dtype=float)
    se = np.full(8, 0.2)
    for noise, floored in ((1.0, False), (0.05, True)):  # wandering more than the intervals say / less
        y = 5 - 0.3 * t + rng.normal(0, noise, 8)
        line = fit_line(t, y, y - Z * se, y + Z * se)
        ref = sm.WLS(y, sm.add_constant(t), weights=1 / se**2).fit()
        assert [line.intercept, line.slope] == pytest.approx(ref.params, rel=1e-9)
        expected = ref.normalized_cov_params * (1.0 if floored else ref.scale)
        assert (ref.scale < 1) == floored
        assert line.cov == pytest.approx(expected, rel=1e-9)
        value, low, high = line.at(10.0)
        pred = ref.get_prediction(np.array([[1.0, 10.0]]))
        if not floored:
            assert [low, high] == pytest.approx(pred.conf_int(alpha=0.05)[0], rel=1e-9)
        assert value == pytest.approx(pred.predicted_mean[0], rel=1e-9)


def test_only_the_latest_points_are_used():
    t = np.arange(12, dtype=float)
    y = np.r_[np.full(4, 100.0), 10 - t[4:]]  # an old level that the latest eight ignore
    line = fit_line(t, y, y - 0.5, y + 0.5, points=8)
    assert line.slope == pytest.approx(-1.0) and line.t_last == 11


@pytest.mark.parametrize("lower, upper, direction, passed, expected", [
    (1.0, 2.0, "below", False, ON), (3.5, 4.0, "below", False, OFF), (2.5, 3.5, "below", False, CLOSE),
    (3.5, 4.0, "above", False, ON), (1.0, 2.0, "above", False, OFF), (1.0, 2.0, "below", True, MET),
    (3.5, 4.0, "below", True, MISSED)])
def test_the_on_track_rule(lower, upper, direction, passed, expected):
    assert judge(lower, upper, 3.0, direction, passed=passed) == expected


def test_when_a_falling_line_reaches_a_lower_target_with_the_band_s_edges():
    t = np.arange(8, dtype=float)
    y = 20 - 1.0 * t
    line = fit_line(t, y, y - 0.4, y + 0.4)  # exact line: scale floored at 1
    hit = reaches(line, 5.0, "below")
    assert hit.point == 15  # 20 - 15 = 5
    assert hit.earliest <= hit.point <= hit.latest and not hit.never
    away = reaches(fit_line(t, 10 + t, 9.6 + t, 10.4 + t), 5.0, "below")
    assert away.point is None and away.never
