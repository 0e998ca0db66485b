"""Interventions: the partners' intervention log and, for the chosen intervention, its impact on each indicator
it aims at: an interrupted time series for its areas and a difference-in-differences against comparison
wards chosen by their pre-period trend, with intervals and plain words (metrics.impact)."""

from __future__ import annotations

import pandas as pd

from charts.outcomes import impact_chart
from metrics import catalogue
from metrics.impact import COMPARISONS, in_words
from metrics.narrative import short_unit
from views._shared import Context, cite, context, rounded
from views.base import Chart, Filters, Page, PageView, Table, Text
from warehouse.interventions import PRE_MONTHS, Impact, Intervention, impact, list_interventions
from warehouse.store import Store

PAGE = Page("partner-interventions", "Interventions", "Partnership", ":material/volunteer_activism:",
            "app_pages/interventions.py", params=("intervention",))
METHOD = (f"Interrupted time series: a segmented regression of the areas' monthly rate (their counts and populations "
          f"pooled) on time, with a change of level and of slope at the start, over up to {PRE_MONTHS} months before "
          f"and the months from the start to the end (or the latest). Difference-in-differences: the change after "
          f"the start in the monthly gap between the areas and the {COMPARISONS} wards outside them whose "
          "pre-period trend was closest (the comparison wards). Both by ordinary least squares, 95% t intervals; "
          "'no detectable change' when the interval includes zero. Neither proves the intervention caused a change: "
          "anything else that changed at the same time, in those areas only, would look the same.")


def log_table(ctx: Context, items: list[Intervention]) -> pd.DataFrame:
    return pd.DataFrame({
        "ID": [i.intervention_id for i in items], "Intervention": [i.title for i in items],
        "Partner": [i.partner for i in items],
        "Areas": ["; ".join(ctx.name(a) for a in i.areas) for i in items],
        "Aims at": ["; ".join(catalogue.get(x).title for x in i.indicators if catalogue.known(x)) for i in items],
        "Start": [f"{i.start:%d %b %Y}" for i in items],
        "End": [f"{i.end:%d %b %Y}" if i.end is not None else "ongoing" for i in items],
        "Recorded by": [f"{i.created_by}, {i.created_at:%d %b %Y}" for i in items]})


def chosen(items: list[Intervention], wanted: str) -> Intervention | None:
    for item in items:
        if str(item.intervention_id) == str(wanted):
            return item
    return items[0] if items else None


def impact_sentences(ctx: Context, result: Impact) -> list[str]:
    indicator = catalogue.get(result.indicator_id)
    unit = short_unit(indicator.unit)
    areas = " and ".join(ctx.name(a) for a in result.intervention.areas)
    out = []
    its = result.its
    if its is not None:
        last = result.series["month"].max()
        text = (f"{indicator.title}, {areas} ({its.pre_months} months before, {its.post_months} from the start): "
                f"{in_words(its.level, what='level at the start', unit=unit)}; "
                f"{in_words(its.slope, what='the monthly trend', unit=unit + ' a month')}; by {last:%B %Y}, "
                f"{in_words(its.at_end, what='the rate against the earlier trend carried on', unit=unit)}.")
        if its.autocorrelated:
            text += (f" The months' residuals are autocorrelated (r = {its.autocorrelation:.2f}), so these intervals "
                     "may be too narrow.")
        out.append(text)
    did = result.did
    if did is not None:
        names = ", ".join(ctx.name(c) for c in result.comparisons)
        text = (f"Against the comparison wards ({names}; closest pre-period trend): "
                f"{in_words(did.effect, what='the gap between the areas and the comparison wards', unit=unit)} after "
                "the start.")
        if did.autocorrelated:
            text += f" Residuals autocorrelated (r = {did.autocorrelation:.2f}): the interval may be too narrow."
        out.append(text)
    if result.problem:
        out.append(f"{indicator.title}: not estimated ({result.problem}).")
    return out


def impact_blocks(ctx: Context, result: Impact) -> tuple[list, list[str]]:
    indicator = catalogue.get(result.indicator_id)
    sentences = impact_sentences(ctx, result)
    areas = " and ".join(ctx.name(a) for a in result.intervention.areas)
    comparison = "Comparison wards" if result.comparisons else "No comparison wards"
    figure = impact_chart(result.series, title=f"{indicator.title}: {areas} and the comparison wards",
                          unit=indicator.unit, start=result.intervention.start_month, areas=areas,
                          comparison=comparison)
    series = result.series
    table = pd.DataFrame({"Month": series["month"].dt.strftime("%b %Y"),
                          "Period": series["post"].map({True: "from the start", False: "before"}),
                          f"{areas} ({indicator.unit})": rounded(series["treated"]),
                          f"Comparison wards ({indicator.unit})": rounded(series["comparison"])})
    chart = Chart(figure, table, " ".join(sentences) or f"{indicator.title}: no estimate.",
                  f"impact_{result.intervention.intervention_id}_{indicator.id}", f"impact-{indicator.id}")
    return [Text(indicator.title, "subheading"), chart], sentences


def build(store: Store, filters: Filters) -> PageView:
    ctx = context(store, filters)
    view = PageView(PAGE.path, "Interventions and their impact")
    items = list_interventions(store)
    if not items:
        return view.add(Text("No interventions are on the log yet. Analysts add them below (or with the command "
                             "python -m warehouse interventions add).", "info"))
    view.add(Table(log_table(ctx, items), "interventions", "interventions",
                   caption="What the partners did, where and when, and what it aimed at (kept by analysts)."))
    item = chosen(items, filters.option("intervention", ""))
    view.add(Text(f"{item.title} ({item.partner})", "heading"),
             Text(f"{item.when()} in {', '.join(ctx.name(a) for a in item.areas)}."
                  + (f" {item.description}" if item.description else ""), "body"))
    narrative = [f"{item.title} ({item.partner}), {item.when()}, in {', '.join(ctx.name(a) for a in item.areas)}."]
    used = []
    for indicator_id in item.indicators:
        if not catalogue.known(indicator_id):
            continue
        used.append(catalogue.get(indicator_id))
        blocks, sentences = impact_blocks(ctx, impact(store, item, indicator_id, role=ctx.role))
        view.add(*blocks)
        narrative += sentences
    view.add(Text(METHOD))
    view.narrative = narrative
    charts = view.charts()
    view.lead = charts[0] if charts else None
    if used:
        view.sources, view.definitions = cite(*used)["sources"], cite(*used)["definitions"]
    return view
