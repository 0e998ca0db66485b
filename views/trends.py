"""Trends: the partnership and chosen areas over time, against the pre-pandemic expectation, with SPC."""

from __future__ import annotations

import pandas as pd

import sources
from charts.trend import trend_chart
from metrics.narrative import summarise_trend
from views._shared import (
    Context,
    band_of,
    chosen_period,
    cite,
    context,
    counts,
    indicator_of,
    mark,
    origin,
    rate_unit,
    rounded,
    yes_no,
)
from views.backlog import backlog_blocks
from views.base import Chart, Control, Filters, Page, PageView, Text
from views.sentences import area_sentences
from warehouse import values
from warehouse.store import Store

FREQ = Control("freq", "Show", {"month": "By month", "week": "By week"}, "month")
PAGE = Page("demand-trends", "Trends", "Partnership", ":material/show_chart:", "app_pages/trends.py", controls=(FREQ,))


def series(ctx: Context, indicator, *, freq: str, band: str, areas: tuple[str, ...]) -> pd.DataFrame:
    wanted = [ctx.top, *[a for a in areas if a != ctx.top]]
    rows = values.read(ctx.store, indicator.id, role=ctx.role, period_types=[freq], areas=wanted, bands=[band])
    return mark(ctx, rows, indicator).sort_values(["area_code", "period_start"]).reset_index(drop=True)


def series_table(rows: pd.DataFrame, unit: str) -> pd.DataFrame:
    weekly = (rows["period_type"] == "week").any()
    out = pd.DataFrame({"Week beginning" if weekly else "Month": rows["period_start"].dt.strftime(
        "%d %b %Y" if weekly else "%b %Y"), "Area": rows["area_name"],
        "Count": counts(rows["count"]),
        f"Value ({unit})": rounded(rows["value"]), "95% CI lower": rounded(rows["lower_ci"]),
        "95% CI upper": rounded(rows["upper_ci"])})
    if rows["expected"].notna().any():
        out["Expected (pre-pandemic)"] = rounded(rows["expected"])
        out["Expected range lower"] = rounded(rows["expected_lower"])
        out["Expected range upper"] = rounded(rows["expected_upper"])
    if rows["spc_mean"].notna().any():
        out["SPC average"] = rounded(rows["spc_mean"])
        out["SPC upper limit"] = rounded(rows["spc_upper"])
        out["SPC lower limit"] = rounded(rows["spc_lower"])
        out["Special cause"] = yes_no(rows["special_cause"])
    return out


def special_cause_sentence(rows: pd.DataFrame, *, name: str) -> str | None:
    """Whether the latest shown point of the reference line is a special cause on its XmR chart."""
    shown = rows[rows["reference"] & rows["value"].notna()].sort_values("period_start")
    if shown.empty or not bool(shown["special_cause"].iloc[-1]):
        return None
    latest = shown.iloc[-1]
    weekly = latest["period_type"] == "week"
    when = f"The week beginning {latest['period_start'].day} {latest['period_start']:%B %Y}" if weekly else \
        f"{latest['period_start']:%B %Y}"
    return (f"{when} was unusually {latest['spc_direction']} for {name} (special-cause variation on the XmR chart, "
            "NHS Making Data Count rules).")


def build(store: Store, filters: Filters) -> PageView:
    ctx = context(store, filters)
    indicator = indicator_of(filters)
    view = PageView(PAGE.path, "Trends")
    if indicator.numerator is None:
        return view.add(Text(f"{indicator.title} is deprivation context, published once: it has no time series.",
                             "info"))
    period = chosen_period(ctx, indicator)
    source = sources.get(indicator.source)
    freq = filters.option("freq", "month") if source.weekly else "month"
    band = band_of(filters, indicator) if freq == "month" else "All"
    unit = rate_unit(indicator, filters, band)
    rows = series(ctx, indicator, freq=freq, band=band, areas=filters.areas)
    age = f", aged {band}" if band != "All" else ""
    view.add(Text(f"{indicator.title}{age} · {unit}. {indicator.definition}"))
    summary = summarise_trend(rows, title=indicator.title + age, unit=unit, borough_name=ctx.top_name)
    has_band = rows["expected"].notna().any()
    figure = trend_chart(rows, title=f"{indicator.title}{age} by {freq}", unit=unit, lockdowns=ctx.settings.lockdowns,
                         show_spc=True, show_baseline=has_band)
    chart = Chart(figure, series_table(rows, unit), summary, f"{indicator.id}_{freq}ly_trend", "trend",
                  origin=origin(ctx, indicator))
    view.add(chart)
    notes = ["Dashed vertical lines mark national lockdowns."]
    if has_band:
        notes.append("The shaded band is the range expected from the same month before the pandemic "
                     f"({ctx.settings.baseline_start} to {ctx.settings.baseline_end}, 95% Poisson range).")
    else:
        notes.append("There is no expected band: this source has no data from before the pandemic"
                     + (" at weekly resolution." if freq == "week" else "."))
    notes.append("Grey lines are the SPC average and process limits (XmR, NHS Making Data Count); special-cause "
                 "points are marked.")
    view.add(Text(" ".join(notes)))
    backlog, missed = backlog_blocks(ctx, indicator, filters.areas, band=band)
    view.add(*backlog)
    sentences = area_sentences(ctx, indicator, period, band)
    view.narrative = [*sentences, summary, *(s for s in (special_cause_sentence(rows, name=ctx.top_name),) if s),
                      *missed[:1]]
    view.lead = chart
    view.sources, view.definitions = cite(indicator)["sources"], cite(indicator)["definitions"]
    return view
