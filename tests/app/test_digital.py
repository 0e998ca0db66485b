"""The digital exclusion lens through the frame (AppTest): the ward map with the index names the top fifth in
words, the profile gives the index, its rank and its domains, the Data page its definition, for viewers and
analysts; a viewer's figures come from the viewer's values."""

from __future__ import annotations

import io
import math
import os

import pytest
from pypdf import PdfReader

from metrics import digital as deri
from tests.app.conftest import framed
from tests.conftest import as_shown
from ui.export import CHROMIUM, build_pack
from views.agenda import default_agenda
from warehouse import values
from warehouse.store import connect, opened


def _top_fifth_names(url: str, role: str) -> list[str]:
    """Independently of the views: the stored ward values of the role, highest first."""
    store = connect(url)
    try:
        rows = values.read(store, "digital_exclusion", role=role, area_types=["ward"], period_types=["edition"])
    finally:
        store.close()
    rows = rows.sort_values(["value", "area_code"], ascending=[False, True])
    return rows["area_name"].head(math.ceil(len(rows) / 5)).tolist()


def _texts(at) -> list[str]:
    return [as_shown(m.value) for m in at.markdown] + [as_shown(c.value) for c in at.caption]


def test_the_map_of_the_index_names_the_top_fifth_in_words(viewer_env):
    at = framed("ward-map", indicator="digital_exclusion")
    assert not at.exception, at.exception
    assert "Digital exclusion risk index" in as_shown(at.subheader[0].value)
    sentence = next(t for t in _texts(at) if t.startswith("Non-digital routes matter most in:"))
    assert sentence == deri.sentence(_top_fifth_names(viewer_env, "viewer"))
    assert len(at.get("plotly_chart")) == 1


def test_the_analyst_map_names_the_analyst_top_fifth(analyst_env):
    at = framed("ward-map", indicator="digital_exclusion")
    assert not at.exception, at.exception
    assert deri.sentence(_top_fifth_names(analyst_env, "analyst")) in _texts(at)


def test_the_profile_gives_the_index_its_rank_and_its_domains(viewer_env):
    at = framed("ward-profile", areas="E05013066")
    assert not at.exception, at.exception
    texts = _texts(at)
    summary = next(t for t in texts if t.startswith("Chorley East: digital exclusion risk index"))
    assert "of 37 wards (1 = most at risk)" in summary and "Chorley" in summary
    assert any(t.startswith("Non-digital routes matter most in:") for t in texts)
    tables = [d.value for d in at.dataframe]
    inputs = next(t for t in tables if {"Domain", "Input", "z-score", "Contribution"} <= set(t.columns))
    assert len(inputs) == len(deri.INDEX.inputs)
    assert any(set(t.columns) >= {"Domain", "Chorley East (contribution)", "Chorley (contribution)"} for t in tables)


def test_a_district_profile_gives_the_population_weighted_score(viewer_env):
    at = framed("ward-profile", areas="E07000126")
    assert not at.exception, at.exception
    assert any("population-weighted mean of its wards' scores" in t for t in _texts(at))


def test_the_data_page_shows_the_definition(viewer_env):
    at = framed("data-and-definitions")
    assert not at.exception, at.exception
    assert "Digital exclusion risk index" in [as_shown(s.value) for s in at.subheader]
    table = next(d.value for d in at.dataframe if {"Domain", "Input", "Direction", "Weight"} <= set(d.value.columns))
    assert table["Code"].tolist() == [i.id for i in deri.INDEX.inputs]
    assert (table["Wards holding it"].str.endswith("of 37")).all()


@pytest.mark.slow
def test_the_pack_page_of_the_index_names_the_wards(viewer_env):
    """The default agenda's digital exclusion step, printed in Chromium for viewers: its heading, the wards in
    words and the map as a PNG."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's Chromium is not installed at {CHROMIUM}")
    with opened(viewer_env, read_only=True) as store:
        step = [v for v in default_agenda(store, role="viewer") if v.filters.get("indicator") == "digital_exclusion"]
        assert len(step) == 1 and step[0].page == "ward-map"
        built = build_pack(store, "Digital exclusion", step, role="viewer", base_url="http://localhost:8501")
    text = " ".join(PdfReader(io.BytesIO(built.pdf)).pages[0].extract_text().split())
    assert built.pages == 1 and len(built.pngs) == 1
    assert "Digital exclusion: where non-digital routes matter most" in text
    assert " ".join(deri.sentence(_top_fifth_names(viewer_env, "viewer")).split()) in text
