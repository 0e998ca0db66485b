"""Compare areas (as FingertipsNext's compare-areas view): two to six areas of any type the partnership has
(wards, groups of wards, primary care networks, districts, the partnership, deprivation deciles) side by side on
every indicator, with 95% intervals and each area's comparison with its own comparator.

Every figure is the role's ready value (indicator_values), so a viewer sees exactly the protected values every
other page shows.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from charts.compare import compare_grid, interval_chart
from metrics import catalogue
from metrics.narrative import summarise_ward_profile
from views._shared import (
    Context,
    area_table,
    chosen_period,
    cite,
    context,
    counts,
    defaults,
    frame,
    indicator_of,
    period_label,
    rate_unit,
    rounded,
)
from views.base import Chart, Control, Filters, Page, PageView, Text
from warehouse import values
from warehouse.areas import TYPE_NAMES, UNKNOWN, Geography
from warehouse.store import Store

MIN_AREAS, MAX_AREAS = 2, 6


def suggested(areas: Sequence[tuple[str, str]]) -> list[str]:
    """What to compare when fewer than two areas are chosen: the first two wards and the whole partnership (or
    its district). `areas` are (code, area type) pairs in the geography's order."""
    wards = [c for c, t in areas if t == "ward"]
    top = [c for c, t in areas if t == "partnership"] or [c for c, t in areas if t == "district"]
    return wards[:2] + top[:1]


AREAS = Control("compare", "Areas to compare (2 to 6: wards, groups, PCNs, districts, deprivation deciles)", {}, "",
                kind="areas", limit=MAX_AREAS, suggest=suggested)
PAGE = Page("compare-areas", "Compare areas", "Places", ":material/compare_arrows:", "app_pages/compare.py",
            controls=(AREAS,))


def chosen_areas(geo: Geography, filters: Filters) -> tuple[list[str], bool]:
    """(the areas to compare, whether they are the suggestion). The page's own choice, else the sidebar's areas,
    else the suggestion; unknown codes are dropped and at most six kept."""
    known = [a.code for a in geo.areas if a.code != UNKNOWN]
    picked = [c for c in filters.option("compare", "").split(",") if c in known]
    if len(picked) < MIN_AREAS:
        picked = [c for c in filters.areas if c in known] if len(filters.areas) >= MIN_AREAS else picked
    picked = list(dict.fromkeys(picked))[:MAX_AREAS]
    suggestion = suggested([(a.code, a.type) for a in geo.areas])
    if len(picked) >= MIN_AREAS:
        # the page's box starts with the suggestion (and writes it to the URL): still said to be a suggestion
        return picked, picked == suggestion
    return suggestion, True


def every_indicator(ctx: Context, areas: Sequence[str]) -> pd.DataFrame:
    """Every indicator for the chosen areas and their comparators, each at its default period."""
    geo = ctx.geo.by_code
    parents = {geo[a].parent for a in areas if geo[a].parent} - set(areas)
    ids = [i.id for i in catalogue.all_indicators()]
    rows = defaults(values.read(ctx.store, ids, role=ctx.role, areas=[*areas, *parents]))
    if rows.empty:
        return rows
    parent_value = rows.set_index(["indicator_id", "area_code"])["value"].where(
        ~rows.set_index(["indicator_id", "area_code"])["suppressed"].astype(bool))
    parent_value = parent_value[~parent_value.index.duplicated()]
    keys = pd.MultiIndex.from_arrays([rows["indicator_id"], rows["parent_code"].fillna("")])
    rows = rows.assign(parent_value=parent_value.reindex(keys).to_numpy(),
                       parent_name=rows["parent_code"].map(ctx.geo.names))
    rows = rows[rows["area_code"].isin(areas)].copy()
    meta = {i: catalogue.get(i) for i in rows["indicator_id"].unique()}
    rows["indicator_title"] = rows["indicator_id"].map(lambda i: meta[i].title)
    rows["theme"] = rows["indicator_id"].map(lambda i: meta[i].theme)
    rows["unit"] = rows["indicator_id"].map(lambda i: meta[i].unit)
    order = {i: n for n, i in enumerate(ids)}
    place = {a: n for n, a in enumerate(areas)}
    return rows.sort_values(["indicator_id", "area_code"], key=lambda c: c.map(order if c.name == "indicator_id"
                                                                               else place)).reset_index(drop=True)


def compare_table(rows: pd.DataFrame) -> pd.DataFrame:
    """Every indicator x area, the areas of one indicator together, with the column names people read."""
    return pd.DataFrame({
        "Indicator": rows["indicator_title"], "Theme": rows["theme"], "Period": rows["period_label"],
        "Area": rows["area_name"], "Area type": rows["area_type"].map(TYPE_NAMES),
        "Count": counts(rows["count"], rows["suppressed"]), "Value": rounded(rows["value"]), "Unit": rows["unit"],
        "95% CI lower": rounded(rows["lower_ci"]), "95% CI upper": rounded(rows["upper_ci"]),
        "Compared with": rows["parent_name"].fillna("not compared"),
        "Comparator's value": rounded(rows["parent_value"].astype(float)),
        "Comparison": rows["comparison"], "Recent trend": rows["trend"]})


def build(store: Store, filters: Filters) -> PageView:
    ctx = context(store, filters)
    areas, suggestion = chosen_areas(ctx.geo, filters)
    names = [ctx.name(a) for a in areas]
    view = PageView(PAGE.path, "Compare areas")
    if suggestion:
        view.add(Text("Showing a suggestion: choose two to six areas above (type a name to find one).", "info"))
    indicator = indicator_of(filters)
    period = chosen_period(ctx, indicator)
    unit = rate_unit(indicator, filters)
    one = frame(ctx, indicator, period=period, areas=list(dict.fromkeys(
        [*areas, *(ctx.geo.by_code[a].parent for a in areas if ctx.geo.by_code[a].parent)])))
    parent = one.set_index("area_code")["value"].where(~one.set_index("area_code")["suppressed"].astype(bool))
    chosen = one[one["area_code"].isin(areas)].copy()
    chosen = chosen.assign(parent_value=chosen["parent_code"].map(parent).astype(float))
    chosen = chosen.set_index("area_code").loc[[a for a in areas if a in set(chosen["area_code"])]].reset_index()
    lead = Chart(interval_chart(chosen, title=f"{indicator.title}, {period_label(period)}: the chosen areas with 95% "
                                             "intervals", unit=unit),
                 area_table(chosen.assign(reference=False), indicator, unit, comparator="its comparator"),
                 _sentence(chosen, indicator.title, unit), f"{indicator.id}_compare", "compare-one")
    view.add(Text(f"{indicator.title} ({unit}) · {period_label(period)}. Each area is compared with its own comparator "
                  "(a ward with its district, a district with the partnership), shown as a black tick: the colour "
                  "says whether the area's 95% interval lies above, below or around it. Change the indicator in the "
                  "sidebar."), lead)
    rows = every_indicator(ctx, areas)
    view.add(Text("Every indicator side by side", "subheading"))
    if rows.empty:
        view.add(Text("No indicator values for these areas yet.", "info"))
        summaries = []
    else:
        summaries = [summarise_ward_profile(rows[rows["area_code"] == a], ward_name=ctx.name(a),
                                            borough_name=f"its comparator ({ctx.name(ctx.geo.by_code[a].parent)})"
                                            if ctx.geo.by_code[a].parent else "its comparator")
                     for a in areas if (rows["area_code"] == a).any()]
        # a title that fits a 1280 px screen; what the cells hold is said in the text above the grid
        view.add(Text("Each cell gives the value and its 95% interval, coloured by comparison with the area's own "
                      "comparator, at each source's latest complete quarter."))
        grid = compare_grid(rows, title="Every indicator against each area's comparator", areas=names)
        view.add(Chart(grid, compare_table(rows), " ".join(summaries), "compare_areas", "compare-all"))
    view.narrative = [lead.summary, *summaries]
    view.lead = lead
    used = [catalogue.get(i) for i in dict.fromkeys(rows["indicator_id"])] if len(rows) else [indicator]
    view.sources, view.definitions = cite(*used)["sources"], cite(*used)["definitions"]
    return view


def _sentence(rows: pd.DataFrame, title: str, unit: str) -> str:
    """The chosen areas on one indicator, in words: each value and whether it differs from its comparator."""
    from metrics.narrative import format_value

    if rows.empty:
        return f"{title}: no values for the chosen areas."
    parts = []
    for _, r in rows.iterrows():
        if bool(r["suppressed"]) or pd.isna(r["value"]):
            parts.append(f"{r['area_name']} suppressed (small numbers)")
            continue
        word = {"worse": "significantly worse than", "better": "significantly better than",
                "higher": "significantly higher than", "lower": "significantly lower than",
                "similar": "similar to"}.get(str(r["comparison"]))
        against = f", {word} {r['parent_name']}" if word and isinstance(r["parent_name"], str) else ""
        parts.append(f"{r['area_name']} {format_value(float(r['value']), unit)}{against}")
    return f"{title}: " + "; ".join(parts) + "."
