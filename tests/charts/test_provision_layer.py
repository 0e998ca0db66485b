"""charts.provision: the provision point layer over the ward map and the opening/closing markers on a trend."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from charts.provision import add_provider_dates, add_provision_layer, spread


def providers() -> pd.DataFrame:
    return pd.DataFrame({
        "name": ["Food bank", "Food club", "Library"], "types": ["Food bank", "Food club", "Library; Warm space"],
        "x": [-2.63, -2.63, -2.70], "y": [53.65, 53.65, 53.69], "position": ["ward centre", "ward centre", "given"],
        "placed_by": ["town", "town", "coordinates"], "ward_code": ["E05013068"] * 3,
        "start_date": [pd.NaT, pd.Timestamp("2022-03-21"), pd.NaT], "end_date": [pd.NaT, pd.NaT, pd.Timestamp("2021-06-30")]})


def test_providers_at_one_spot_are_set_round_it_and_a_lone_one_stays():
    out = spread(providers())
    assert (out.loc[2, "x"], out.loc[2, "y"]) == (-2.70, 53.69)
    first, second = out.loc[0, ["x", "y"]].to_numpy(float), out.loc[1, ["x", "y"]].to_numpy(float)
    assert not np.allclose(first, second)
    assert np.allclose((first + second) / 2, (-2.63, 53.65))  # centred on the spot they share


def test_the_layer_has_a_trace_per_group_and_placing_with_hover_names():
    fig = add_provision_layer(go.Figure(), providers())
    names = [t.name for t in fig.data]
    assert names == ["Food (food bank, food club, pantry) (approximate place)", "Warm space or library"]
    assert "Placed approximately (by town)" in fig.data[0].text[0]
    assert fig.data[0].marker.color == "#FFFFFF"  # open marker: approximate


def test_openings_and_closings_are_marked_with_their_names():
    fig = add_provider_dates(go.Figure(), providers())
    opened = next(t for t in fig.data if t.name == "Provider opened")
    closed = next(t for t in fig.data if t.name == "Provider closed")
    assert list(opened.x) == [pd.Timestamp("2022-03-21")] and "Food club (Food club) opened 21 Mar 2022" in opened.text[0]
    assert "closed 30 Jun 2021" in closed.text[0]
    assert len(fig.layout.shapes) == 2
