"""Partnership meeting agendas: an ordered list of views (a page, its filters and a heading), and the default
agenda built from the numbers.

The default agenda puts in front of the room, in this order: the partnership overview; wards significantly
worse than the borough and getting worse; the biggest significant changes against the same month before
the pandemic; special-cause signals in the community hub's latest month. Each choice is made with the
viewer's own role, so a suppressed figure never picks (or names) a view.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from metrics import catalogue, views
from metrics.briefing import view_content
from metrics.engine import NoData
from metrics.headlines import partner_headlines
from metrics.narrative import SIGNIFICANT
from metrics.series import series
from settings import get_settings
from warehouse import queries
from warehouse.store import Store

# Pages a view may open (url path -> title); the meeting and upload pages are not views.
PAGES = {"partnership-overview": "Overview", "ward-map": "Ward map", "demand-trends": "Trends",
         "community-hub": "Community hub", "ward-profile": "Ward profile",
         "deprivation-inequalities": "Inequalities", "data-and-definitions": "Data and definitions"}
ROOT_PAGE = "partnership-overview"
FILTER_KEYS = ("indicator", "period", "wards", "age")  # the shared sidebar filters
PAGE_KEYS = ("colour", "freq", "type")  # pages' own URL parameters
MAX_VIEWS = 8
MIN_VIEWS = 5


@dataclass(frozen=True)
class AgendaView:
    """One step of an agenda: what a link opens (page + query parameters) and the heading shown over it."""

    heading: str
    page: str
    filters: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not str(self.heading).strip():
            raise ValueError("a view needs a heading")
        if self.page not in PAGES:
            raise ValueError(f"unknown page {self.page!r}: a view opens one of {', '.join(PAGES)}")
        unknown = sorted(set(self.filters) - {*FILTER_KEYS, *PAGE_KEYS})
        if unknown:
            raise ValueError(f"unknown filter(s) {', '.join(unknown)}: use {', '.join(FILTER_KEYS + PAGE_KEYS)}")
        clean = {k: str(v) for k, v in self.filters.items() if v not in (None, "")}
        if "indicator" in clean and clean["indicator"] not in catalogue.BY_ID:
            raise ValueError(f"unknown indicator {clean['indicator']!r}")
        object.__setattr__(self, "heading", str(self.heading).strip())
        object.__setattr__(self, "filters", clean)

    def __hash__(self) -> int:
        return hash(self.to_json())

    @property
    def wards(self) -> tuple[str, ...]:
        return tuple(w for w in self.filters.get("wards", "").split(",") if w)

    @property
    def path(self) -> str:
        """What a link opens outside presentation mode: the page with its filters."""
        page = "" if self.page == ROOT_PAGE else self.page  # the overview is the app's root
        return f"/{page}" + (f"?{urlencode(self.filters)}" if self.filters else "")

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "page": self.page, "filters": dict(self.filters)}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), sort_keys=True)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> AgendaView:
        return cls(heading=raw.get("heading", ""), page=raw.get("page", ""), filters=dict(raw.get("filters") or {}))

    @classmethod
    def from_json(cls, text: str) -> AgendaView:
        return cls.from_dict(json.loads(text))


def view_narrative(store: Store, view: AgendaView, *, role: str) -> list[str]:
    """Plain-English sentences for a view, from the same numbers (and role) as its page."""
    return list(view_content(store, view.page, view.filters, role=role).narrative)


def default_agenda(store: Store, *, role: str) -> list[AgendaView]:
    """5-8 views chosen from the data (fewer only when the store holds too little to say more)."""
    borough = get_settings().partnership
    agenda = [AgendaView(f"{borough}: the partnership at a glance", "partnership-overview")]
    matrix = views.demand_matrix(store, period=None, role=role)
    agenda += _worse_and_worsening(matrix, borough=borough)
    agenda += _baseline_changes(store, role=role)
    agenda += _hub_signals(store, role=role)
    if len(agenda) < MIN_VIEWS:
        agenda += _most_wards_worse(matrix, borough=borough, skip={v.filters.get("indicator") for v in agenda},
                                    limit=MIN_VIEWS - len(agenda))
    return agenda[:MAX_VIEWS]


def _worse_and_worsening(matrix: pd.DataFrame, *, borough: str, limit: int = 3) -> list[AgendaView]:
    flagged = views.worse_and_worsening(matrix)
    if flagged.empty:
        return []
    flagged = flagged.head(limit)
    return [AgendaView(f"{r.area_name}: {r.indicator_title} worse than {borough} and getting worse",
                       "demand-trends", {"indicator": r.indicator_id, "wards": r.area_code})
            for r in flagged.itertuples()]


def _departure(frame: pd.DataFrame) -> tuple[float, bool, pd.Timestamp | None]:
    """(|latest / expected - 1|, outside the expected range?, latest month) for the borough line."""
    rows = frame[(frame["area_type"] == "borough") & frame["value"].notna()].sort_values("period")
    if rows.empty or "expected" not in rows or pd.isna(rows["expected"].iloc[-1]) or rows["expected"].iloc[-1] <= 0:
        return 0.0, False, None
    last = rows.iloc[-1]
    outside = not (last["expected_lower"] <= last["value"] <= last["expected_upper"])
    return abs(last["value"] / last["expected"] - 1), outside, pd.Timestamp(last["period"])


def _baseline_changes(store: Store, *, role: str, limit: int = 2) -> list[AgendaView]:
    """The partners whose latest month differs most (significantly) from the same month pre-pandemic; each
    shown through its indicator that departs most from its expected range."""
    tiles = partner_headlines(store, role=role)
    if tiles.empty:
        return []
    changed = tiles[tiles["direction"].isin(SIGNIFICANT) & tiles["change_pct"].notna()]
    changed = changed.reindex(changed["change_pct"].abs().sort_values(ascending=False).index).head(limit)
    base_year = get_settings().baseline_start[:4]
    out = []
    for tile in changed.itertuples():
        candidates = [i for i in catalogue.INDICATORS if i.source == tile.source and i.denominator != "events"
                      and i.numerator is not None]
        scored = []
        for indicator in candidates:
            try:
                departure, outside, month = _departure(series(indicator.id, role=role, store=store))
            except NoData:
                continue
            if month is not None:
                scored.append((outside, departure, indicator, month))
        if not scored:
            continue
        _, _, indicator, month = max(scored, key=lambda s: (s[0], s[1]))
        word = "higher" if tile.change_pct > 0 else "lower"
        out.append(AgendaView(f"{tile.title} {abs(tile.change_pct):.0f}% {word} than {month:%B} {base_year} "
                              f"({tile.partner})", "demand-trends",
                              {"indicator": indicator.id, "period": f"{month:%Y-%m}", "freq": "month"}))
    return out


def _hub_signals(store: Store, *, role: str, limit: int = 2) -> list[AgendaView]:
    """Hub indicators whose latest month is a special cause on the XmR chart, furthest from the mean first
    (one per request type, so three food-parcel indicators do not crowd the agenda)."""
    if not queries.months_available(store, "community_hub"):
        return []
    found: dict[tuple, tuple[float, AgendaView]] = {}
    for indicator in catalogue.INDICATORS:
        if indicator.source != "community_hub" or indicator.numerator is None:
            continue
        try:
            frame = series(indicator.id, role=role, store=store)
        except NoData:  # none of these requests held yet
            continue
        rows = frame[frame["area_type"] == "borough"].sort_values("period")
        if rows.empty or "special_cause" not in rows:
            continue
        last = rows.iloc[-1]
        if pd.isna(last["value"]) or not bool(last["special_cause"]):
            continue
        sigma = (last["upper_limit"] - last["mean"]) / 3
        distance = abs(last["value"] - last["mean"]) / sigma if sigma and np.isfinite(sigma) else 0.0
        month = pd.Timestamp(last["period"])
        view = AgendaView(f"Community hub: {indicator.title} unusually {last['direction']} in {month:%B %Y}",
                          "demand-trends", {"indicator": indicator.id, "period": f"{month:%Y-%m}", "freq": "month"})
        key = indicator.numerator.categories
        if key not in found or distance > found[key][0]:
            found[key] = (distance, view)
    ranked = sorted(found.values(), key=lambda item: -item[0])
    return [view for _, view in ranked[:limit]]


def _most_wards_worse(matrix: pd.DataFrame, *, borough: str, skip: set, limit: int) -> list[AgendaView]:
    if matrix.empty or limit <= 0:
        return []
    worse = matrix[(matrix["comparison"] == "worse") & ~matrix["indicator_id"].isin(skip)]
    counts = worse.groupby(["indicator_id", "indicator_title"]).size().sort_values(ascending=False).head(limit)
    return [AgendaView(f"{title}: {n} {'ward' if n == 1 else 'wards'} significantly worse than {borough}",
                       "ward-map", {"indicator": indicator_id}) for (indicator_id, title), n in counts.items()]
