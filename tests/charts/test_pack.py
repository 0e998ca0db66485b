"""charts.pack: the printable meeting pack (one A4 page per agenda view, text escaped)."""

from __future__ import annotations

import base64

from charts.pack import MAX_DEFINITIONS, PackPage, pack_html


def test_the_pack_has_one_page_per_view_with_the_chart_inline_and_text_escaped():
    png = b"\x89PNG\r\n\x1a\nfake"
    pages = [PackPage("Food parcels <b>by ward</b>", ["Chorley East: 14.2 per 1,000 & rising."], png=png,
                      sources=["Hub export"], definitions=["Food parcel requests: per 1,000."], link="http://x/ward-map"),
             PackPage("Data held", ["Hub Mar 2020 to Dec 2021."])]
    html = pack_html(pages, title="Chorley partnership meeting", generated="Made 1 March 2021", note="Viewer figures.")
    assert html.count("<section>") == 2 and "break-after: page" in html
    assert "Food parcels &lt;b&gt;by ward&lt;/b&gt;" in html and "14.2 per 1,000 &amp; rising." in html
    assert base64.b64encode(png).decode() in html and html.count("<img") == 1
    assert "1 of 2 · Made 1 March 2021" in html and "<b>Sources.</b> Hub export." in html


def test_a_page_without_a_chart_has_no_image_and_long_definitions_are_cut_with_a_pointer():
    definitions = [f"Indicator {i}: a definition & more." for i in range(MAX_DEFINITIONS + 3)]
    html = pack_html([PackPage("Ward profile", [], definitions=definitions)], title="t", generated="g", note="n")
    assert "<img" not in html and "<h1>Ward profile</h1>" in html
    assert f"Indicator {MAX_DEFINITIONS - 1}: a definition &amp; more." in html
    assert f"Indicator {MAX_DEFINITIONS}:" not in html
    assert "And 3 more indicators: see Data and definitions in the dashboard." in html
    assert 'alt="Ward profile"' not in html  # no chart, so no alt text either
