"""Community hub: every request type by age band as rates per 1,000 in that band, the working-age against
older contrast in words, a ward x age table for one type, and weekly volumes."""

from __future__ import annotations

import pandas as pd

import sources
from charts.hub import age_band_heatmap, request_mix_bars, weekly_volumes
from metrics import catalogue
from metrics.contrast import age_contrast
from metrics.narrative import age_contrast_sentence
from views._shared import (
    NoData,
    chosen_period,
    cite,
    context,
    counts,
    mark,
    origin,
    period_code,
    period_label,
    rounded,
)
from views.base import Chart, Control, Filters, Page, PageView, Text
from views.stories import beside
from warehouse import values
from warehouse.store import Store
from warehouse.stories import stories_for
from warehouse.values import age_group

SOURCE = "community_hub"


def request_types() -> dict[str, str]:
    """Each request type -> the hub indicator that counts it at all ages (declared in sources/)."""
    out = {}
    for indicator in sources.get(SOURCE).indicators:
        f = indicator.numerator
        if f and len(f.categories) == 1 and not f.age_bands and not f.repeat_only and indicator.method == "rate":
            out.setdefault(f.categories[0], indicator.id)
    return out


TYPE = Control("type", "Request type for the ward table", {t: t for t in request_types()}, "Food parcel", "select")
PAGE = Page("community-hub", "Community hub", "Services", ":material/volunteer_activism:", "app_pages/community_hub.py",
            controls=(TYPE,))
CONTRASTED = ("Food parcel", "Personal shopping")
STORY_THEMES = ("Nutrition and food", "Independence")  # and stories naming any hub indicator


def build(store: Store, filters: Filters) -> PageView:
    ctx = context(store, filters)
    types = request_types()
    first = catalogue.get(types.get("Food parcel", next(iter(types.values()))))
    chosen = catalogue.get(filters.indicator) if catalogue.known(filters.indicator) else first
    period = chosen_period(ctx, chosen if chosen.source == SOURCE else first)
    label = period_label(period)
    rows = values.read(store, list(types.values()), role=ctx.role, periods=[period_code(period)], bands=None)
    if rows.empty:
        raise NoData("There is no community hub data in the store yet: load it with "
                     "'python -m warehouse ingest community_hub FILE'.")
    rows = mark(ctx, rows, first)
    category = {v: k for k, v in types.items()}
    rows["category"] = rows["indicator_id"].map(category)
    view = PageView(PAGE.path, "Community hub")
    view.add(Text("Requests per 1,000 residents in the same age band (Census 2021), so age groups of different sizes "
                  f"compare fairly. {label}: the period follows the sidebar when a hub indicator is chosen, else the "
                  "latest complete quarter."))
    groups = [age_group(lo, hi) for lo, hi in sources.get(SOURCE).age_groups]
    top = rows[rows["reference"] & ~rows["band"].isin(["All", *groups])]
    contrasts = {}
    for kind in types:
        cells = rows[rows["reference"] & (rows["category"] == kind)].set_index("band")
        working, older = (cells.loc[g].to_dict() if g in cells.index else None for g in groups[:2])
        contrasts[kind] = age_contrast_sentence({**age_contrast(working, older, title=f"{kind} requests"),
                                                 "period_label": label})
    lead = " ".join(contrasts[k] for k in CONTRASTED if k in contrasts)
    view.add(Text(lead, "info"))
    mix = top[["band", "category", "value", "suppressed", "count", "denominator"]]
    mix_table = pd.DataFrame({"Request type": mix["category"], "Age band": mix["band"],
                              "Count": counts(mix["count"]),
                              "Residents in the band": mix["denominator"].round().astype("Int64"),
                              "Requests per 1,000 in the band": rounded(mix["value"])})
    chart = Chart(request_mix_bars(mix, title=f"Requests per 1,000 in each age band, {label}"), mix_table,
                  contrasts.get("Food parcel", lead), "hub_requests_by_age", "mix", origin=origin(ctx, "community_hub"))
    view.add(chart)
    view.add(*beside(ctx, stories_for(store, role=ctx.role, themes=STORY_THEMES,
                                      indicators=[i.id for i in sources.get(SOURCE).indicators]),
                     where="food and independence"))

    kind = filters.option("type", TYPE.default)
    kind = kind if kind in types else TYPE.default
    grid = rows[(rows["category"] == kind) & rows["area_type"].isin(["ward", "district", "partnership"])]
    grid = grid[~grid["band"].isin(groups)]
    cells = grid[(grid["band"] != "All") & ~grid["reference"]]
    view.add(Text(f"{kind} requests per 1,000 residents, by ward and age band", "subheading"))
    table = pd.DataFrame({"Area": grid["area_name"], "Age band": grid["band"].replace({"All": "All ages"}),
                          "Count": counts(grid["count"]),
                          "Residents": grid["denominator"].round().astype("Int64"),
                          "Per 1,000 residents": rounded(grid["value"]), "95% CI lower": rounded(grid["lower_ci"]),
                          "95% CI upper": rounded(grid["upper_ci"]), "Compared with": grid["parent_name"],
                          "Comparison": grid["comparison"]})
    view.add(Chart(age_band_heatmap(cells, title=f"{kind} requests per 1,000 in the age band, {label}",
                                    unit="per 1,000 residents in the age band"), table, contrasts.get(kind, ""),
                   f"hub_{kind.lower().replace(' ', '_')}_ward_age", "wardage", origin=origin(ctx, "community_hub")))

    weekly = values.read(store, list(types.values()), role=ctx.role, period_types=["week"], areas=[ctx.top])
    view.add(Text("Requests each week", "subheading"))
    if weekly.empty:
        view.add(Text("No weekly counts yet.", "info"))
    else:
        frame = pd.DataFrame({"week": weekly["period_start"], "category": weekly["indicator_id"].map(category),
                              "count": weekly["count"], "suppressed": weekly["suppressed"]})
        table = pd.DataFrame({"Week beginning": frame["week"].dt.strftime("%d %b %Y"), "Request type": frame["category"],
                              "Requests": counts(frame["count"])})
        view.add(Chart(weekly_volumes(frame, title="Hub requests per week by type", lockdowns=ctx.settings.lockdowns),
                       table, "Weekly requests by type since the hub opened; dashed lines mark lockdowns. A type with "
                       f"1-{ctx.settings.threshold} requests in a week is shown as suppressed for viewers.",
                       "hub_weekly_requests", "weekly", origin=origin(ctx, "community_hub")))
    view.narrative = [contrasts[k] for k in CONTRASTED if k in contrasts]
    view.lead = chart
    view.sources, view.definitions = cite(first)["sources"], cite(*[catalogue.get(i) for i in types.values()])["definitions"]
    return view
