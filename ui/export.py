"""The meeting pack, made offline in Debian's Chromium: each view's chart to PNG, the agenda to one PDF.

Playwright drives the browser: a blank page holding plotly.js (from the installed plotly package, so no
network) draws each figure and returns it with Plotly.toImage; the pack's HTML (charts/pack.py) is then
printed to PDF. The words, charts and their role come from the same calls as the pages
(views/), so the pack is suppressed for viewers exactly as the app is.
"""

from __future__ import annotations

import base64
import io
import json
import os
import time
import zipfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import plotly
import plotly.graph_objects as go

import views
from charts.pack import PackPage, pack_html
from settings import get_settings
from views._shared import NoData
from views.agenda import AgendaView
from views.base import PageView
from warehouse.store import Store

CHROMIUM = os.environ.get("DASHBOARD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
PNG_WIDTH = 1300
PLOTLY_JS = str(Path(plotly.__file__).parent / "package_data" / "plotly.min.js")  # the installed bundle
PNG_SCALE = 1.5
DRAW = """async ([figure, width, height, scale]) => {
  const div = document.getElementById('chart');
  await Plotly.newPlot(div, figure.data, figure.layout, {staticPlot: true});
  const url = await Plotly.toImage(div, {format: 'png', width, height, scale});
  Plotly.purge(div);
  return url;
}"""


class ExportUnavailable(RuntimeError):
    """Chromium is not installed where the export expects it."""


@dataclass(frozen=True)
class Pack:
    name: str
    pdf: bytes
    pngs: tuple[tuple[str, bytes], ...]  # (file name, PNG) per view with a chart
    html: str
    pages: int
    seconds: float

    def png_zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, png in self.pngs:
                archive.writestr(name, png)
        return buffer.getvalue()


def _slug(text: str, limit: int = 60) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")[:limit].strip("-") or "view"


def _content(store: Store, view: AgendaView, role: str,
             content: Callable[[AgendaView], PageView] | None = None) -> PageView:
    """The view its page renders, or, when its source is not loaded, a page that says so."""
    try:
        if content is not None:
            return content(view)
        return views.BY_PATH[view.page].build(store, view.filters_for(role))
    except NoData as missing:
        return PageView(view.page, view.heading, narrative=[str(missing)])


def build_pack(store: Store, name: str, agenda: Sequence[AgendaView], *, role: str, base_url: str = "",
               made: datetime | None = None, progress: Callable[[str, float], None] | None = None,
               content: Callable[[AgendaView], PageView] | None = None) -> Pack:
    """The agenda as a PDF (one page per view) and its charts as PNGs, for `role`; `progress` hears each
    step (what, share done 0..1) as it starts. `content` gives a step's view (the app passes its page cache,
    so views already built for the meeting are not built again); by default each is built from `store`."""
    started = time.monotonic()
    if not os.path.exists(CHROMIUM):
        raise ExportUnavailable(f"the pack needs Chromium at {CHROMIUM} (apt-get install chromium), "
                                "or set DASHBOARD_CHROMIUM to its path")
    say = progress or (lambda step, done: None)
    steps = 2 * len(agenda) + 2
    # Playwright's sync API wants a thread without an event loop, and its objects stay on the thread that made
    # them: one worker thread opens Chromium (and draws a first figure, which costs the most) while this thread
    # builds the views, then draws and prints on the same browser.
    with ThreadPoolExecutor(max_workers=1) as pool:
        chromium = _Chromium()
        opening = pool.submit(chromium.open)
        try:
            contents = []
            for i, view in enumerate(agenda):
                say(f"Building view {i + 1} of {len(agenda)}: {view.heading}", i / steps)
                contents.append(_content(store, view, role, content))
            opening.result()
            pngs, html, pdf = pool.submit(_render, chromium, agenda, contents, name=name, base_url=base_url,
                                          made=made or datetime.now(), role=role, say=say, steps=steps).result()
        finally:
            pool.submit(chromium.close).result()
    files = tuple((f"{i:02d}-{_slug(v.heading)}.png", png) for i, (v, png) in enumerate(zip(agenda, pngs, strict=True),
                                                                                          start=1) if png)
    return Pack(name=name, pdf=pdf, pngs=files, html=html, pages=len(agenda),
                seconds=round(time.monotonic() - started, 2))


def _render(chromium: _Chromium, agenda: Sequence[AgendaView], contents: Sequence[PageView], *, name: str,
            base_url: str, made: datetime, role: str, say: Callable[[str, float], None],
            steps: int) -> tuple[list[bytes | None], str, bytes]:
    settings = get_settings()
    note = (f"Viewer figures: small numbers are suppressed and others rounded to the nearest {settings.rounding}."
            if role == "viewer" else "Analyst figures, unsuppressed: not for sharing beyond the analyst team.")
    title = f"{settings.partnership} partnership meeting · {name}"
    figures = [c.lead.figure if c.lead is not None else None for c in contents]
    pngs = []
    for i, f in enumerate(figures):
        say(f"Drawing chart {i + 1} of {len(figures)}", (len(agenda) + i) / steps)
        pngs.append(chromium.png(f) if f is not None else None)
    pages = [PackPage(heading=v.heading, narrative=c.narrative, png=png, sources=c.sources,
                      definitions=c.definitions, link=base_url + v.path,
                      stories=tuple((q.text, " · ".join(filter(None, (q.attribution, q.note)))) for q in c.quotes()))
             for v, c, png in zip(agenda, contents, pngs, strict=True)]
    html = pack_html(pages, title=title, generated=f"Made {made:%d %B %Y %H:%M}", note=note)
    say("Printing the PDF", (steps - 2) / steps)
    return pngs, html, chromium.pdf(html)


class _Chromium:
    """One headless Chromium for a pack: a page with plotly.js for the charts, print to PDF at the end. `open`
    and `close` (and every call between) run on one thread."""

    _pw = _browser = None

    def open(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self._browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        self._page = self._browser.new_page()
        self._page.set_content('<!doctype html><html><head><meta charset="utf-8"></head>'
                               '<body style="margin:0"><div id="chart"></div></body></html>')
        self._page.add_script_tag(path=PLOTLY_JS)
        self.png(go.Figure(go.Scatter(x=[0, 1], y=[0, 1])))  # the first figure drawn pays plotly's set-up

    def close(self) -> None:
        try:
            if self._browser is not None:
                self._browser.close()
        finally:
            if self._pw is not None:
                self._pw.stop()

    def png(self, figure: go.Figure) -> bytes:
        height = int(figure.layout.height or 520)
        url = self._page.evaluate(DRAW, [json.loads(figure.to_json()), PNG_WIDTH, height, PNG_SCALE])
        return base64.b64decode(url.split(",", 1)[1])

    def pdf(self, html: str) -> bytes:
        page = self._browser.new_page()
        try:
            page.set_content(html, wait_until="load")
            return page.pdf(prefer_css_page_size=True, print_background=True)
        finally:
            page.close()
