"""Inequalities: a rate by national deprivation decile, with the slope and relative index of inequality."""

from __future__ import annotations

import pandas as pd

from charts.inequality import decile_chart
from metrics.inequality import gradient
from metrics.narrative import format_interval, format_number, short_unit, summarise_inequality
from views._shared import (
    chosen_period,
    cite,
    context,
    counts,
    frame,
    indicator_of,
    origin,
    period_label,
    rate_unit,
    rounded,
)
from views.base import Chart, Filters, Page, PageView, Text, Tile, Tiles
from warehouse import queries
from warehouse.areas import DECILE_PREFIX
from warehouse.store import Store

PAGE = Page("deprivation-inequalities", "Inequalities", "Places", ":material/stacked_bar_chart:",
            "app_pages/inequalities.py")


def groups(ctx, indicator, period) -> tuple[pd.DataFrame, str]:
    """Wards pooled by the national IMD decile of most of their LSOAs (an area type of their own, so their
    counts are protected with everything else); with fewer than five deciles, the wards ranked by score."""
    rows = frame(ctx, indicator, period=period, area_types=["deprivation"])
    if rows["area_code"].nunique() >= 5:
        rows = rows.assign(decile=rows["area_code"].str.removeprefix(DECILE_PREFIX).astype(int))
        return rows.sort_values("decile").reset_index(drop=True), "decile"
    wards = frame(ctx, indicator, period=period, area_types=["ward"])
    scores = queries.ward_deciles(ctx.store).set_index("area_code")["imd_score"]
    wards = wards.assign(imd_score=wards["area_code"].map(scores)).sort_values("imd_score", ascending=False)
    wards = wards.assign(group=range(1, len(wards) + 1), wards=wards["area_name"])
    return wards.reset_index(drop=True), "ward"


def build(store: Store, filters: Filters) -> PageView:
    ctx = context(store, filters)
    indicator = indicator_of(filters)
    view = PageView(PAGE.path, "Inequalities by deprivation")
    if indicator.method != "rate":
        return view.add(Text(f"{indicator.title} is not a rate per population, so it has no deprivation gradient "
                             "here. Choose a rate indicator (e.g. Food parcel requests) in the sidebar.", "info"))
    period = chosen_period(ctx, indicator)
    unit = rate_unit(indicator, filters)
    rows, grouped_by = groups(ctx, indicator, period)
    key = "decile" if grouped_by == "decile" else "group"
    sii = gradient(rows, group=key)
    how = ("wards grouped by the national IMD decile of most of their neighbourhoods" if grouped_by == "decile"
           else "wards ranked by IMD score (too few deciles present to group)")
    empty = ""
    if grouped_by == "decile":
        missing = [str(d) for d in range(1, 11) if d not in set(rows["decile"])]
        if missing:
            empty = (f" No ward has most of its neighbourhoods in decile{'s' if len(missing) > 1 else ''} "
                     f"{', '.join(missing)}, so {'they are' if len(missing) > 1 else 'it is'} empty (a ward's "
                     "neighbourhoods there count towards the decile most of its neighbourhoods are in).")
    view.add(Text(f"{indicator.title} ({unit}), {period_label(period)}: {how}. Slope index of inequality (SII) and "
                  "relative index (RII) by Low & Low (2004), population-weighted, with simulated 95% intervals. "
                  f"Each group's rate rests on the counts shown for it.{empty}"))
    hidden = int(rows["suppressed"].astype(bool).sum()) if "suppressed" in rows else 0
    if "value" in sii:
        summary = summarise_inequality(sii, title=indicator.title, unit=unit)
    elif hidden:  # the gradient is never estimated without a group the reader cannot see
        summary = (f"No gradient: {hidden} of {len(rows)} groups have too few {indicator.title.lower()} this period "
                   "to show, and the slope needs every group. Choose a year, or an indicator with more events.")
    else:
        summary = "Too few groups with data to estimate a gradient."
    table = pd.DataFrame({"Group": rows["area_name"], "Count": counts(rows["count"]),
                          "Residents": rows["denominator"].round().astype("Int64"), f"Value ({unit})": rounded(rows["value"]),
                          "95% CI lower": rounded(rows["lower_ci"]), "95% CI upper": rounded(rows["upper_ci"])})
    chart = Chart(decile_chart(rows, title=f"{indicator.title} by deprivation", unit=unit,
                               sii=sii if "value" in sii else None), table, summary, f"{indicator.id}_by_deprivation",
                  "deciles", origin=origin(ctx, indicator))
    view.add(chart)
    if "value" in sii:
        base = short_unit(unit)
        view.add(Tiles((Tile("Slope index of inequality", f"{format_number(sii['value'])} {base}",
                             help=f"95% CI {format_interval(sii['lower_ci'], sii['upper_ci'], like=sii['value'])} "
                                  f"{unit}; most minus least deprived"),
                        Tile("Relative index of inequality", format_number(sii["rii"]),
                             help=f"95% CI {format_interval(sii['rii_lower_ci'], sii['rii_upper_ci'], like=sii['rii'])}"
                                  "; most over least deprived"),
                        Tile("Groups", f"{sii['groups']}", origin=origin(ctx, indicator)))))
    view.narrative = [summary]
    view.lead = chart
    view.sources, view.definitions = cite(indicator)["sources"], cite(indicator)["definitions"]
    return view
