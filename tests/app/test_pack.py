"""The meeting pack on the sample store for the viewer role, made in Debian's Chromium and read back with a
PDF text extractor: one page per view with its heading and sentences, no count from 1 to 7, the charts as
PNGs. Prints the seconds it took (for the issue's note)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from settings import get_settings
from tests.app.test_disclosure_walk import HOVER_COUNT
from tests.conftest import require_chromium
from ui.export import CHROMIUM, build_pack
from views.agenda import AgendaView, default_agenda
from warehouse.store import opened

pytestmark = pytest.mark.slow
# One view of each other page; personal shopping for the over-65s is suppressed in Chorley East in the
# latest quarter for viewers.
MORE_VIEWS = [AgendaView("Personal shopping for the over-65s, by ward", "ward-map",
                         {"indicator": "hub_personal_shopping_65", "areas": "E05013066"}),
              AgendaView("Who asks the hub for help", "community-hub"),
              AgendaView("Chorley East at a glance", "ward-profile", {"areas": "E05013066"}),
              AgendaView("Crime and deprivation", "deprivation-inequalities", {"indicator": "police_crime"}),
              AgendaView("What the data are", "data-and-definitions")]


@pytest.fixture(scope="module")
def pack(sample_store_url):
    require_chromium(CHROMIUM)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("DASHBOARD_DB_URL", sample_store_url)
        get_settings.cache_clear()
        try:
            with opened(sample_store_url, read_only=True) as store:
                views = [*default_agenda(store, role="viewer"), *MORE_VIEWS]
                steps: list[tuple[str, float]] = []
                built = build_pack(store, "Default agenda", views, role="viewer", base_url="http://localhost:8501",
                                   progress=lambda text, done: steps.append((text, done)))
        finally:
            get_settings.cache_clear()
    print(f"\nmeeting pack: {built.pages} pages, {len(built.pdf):,} bytes, built in {built.seconds} s")
    PROGRESS[:] = steps
    return views, built


PROGRESS: list[tuple[str, float]] = []


def test_making_the_pack_reports_each_step_in_order(pack):
    """The meeting page's progress bar: a step per view, per chart, then the PDF, the share done rising."""
    views, _ = pack
    texts = [t for t, _ in PROGRESS]
    assert texts[0] == f"Building view 1 of {len(views)}: {views[0].heading}"
    assert f"Drawing chart {len(views)} of {len(views)}" in texts and texts[-1] == "Printing the PDF"
    assert len(texts) == 2 * len(views) + 1
    shares = [d for _, d in PROGRESS]
    assert shares == sorted(shares) and 0 <= shares[0] and shares[-1] < 1


def page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_one_page_per_view_with_its_heading_and_sentences(pack):
    views, built = pack
    texts = page_texts(built.pdf)
    assert len(texts) == len(views) == built.pages
    for number, (view, text) in enumerate(zip(views, texts, strict=True), start=1):
        assert view.heading in text, (number, view.heading, text[:300])
        assert f"{number} of {len(views)}" in text
        assert "Viewer figures: small numbers are suppressed" in text
    assert "Sources." in texts[1] and "Definitions." in texts[1] and "Made " in texts[0]
    suppressed = texts[-len(MORE_VIEWS)]
    assert "Personal shopping requests, aged 65+ in Chorley East over" in suppressed
    assert "suppressed (small numbers)" in suppressed
    assert "times as high per head among working-age residents" in texts[-4]
    assert "Chorley East was significantly" in texts[-3]
    assert "slope index of inequality" in texts[-2] and "Data held: " in texts[-1]


def test_no_count_from_1_to_7_reaches_the_viewers_pack(pack):
    _, built = pack
    for number, text in enumerate(page_texts(built.pdf), start=1):
        small = [m.group(0) for m in HOVER_COUNT.finditer(text) if 1 <= int(m.group(1).replace(",", "")) <= 7]
        assert small == [], (number, small)
        assert not re.search(r"\b(?:count|requests)\s*[:=]?\s*[1-7]\b(?![.,]\d)", text, re.IGNORECASE), number


def test_the_charts_are_pngs_one_for_each_view_with_a_chart(pack):
    views, built = pack
    assert len(built.pngs) == len(views) - 1  # every view has a chart but Data and definitions
    with zipfile.ZipFile(io.BytesIO(built.png_zip())) as archive:
        names = archive.namelist()
        assert names[0].startswith("01-") and all(n.endswith(".png") for n in names)
        assert all(archive.read(n).startswith(b"\x89PNG") for n in names)
