"""What one view of the dashboard says, for a meeting: the frame its chart draws and plain-English sentences.

A view is a page and its filters (the same query parameters a copied link carries). Every frame comes from
the same `compute`/`series`/`views` calls as the page, with the same role, so the words, the chart and the
page agree and nothing the role may not see is described. The sentences come from `metrics.narrative`,
which says "significantly" only when the comparison says so, names a trend only when its label does, and
never quotes a suppressed value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from metrics import catalogue, views
from metrics.engine import compute
from metrics.headlines import partner_headlines
from metrics.narrative import (
    consecutive_run,
    describe_ward,
    summarise_comparison,
    summarise_headlines,
    summarise_inequality,
    summarise_trend,
    summarise_ward_profile,
)
from metrics.periods import parse_period
from metrics.series import series
from settings import get_settings
from warehouse import queries
from warehouse.status import source_freshness
from warehouse.store import Store

FLAGGED_SENTENCES = 3  # wards worse and worsening named on the overview


@dataclass(frozen=True)
class ViewContent:
    """A view's sentences, the frame its chart draws (None for text-only pages) and what to cite."""

    page: str
    narrative: tuple[str, ...]
    frame: pd.DataFrame | None = None
    indicator: catalogue.Indicator | None = None
    extra: dict = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    definitions: tuple[str, ...] = ()


def view_content(store: Store, page: str, filters: Mapping[str, str], *, role: str) -> ViewContent:
    """The content of `page` with `filters` for `role` (raises NoData when its source is not loaded)."""
    builder = BUILDERS.get(page)
    if builder is None:
        raise ValueError(f"no meeting view for page {page!r}; choose one of {sorted(BUILDERS)}")
    return builder(store, dict(filters), role)


def _indicator(filters: Mapping[str, str]) -> catalogue.Indicator:
    return catalogue.get(filters.get("indicator") or "hub_food_parcels")


def _wards(filters: Mapping[str, str]) -> list[str]:
    known = get_settings().ward_names
    return [w for w in filters.get("wards", "").split(",") if w in known]


def _cite(*indicators: catalogue.Indicator) -> dict:
    return {"sources": tuple(dict.fromkeys(i.attribution for i in indicators)),
            "definitions": tuple(dict.fromkeys(f"{i.title}: {i.definition}" for i in indicators))}


def _borough_value(frame: pd.DataFrame) -> float | None:
    borough = frame[(frame["area_type"] == "borough") & ~frame["suppressed"].astype(bool)]
    return None if borough.empty or pd.isna(borough["value"].iloc[0]) else float(borough["value"].iloc[0])


def ward_sentences(store: Store, indicator: catalogue.Indicator, wards: list[str], *, period: str | None,
                   role: str, frame: pd.DataFrame | None = None) -> list[str]:
    """One sentence per chosen ward: its value for the period against the borough, with its monthly run."""
    if not wards or indicator.numerator is None:
        return []
    frame = compute(indicator, period=period, role=role, store=store) if frame is None else frame
    borough = get_settings().partnership
    monthly = series(indicator.id, wards=wards, role=role, store=store)
    end = parse_period(period, latest=queries.months_available(store, indicator.source)[-1]).end
    out = []
    for code in wards:
        row = frame[frame["area_code"] == code]
        if row.empty:
            continue
        line = monthly[(monthly["area_code"] == code) & (monthly["period"] <= end)].sort_values("period")
        run = consecutive_run(line["value"].tolist()) if len(line) else 0
        out.append(describe_ward(row.iloc[0], title=indicator.title, unit=indicator.unit, borough_name=borough,
                                 borough_value=_borough_value(frame), run=run, run_end=f"{end:%B %Y}"))
    return out


def headline_sentence(store: Store, source: str, *, role: str) -> str | None:
    """The partner's whole demand this month against the same month before the pandemic, if compared."""
    tiles = partner_headlines(store, role=role)
    if tiles.empty or source not in set(tiles["source"]):
        return None
    tile = tiles[tiles["source"] == source].iloc[0]
    if pd.isna(tile["change_pct"]):
        return None
    month, base = pd.Timestamp(tile["latest_month"]), get_settings().baseline_start[:4]
    lead = f"{tile['partner']} · {tile['title']}, {month:%B %Y}"
    if tile["direction"] == "similar":
        return f"{lead}: similar to {month:%B} {base}, before the pandemic (no significant change)."
    word = "higher" if tile["change_pct"] > 0 else "lower"
    return (f"{lead}: {abs(tile['change_pct']):.0f}% {word} than {month:%B} {base}, before the pandemic "
            "(significant at 95%).")


def special_cause_sentence(rows: pd.DataFrame, *, borough_name: str, weekly: bool = False) -> str | None:
    """Whether the latest shown borough point is a special cause on its XmR chart."""
    shown = rows[rows["value"].notna()].sort_values("period")
    if shown.empty or "special_cause" not in shown or not bool(shown["special_cause"].iloc[-1]):
        return None
    latest = pd.Timestamp(shown["period"].iloc[-1])
    when = f"The week beginning {latest.day} {latest:%B %Y}" if weekly else f"{latest:%B %Y}"
    return (f"{when} was unusually {shown['direction'].iloc[-1]} for {borough_name} (special-cause variation "
            "on the XmR chart, NHS Making Data Count rules).")


def _overview(store: Store, filters: dict, role: str) -> ViewContent:
    borough = get_settings().partnership
    matrix = views.demand_matrix(store, period=filters.get("period") or None, role=role)
    sentences = [summarise_headlines(partner_headlines(store, role=role)),
                 views.matrix_summary(matrix, borough_name=borough)]
    flagged = views.worse_and_worsening(matrix)
    for row in flagged.head(FLAGGED_SENTENCES).to_dict("records"):
        sentences.append(describe_ward(row, title=row["indicator_title"], unit=row["unit"], borough_name=borough))
    if flagged.empty and not matrix.empty:
        sentences.append(f"No ward is both significantly worse than {borough} and on a significantly worsening "
                         "recent trend for these indicators.")
    indicators = [catalogue.get(i) for i in dict.fromkeys(matrix["indicator_id"])] if not matrix.empty else []
    return ViewContent("partnership-overview", tuple(sentences), matrix, extra={"flagged": flagged},
                       **_cite(*indicators))


def _ward_map(store: Store, filters: dict, role: str) -> ViewContent:
    indicator = _indicator(filters)
    borough = get_settings().partnership
    age = filters.get("age", "")
    frame = compute(indicator, period=filters.get("period") or None, role=role, store=store,
                    breakdown="age_band" if age and "age_band" in indicator.breakdowns else None)
    if "age_band" in frame:
        frame = frame[frame["age_band"] == age]
    sentences = [] if "age_band" in frame else ward_sentences(
        store, indicator, _wards(filters), period=filters.get("period") or None, role=role, frame=frame)
    sentences.append(summarise_comparison(frame, title=indicator.title + (f" (aged {age})" if age else ""),
                                          unit=indicator.unit, borough_name=borough))
    return ViewContent("ward-map", tuple(sentences), frame, indicator, **_cite(indicator))


def _trends(store: Store, filters: dict, role: str) -> ViewContent:
    indicator = _indicator(filters)
    borough = get_settings().partnership
    if indicator.numerator is None:
        return ViewContent("demand-trends", (f"{indicator.title} is deprivation context: it has no time series.",),
                           indicator=indicator, **_cite(indicator))
    freq = filters.get("freq", "month") if indicator.source == "community_hub" else "month"
    wards = _wards(filters)
    frame = series(indicator.id, wards=wards, role=role, freq=freq, store=store)
    sentences = ward_sentences(store, indicator, wards, period=filters.get("period") or None, role=role)
    sentences.append(summarise_trend(frame, title=indicator.title, unit=indicator.unit, borough_name=borough))
    signal = special_cause_sentence(frame[frame["area_type"] == "borough"], borough_name=borough,
                                    weekly=freq == "week")
    headline = headline_sentence(store, indicator.source, role=role)
    sentences += [s for s in (signal, headline) if s]
    return ViewContent("demand-trends", tuple(sentences), frame, indicator, extra={"freq": freq},
                       **_cite(indicator))


def _hub(store: Store, filters: dict, role: str) -> ViewContent:
    indicator = _indicator(filters)
    period = filters.get("period", "") if indicator.id.startswith("hub_") else ""
    mix = views.hub_age_rates(store, period=period, role=role)
    sentences = tuple(views.age_contrast_sentence(views.hub_age_contrast(store, category=c, period=period,
                                                                         role=role))
                      for c in ("Food parcel", "Personal shopping"))
    hub = catalogue.get("hub_food_parcels")
    return ViewContent("community-hub", sentences, mix, hub, **_cite(hub))


def _profile(store: Store, filters: dict, role: str) -> ViewContent:
    settings = get_settings()
    ward = (_wards(filters) or [settings.wards[0].code])[0]
    name = settings.ward_names[ward]
    spine = views.ward_spine(store, ward_code=ward, period=filters.get("period") or None, role=role)
    sentences = [summarise_ward_profile(spine, ward_name=name, borough_name=settings.partnership)]
    worse = spine.loc[spine["comparison"] == "worse", "indicator_title"].tolist()
    if worse:
        sentences.append(f"Significantly worse than {settings.partnership} on: " + "; ".join(worse) + ".")
    return ViewContent("ward-profile", tuple(sentences), spine, extra={"ward_name": name},
                       **_cite(*(catalogue.get(i) for i in spine["indicator_id"])))


def _inequalities(store: Store, filters: dict, role: str) -> ViewContent:
    indicator = _indicator(filters)
    if indicator.method != "rate":
        return ViewContent("deprivation-inequalities", (f"{indicator.title} is not a rate per population, so it "
                                                        "has no deprivation gradient.",), indicator=indicator,
                           **_cite(indicator))
    groups, sii = views.by_deprivation(store, indicator.id, period=filters.get("period") or None, role=role)
    sentence = summarise_inequality(sii, title=indicator.title, unit=indicator.unit) if "value" in sii else \
        f"{indicator.title}: too few groups with data to estimate a gradient."
    return ViewContent("deprivation-inequalities", (sentence,), groups, indicator, extra={"sii": sii},
                       **_cite(indicator))


def _definitions(store: Store, filters: dict, role: str) -> ViewContent:
    settings = get_settings()
    fresh = source_freshness(store)
    held = [f"{r.source.replace('_', ' ')} {r.first_month:%b %Y} to {r.latest_month:%b %Y}"
            for r in fresh.itertuples() if pd.notna(r.latest_month)]
    sentences = [("Data held: " + "; ".join(held) + ".") if held else "No partner data has been loaded yet.",
                 f"Small numbers are suppressed for the viewer role, and other figures rounded to the nearest "
                 f"{settings.rounding}, in every chart, table and download."]
    return ViewContent("data-and-definitions", tuple(sentences))


BUILDERS: dict[str, Callable[[Store, dict, str], ViewContent]] = {
    "partnership-overview": _overview, "ward-map": _ward_map, "demand-trends": _trends, "community-hub": _hub,
    "ward-profile": _profile, "deprivation-inequalities": _inequalities, "data-and-definitions": _definitions,
}
