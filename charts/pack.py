"""The meeting pack as one printable HTML document: one A4 landscape page per agenda view (heading,
sentences, the view's stories as quotes, the view's lead chart as a PNG, sources, definitions). The chart, the
stories and the words come from the same view its page renders (views/); rendering to PNG and PDF happens in
ui/export.py, in Chromium.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PackPage:
    heading: str
    narrative: Sequence[str]
    png: bytes | None = None
    sources: Sequence[str] = ()
    definitions: Sequence[str] = ()
    link: str = ""
    stories: Sequence[tuple[str, str]] = ()  # (text, attribution) of the view's stories, as its page shows them


MAX_DEFINITIONS = 10
MAX_STORIES = 2  # quotes printed on a page with a chart (the rest are counted); a page with none prints more
MAX_STORIES_ALONE = 6
CSS = """
@page { size: A4 landscape; margin: 10mm 12mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Source Sans Pro", Arial, sans-serif; color: #222; font-size: 10.5pt; }
section { height: 189mm; display: flex; flex-direction: column; overflow: hidden; break-after: page; }
section:last-child { break-after: auto; }
header { display: flex; justify-content: space-between; color: #6E6E6E; font-size: 9pt;
         border-bottom: 1px solid #ddd; padding-bottom: 1mm; }
h1 { font-size: 17pt; margin: 2.5mm 0 1.5mm; line-height: 1.2; }
ul { margin: 0 0 2mm; padding-left: 5mm; }
li { margin: 0.4mm 0; line-height: 1.3; }
.chart { flex: 1 1 auto; min-height: 0; display: flex; justify-content: center; }
.chart img { max-width: 100%; max-height: 100%; object-fit: contain; }
footer { font-size: 7.5pt; color: #555; border-top: 1px solid #ddd; padding-top: 1mm; line-height: 1.3; }
footer p { margin: 0.3mm 0; }
.stories { display: flex; flex-wrap: wrap; gap: 3mm 4mm; margin: 0 0 2mm; }
blockquote { flex: 1 1 40%; margin: 0; padding: 1mm 3mm; border-left: 1.2mm solid #8a6d9e; background: #f6f3f8;
             font-size: 9.5pt; line-height: 1.3; }
blockquote p { margin: 0 0 0.8mm; }
blockquote cite { display: block; font-style: normal; color: #555; font-size: 8pt; }
"""


def _png(data: bytes | None, alt: str) -> str:
    if not data:
        return ""
    encoded = base64.b64encode(data).decode("ascii")
    return f'<div class="chart"><img alt="{html.escape(alt)}" src="data:image/png;base64,{encoded}"></div>'


def _definitions(definitions: Sequence[str]) -> str:
    """The definitions, at most MAX_DEFINITIONS of them so that a ward profile's still fits on its page."""
    if not definitions:
        return ""
    text = " ".join(definitions[:MAX_DEFINITIONS])
    if len(definitions) > MAX_DEFINITIONS:
        text += (f" And {len(definitions) - MAX_DEFINITIONS} more indicators: see Data and definitions in the "
                 "dashboard.")
    return f"<p><b>Definitions.</b> {html.escape(text)}</p>"


def _stories(stories: Sequence[tuple[str, str]], *, limit: int) -> str:
    """The view's stories as quotes (at most `limit`, then how many more), every word escaped."""
    if not stories:
        return ""
    quotes = "".join(f"<blockquote><p>\u201c{html.escape(text)}\u201d</p><cite>{html.escape(who)}</cite></blockquote>"
                     for text, who in stories[:limit])
    more = len(stories) - limit
    extra = f"<p>And {more} more on the Stories page.</p>" if more > 0 else ""
    return f'<div class="stories">{quotes}</div>{extra}'


def pack_html(pages: Sequence[PackPage], *, title: str, generated: str, note: str) -> str:
    """One A4 landscape page per view: heading, sentences, chart, then sources, definitions and the date."""
    sections = []
    for number, page in enumerate(pages, start=1):
        items = "".join(f"<li>{html.escape(s)}</li>" for s in page.narrative)
        cite = _definitions(page.definitions)
        if page.sources:
            cite += f"<p><b>Sources.</b> {html.escape('; '.join(page.sources))}.</p>"
        if page.link:
            cite += f"<p><b>Live view.</b> {html.escape(page.link)}</p>"
        cite += f"<p>{html.escape(note)}</p>"
        alt = page.narrative[0] if page.narrative else page.heading
        quotes = _stories(page.stories, limit=MAX_STORIES if page.png else MAX_STORIES_ALONE)
        sections.append(
            f'<section><header><span>{html.escape(title)}</span><span>{number} of {len(pages)} · '
            f"{html.escape(generated)}</span></header><h1>{html.escape(page.heading)}</h1><ul>{items}</ul>"
            f"{quotes}{_png(page.png, alt)}<footer>{cite}</footer></section>")
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"<style>{CSS}</style></head><body>{''.join(sections)}</body></html>")
