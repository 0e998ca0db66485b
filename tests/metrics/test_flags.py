"""metrics.flags: which wards are flagged, and the matrix's summary in words that follow declared polarity."""

import pandas as pd

from metrics.flags import higher_and_rising, matrix_summary, worse_and_worsening


def rows(*cells) -> pd.DataFrame:
    return pd.DataFrame([{"area_name": a, "indicator_id": i, "indicator_title": i.title(), "value": v,
                          "comparison": c, "trend": t} for a, i, v, c, t in cells])


FRAME = rows(("Euxton", "crime", 9.0, "worse", "increasing and getting worse"),
             ("Coppull", "crime", 12.0, "worse", "no significant change"),
             ("Euxton", "advice", 30.0, "higher", "increasing"),
             ("Coppull", "advice", 20.0, "higher", "no significant change"),
             ("Clayton", "advice", 25.0, "lower", "increasing"))


def test_worse_and_worsening_needs_both():
    assert worse_and_worsening(FRAME)[["area_name", "indicator_id"]].values.tolist() == [["Euxton", "crime"]]


def test_higher_and_rising_is_demand_said_as_higher_never_worse():
    assert higher_and_rising(FRAME)[["area_name", "indicator_id"]].values.tolist() == [["Euxton", "advice"]]
    assert higher_and_rising(FRAME.iloc[0:0]).empty


def test_matrix_summary_says_worse_only_where_polarity_is_declared_and_higher_or_lower_elsewhere():
    text = matrix_summary(FRAME.assign(comparison=["worse", "similar", "higher", "higher", "lower"]),
                          comparator="the district")
    assert text.startswith("1 ward-indicator pairs are significantly worse than the district and 0 significantly "
                           "better (where lower or higher is plainly better); 2 are significantly higher and 1 "
                           "significantly lower (demand and service use, where neither is plainly better) "
                           "(95% intervals).")
    assert "Euxton is worse or higher on 2 of 2." in text


def test_matrix_summary_of_demand_alone_never_says_worse_or_better():
    text = matrix_summary(FRAME.iloc[2:], comparator="Chorley")
    assert "worse" not in text and "significantly better" not in text and "2 are significantly higher" in text
    assert "Euxton is higher on 1 of 1." in text
    assert matrix_summary(FRAME.assign(comparison="similar"), comparator="Chorley").startswith(
        "No ward differs significantly from Chorley.")
