"""What a view is: a page's whole content as plain data (no Streamlit), rendered by app_pages/, meeting mode and
the pack alike.

A view's `build(store, filters)` returns a `PageView`: its title and a list of blocks (text, tiles,
charts with their table, summary and CSV name, tables), the sentences a meeting reads out, and the chart,
sources and definitions the pack prints. Every text block is plain text: the renderer never treats it as
markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from charts.common import legible

ALL_AGES = "All ages"
RATES = {"crude": "Crude rate", "standardised": "Age-standardised rate (ESP 2013)"}


@dataclass(frozen=True)
class Filters:
    """The shared filters (sidebar and URL) and the page's own controls, for one role."""

    indicator: str
    period: str = ""  # "" = the indicator's default (latest complete quarter)
    areas: tuple[str, ...] = ()  # areas chosen to highlight (wards, groups …)
    age: str = ALL_AGES
    rate: str = "crude"
    role: str = "viewer"
    options: tuple[tuple[str, str], ...] = ()  # page controls, e.g. (("colour", "quintile"),)

    def option(self, name: str, default: str) -> str:
        return dict(self.options).get(name, default)

    def with_options(self, **options: str) -> Filters:
        merged = dict(self.options) | {k: v for k, v in options.items() if v is not None}
        return Filters(self.indicator, self.period, self.areas, self.age, self.rate, self.role,
                       tuple(sorted(merged.items())))


@dataclass(frozen=True)
class Control:
    """A page's own control (kept in the URL under `name`).

    kind "areas": a multiselect of the partnership's areas (typed to find one), kept as comma-separated codes;
    `limit` is the most that may be chosen and `suggest` gives the preselection from (code, area type) pairs."""

    name: str
    label: str
    choices: Mapping[str, str]  # value -> label
    default: str
    kind: str = "radio"  # "radio", "select" or "areas"
    limit: int = 0
    suggest: Callable[[Sequence[tuple[str, str]]], list[str]] | None = None


@dataclass(frozen=True)
class Page:
    path: str  # url path
    title: str
    group: str
    icon: str
    file: str  # the Streamlit page file that renders it
    controls: tuple[Control, ...] = ()
    params: tuple[str, ...] = ()  # URL parameters the page reads itself (not drawn as controls), e.g. intervention
    analyst_only: bool = False
    agenda: bool = True  # may be a step of a meeting agenda
    find_area: str | None = None  # draw a "find an area" box that opens this page for the area typed


@dataclass(frozen=True)
class Text:
    text: str
    kind: str = "caption"  # caption, body, info, success, warning, heading, subheading


@dataclass(frozen=True)
class Tile:
    title: str
    value: str
    delta: str | None = None
    colour: str = "off"  # "normal", "inverse" or "off" (Streamlit's delta colours)
    caption: str = ""
    help: str = ""
    origin: str = ""  # "Real: …" or "Illustrative (generated) data: …" (warehouse.provenance)


@dataclass(frozen=True)
class Tiles:
    tiles: tuple[Tile, ...]


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    table: pd.DataFrame
    summary: str
    file_name: str
    key: str
    origin: str = ""  # "Real: …" or "Illustrative (generated) data: …" (warehouse.provenance)
    opens: str | None = None  # clicking a point opens this page for the area in the point's customdata

    def __post_init__(self) -> None:
        # made legible once, when the view is built (and cached), not on every run that draws it
        object.__setattr__(self, "figure", legible(self.figure))


@dataclass(frozen=True)
class Table:
    frame: pd.DataFrame
    file_name: str
    key: str
    caption: str = ""
    origin: str = ""
    links: tuple[str, ...] = ()  # columns holding a link (a path on this app, or a full URL)


@dataclass(frozen=True)
class Quote:
    """A partner's story beside the figures (warehouse/stories.py), drawn as a quote with who told it, when and
    where; `note` marks one viewers are not shown (analysts only). Every field is plain text."""

    text: str
    partner: str
    when: str
    areas: str
    theme: str = ""
    note: str = ""

    @property
    def attribution(self) -> str:
        return " · ".join(p for p in (self.partner, self.when, self.areas, self.theme) if p)


@dataclass(frozen=True)
class Columns:
    columns: tuple[tuple[Any, ...], ...]


@dataclass
class PageView:
    path: str
    title: str
    blocks: list = field(default_factory=list)
    narrative: list[str] = field(default_factory=list)
    lead: Chart | None = None
    sources: tuple[str, ...] = ()
    definitions: tuple[str, ...] = ()

    def add(self, *blocks) -> PageView:
        self.blocks.extend(blocks)
        return self

    def quotes(self) -> list[Quote]:
        """The stories the view shows (for the pack), in order."""
        out = []
        for block in self.blocks:
            if isinstance(block, Quote):
                out.append(block)
            elif isinstance(block, Columns):
                out += [b for col in block.columns for b in col if isinstance(b, Quote)]
        return out

    def charts(self) -> list[Chart]:
        out = []
        for block in self.blocks:
            if isinstance(block, Chart):
                out.append(block)
            elif isinstance(block, Columns):
                out += [b for col in block.columns for b in col if isinstance(b, Chart)]
        return out
