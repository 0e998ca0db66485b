"""Overview: each partner's latest month against the same month before the pandemic; the multi-agency ward
matrix; every area worse than its comparator and getting worse, on any indicator with a polarity."""

from __future__ import annotations

import numpy as np
import pandas as pd

import sources
from charts.matrix import demand_matrix
from metrics import catalogue
from metrics.flags import higher_and_rising, matrix_summary, worse_and_worsening
from metrics.narrative import describe_ward, summarise_headlines
from metrics.survey import survey_rounds, survey_sentence
from views._shared import Context, context, defaults, origin, rounded
from views._shared import partners as ordered_partners
from views.base import Chart, Filters, Page, PageView, Table, Text, Tile, Tiles
from warehouse import queries, values
from warehouse.store import Store

PAGE = Page("partnership-overview", "Overview", "Partnership", ":material/dashboard:", "app_pages/overview.py")
FLAGGED_SENTENCES = 3
COLOUR_BY_POLARITY = {"high_is_bad": "inverse", "high_is_good": "normal"}  # a rise is red when high is bad


def _direction(lower: float, upper: float, polarity: str) -> str:
    if pd.isna(lower):
        return "no baseline"
    if lower > 1:
        return {"high_is_bad": "worse", "high_is_good": "better"}.get(polarity, "higher")
    if upper < 1:
        return {"high_is_bad": "better", "high_is_good": "worse"}.get(polarity, "lower")
    return "similar"


def headlines(ctx: Context) -> pd.DataFrame:
    """One row per partner: its headline indicator's latest month for the whole partnership, against the
    same month of the baseline (observed / expected, Byar's interval), as the role may see it."""
    partners = ordered_partners()
    ids = [s.headline for s in partners]
    rows = values.read(ctx.store, ids, role=ctx.role, period_types=["month"], areas=[ctx.top])
    out = []
    for source in partners:
        mine = rows[rows["indicator_id"] == source.headline]
        if mine.empty:
            continue
        latest = mine.loc[mine["period_start"].idxmax()]
        indicator = catalogue.get(source.headline)
        change = latest["change_ratio"]
        out.append({"source": source.name, "title": source.label, "indicator_title": indicator.title,
                    "indicator_id": indicator.id,
                    "partner": ctx.settings.partner_name(source.name, source.partner),
                    "polarity": indicator.polarity, "latest_month": latest["period_start"],
                    "count": latest["count"], "suppressed": bool(latest["suppressed"]),
                    "baseline_count": latest["expected_count"],
                    "change_pct": (change - 1) * 100 if pd.notna(change) else np.nan,
                    "direction": _direction(latest["change_lower_ci"], latest["change_upper_ci"], indicator.polarity)})
    return pd.DataFrame(out)


def matrix(ctx: Context) -> pd.DataFrame:
    """Wards x every partner's matrix indicators, each at its own default period."""
    ids = [i for s in ordered_partners() for i in s.matrix]
    rows = defaults(values.read(ctx.store, ids, role=ctx.role, area_types=["ward"]))
    if rows.empty:
        return rows
    meta = {i: catalogue.get(i) for i in ids}
    partner = {i: ctx.settings.partner_name(s.name, s.partner) for s in ordered_partners() for i in s.matrix}
    rows = rows.assign(indicator_title=rows["indicator_id"].map(lambda i: meta[i].title),
                       partner=rows["indicator_id"].map(partner), unit=rows["indicator_id"].map(lambda i: meta[i].unit),
                       polarity=rows["indicator_id"].map(lambda i: meta[i].polarity))
    order = {i: n for n, i in enumerate(ids)}
    return rows.sort_values(["indicator_id", "area_name"], key=lambda c: c.map(order) if c.name == "indicator_id"
                            else c).reset_index(drop=True)


def _ward_rows(ctx: Context, ids: list[str]) -> pd.DataFrame:
    rows = defaults(values.read(ctx.store, ids, role=ctx.role, area_types=["ward"]))
    if rows.empty:
        return rows
    return rows.assign(indicator_title=rows["indicator_id"].map(lambda i: catalogue.get(i).title),
                       unit=rows["indicator_id"].map(lambda i: catalogue.get(i).unit),
                       parent_name=rows["parent_code"].map(ctx.geo.names))


def flagged(ctx: Context) -> pd.DataFrame:
    """Every ward worse than its comparator and getting worse, on any indicator with a declared polarity."""
    ids = [i.id for i in catalogue.all_indicators() if i.polarity != "no_judgement" and i.method != "score"]
    rows = _ward_rows(ctx, ids)
    return worse_and_worsening(rows) if len(rows) else rows


def rising(ctx: Context) -> pd.DataFrame:
    """Every ward where demand for help (a no-judgement demand indicator) is significantly higher than its
    comparator and its recent trend is increasing."""
    ids = [i.id for i in catalogue.all_indicators() if i.polarity == "no_judgement" and i.demand
           and i.method == "rate"]
    rows = _ward_rows(ctx, ids)
    return higher_and_rising(rows) if len(rows) else rows


def _tiles(ctx: Context, tiles: pd.DataFrame) -> Tiles:
    base_year = ctx.settings.baseline_start[:4]
    out = []
    for t in tiles.itertuples():
        value = "suppressed" if t.suppressed or pd.isna(t.count) else f"{int(t.count):,}"
        delta = None if pd.isna(t.change_pct) else f"{t.change_pct:+.0f}% vs {t.latest_month:%b} {base_year}"
        colour = COLOUR_BY_POLARITY.get(t.polarity, "off") if t.direction in ("worse", "better") else "off"
        caption = f"{t.latest_month:%B %Y} · " + (
            "no pre-pandemic baseline" if pd.isna(t.change_pct) else
            f"{t.direction} (same month {base_year}: {t.baseline_count:,.0f})")
        out.append(Tile(t.title, value, delta, colour, caption, help=f"{t.indicator_title} · {t.partner}",
                        origin=origin(ctx, t.source)))
    return Tiles(tuple(out))


def _survey(ctx: Context) -> str | None:
    """The voluntary sector survey's latest round, for the role (sources that fill survey_responses)."""
    surveys = [s for s in sources.all_sources() if "survey_responses" in s.tables]
    if not surveys:
        return None
    rounds = survey_rounds(queries.survey_responses(ctx.store), role=ctx.role, rules=values.rules())
    return survey_sentence(rounds, partner=ctx.settings.partner_name(surveys[0].name, surveys[0].partner))


def flagged_table(rows: pd.DataFrame) -> pd.DataFrame:
    # The columns that make the flag (value, interval, comparator, trend) first; the period, the same for most
    # rows, last, so at 1280 px nothing a reader needs is scrolled off to the right.
    return pd.DataFrame({"Ward": rows["area_name"], "Indicator": rows["indicator_title"],
                         "Value": rounded(rows["value"]), "95% CI lower": rounded(rows["lower_ci"]),
                         "95% CI upper": rounded(rows["upper_ci"]), "Unit": rows["unit"],
                         "Compared with": rows["parent_name"], "Recent trend": rows["trend"],
                         "Period": rows["period_label"]})


def build(store: Store, filters: Filters) -> PageView:
    ctx = context(store, filters)
    view = PageView(PAGE.path, f"{ctx.top_name}: demand across the partnership")
    tiles = headlines(ctx)
    if tiles.empty:
        return view.add(Text("The store has no partner data yet. 'make run' builds the sample store; "
                             "'python -m warehouse ingest SOURCE FILE' loads your own.", "info"))
    headline_sentence = summarise_headlines(tiles)
    view.add(Text(headline_sentence), _tiles(ctx, tiles))
    grid = matrix(ctx)
    comparator = "its district" if len(ctx.settings.districts) > 1 else ctx.top_name
    summary = matrix_summary(grid, comparator=comparator)
    chart = Chart(demand_matrix(grid, title=f"Partner demand by ward, compared with {comparator} (95% intervals)",
                                borough_name=comparator), matrix_table(grid), summary, "ward_demand_matrix", "matrix",
                  origin=origin(ctx, *ordered_partners()))
    view.add(Text("Where each partner sees demand: wards against " + comparator, "subheading"), chart)
    worse = flagged(ctx)
    view.add(Text("Worse than their comparator and getting worse", "subheading"))
    if worse.empty:
        view.add(Text("No ward is both significantly worse than its comparator and on a significantly worsening "
                      "recent trend, on any indicator with a declared polarity.", "success"))
    else:
        view.add(Table(flagged_table(worse), "worse_and_getting_worse", "flagged",
                       origin=origin(ctx, *[catalogue.get(i) for i in worse["indicator_id"].unique()])))
    demand = rising(ctx)
    view.add(Text("Demand higher than their comparator and rising", "subheading"),
             Text("Demand for help and services (hub requests, advice issues, food bank vouchers, referrals, GP "
                  "appointments) has no 'better' direction (more may be more need, or more people reaching help), so "
                  "it is said to be higher or lower, never worse."))
    if demand.empty:
        view.add(Text("No ward has demand significantly higher than its comparator on a significantly increasing "
                      "recent trend.", "success"))
    else:
        view.add(Table(flagged_table(demand), "higher_and_rising", "rising",
                       origin=origin(ctx, *[catalogue.get(i) for i in demand["indicator_id"].unique()])))
    survey = _survey(ctx)
    if survey:
        view.add(Text("The voluntary sector", "subheading"), Text(survey, "body"))
    view.narrative = [headline_sentence, summary, *([survey] if survey else [])]
    for row in demand.head(FLAGGED_SENTENCES).to_dict("records"):
        view.narrative.append(describe_ward(row, title=row["indicator_title"], unit=row["unit"],
                                            borough_name=row["parent_name"]))
    for row in worse.head(FLAGGED_SENTENCES).to_dict("records"):
        view.narrative.append(describe_ward(row, title=row["indicator_title"], unit=row["unit"],
                                            borough_name=row["parent_name"]))
    if worse.empty and not grid.empty:
        view.narrative.append("No ward is both significantly worse than its comparator and on a significantly "
                              "worsening recent trend.")
    view.lead = chart
    indicators = [catalogue.get(i) for i in dict.fromkeys(grid["indicator_id"])] if not grid.empty else []
    view.sources = tuple(dict.fromkeys(i.attribution for i in indicators))
    view.definitions = tuple(f"{i.title}: {i.definition}" for i in indicators)
    return view


def matrix_table(grid: pd.DataFrame) -> pd.DataFrame:
    """The matrix as a table: wards down, indicators across, the value (blank when suppressed)."""
    if grid.empty:
        return grid
    wide = grid.assign(value=rounded(grid["value"].where(~grid["suppressed"].astype(bool)))).pivot_table(
        index="area_name", columns="indicator_title", values="value", aggfunc="first", dropna=False, sort=False)
    wide.columns.name = None
    return wide.reset_index().rename(columns={"area_name": "Ward"})
