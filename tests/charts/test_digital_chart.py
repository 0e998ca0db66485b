"""The digital exclusion domains chart: one bar per domain for the area and its comparator, top to bottom in
the declared order, the values as given, and an empty figure when nothing is held."""

from __future__ import annotations

import numpy as np
import pandas as pd

from charts.digital import contribution_chart

FRAME = pd.DataFrame({"domain": ["Older residents", "Income", "Partners' channel data"],
                      "area": [-0.24, 0.34, np.nan], "comparator": [-0.04, 0.0, 0.02]})


def test_one_bar_per_domain_for_the_area_and_its_comparator():
    fig = contribution_chart(FRAME, title="What makes up Euxton's score", area_name="Euxton", comparator="Chorley")
    comparator, area = fig.data
    assert (area.name, comparator.name) == ("Euxton", "Chorley")
    assert list(area.y) == ["Partners' channel data", "Income", "Older residents"]  # the first domain on top
    assert list(area.x[1:]) == [0.34, -0.24] and np.isnan(area.x[0])
    assert area.hovertext[0] == "Euxton: Partners' channel data not held"
    assert area.hovertext[1] == "Euxton: Income adds +0.34 to the score"
    assert fig.layout.title.text.startswith("What makes up Euxton")
    assert [a.text for a in fig.layout.annotations if a.y == "Partners' channel data"] == ["not held for Euxton"]


def test_nothing_held_gives_an_empty_figure_that_says_so():
    empty = FRAME.assign(area=np.nan, comparator=np.nan)
    fig = contribution_chart(empty, title="t", area_name="Euxton", comparator="Chorley")
    assert not fig.data and "No inputs held" in str(fig.layout.annotations[0].text)
