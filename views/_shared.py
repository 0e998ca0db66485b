"""What every view needs: the areas, the chosen period, an indicator's ready values, and human tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from metrics import catalogue
from metrics.narrative import decimals
from metrics.periods import Period, default_period, parse_code
from settings import get_settings
from sources.base import Indicator
from views.base import ALL_AGES, Filters
from warehouse import values
from warehouse.areas import TYPE_NAMES, UNKNOWN, Geography
from warehouse.store import Store


class NoData(LookupError):
    """The store holds nothing yet for what a view was asked (a source not ingested)."""


@dataclass(frozen=True)
class Context:
    store: Store
    geo: Geography
    filters: Filters

    @property
    def settings(self):
        return get_settings()

    @property
    def role(self) -> str:
        return self.filters.role

    @property
    def top(self) -> str:
        return self.geo.top

    @property
    def top_name(self) -> str:
        return self.geo.by_code[self.geo.top].name

    def name(self, code: str) -> str:
        return self.geo.names.get(code, code)


def origin(ctx: Context, *things) -> str:
    """The real/illustrative label of a figure built from these indicators or sources (names or objects)."""
    from warehouse import provenance

    names = [t if isinstance(t, str) else getattr(t, "source", None) or getattr(t, "name", "") for t in things]
    return provenance.label(ctx.store, *names)


def context(store: Store, filters: Filters) -> Context:
    return Context(store, values.geography(store), filters)


def partners() -> list:
    """The partner sources (those with a headline), in the order dashboard.toml's [partners] lists them."""
    import sources

    order = [name for name, _ in get_settings().partners]
    return sorted(sources.partner_sources(), key=lambda s: order.index(s.name) if s.name in order else len(order))


def indicator_of(filters: Filters) -> Indicator:
    return catalogue.get(filters.indicator) if catalogue.known(filters.indicator) else \
        catalogue.get(DEFAULT_INDICATOR)


DEFAULT_INDICATOR = "hub_food_parcels"


def chosen_period(ctx: Context, indicator: Indicator, code: str | None = None) -> Period | str:
    """The period to show: the one asked for when the indicator has it, else its default.

    A deprivation score has editions ("IoD 2025") instead of periods; that string is returned for it.
    """
    if indicator.method == "score":
        editions = values.editions_held(ctx.store, indicator.id)
        if not editions:
            raise NoData(f"There is no deprivation data in the store yet for '{indicator.title}'. Load it with "
                         "'python -m warehouse ingest deprivation FILE'.")
        return editions[-1]
    held = values.periods_held(ctx.store, indicator.id)
    if not held:
        raise NoData(f"There is no {indicator.source.replace('_', ' ')} data in the store yet for "
                     f"'{indicator.title}'. Load it with 'python -m warehouse ingest {indicator.source} FILE'.")
    wanted = code if code is not None else ctx.filters.period
    if wanted:
        try:
            period = parse_code(wanted)
        except ValueError:
            period = None
        if period is not None and period in held:
            return period
    return default_period(held)


def period_code(period: Period | str) -> str:
    return period if isinstance(period, str) else period.code


def period_label(period: Period | str) -> str:
    return period if isinstance(period, str) else period.label


def band_of(filters: Filters, indicator: Indicator) -> str:
    """The band the filters ask for, if the indicator offers it, else all ages ('All')."""
    from sources import get as source

    if filters.age != ALL_AGES and "age_band" in indicator.breakdowns and \
            filters.age in source(indicator.source).band_labels:
        return filters.age
    return "All"


def frame(ctx: Context, indicator: Indicator, *, period: Period | str, area_types: Sequence[str] | None = None,
          bands: Sequence[str] | None = ("All",), areas: Sequence[str] | None = None) -> pd.DataFrame:
    """An indicator's rows for one period, the page's role, with `reference` marking the comparator area."""
    rows = values.read(ctx.store, indicator.id, role=ctx.role, periods=[period_code(period)], area_types=area_types,
                       bands=bands, areas=areas)
    return mark(ctx, rows, indicator)


def mark(ctx: Context, rows: pd.DataFrame, indicator: Indicator) -> pd.DataFrame:
    """Add what displays need: the comparator's name, and standardised rates when chosen."""
    rows = rows.copy()
    rows["reference"] = rows["area_code"] == ctx.top
    rows["parent_name"] = rows["parent_code"].map(ctx.geo.names)
    if ctx.filters.rate == "standardised" and indicator.standardise:
        rows = standardised(rows)
    return rows


def standardised(rows: pd.DataFrame) -> pd.DataFrame:
    """All-ages rows with the age-standardised rate in place of the crude one (compared with the comparator's
    standardised rate by the same interval rule); band rows keep their age-specific rate."""
    from metrics.compare import compare

    out = rows.copy()
    totals = out["band"] == "All"  # a single band's crude rate is already its age-specific rate
    for crude, standard in (("value", "dsr"), ("lower_ci", "dsr_lower_ci"), ("upper_ci", "dsr_upper_ci")):
        out.loc[totals, crude] = out.loc[totals, standard]
    out.loc[totals, "method"] = out.loc[totals, "dsr_method"].fillna("not calculated")
    ref = out.set_index(["indicator_id", "area_code", "band", "period"])["value"]
    parent = ref.reindex(pd.MultiIndex.from_arrays([out["indicator_id"], out["parent_code"], out["band"],
                                                    out["period"]])).to_numpy()
    for indicator_id, rows in out.groupby("indicator_id"):
        polarity = catalogue.get(indicator_id).polarity
        out.loc[rows.index, "comparison"] = compare(rows["lower_ci"], rows["upper_ci"], parent[out.index.get_indexer(
            rows.index)], polarity=polarity).to_numpy()
    return out


def rate_unit(indicator: Indicator, filters: Filters, band: str = "All") -> str:
    """The unit of the values shown: a band's own population, or the indicator's (age-standardised when chosen)."""
    if band != "All" and indicator.denominator == "population":
        return f"per 1,000 residents aged {band}"
    if filters.rate == "standardised" and indicator.standardise:
        return f"{indicator.unit}, age-standardised (ESP 2013)"
    return indicator.unit


def cite(*indicators: Indicator) -> dict:
    return {"sources": tuple(dict.fromkeys(i.attribution for i in indicators)),
            "definitions": tuple(dict.fromkeys(f"{i.title}: {i.definition}" for i in indicators))}


# --- tables people read -------------------------------------------------------------------------------

def round_value(value: float) -> float:
    """The house precision (metrics.narrative.decimals): what a table or CSV holds is what a sentence says."""
    if value is None or pd.isna(value):
        return np.nan
    return round(float(value), decimals(float(value)))


def rounded(series: pd.Series) -> pd.Series:
    return series.astype(float).map(round_value)


def counts(series: pd.Series, suppressed: pd.Series | None = None) -> pd.Series:
    """Counts as a table shows them: whole numbers as text, "suppressed" where hidden (one type per column)."""
    hidden = series.isna() if suppressed is None else (suppressed.fillna(False).astype(bool) | series.isna())
    text = series.astype("Float64").round().astype("Int64").astype(str)
    return text.where(~hidden.to_numpy(), "suppressed")


def yes_no(series: pd.Series) -> pd.Series:
    return series.fillna(False).astype(bool).map({True: "yes", False: "no"})


def area_table(rows: pd.DataFrame, indicator: Indicator, unit: str, *, comparator: str = "comparator") -> pd.DataFrame:
    """The table behind an indicator chart, with the column names a person reads and sensible precision."""
    out = pd.DataFrame({"Area": rows["area_name"].to_numpy()})
    if rows["area_type"].nunique() > 1:
        out["Area type"] = rows["area_type"].map(TYPE_NAMES).to_numpy()
    if "band" in rows and (rows["band"] != "All").any():
        out["Age band"] = rows["band"].replace({"All": "All ages"}).to_numpy()
    out["Period"] = rows["period_label"].to_numpy()
    if indicator.method != "score":  # a score has no count (a blank would read as "suppressed")
        out["Count"] = counts(rows["count"], rows["suppressed"]).to_numpy()
        out["Denominator"] = rows["denominator"].round().astype("Int64").to_numpy()
    out[f"Value ({unit})"] = rounded(rows["value"]).to_numpy()
    if indicator.method != "score":
        out["95% CI lower"] = rounded(rows["lower_ci"]).to_numpy()
        out["95% CI upper"] = rounded(rows["upper_ci"]).to_numpy()
        out[f"Compared with {comparator}"] = rows["comparison"].to_numpy()
        out["Recent trend"] = rows["trend"].to_numpy()
    out["Method"] = rows["method"].to_numpy()
    return out.fillna({"Denominator": pd.NA}) if "Denominator" in out else out


def named(codes: Iterable[str], ctx: Context) -> list[str]:
    return [ctx.name(c) for c in codes if c != UNKNOWN]


def defaults(frame: pd.DataFrame) -> pd.DataFrame:
    """Each indicator's rows at its own default period: its latest complete quarter, else latest month."""
    if frame.empty:
        return frame
    parts = []
    for _, rows in frame.groupby("indicator_id", sort=False):
        quarters = rows[rows["period_type"] == "quarter"]
        pool = quarters if len(quarters) else rows[rows["period_type"].isin(["month", "edition"])]
        if pool.empty:
            continue
        latest = pool["period_start"].max()
        parts.append(pool[pool["period_start"] == latest])
    return pd.concat(parts, ignore_index=True) if parts else frame.iloc[0:0]
