"""charts.pack: the view's figure from its frames, and the printable pack (one page per view, escaped)."""

from __future__ import annotations

import base64
from types import SimpleNamespace

from charts.pack import PackPage, pack_html, view_figure

INDICATOR = SimpleNamespace(title="Food parcel requests", unit="per 1,000 residents", method="rate")


def test_a_ward_map_view_draws_the_map_and_a_text_only_view_draws_nothing(compute_frame, shapes):
    content = SimpleNamespace(page="ward-map", frame=compute_frame, indicator=INDICATOR, extra={})
    figure = view_figure(content, borough_name="Chorley", shapes=shapes)
    assert figure.layout.title.text.startswith("Food parcel requests, ")
    assert any(getattr(t, "fill", None) == "toself" for t in figure.data)
    text_only = SimpleNamespace(page="data-and-definitions", frame=None, indicator=None, extra={})
    assert view_figure(text_only, borough_name="Chorley") is None


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
