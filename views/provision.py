"""Provision and need: where food demand outstrips community food provision, ward by ward, in one view.

Demand: food parcel requests to the hub and food bank vouchers, per 1,000 residents, compared with the ward's
district by the 95% interval rule, read from indicator_values FOR THE READER'S ROLE (a viewer's comparisons come
from the protected counts, so a ward whose count is suppressed is "not compared" and never named from a hidden
count). Provision: food banks, food clubs and pantries in the provision register, per 1,000 residents (Census
2021), against the district's. Demand outstrips provision: a demand indicator significantly above the district
AND fewer food providers per 1,000 than the district. The opposite: no demand indicator above, one significantly
below, AND more food providers per 1,000 than the district. Provider counts are not personal data (a provider
is an organisation or building, not a person), so every role sees them exactly.
"""

from __future__ import annotations

import pandas as pd

from charts.map import ward_choropleth
from charts.provision import add_gap_outline, add_provider_dates, add_provision_layer
from charts.trend import trend_chart
from metrics import catalogue
from metrics import provision as measures
from metrics.periods import parse_code
from sources.provision import FOOD_TYPES, TYPES
from views._shared import NoData, context, counts, mark, origin, rounded
from views.base import Chart, Control, Filters, Page, PageView, Table, Text, Tile, Tiles
from warehouse import provenance, values
from warehouse import provision as register
from warehouse.geometry import map_shapes
from warehouse.store import Store

DEMAND = ("hub_food_parcels", "fb_vouchers")  # food demand: parcels asked of the hub, food bank vouchers given
COLOUR = Control("demand", "Colour wards by", {"hub_food_parcels": "Food parcel requests (hub)",
                                               "fb_vouchers": "Food bank vouchers"}, "hub_food_parcels")
PAGE = Page("provision-and-need", "Provision and need", "Services", ":material/storefront:",
            "app_pages/provision.py", controls=(COLOUR,), find_area="ward-profile")
DISTANCE_TYPES = ("Food bank", "Food club", "Pantry", "Warm space", "Library", "Community centre")


def demand_period(store: Store, filters: Filters):
    """The period the gap is judged on: the sidebar's when every demand indicator holds it, else the latest
    calendar year all of them hold (a year of counts gives the comparison the power a quarter lacks)."""
    held = [set(values.periods_held(store, i)) for i in DEMAND if catalogue.known(i)]
    held = [h for h in held if h]
    if not held:
        return None
    common = set.intersection(*held)
    if filters.period:
        try:
            wanted = parse_code(filters.period)
        except ValueError:
            wanted = None
        if wanted in common:
            return wanted
    years = sorted((p for p in common if p.kind == "year"), key=lambda p: p.start)
    if years:
        return years[-1]
    return max(common, key=lambda p: (p.end, p.start)) if common else None


def gap_frame(store: Store, filters: Filters) -> tuple[pd.DataFrame, pd.DataFrame, object]:
    """(per-ward table with the gap, the demand rows for the role, the period) — used by the page and the agenda."""
    ctx = context(store, filters)
    period = demand_period(store, filters)
    if period is None:
        raise NoData("There is no food demand in the store yet (food parcel requests or food bank vouchers): load "
                     "the hub's or the food bank's file ('python -m warehouse ingest community_hub FILE').")
    demand = values.read(store, [i for i in DEMAND if catalogue.known(i)], role=ctx.role, periods=[period.code],
                         area_types=["ward", "district"])
    demand = mark(ctx, demand, catalogue.get(DEMAND[0]))
    food = register.ward_measures(store, types=FOOD_TYPES, day=period.end + pd.offsets.MonthEnd(0))
    wards = demand[demand["area_type"] == "ward"]
    gap = measures.gap(wards, food)
    table = food.join(gap)
    table["ward_name"] = table.index.map(ctx.geo.names)
    table["district_name"] = table["district_code"].map(ctx.geo.names)
    return table, demand, period


def outstripping(store: Store, filters: Filters) -> list[str]:
    """Names of the wards where food demand outstrips provision, for the reader's role (the agenda's check)."""
    if not register.held(store):
        return []
    try:
        table, _, _ = gap_frame(store, filters)
    except NoData:
        return []
    return table.loc[table["outstrips"], "ward_name"].tolist()


def joined(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = list(items)
    if not items:
        return ""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _titles(ids) -> str:
    return joined([catalogue.get(i).title.lower() for i in ids])


def _demand_cells(table: pd.DataFrame, demand: pd.DataFrame) -> pd.DataFrame:
    """For each ward, each demand indicator's count (as the role sees it), rate and comparison."""
    out = pd.DataFrame(index=table.index)
    wards = demand[demand["area_type"] == "ward"].set_index(["area_code", "indicator_id"])
    for i in DEMAND:
        if not catalogue.known(i):
            continue
        rows = wards.xs(i, level="indicator_id") if i in wards.index.get_level_values(1) else pd.DataFrame()
        if rows.empty:
            continue
        rows = rows.reindex(table.index)
        title = catalogue.get(i).title
        out[f"{title}: count"] = counts(rows["count"], rows["suppressed"]).to_numpy()
        out[f"{title}: per 1,000"] = rounded(rows["value"]).to_numpy()
        out[f"{title}: compared with district"] = rows["comparison"].fillna("not compared").to_numpy()
    return out


def ward_table(table: pd.DataFrame, demand: pd.DataFrame, which: pd.Series | None = None) -> pd.DataFrame:
    """Demand beside provision, ward by ward: the demand the role may see, then the food provision and its
    district's, the distance to the nearest provider of each type, the residents, sessions and capacity."""
    rows = table if which is None else table[which]
    out = pd.DataFrame({"Ward": rows["ward_name"], "District": rows["district_name"]}, index=rows.index)
    out = out.join(_demand_cells(rows, demand))
    out["Food providers"] = rows["providers"]
    out["Food providers per 1,000"] = rows["providers_per_1000"].round(3)
    out["District food providers per 1,000"] = rows["district_providers_per_1000"].round(3)
    out["Demand outstrips provision"] = rows["outstrips"].map({True: "yes", False: "no"})
    out["Provision above demand"] = rows["oversupplied"].map({True: "yes", False: "no"})
    for kind in DISTANCE_TYPES:
        if kind in rows:
            out[f"Nearest {kind.lower()} (km)"] = rows[kind].round(1)
    out["Residents (Census 2021)"] = rows["residents"].round().astype("Int64")
    out["Food sessions a week (where recorded)"] = rows["sessions_per_week"]
    out["Food capacity (where recorded)"] = rows["capacity"]
    return out.reset_index(drop=True)


def gap_sentence(table: pd.DataFrame, period, *, role: str) -> str:
    """The wards where food demand outstrips provision, named (the issue's "done when")."""
    rows = table[table["outstrips"]]
    when = period.label
    if rows.empty:
        return (f"No ward has food demand significantly above its district in {when} together with fewer food "
                "providers per 1,000 residents than its district.")
    none = int((rows["providers"] == 0).sum())
    n = len(rows)
    return (f"Food demand outstrips provision in {n} ward{'s' if n != 1 else ''} in {when}: "
            f"{joined(rows['ward_name'].tolist())}. In each, {_titles(DEMAND)} (one or both) are significantly above "
            "the district and there are fewer food providers per 1,000 residents than in the district"
            + (f"; {'all' if none == n else none} of them have no food bank, food club or pantry at all" if none else "")
            + "." + (" Viewers' comparisons use the protected (suppressed and rounded) counts." if role == "viewer"
                     else ""))


def opposite_sentence(table: pd.DataFrame, period) -> str:
    names = table.loc[table["oversupplied"], "ward_name"].tolist()
    if not names:
        return (f"No ward has food demand significantly below its district in {period.label} together with more food "
                "providers per 1,000 than its district.")
    return (f"The opposite — more food providers per 1,000 than the district where food demand is significantly "
            f"below it — in {joined(names)} ({period.label}).")


def build(store: Store, filters: Filters) -> PageView:
    ctx = context(store, filters)
    view = PageView(PAGE.path, "Provision and need")
    if not register.held(store):
        raise NoData("There is no provision register in the store yet: load it with "
                     "'python -m warehouse ingest provision FILE' (../shared/FORMATS.md, Community provision register).")
    table, demand, period = gap_frame(store, filters)
    providers = register.providers(store).assign(ward_name=lambda f: f["ward_code"].map(ctx.geo.names))
    food = providers[providers["types"].str.split("; ").map(lambda t: bool(set(t) & set(FOOD_TYPES)))]
    demand_origin = origin(ctx, "community_hub", "food_bank")
    provision_origin = provenance.label(store, "provision")
    both = "; ".join(x for x in (demand_origin, provision_origin) if x)
    sentence = gap_sentence(table, period, role=ctx.role)
    opposite = opposite_sentence(table, period)
    approx = int(food["approximate"].sum())
    view.add(Text(f"Food demand against food provision, ward by ward · {period.long_label}", "subheading"),
             Text(sentence, "warning" if table["outstrips"].any() else "info"),
             Text(opposite),
             Text(f"Demand: {_titles(DEMAND)} per 1,000 residents, significantly above or below the district when the "
                  "95% confidence interval lies wholly above or below the district's value. Provision: food banks, food "
                  "clubs and pantries in the provision register, open at the end of the period, per 1,000 residents "
                  "(Census 2021), against the district's. "
                  + (f"{'All' if approx == len(food) else approx} of the {len(food)} food providers have no coordinates and are placed approximately "
                     "(by postcode district or town): the ward they are counted in is the one holding that town's centre. "
                     if approx else "")
                  + "Provider counts are not personal data: every role sees them exactly."))
    sessions = table["sessions_per_week_recorded"].sum()
    view.add(Tiles((
        Tile("Demand outstrips provision", str(int(table["outstrips"].sum())),
             caption=f"wards, {period.label}", origin=both),
        Tile("Provision above demand", str(int(table["oversupplied"].sum())), caption=f"wards, {period.label}",
             origin=both),
        Tile("Food providers", str(len(food)),
             caption=f"{approx} placed approximately" if approx else "all placed by coordinates or ward",
             origin=provision_origin),
        Tile("Providers of any type", str(len(providers)),
             caption="sessions recorded for " + (f"{int(sessions)}" if sessions else "none"),
             origin=provision_origin),
    )))

    wards, outline, _ = map_shapes(store)
    held = [i for i in DEMAND if (demand["indicator_id"] == i).any()]
    wanted = filters.option("demand", COLOUR.default)
    lead_id = wanted if wanted in held else held[0]
    lead = demand[demand["indicator_id"] == lead_id]
    indicator = catalogue.get(lead_id)
    figure = ward_choropleth(lead.assign(band="All"), wards, title=f"{indicator.title} compared with the district, "
                             f"{period.label}, with community provision", unit=indicator.unit, outline=outline)
    add_gap_outline(figure, wards, set(table.index[table["outstrips"]]))
    add_provision_layer(figure, providers)
    outstrips_table = ward_table(table, demand, table["outstrips"])
    map_summary = (f"Wards coloured by {indicator.title.lower()} compared with their district ({period.label}); wards "
                   "where food demand outstrips provision have a thick orange outline; markers are the providers "
                   "(open markers: placed approximately, drawn at their ward's centre). The outline counts either demand "
                   "indicator: 'Colour wards by' shows the other. Click a ward to open its profile.")
    chart = Chart(figure, ward_table(table, demand), map_summary, "provision_and_need_map", "gapmap", origin=both,
                  opens="ward-profile")
    view.add(chart)
    view.add(Text("Wards where food demand outstrips provision", "subheading"),
             Table(outstrips_table, "food_demand_outstrips_provision", "outstrips",
                   caption="Demand and provision of each ward named above.", origin=both) if len(outstrips_table) else Text("None in this period.", "info"),
             Text("Wards with food provision above demand", "subheading"),
             Table(ward_table(table, demand, table["oversupplied"]), "food_provision_above_demand", "oversupplied",
                   caption=opposite, origin=both) if table["oversupplied"].any() else Text("None in this period.",
                                                                                        "info"),
             Text("Every ward: provision per 1,000 residents and distance to the nearest provider", "subheading"),
             Text("Distance: straight-line (great-circle) km from the ward's population-weighted centre — the mean of "
                  "its LSOAs' representative points, each LSOA standing for a similar number of residents — to the "
                  "nearest provider of each type; a provider placed approximately is measured at its ward's centre. "
                  "Sessions and capacity are summed where the register records them (blank: not recorded)."),
             Table(ward_table(table, demand), "provision_by_ward", "wards", origin=both))

    trend = values.read(store, lead_id, role=ctx.role, period_types=["month"], areas=[ctx.top])
    trend = mark(ctx, trend, indicator)
    trend_figure = trend_chart(trend, title=f"{indicator.title}, {ctx.top_name}, by month, with providers opening "
                               "and closing", unit=indicator.unit, lockdowns=ctx.settings.lockdowns, show_spc=False)
    add_provider_dates(trend_figure, food if len(food) else providers)
    dated = providers[providers["start_date"].notna() | providers["end_date"].notna()]
    dates = pd.DataFrame({"Provider": dated["name"], "Types": dated["types"],
                          "Ward": dated["ward_name"], "Opened": dated["start_date"].dt.strftime("%d %b %Y"),
                          "Closed": dated["end_date"].dt.strftime("%d %b %Y")}).fillna("")
    last = trend["period_start"].max() if len(trend) else None
    after = dated[dated["start_date"] > last] if last is not None else dated.iloc[0:0]
    trend_summary = (f"{indicator.title} for {ctx.top_name} by month; green triangles mark food providers opening, "
                     "red ones closing (register dates)."
                     + (f" {joined(after['name'].tolist())} opened after the last month of demand data "
                        f"({last:%B %Y}), so their effect is not yet in these figures." if len(after) else ""))
    view.add(Text("Food demand over time, with providers opening and closing", "subheading"),
             Chart(trend_figure, dates, trend_summary, "food_demand_and_provider_dates", "dates", origin=both))
    register_table = pd.DataFrame({
        "Provider": providers["name"], "Types": providers["types"], "Ward": providers["ward_name"],
        "Placed by": providers["placed_by"], "Approximate": providers["approximate"].map({True: "yes", False: "no"}),
        "Sessions a week": providers["sessions_per_week"], "Capacity": providers["capacity"],
        "Capacity unit": providers["capacity_unit"], "Run by": providers["run_by"],
        "Opened": providers["start_date"].dt.strftime("%d %b %Y"),
        "Closed": providers["end_date"].dt.strftime("%d %b %Y"), "Where the entry comes from": providers["origin"]})
    view.add(Text("The provision register", "subheading"),
             Table(register_table, "provision_register", "register", origin=provision_origin,
                   caption=f"{len(providers)} providers of {measures.explode_types(providers)['type'].nunique()} types (a "
                           "provider of two types, such as a library that is a warm space, counts under each); "
                           "types offered: "
                           + ", ".join(TYPES) + "."))
    view.narrative = [sentence, opposite]
    view.lead = chart
    view.sources = tuple(dict.fromkeys([*(catalogue.get(i).attribution for i in DEMAND if catalogue.known(i)),
                                        _attribution()]))
    view.definitions = (f"Demand outstrips provision: {_titles(DEMAND)} per 1,000 residents significantly above the "
                        "district (95% interval) and fewer food providers per 1,000 residents than the district.",
                        "Population-weighted centre: the mean of the ward's LSOA 2021 representative points.")
    return view


def _attribution() -> str:
    import sources

    return sources.get("provision").attribution
