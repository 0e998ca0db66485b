"""metrics.periods: which periods are made, their codes, labels and time axes."""

import pandas as pd
import pytest

from metrics.periods import Period, complete_periods, default_period, membership, parse_code


def months(start, end):
    return list(pd.date_range(start, end, freq="MS"))


def test_only_complete_groups_are_made():
    held = months("2020-03", "2021-12")
    codes = {p.code for p in complete_periods(held)}
    assert "2020-Q1" not in codes and "2020-Q2" in codes and "2021-Q4" in codes
    assert "2020" not in codes and "2021" in codes
    assert "2020/21" in codes and "2021/22" not in codes
    gappy = [m for m in months("2019-01", "2021-09") if m.strftime("%Y-%m") not in ("2020-06", "2020-08")]
    codes = {p.code for p in complete_periods(gappy)}
    assert "2020-Q2" not in codes and "2020-Q3" not in codes and "2020" not in codes and "2019" in codes


@pytest.mark.parametrize(("code", "kind", "label"), [("2021-03", "month", "Mar 2021"), ("2021-Q1", "quarter",
                                                      "Jan-Mar 2021"), ("2021/22", "financial_year", "Apr 2021-Mar 2022"),
                                                     ("2021", "year", "2021")])
def test_codes_round_trip(code, kind, label):
    period = parse_code(code)
    assert (period.code, period.kind, period.label) == (code, kind, label)


@pytest.mark.parametrize("bad", ["2021-13", "2021/23", "21-Q1", "²", "2021-Q5", ""])
def test_bad_codes_are_refused_with_the_forms_accepted(bad):
    with pytest.raises(ValueError, match="use 2021-03, 2021-Q1, 2021/22 or 2021"):
        parse_code(bad)


def test_each_kind_has_its_own_consecutive_time_axis():
    assert parse_code("2021-01").index - parse_code("2020-12").index == 1
    assert parse_code("2021-Q1").index - parse_code("2020-Q4").index == 1
    assert parse_code("2021/22").index - parse_code("2020/21").index == 1
    assert parse_code("2021").index - parse_code("2020").index == 1


def test_default_is_the_latest_complete_quarter_else_the_latest_month():
    assert default_period(complete_periods(months("2021-01", "2021-11"))).code == "2021-Q3"
    assert default_period(complete_periods(months("2021-01", "2021-02"))).code == "2021-02"
    assert default_period([]) is None


def test_membership_lists_each_periods_months():
    frame = membership([parse_code("2021-Q1")])
    assert frame["month"].dt.strftime("%Y-%m").tolist() == ["2021-01", "2021-02", "2021-03"]
    assert isinstance(parse_code("2021-Q1"), Period)
