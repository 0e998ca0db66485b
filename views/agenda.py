"""Partnership meeting agendas: an ordered list of views (a page, its filters, a heading), and the default
agenda chosen from the ready values with the viewer's own role.

The default agenda puts in front of the room, in this order: the partnership overview; wards significantly
worse than their comparator and getting worse (any indicator with a polarity); the partners whose latest
month differs significantly from the same month before the pandemic, each through its indicator furthest
outside its expected range; special-cause signals in the latest month of sources that declare weekly
working (the community hub); the backlog of deferred demand (indicators declared `deferred`) whose
cumulative gap fell significantly short at some month since the pandemic began; the wards where food demand
outstrips provision (views/provision.py), when the provision register names any; the targets off track
(the Priorities page showing only those); the ward map of the digital exclusion index, once held; the impact
of the most recent intervention on the log; then, to reach five views, the indicators with most wards worse.
At most twelve views: over the limit, fewer wards worse and getting worse are shown (at least one), then the
latest of the other views are cut; the index's map and the intervention never are.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import numpy as np
import pandas as pd

import sources
from metrics import catalogue
from metrics.narrative import SIGNIFICANT
from metrics.periods import parse_code
from views import BY_PATH, ROOT, interventions, overview, priorities, provision
from views._digital import INDEX_ID
from views._shared import context
from views.base import Filters
from warehouse import values
from warehouse.store import Store

FILTER_KEYS = ("indicator", "period", "areas", "age", "rate")  # the shared sidebar filters
LEGACY_KEYS = {"wards": "areas"}  # agendas saved before areas could be groups of wards
PAGE_KEYS = tuple(dict.fromkeys([*(c.name for v in BY_PATH.values() for c in v.PAGE.controls),
                                  *(p for v in BY_PATH.values() for p in v.PAGE.params)]))
MAX_VIEWS = 12
MIN_VIEWS = 5
PRIORITIES, INTERVENTIONS = priorities.PAGE.path, interventions.PAGE.path


def agenda_pages() -> dict[str, str]:
    """Pages a view may open (url path -> title)."""
    return {path: v.PAGE.title for path, v in BY_PATH.items() if v.PAGE.agenda}


@dataclass(frozen=True)
class AgendaView:
    """One step of an agenda: what a link opens (page + query parameters) and the heading shown over it."""

    heading: str
    page: str
    filters: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not str(self.heading).strip():
            raise ValueError("a view needs a heading")
        if self.page not in agenda_pages():
            raise ValueError(f"unknown page {self.page!r}: a view opens one of {', '.join(agenda_pages())}")
        given = {LEGACY_KEYS.get(k, k): v for k, v in self.filters.items()}
        unknown = sorted(set(given) - {*FILTER_KEYS, *PAGE_KEYS})
        if unknown:
            raise ValueError(f"unknown filter(s) {', '.join(unknown)}: use {', '.join(FILTER_KEYS + PAGE_KEYS)}")
        clean = {k: str(v) for k, v in given.items() if v not in (None, "")}
        if "indicator" in clean and not catalogue.known(clean["indicator"]):
            raise ValueError(f"unknown indicator {clean['indicator']!r}")
        object.__setattr__(self, "heading", " ".join(str(self.heading).split()))
        object.__setattr__(self, "filters", clean)

    def __hash__(self) -> int:
        return hash(self.to_json())

    @property
    def path(self) -> str:
        """What a link opens outside presentation mode: the page with its filters."""
        page = "" if self.page == ROOT else self.page  # the overview is the app's root
        return f"/{page}" + (f"?{urlencode(self.filters)}" if self.filters else "")

    def filters_for(self, role: str) -> Filters:
        f = self.filters
        return Filters(indicator=f.get("indicator", ""), period=f.get("period", ""),
                       areas=tuple(a for a in f.get("areas", "").split(",") if a), age=f.get("age") or "All ages",
                       rate=f.get("rate", "crude"), role=role,
                       options=tuple(sorted((k, v) for k, v in f.items() if k in PAGE_KEYS)))

    def describe(self, area_names: Mapping[str, str]) -> str:
        """The view's filters in words: 'All recorded crime (excl. ASB) · Clayton East, Brindle & Hoghton ·
        December 2021 · by month' (never the codes a link carries)."""
        f = self.filters
        parts = []
        if "indicator" in f:
            parts.append(catalogue.get(f["indicator"]).title)
        if f.get("areas"):
            parts.append(", ".join(area_names.get(a, a) for a in f["areas"].split(",")))
        if f.get("period"):
            try:
                parts.append(parse_code(f["period"]).long_label)
            except ValueError:
                parts.append(f["period"])
        if f.get("age"):
            parts.append(f"aged {f['age']}")
        if f.get("rate") == "standardised":
            parts.append("age-standardised")
        for key, value in f.items():
            if key in PAGE_KEYS and key != "compare":
                control = next((c for v in BY_PATH.values() for c in v.PAGE.controls if c.name == key), None)
                parts.append(control.choices.get(value, value).lower() if control and control.choices else value)
            elif key == "compare":
                parts.append("comparing " + ", ".join(area_names.get(a, a) for a in value.split(",")))
        return " · ".join(parts) or "as the page opens"

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


def default_agenda(store: Store, *, role: str) -> list[AgendaView]:
    """5-8 views chosen from the data (fewer only when the store holds too little to say more)."""
    ctx = context(store, Filters("", role=role))
    top = ctx.top_name
    head = [AgendaView(f"{top}: the partnership at a glance", ROOT)]
    worse = [AgendaView(f"{r.area_name}: {r.indicator_title} worse than {r.parent_name} and getting worse",
                        "demand-trends", {"indicator": r.indicator_id, "areas": r.area_code})
             for r in overview.flagged(ctx).head(3).itertuples()]
    rest = [*_baseline_changes(ctx), *_signals(ctx), *_backlogs(ctx), *_food_gap(ctx), *_targets_off_track(ctx)]
    # The map of the digital exclusion index (once held) and the latest intervention close the agenda.
    lens, closing = _digital_exclusion(ctx), _latest_intervention(ctx)
    short = MIN_VIEWS - len(head) - len(worse) - len(rest) - len(lens) - len(closing)
    fill = _most_wards_worse(ctx, skip={v.filters.get("indicator") for v in head + worse + rest},
                             limit=short) if short > 0 else []
    # Over the limit, fewer wards worse and getting worse are shown (at least one) before anything else is cut;
    # the index's map and the latest intervention are never cut.
    room = MAX_VIEWS - len(head) - len(rest) - len(lens) - len(closing) - len(fill)
    agenda = head + worse[:max(1, room)] + rest
    return agenda[:MAX_VIEWS - len(lens) - len(closing) - len(fill)] + lens + closing + fill


def _digital_exclusion(ctx) -> list[AgendaView]:
    """The ward map of the digital exclusion risk index, its top fifth named in the step's sentences."""
    if not values.editions_held(ctx.store, INDEX_ID):
        return []
    return [AgendaView("Digital exclusion: where non-digital routes matter most", "ward-map",
                       {"indicator": INDEX_ID})]


def _latest_monthly(ctx, ids: list[str]) -> pd.DataFrame:
    rows = values.read(ctx.store, ids, role=ctx.role, period_types=["month"], areas=[ctx.top])
    if rows.empty:
        return rows
    latest = rows.groupby("indicator_id")["period_start"].transform("max")
    return rows[rows["period_start"] == latest]


def _baseline_changes(ctx, limit: int = 2) -> list[AgendaView]:
    tiles = overview.headlines(ctx)
    if tiles.empty:
        return []
    changed = tiles[tiles["direction"].isin(SIGNIFICANT) & tiles["change_pct"].notna()]
    changed = changed.reindex(changed["change_pct"].abs().sort_values(ascending=False).index).head(limit)
    base_year = ctx.settings.baseline_start[:4]
    out = []
    for tile in changed.itertuples():
        ids = [i.id for i in sources.get(tile.source).indicators if i.numerator is not None and i.method == "rate"]
        rows = _latest_monthly(ctx, ids)
        rows = rows[rows["expected"] > 0]
        if rows.empty:
            continue
        outside = ~rows["value"].between(rows["expected_lower"], rows["expected_upper"])
        departure = (rows["value"] / rows["expected"] - 1).abs()
        best = rows.assign(outside=outside, departure=departure).sort_values(["outside", "departure"]).iloc[-1]
        month = pd.Timestamp(best["period_start"])
        word = "higher" if tile.change_pct > 0 else "lower"
        out.append(AgendaView(f"{tile.title} {abs(tile.change_pct):.0f}% {word} than {month:%B} {base_year} "
                              f"({tile.partner})", "demand-trends",
                              {"indicator": best["indicator_id"], "period": f"{month:%Y-%m}", "freq": "month"}))
    return out


def _signals(ctx, limit: int = 2) -> list[AgendaView]:
    """Latest-month special causes of the weekly-working sources' indicators, furthest from the mean first,
    one per set of request types."""
    found: dict[tuple, tuple[float, AgendaView]] = {}
    for source in sources.all_sources():
        if not source.weekly:
            continue
        indicators = [catalogue.get(i.id) for i in source.indicators if i.numerator is not None and i.method == "rate"]
        rows = _latest_monthly(ctx, [i.id for i in indicators])
        for r in rows[rows["special_cause"].fillna(False).astype(bool) & rows["value"].notna()].itertuples():
            indicator = catalogue.get(r.indicator_id)
            sigma = (r.spc_upper - r.spc_mean) / 3
            distance = abs(r.value - r.spc_mean) / sigma if sigma and np.isfinite(sigma) else 0.0
            month = pd.Timestamp(r.period_start)
            view = AgendaView(f"{ctx.settings.partner_name(source.name, source.partner)}: {indicator.title} unusually "
                              f"{r.spc_direction} in {month:%B %Y}", "demand-trends",
                              {"indicator": indicator.id, "period": f"{month:%Y-%m}", "freq": "month"})
            key = indicator.numerator.categories
            if key not in found or distance > found[key][0]:
                found[key] = (distance, view)
    return [view for _, view in sorted(found.values(), key=lambda item: -item[0])[:limit]]


def _backlogs(ctx, limit: int = 2) -> list[AgendaView]:
    """Deferred demand whose cumulative gap was significantly short at some month: the room should expect it back."""
    from metrics.backlog import summary

    ids = [i.id for i in catalogue.all_indicators() if i.deferred]
    if not ids:
        return []
    rows = values.read(ctx.store, ids, role=ctx.role, period_types=["month"], areas=[ctx.top],
                       columns=["indicator_id", "period_start", "cumulative_gap", "cumulative_gap_lower",
                                "cumulative_gap_upper"])
    out = []
    for indicator_id in ids:
        s = summary(rows[rows["indicator_id"] == indicator_id])
        if s is None or not s["shortfall"]:
            continue
        deepest = s["deepest"]
        title = catalogue.get(indicator_id).title
        made = f"made up by {s['made_up']:%B %Y}" if s["made_up"] is not None else "not yet made up"
        out.append(AgendaView(f"{title}: {abs(deepest['cumulative_gap']):,.0f} fewer than expected by "
                              f"{deepest['period_start']:%B %Y}, {made}", "demand-trends",
                              {"indicator": indicator_id, "freq": "month"}))
    return out[:limit]


def _targets_off_track(ctx) -> list[AgendaView]:
    from metrics.targets import MISSED, OFF
    from views.priorities import statuses

    off = [s for s in statuses(ctx.store, ctx.role) if s.status in (OFF, MISSED)]
    if not off:
        return []
    names = "; ".join(f"{s.title}" for s in off[:3])
    return [AgendaView(f"Targets off track: {names}", PRIORITIES, {"focus": "off"})]


def _latest_intervention(ctx) -> list[AgendaView]:
    from warehouse.interventions import list_interventions

    items = list_interventions(ctx.store)
    if not items:
        return []
    item = max(items, key=lambda i: (i.start, i.intervention_id))
    return [AgendaView(f"{item.title} ({item.partner}): what changed", INTERVENTIONS,
                       {"intervention": str(item.intervention_id)})]


def _most_wards_worse(ctx, *, skip: set, limit: int) -> list[AgendaView]:
    grid = overview.matrix(ctx)
    if grid.empty or limit <= 0:
        return []
    worse = grid[(grid["comparison"] == "worse") & ~grid["indicator_id"].isin(skip)]
    counts = worse.groupby(["indicator_id", "indicator_title"]).size().sort_values(ascending=False).head(limit)
    return [AgendaView(f"{title}: {n} {'ward' if n == 1 else 'wards'} significantly worse than their district",
                       "ward-map", {"indicator": indicator_id}) for (indicator_id, title), n in counts.items()]


def _food_gap(ctx) -> list[AgendaView]:
    """The Provision and need page when food demand outstrips provision in any ward (for the agenda's role)."""
    names = provision.outstripping(ctx.store, Filters("", role=ctx.role))
    if not names:
        return []
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return [AgendaView(f"Food demand outstrips provision in {len(names)} ward{'s' if len(names) != 1 else ''}: {shown}",
                       provision.PAGE.path)]
