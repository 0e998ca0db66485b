"""Sentences several views say: a chosen area's value against its comparator, with its monthly run."""

from __future__ import annotations

from metrics.narrative import consecutive_run, describe_ward
from metrics.periods import Period
from sources.base import Indicator
from views._shared import Context, mark, period_code, rate_unit
from warehouse import values


def area_sentences(ctx: Context, indicator: Indicator, period: Period | str, band: str = "All") -> list[str]:
    """One sentence per chosen area (the sidebar's areas) for the period, against its comparator."""
    chosen = [a for a in ctx.filters.areas if a in ctx.geo.by_code]
    if not chosen or indicator.method == "score":
        return []
    parents = {ctx.geo.by_code[a].parent for a in chosen} - {None}
    rows = mark(ctx, values.read(ctx.store, indicator.id, role=ctx.role, periods=[period_code(period)],
                                 areas=[*chosen, *parents], bands=[band]), indicator)
    monthly = values.read(ctx.store, indicator.id, role=ctx.role, period_types=["month"], areas=chosen,
                          bands=[band], columns=["area_code", "period_start", "value"])
    end = period.end if isinstance(period, Period) else None
    unit = rate_unit(indicator, ctx.filters)
    out = []
    for code in chosen:
        mine = rows[rows["area_code"] == code]
        if mine.empty:
            continue
        row = mine.iloc[0]
        parent = rows[rows["area_code"] == row["parent_code"]]
        parent_value = None if parent.empty or bool(parent["suppressed"].iloc[0]) else float(parent["value"].iloc[0])
        line = monthly[monthly["area_code"] == code].sort_values("period_start")
        if end is not None:
            line = line[line["period_start"] <= end]
        run = consecutive_run(line["value"].tolist()) if len(line) else 0
        out.append(describe_ward(row, title=indicator.title, unit=unit,
                                 borough_name=str(row["parent_name"] or ctx.top_name), borough_value=parent_value,
                                 run=run, run_end=f"{end:%B %Y}" if end is not None else ""))
    return out
