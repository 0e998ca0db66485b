"""Ward map: any indicator for the chosen period and age band, coloured by comparison or by fifths."""

from __future__ import annotations

from charts.common import comparators
from charts.map import ward_choropleth
from charts.provision import add_provision_layer
from metrics.narrative import summarise_comparison
from views._digital import INDEX_ID, INPUT_SOURCES, named_sentence
from views._shared import (
    area_table,
    band_of,
    chosen_period,
    cite,
    context,
    frame,
    indicator_of,
    origin,
    period_label,
    rate_unit,
)
from views.base import Chart, Control, Filters, Page, PageView, Text
from views.sentences import area_sentences
from warehouse import provision
from warehouse.geometry import map_shapes
from warehouse.store import Store

COLOUR = Control("colour", "Colour wards by", {"comparison": "Compared with the district",
                                               "quintile": "Value (fifths of wards)"}, "comparison")
# Community provision (the provision register) as a point layer over any indicator.
LAYER = Control("provision", "Community provision", {"off": "Hidden", "on": "Shown on the map"}, "off")
PAGE = Page("ward-map", "Ward map", "Partnership", ":material/map:", "app_pages/ward_map.py", controls=(COLOUR, LAYER),
            find_area="ward-profile")


def build(store: Store, filters: Filters) -> PageView:
    ctx = context(store, filters)
    indicator = indicator_of(filters)
    period = chosen_period(ctx, indicator)
    band = band_of(filters, indicator)
    rows = frame(ctx, indicator, period=period, bands=[band],
                 area_types=["ward", "district", "partnership"])
    unit = rate_unit(indicator, filters, band)
    label = period_label(period) + (f" · aged {band}" if band != "All" else "")
    colour = filters.option("colour", "quintile" if indicator.method == "score" else "comparison")
    if indicator.method == "score":
        colour = "quintile"
    view = PageView(PAGE.path, "Ward map")
    view.add(Text(f"{indicator.title} · {label}", "subheading"),
             Text(f"{unit}. {indicator.definition} Source: {indicator.attribution}."))
    wards, outline, approximate = map_shapes(store)
    if approximate:
        view.add(Text("The boundary file loaded says its geometry is approximate, not ONS boundaries: load the ONS "
                      "ward boundaries ('python -m warehouse ingest boundaries FILE')."))
    focus = [ctx.geo.by_code[a] for a in filters.areas if a in ctx.geo.by_code and ctx.geo.by_code[a].type
             not in ("ward", "not-known")]
    if focus:  # a district, a PCN or a group chosen: map its wards only
        inside = {w for a in focus for w in a.members}
        rows = rows[(rows["area_type"] != "ward") | rows["area_code"].isin(inside)]
        wards = {**wards, "features": [f for f in wards["features"] if f["properties"]["area_code"] in inside]}
        outline = None
        view.add(Text("Showing the wards of " + ", ".join(a.name for a in focus) + " (chosen in the sidebar)."))
    comparator, _ = comparators(rows)  # the district of the wards shown, or "its district" across several
    summary = summarise_comparison(rows[rows["area_type"].isin(["ward", "not-known"]) | rows["reference"] |
                                        rows["area_code"].isin(rows["parent_code"])].assign(band="All"), title=indicator.title + (f" (aged {band})" if band != "All" else ""),
                                   unit=unit, borough_name=comparator)
    figure = ward_choropleth(rows.assign(band="All"), wards, title=f"{indicator.title}, {label}", unit=unit,
                             colour_by=colour, outline=outline)
    named = [named_sentence(rows)] if indicator.id == INDEX_ID else []
    view.add(*[Text(n, "body") for n in named])
    where = origin(ctx, indicator, *(INPUT_SOURCES if named else ()))
    if filters.option("provision", LAYER.default) == "on":
        if provision.held(store):
            add_provision_layer(figure, provision.providers(store).assign(ward_name=lambda f: f["ward_code"].map(
                ctx.geo.names)))
            where = "; ".join(x for x in (where, origin(ctx, "provision")) if x)
            view.add(Text("Markers: the community provision register (open markers are placed approximately, at "
                          "their ward's centre). Provision and need (Services) compares it with food demand."))
        else:
            view.add(Text("No provision register is loaded: 'python -m warehouse ingest provision FILE'.", "info"))
    chart = Chart(figure, area_table(rows, indicator, unit), summary, f"{indicator.id}_map", "map",
                  origin=where, opens="ward-profile")
    view.add(chart)
    view.narrative = [*named, *area_sentences(ctx, indicator, period, band), summary]
    view.lead = chart
    view.sources, view.definitions = cite(indicator)["sources"], cite(indicator)["definitions"]
    return view
