"""Area profile: one area (a ward, a group of wards, a district) against its comparator on every indicator,
its people, its neighbourhoods' deprivation and each partner's demand over time."""

from __future__ import annotations

import numpy as np
import pandas as pd

from charts.population import deprivation_mix_chart, population_pyramid
from charts.spine import spine_chart
from charts.trend import trend_chart
from metrics import catalogue
from metrics.narrative import summarise_ward_profile
from metrics.profile import age_profile, deprivation_mix, spread
from views import health
from views._digital import profile_blocks
from views._shared import Context, NoData, context, counts, defaults, mark, origin, rounded
from views._shared import partners as ordered_partners
from views.backlog import area_blocks
from views.base import Chart, Columns, Filters, Page, PageView, Text
from views.stories import beside
from warehouse import queries, values
from warehouse.areas import UNKNOWN
from warehouse.store import Store
from warehouse.stories import stories_for

PAGE = Page("ward-profile", "Ward profile", "Places", ":material/location_city:", "app_pages/ward_profile.py",
            find_area="ward-profile")


def chosen_area(ctx: Context) -> str:
    for code in ctx.filters.areas:
        if code in ctx.geo.by_code and code != UNKNOWN:
            return code
    return next(a.code for a in ctx.geo.areas if a.type == "ward")


def spine(ctx: Context, area: str) -> pd.DataFrame:
    """One row per indicator at its default period: the area, its comparator and the spread of wards."""
    me = ctx.geo.by_code[area]
    parent = me.parent or ctx.top
    ids = [i.id for i in catalogue.all_indicators()]
    wanted = {"ward", me.type, ctx.geo.by_code[parent].type, ctx.geo.by_code[ctx.top].type}
    rows = defaults(values.read(ctx.store, ids, role=ctx.role, area_types=sorted(wanted)))
    rows = rows[(rows["area_type"] == "ward") | rows["area_code"].isin([area, parent, ctx.top])]
    out = []
    for indicator_id, g in rows.groupby("indicator_id", sort=False):
        indicator = catalogue.get(indicator_id)
        mine, ref, whole = g[g["area_code"] == area], g[g["area_code"] == parent], g[g["area_code"] == ctx.top]
        if mine.empty:
            continue
        mine = mine.iloc[0]
        wards = g[(g["area_type"] == "ward") & ~g["suppressed"].astype(bool)]
        out.append({"indicator_id": indicator_id, "indicator_title": indicator.title, "theme": indicator.theme,
                    "unit": indicator.unit, "polarity": indicator.polarity, "period_label": mine["period_label"],
                    "ward_count": mine["count"], "ward_value": mine["value"], "ward_lower_ci": mine["lower_ci"],
                    "ward_upper_ci": mine["upper_ci"],
                    "borough_value": float(ref["value"].iloc[0]) if len(ref) and not bool(ref["suppressed"].iloc[0])
                    else np.nan,
                    "top_value": float(whole["value"].iloc[0]) if len(whole) and not bool(whole["suppressed"].iloc[0])
                    else np.nan,
                    **spread(wards["value"]), "comparison": mine["comparison"], "trend": mine["trend"],
                    "suppressed": bool(mine["suppressed"])})
    frame = pd.DataFrame(out)
    if not frame.empty:
        order = {i.id: n for n, i in enumerate(catalogue.all_indicators())}
        frame = frame.sort_values("indicator_id", key=lambda c: c.map(order)).reset_index(drop=True)
    return frame


def spine_table(frame: pd.DataFrame, comparator: str, top: str | None = None) -> pd.DataFrame:
    """The profile's table; with `top` (the partnership, when the comparator is a district) a column for it too."""
    table = _spine_table(frame, comparator)
    if top and top != comparator:
        table.insert(table.columns.get_loc(comparator) + 1, top, rounded(frame["top_value"].astype(float)))
    return table


def _spine_table(frame: pd.DataFrame, comparator: str) -> pd.DataFrame:
    return pd.DataFrame({"Indicator": frame["indicator_title"], "Theme": frame["theme"], "Period": frame["period_label"],
                         "Count": counts(frame["ward_count"], frame["suppressed"]),
                         "Value": rounded(frame["ward_value"]), "Unit": frame["unit"],
                         "95% CI lower": rounded(frame["ward_lower_ci"]), "95% CI upper": rounded(frame["ward_upper_ci"]),
                         comparator: rounded(frame["borough_value"].astype(float)),
                         "Lowest ward": rounded(frame["ward_min"]), "Highest ward": rounded(frame["ward_max"]),
                         "Comparison": frame["comparison"], "Recent trend": frame["trend"]})


def build(store: Store, filters: Filters) -> PageView:
    ctx = context(store, filters)
    area = chosen_area(ctx)
    me = ctx.geo.by_code[area]
    parent = ctx.geo.by_code.get(me.parent or ctx.top)
    comparator = parent.name if parent else ctx.top_name
    view = PageView(PAGE.path, f"Ward profile: {me.name}" if me.type == "ward" else f"Area profile: {me.name}")
    if not filters.areas:
        view.add(Text("Showing the first ward: type an area's name above, or click a ward on the ward map, to profile "
                      "it (or choose areas in the sidebar: the first chosen is profiled)."))
    rows = spine(ctx, area)
    if rows.empty and not values.meta(store):
        raise NoData("There is no partner or deprivation data in the store yet: load some with "
                     "'python -m warehouse ingest SOURCE FILE' (or 'make run' builds the sample store).")
    summary = summarise_ward_profile(rows, ward_name=me.name, borough_name=comparator) if len(rows) else \
        f"No indicators to compare for {me.name} yet."
    title = (f"{me.name} and the spread of its wards (latest complete quarter per source)" if area == ctx.top
             else f"{me.name} against {comparator} (latest complete quarter per source)")
    chart = Chart(spine_chart(rows, title=title,
                              ward_name=me.name, borough_name=comparator), spine_table(rows, comparator, ctx.top_name) if len(rows)
                  else rows, summary, f"profile_{area}", "spine",
                  origin=origin(ctx, *[catalogue.get(i) for i in rows.get("indicator_id", [])]))
    view.add(chart)
    view.add(*beside(ctx, stories_for(store, role=ctx.role, area=area), where=me.name))
    context_charts, context_rows = health.charts(ctx, health.districts_of(ctx, area))
    if len(context_rows):
        view.add(Text("District context: health indicators from Fingertips", "subheading"),
                 Text("Each district's published public health indicators against England (centre line) and "
                      f"{ctx.settings.county_name or 'the county'}, with Fingertips' own comparison, recent trend and "
                      "polarity. " + health.SOURCE_NOTE), *context_charts)
    wards = [m for m in me.members if m != UNKNOWN]
    everyone = [a for a in ctx.geo.base if a != UNKNOWN]
    # the age profile against the area's comparator; the partnership itself has none to set beside it
    reference = parent if parent and parent.code != area else None
    pop = age_profile(queries.ages_by_ward(store, everyone), wards,
                      [m for m in reference.members if m != UNKNOWN] if reference else [])
    table = pop.rename(columns={"age_band": "Age band", "ward_pct": f"{me.name} (%)"})
    if reference:
        table = table.rename(columns={"borough_pct": f"{reference.name} (%)"})
        caption = f"Share of residents in each five-year age band in {me.name} (left) and {reference.name} (right)."
    else:
        table = table.drop(columns="borough_pct")
        caption = f"Share of residents in each five-year age band in {me.name}."
    pyramid = Chart(population_pyramid(pop, title="Residents by age (Census 2021)", ward_name=me.name,
                                       borough_name=reference.name if reference else ""),
                    table, caption, f"population_{area}", "pyramid", origin=origin(ctx, "population"))
    mix = deprivation_mix(queries.lsoa_deprivation(store), wards)
    edition = queries.deprivation_edition(store)
    figure = deprivation_mix_chart(mix, title="Neighbourhoods by national deprivation decile", edition=edition)
    imd = Chart(figure, mix.rename(columns={"imd_decile": "IMD decile", "lsoas": "Neighbourhoods (LSOAs)"}),
                f"{me.name} has {int(mix['lsoas'].sum())} LSOAs; "
                f"{int(mix.loc[mix['imd_decile'] <= 3, 'lsoas'].sum())} are among England's 30% most deprived.",
                f"imd_mix_{area}", "imd", origin=origin(ctx, "deprivation"))
    view.add(Columns(((pyramid,), (imd,))))
    digital_blocks, digital_sentences = profile_blocks(ctx, area)
    view.add(*digital_blocks)
    missed, missed_sentences = area_blocks(ctx, area)
    view.add(*missed)
    view.add(Text(f"Partner demand over time in {me.name}", "subheading"))
    for source in ordered_partners():
        indicator = catalogue.get(source.headline)
        series = values.read(store, indicator.id, role=ctx.role, period_types=["month"], areas=[area, ctx.top])
        if series.empty:
            continue
        series = mark(ctx, series, indicator)
        view.add(Chart(trend_chart(series, title=f"{indicator.title}: {me.name} and {ctx.top_name}", unit=indicator.unit,
                                   lockdowns=ctx.settings.lockdowns, show_spc=False, show_baseline=False),
                       pd.DataFrame({"Month": series["period_start"].dt.strftime("%b %Y"), "Area": series["area_name"],
                                     "Value": rounded(series["value"]), "Unit": indicator.unit}),
                       f"{indicator.title} ({indicator.unit}) each month in {me.name} and {ctx.top_name}.",
                       f"{indicator.id}_{area}", f"trend-{indicator.id}", origin=origin(ctx, indicator)))
    worse = rows.loc[rows["comparison"] == "worse", "indicator_title"].tolist() if len(rows) else []
    view.narrative = [summary] + ([f"Significantly worse than {comparator} on: " + "; ".join(worse) + "."]
                                  if worse else []) + missed_sentences + digital_sentences
    view.lead = chart
    used = [catalogue.get(i) for i in rows["indicator_id"]] if len(rows) else []
    view.sources = tuple(dict.fromkeys([*(i.attribution for i in used),
                                        *([health.SOURCE_NOTE] if len(context_rows) else [])]))
    view.definitions = tuple(f"{i.title}: {i.definition}" for i in used)
    return view
