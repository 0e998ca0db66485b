"""Indicators from the command line: the catalogue, and one indicator's ready values as a table."""

from __future__ import annotations

import pandas as pd

from metrics import catalogue
from metrics.periods import default_period, parse_code
from warehouse import values
from warehouse.store import Store


def catalogue_text() -> str:
    lines = []
    for theme, items in catalogue.by_theme().items():
        lines.append(theme)
        lines += [f"  {i.id:<32}{i.title} ({i.unit})" for i in items]
    return "\n".join(lines)


def _fmt(value, digits: int = 1) -> str:
    return "" if pd.isna(value) else f"{value:,.{digits}f}"


def indicator_rows(store: Store, indicator_id: str, *, period: str | None, role: str, band: str = "All") -> pd.DataFrame:
    """The indicator's values for every area at `period` (its default when None): the rows pages read."""
    indicator = catalogue.get(indicator_id)
    if indicator.method == "score":
        return values.read(store, indicator_id, role=role, bands=[band])
    held = values.periods_held(store, indicator_id)
    chosen = parse_code(period) if period else default_period(held)
    if chosen not in held:
        raise ValueError(f"{indicator_id} has no values for {period}: choose from "
                         f"{', '.join(p.code for p in held[-8:])} …")
    return values.read(store, indicator_id, role=role, periods=[chosen.code], bands=[band])


def report_text(frame: pd.DataFrame, indicator_id: str) -> str:
    indicator = catalogue.get(indicator_id)
    if frame.empty:
        return f"{indicator.title}: no values"
    lines = [f"{indicator.title} ({indicator.id}) - {indicator.unit}", f"Period: {frame['period_label'].iloc[0]}",
             f"Method: {indicator.method}; polarity: {indicator.polarity}; {indicator.definition}", "",
             f"{'area':<40}{'count':>8}{'denom':>10}{'value':>10}{'95% CI':>20}  {'vs comparator':<14}trend"]
    for r in frame.sort_values(["area_type", "area_name"]).itertuples(index=False):
        ci = "" if pd.isna(r.lower_ci) else f"{_fmt(r.lower_ci, 2)}-{_fmt(r.upper_ci, 2)}"
        count = "[supp]" if r.suppressed else ("" if pd.isna(r.count) else f"{int(r.count):,}")
        lines.append(f"{str(r.area_name)[:38]:<40}{count:>8}{_fmt(r.denominator, 0):>10}{_fmt(r.value, 2):>10}"
                     f"{ci:>20}  {r.comparison:<14}{r.trend}")
    return "\n".join(lines)
