"""The health context (OHID Fingertips) that the ward profile and the Data page show: each district's published
indicators against the county and England, as Fingertips publishes them, protected for viewers."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from charts.health_context import context_spine
from metrics.fingertips import health_context, protect
from metrics.narrative import SIGNIFICANT
from views._shared import Context, counts, rounded
from views.base import Chart
from warehouse import queries, values

SOURCE_NOTE = ("OHID Fingertips (Office for Health Improvement and Disparities, Public Health Profiles, OGL v3): "
               "values, intervals, recent trends and polarity as published.")


def districts_of(ctx: Context, area: str) -> list[str]:
    """The districts an area lies in (a ward's district; every district of a partnership or group)."""
    me = ctx.geo.by_code[area]
    if me.type == "district":
        return [area]
    by_code = ctx.geo.by_code
    found = {by_code[m].parent for m in me.members if m in by_code and by_code[m].type == "ward"}
    return [a.code for a in ctx.geo.of_type("district") if a.code in found]


def rows(ctx: Context, districts: Sequence[str]) -> pd.DataFrame:
    """Each district's Fingertips indicators (metrics.fingertips.health_context), protected for the role."""
    if not districts or not ctx.store.has_table("comparators"):
        return pd.DataFrame()
    county = ctx.settings.county_code or None
    published = queries.comparators(ctx.store, list(districts))
    frame = health_context(published, districts=districts, county=county)
    if frame.empty:
        return frame
    rules = values.rules()
    return protect(frame, role=ctx.role, threshold=rules.threshold, rounding=rules.rounding)


def spine(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows a spine compares: not plain counts (a count is not comparable across areas)."""
    return frame[frame["value_type"].fillna("") != "Count"].reset_index(drop=True)


def table(frame: pd.DataFrame, county_name: str) -> pd.DataFrame:
    """The health context as people read it: one row per district and indicator."""
    if frame.empty:
        return pd.DataFrame(columns=["District", "Indicator", "Period", "Sex", "Age", "Value type", "Value",
                                     "95% CI lower", "95% CI upper", "Count", county_name, "England",
                                     "Compared with England", f"Compared with {county_name}", "Recent trend",
                                     "Polarity"])
    shown = {c: rounded(frame[c]) for c in ("value", "lower_ci", "upper_ci", "county_value", "england_value")}
    return pd.DataFrame({
        "District": frame["area_name"], "Indicator": frame["indicator_name"], "Period": frame["time_period"],
        "Sex": frame["sex"], "Age": frame["age"], "Value type": frame["value_type"].fillna("not published"),
        "Value": shown["value"], "95% CI lower": shown["lower_ci"], "95% CI upper": shown["upper_ci"],
        "Count": counts(frame["count"], frame["suppressed"]).where(frame["count"].notna() | frame["suppressed"],
                                                                         "not published"),
        county_name: shown["county_value"], "England": shown["england_value"],
        "Compared with England": frame["compared_to_england"].str.capitalize(),
        f"Compared with {county_name}": frame["compared_to_county"].str.capitalize(),
        "Recent trend": frame["recent_trend"], "Polarity": frame["polarity_label"]})


def summary(frame: pd.DataFrame, district: str) -> str:
    """How many of the district's indicators Fingertips finds better, worse, higher or lower than England."""
    if frame.empty:
        return f"No Fingertips indicators are loaded for {district}."
    n = len(frame)
    found = frame["compared_to_england"].value_counts()
    parts = [f"{int(found[c])} {c}" for c in SIGNIFICANT if found.get(c, 0)]
    similar = int(found.get("similar", 0))
    text = f"{district} on {n} Fingertips indicators against England: "
    text += ", ".join(parts + ([f"{similar} similar"] if similar else [])) or "none compared"
    rest = n - sum(int(found.get(c, 0)) for c in (*SIGNIFICANT, "similar"))
    return text + (f", {rest} not compared" if rest else "") + " (95% intervals; where better or worse is " \
        "not plain, higher or lower)."


def charts(ctx: Context, districts: Sequence[str]) -> tuple[list[Chart], pd.DataFrame]:
    """A spine chart per district, with its table; and all the rows (for narratives and tables)."""
    frame = rows(ctx, districts)
    county = ctx.settings.county_name or "the county"
    out = []
    for district in districts:
        mine = frame[frame["area_code"] == district] if len(frame) else frame
        name = ctx.name(district)
        drawn = spine(mine) if len(mine) else mine
        out.append(Chart(context_spine(drawn, title=f"{name} against England and {county} (Fingertips)",
                                       county_name=county), table(mine, county), summary(drawn, name),
                         f"health_context_{district}", f"context-{district}"))
    return out, frame
