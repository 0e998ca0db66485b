"""The backlog (missing demand) as a view shows it: the cumulative gap chart, its table and its sentences, for an
indicator and areas (Trends), and every demand indicator of one area (the ward profile)."""

from __future__ import annotations

import pandas as pd

from charts.outcomes import backlog_chart
from metrics import catalogue
from metrics.backlog import noun, sentence, summary
from sources.base import Indicator
from views._shared import Context, counts, mark, rounded
from views.base import Chart, Table, Text
from warehouse import values

COLUMNS = ["cumulative_gap", "cumulative_gap_lower", "cumulative_gap_upper"]


def has_backlog(indicator: Indicator) -> bool:
    return indicator.method == "rate" and indicator.demand and indicator.numerator is not None


def gap_table(rows: pd.DataFrame) -> pd.DataFrame:
    shown = rows.dropna(subset=["cumulative_gap"]).sort_values(["area_name", "period_start"])
    return pd.DataFrame({"Month": shown["period_start"].dt.strftime("%b %Y"), "Area": shown["area_name"],
                         "Observed": counts(shown["count"], shown["suppressed"]),
                         "Expected": rounded(shown["expected_count"]),
                         "Cumulative gap (observed - expected)": shown["cumulative_gap"].round(0),
                         "95% interval lower": shown["cumulative_gap_lower"].round(0),
                         "95% interval upper": shown["cumulative_gap_upper"].round(0),
                         "Cumulative expected": shown["cumulative_expected"].round(0)})


def backlog_blocks(ctx: Context, indicator: Indicator, areas: tuple[str, ...], *, band: str = "All") \
        -> tuple[list, list[str]]:
    """Blocks and sentences of the backlog of one indicator for the partnership and the chosen areas."""
    if not has_backlog(indicator):
        return [], []
    wanted = [ctx.top, *[a for a in areas if a != ctx.top and a in ctx.geo.by_code]]
    rows = values.read(ctx.store, indicator.id, role=ctx.role, period_types=["month"], areas=wanted, bands=[band])
    if rows.empty or rows["expected_count"].isna().all():
        return [], []
    rows = mark(ctx, rows, indicator)
    start = f"{pd.Timestamp(ctx.settings.pandemic_start):%B %Y}"
    sentences = [sentence(rows[rows["area_code"] == code], title=indicator.title, area=ctx.name(code))
                 for code in wanted if (rows["area_code"] == code).any()]
    chart = Chart(backlog_chart(rows, title=f"{indicator.title}: demand missed or made up since {start}",
                                what=noun(indicator.title)),
                  gap_table(rows), sentences[0], f"{indicator.id}_backlog", "backlog")
    blocks = [Text("Missing demand and backlog", "subheading"), chart]
    blocks += [Text(s, "body") for s in sentences[1:]]
    blocks.append(Text(f"Cumulative observed minus expected count since {start}, month by month: below zero, demand "
                       "that did not arrive; back at zero, made up. Expected is the same month before the pandemic "
                       f"({ctx.settings.baseline_start} to {ctx.settings.baseline_end}). The 95% interval counts the "
                       "Poisson variation of the months observed and of the baseline months the expectation rests on "
                       "(a baseline month used twice counts twice over)."))
    return blocks, sentences


def area_backlogs(ctx: Context, area: str) -> pd.DataFrame:
    """Every demand indicator's backlog in one area: deepest shortfall, latest gap, made up by (for a table)."""
    ids = [i.id for i in catalogue.all_indicators() if has_backlog(i)]
    rows = values.read(ctx.store, ids, role=ctx.role, period_types=["month"], areas=[area],
                       columns=["indicator_id", "area_code", "period_start", *COLUMNS])
    out = []
    for indicator_id, g in rows.groupby("indicator_id", sort=False):
        s = summary(g)
        if s is None:
            continue
        deepest, latest = s["deepest"], s["latest"]
        below = deepest["cumulative_gap"] < 0
        out.append({"indicator_id": indicator_id, "Indicator": catalogue.get(indicator_id).title,
                    "Deepest shortfall": f"{deepest['cumulative_gap']:+,.0f} by {deepest['period_start']:%b %Y}"
                                         if below else "none",
                    "Deepest: 95% interval": f"{deepest['cumulative_gap_lower']:+,.0f} to "
                                             f"{deepest['cumulative_gap_upper']:+,.0f}" if below else "",
                    "Significant shortfall": "yes" if s["shortfall"] else "no",
                    "Made up by": f"{s['made_up']:%b %Y}" if s["made_up"] is not None else "",
                    "Latest month": f"{latest['period_start']:%b %Y}",
                    "Total to the latest month": f"{latest['cumulative_gap']:+,.0f}",
                    "Latest: 95% interval": f"{latest['cumulative_gap_lower']:+,.0f} to "
                                            f"{latest['cumulative_gap_upper']:+,.0f}",
                    "_sentence": sentence(g, title=catalogue.get(indicator_id).title, area=ctx.name(area)),
                    "_significant": s["shortfall"] or s["latest_excess"] or s["latest_shortfall"]})
    return pd.DataFrame(out)


def area_blocks(ctx: Context, area: str) -> tuple[list, list[str]]:
    frame = area_backlogs(ctx, area)
    if frame.empty:
        return [], []
    start = f"{pd.Timestamp(ctx.settings.pandemic_start):%B %Y}"
    table = frame.drop(columns=["indicator_id", "_sentence", "_significant"])
    deferred = frame[frame["indicator_id"].map(lambda i: catalogue.get(i).deferred)]
    sentences = list(deferred["_sentence"])
    blocks = [Text(f"Missing demand since {start}", "subheading"), *[Text(s, "body") for s in sentences],
              Table(table, f"backlog_{area}", "backlog-table",
                    caption=f"Every demand indicator in {ctx.name(area)}: the cumulative observed minus expected count "
                            f"since {start} (negative: demand that did not arrive), at its deepest and now, with 95% "
                            "intervals. Open Trends for the month-by-month chart.")]
    return blocks, sentences
