"""The frames each page shows, built from `compute`/`series` so that pages hold no calculations.

Every function takes the store and the role and returns small frames that have already been through
disclosure control; the tables returned are exactly what the charts draw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics import catalogue
from metrics.disclosure import rules
from metrics.engine import UNKNOWN, compute
from metrics.inequality import sii_rii
from metrics.rates import rate_ci
from metrics.suppression import protect_table
from settings import get_settings
from warehouse import queries
from warehouse.store import Store

# The multi-agency matrix: demand each partner sees, side by side.
MATRIX = (("hub_food_parcels", "Community hub"), ("hub_personal_shopping_65", "Community hub"),
          ("ca_debt", "Citizens Advice"), ("ca_housing", "Citizens Advice"), ("ca_redundancy", "Citizens Advice"),
          ("police_crime", "Police"), ("police_asb", "Police"), ("mh_start_referrals", "Mental health trust"),
          ("mh_iapt_referrals", "Mental health trust"), ("gp_appointments", "GP practices"))
HUB_TYPES = ("Food parcel", "Personal shopping", "Prescription collection", "Befriending", "Financial hardship",
             "Digital support", "Other")
FIVE_YEAR = [(f"{a}-{a + 4}", a, a + 4) for a in range(0, 90, 5)] + [("90+", 90, None)]


def rounded(frame: pd.DataFrame, digits: int = 3) -> pd.DataFrame:
    """A copy with float columns rounded for display and download (dates and text untouched)."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype.kind == "f":
            out[col] = out[col].round(digits)
    return out


SERIES_COLUMNS = ["period", "area_name", "count", "denominator", "value", "lower_ci", "upper_ci", "suppressed",
                  "expected", "expected_lower", "expected_upper", "mean", "upper_limit", "lower_limit",
                  "special_cause"]


def series_table(series: pd.DataFrame) -> pd.DataFrame:
    """The table behind a trend chart: the columns it draws, rounded."""
    return rounded(series[[c for c in SERIES_COLUMNS if c in series.columns]])


def indicator_table(frame: pd.DataFrame, indicator: catalogue.Indicator) -> pd.DataFrame:
    """The table alternative for an indicator frame, with plain column names."""
    cols = {"area_name": "Area", "age_band": "Age band", "count": "Count", "denominator": "Denominator",
            "value": f"Value ({indicator.unit})", "lower_ci": "Lower 95% CI", "upper_ci": "Upper 95% CI",
            "comparison": "Compared with borough (95%)", "comparison_99_8": "Compared with borough (99.8%)",
            "trend": "Recent trend", "suppressed": "Suppressed", "period_label": "Period", "method": "Method"}
    out = frame[[c for c in cols if c in frame.columns]].rename(columns=cols)
    for col in out.columns:
        if out[col].dtype.kind == "f":
            out[col] = out[col].round(2)
    return out


def demand_matrix(store: Store, *, period: str | None, role: str) -> pd.DataFrame:
    """Wards x partner indicators: rate, comparison with the borough and trend (each source's period)."""
    parts = []
    for indicator_id, partner in MATRIX:
        indicator = catalogue.get(indicator_id)
        if not queries.months_available(store, indicator.source):
            continue
        frame = compute(indicator_id, period=period or None, role=role, store=store)
        frame = frame[frame["area_type"] == "ward"].assign(indicator_title=indicator.title, partner=partner,
                                                           unit=indicator.unit, polarity=indicator.polarity)
        parts.append(frame)
    if not parts:
        return pd.DataFrame()
    cols = ["area_code", "area_name", "indicator_id", "indicator_title", "partner", "period_label", "count", "value",
            "lower_ci", "upper_ci", "comparison", "trend", "suppressed", "unit", "polarity"]
    return pd.concat(parts, ignore_index=True)[cols]


def matrix_table(matrix: pd.DataFrame) -> pd.DataFrame:
    """The matrix as a wide table: wards down, indicators across, the value (blank when suppressed)."""
    if matrix.empty:
        return matrix
    wide = matrix.pivot_table(index="area_name", columns="indicator_title", values="value", aggfunc="first",
                              dropna=False, sort=False).round(2)
    return wide.reset_index().rename(columns={"area_name": "Ward"})


def matrix_summary(matrix: pd.DataFrame, *, borough_name: str) -> str:
    if matrix.empty:
        return "No partner data in the store."
    worse = matrix[matrix["comparison"] == "worse"]
    top = worse["area_name"].value_counts()
    lead = f" {top.index[0]} is worse on {top.iloc[0]} of {matrix['indicator_id'].nunique()}." if len(top) else ""
    return (f"{len(worse)} ward-indicator pairs are significantly worse than {borough_name} and "
            f"{(matrix['comparison'] == 'better').sum()} significantly better (95% intervals).{lead} Grey cells "
            "are not compared (no judgement, suppressed or no data).")


def worse_and_worsening(matrix: pd.DataFrame) -> pd.DataFrame:
    """Ward-indicator pairs significantly worse than the borough whose recent trend is getting worse."""
    if matrix.empty:
        return matrix
    hit = (matrix["comparison"] == "worse") & matrix["trend"].str.endswith("getting worse")
    return matrix[hit].sort_values(["indicator_title", "value"], ascending=[True, False]).reset_index(drop=True)


def ward_spine(store: Store, *, ward_code: str, period: str | None, role: str) -> pd.DataFrame:
    """One row per indicator: the ward against the borough and the spread of wards (shown values only)."""
    rows = []
    for indicator in catalogue.INDICATORS:
        if indicator.numerator is not None and not queries.months_available(store, indicator.source):
            continue
        if indicator.numerator is None and queries.ward_deprivation(store).empty:
            continue
        frame = compute(indicator.id, period=period or None, role=role, store=store)
        wards = frame[frame["area_type"] == "ward"]
        ward = wards[wards["area_code"] == ward_code]
        borough = frame[frame["area_type"] == "borough"]
        values = wards["value"].dropna()
        if ward.empty or borough.empty:
            continue
        ward, borough = ward.iloc[0], borough.iloc[0]
        rows.append({"indicator_id": indicator.id, "indicator_title": indicator.title, "theme": indicator.theme,
                     "unit": indicator.unit, "polarity": indicator.polarity, "period_label": ward["period_label"],
                     "ward_count": ward["count"], "ward_value": ward["value"], "ward_lower_ci": ward["lower_ci"],
                     "ward_upper_ci": ward["upper_ci"], "borough_value": borough["value"],
                     "ward_min": values.min() if len(values) else np.nan,
                     "ward_q25": values.quantile(0.25) if len(values) else np.nan,
                     "ward_q75": values.quantile(0.75) if len(values) else np.nan,
                     "ward_max": values.max() if len(values) else np.nan,
                     "comparison": ward["comparison"], "trend": ward["trend"], "suppressed": bool(ward["suppressed"])})
    if not rows:
        from metrics.engine import NoData

        raise NoData("There is no partner or deprivation data in the store yet: load some with "
                     "`python -m warehouse ingest SOURCE FILE` (or `make run` builds the sample store).")
    return pd.DataFrame(rows)


def population_profile(store: Store, *, ward_code: str) -> pd.DataFrame:
    """Share of residents in each five-year age band: the ward against the borough (Census, persons)."""
    pop = queries.population(store, by_age=FIVE_YEAR)
    if pop.empty:
        return pd.DataFrame(columns=["age_band", "ward_pct", "borough_pct"])
    ward = pop[pop["area_code"] == ward_code].set_index("band")["population"]
    borough = pop.groupby("band")["population"].sum()
    order = [b for b, _, _ in FIVE_YEAR]
    return pd.DataFrame({"age_band": order, "ward_pct": (ward.reindex(order) / ward.sum() * 100).round(2).to_numpy(),
                         "borough_pct": (borough.reindex(order) / borough.sum() * 100).round(2).to_numpy()})


def deprivation_mix(store: Store, *, ward_code: str) -> pd.DataFrame:
    """How many of the ward's LSOAs fall in each national IMD decile (1 = most deprived 10%)."""
    lsoas = queries.lsoa_deprivation(store)
    ward = lsoas[lsoas["ward_code"] == ward_code]
    counts = ward.groupby("imd_decile")["lsoa_code"].nunique().reindex(range(1, 11), fill_value=0)
    return pd.DataFrame({"imd_decile": counts.index, "lsoas": counts.to_numpy()})


def ward_deciles(store: Store) -> pd.DataFrame:
    """Each ward's deprivation group: the national IMD decile of most of its LSOAs (ties: the more deprived)."""
    lsoas = queries.lsoa_deprivation(store)
    modal = (lsoas.groupby(["ward_code", "imd_decile"]).size().rename("n").reset_index()
             .sort_values(["ward_code", "n", "imd_decile"], ascending=[True, False, True])
             .drop_duplicates("ward_code"))
    scores = lsoas.groupby("ward_code")["imd_score"].mean()
    out = modal.rename(columns={"ward_code": "area_code"})[["area_code", "imd_decile"]]
    out["imd_score"] = out["area_code"].map(scores)
    return out.reset_index(drop=True)


def by_deprivation(store: Store, indicator_id: str, *, period: str | None, role: str) -> tuple[pd.DataFrame, dict]:
    """The indicator pooled over wards grouped by IMD decile, with the slope and relative index of inequality.

    Partner data resolve to wards, so each ward joins the national decile of most of its LSOAs. With fewer
    than five deciles present, the wards themselves (ranked by IMD score) are the groups.
    """
    indicator = catalogue.get(indicator_id)
    if indicator.method != "rate":
        raise ValueError(f"{indicator.title} is not a rate: the inequality gradient needs counts per population")
    true = compute(indicator_id, period=period or None, role="analyst", store=store)
    wards = true[true["area_type"] == "ward"].merge(ward_deciles(store), on="area_code")
    grouped_by = "decile"
    if wards["imd_decile"].nunique() >= 5:
        groups = wards.groupby("imd_decile", as_index=False).agg(count=("count", "sum"),
                                                                 denominator=("denominator", "sum"),
                                                                 wards=("area_name", lambda s: "; ".join(s)))
        groups["group"] = groups["imd_decile"]
    else:
        grouped_by = "ward"
        groups = wards.sort_values("imd_score", ascending=False).assign(
            group=lambda f: range(1, len(f) + 1), wards=lambda f: f["area_name"])[
            ["group", "imd_decile", "count", "denominator", "wards"]]
    stats = rate_ci(groups["count"].astype(float), groups["denominator"].astype(float), per=indicator.multiplier)
    groups = groups.assign(value=stats["value"].to_numpy(), lower_ci=stats["lower_ci"].to_numpy(),
                           upper_ci=stats["upper_ci"].to_numpy())
    summary: dict = {"grouped_by": grouped_by, "groups": len(groups), "period_label": true["period_label"].iloc[0]}
    if len(groups) >= 5 and groups["value"].notna().all() and (groups["upper_ci"] > groups["lower_ci"]).all():
        sii = sii_rii(groups["group"], groups["value"], groups["denominator"], groups["lower_ci"],
                      groups["upper_ci"]).iloc[0]
        summary.update({k: float(sii[k]) for k in ("value", "lower_ci", "upper_ci", "rii", "rii_lower_ci",
                                                   "rii_upper_ci", "fitted_most_deprived", "fitted_least_deprived")})
        summary["method"] = sii["method"]
    # Disclosure: the pooled groups and their total are shown, so they are protected as one table.
    shown = protect_table(groups[["group", "count"]].astype({"count": "int64"}), rows="group", role=role,
                          rules=rules(), margins=True)
    cells = shown[~shown["is_total"]].set_index("group")
    groups["suppressed"] = groups["group"].map(cells["suppressed"]).astype(bool).to_numpy()
    groups["count"] = groups["group"].map(cells["count"]).to_numpy()
    groups.loc[groups["suppressed"], ["value", "lower_ci", "upper_ci"]] = np.nan
    groups = groups.rename(columns={"imd_decile": "decile"}) if grouped_by == "decile" else groups
    if grouped_by == "decile":
        groups = groups.drop(columns=["group"])
    return groups.reset_index(drop=True), summary


def hub_age_rates(store: Store, *, period: str | None, role: str) -> pd.DataFrame:
    """Borough rates per 1,000 residents in each age band for every hub request type."""
    parts = []
    for category in HUB_TYPES:
        indicator = _hub_type_indicator(category)
        frame = compute(indicator, period=period or None, breakdown="age_band", role=role, store=store)
        b = frame[(frame["area_type"] == "borough") & (frame["age_band"] != "All")]
        parts.append(b.assign(category=category)[["category", "age_band", "count", "denominator", "value",
                                                    "lower_ci", "upper_ci", "suppressed", "period_label"]])
    return pd.concat(parts, ignore_index=True)


def _hub_type_indicator(category: str) -> catalogue.Indicator:
    from dataclasses import replace

    from warehouse.queries import EventFilter

    base = catalogue.get("hub_food_parcels")
    slug = category.lower().replace(" ", "_")
    return replace(base, id=f"hub_type_{slug}", title=f"{category} requests",
                   numerator=EventFilter("community_hub", categories=(category,)),
                   definition=f"Hub requests of type '{category}', per 1,000 residents in the age band.")


def hub_age_contrast(store: Store, *, category: str, period: str | None, role: str) -> dict:
    """Working-age (16-64) against older (65+) residents for one request type, as two protected rates.

    Each group is its own indicator (pooled over its bands, Census denominators), so its borough count is
    protected and rounded like any other; the rate ratio has an interval from the two Byar intervals'
    standard errors on the log scale, and is called a difference only when that interval excludes 1.
    """
    from dataclasses import replace

    from warehouse.queries import EventFilter

    out = {"category": category}
    for key, (lo, hi, bands) in {"working_age": (16, 64, ("16-24", "25-49", "50-64")),
                                 "older": (65, None, ("65-74", "75-84", "85+"))}.items():
        indicator = replace(catalogue.get("hub_food_parcels"), id=f"hub_{key}",
                            numerator=EventFilter("community_hub", categories=(category,), age_bands=bands),
                            age_min=lo, age_max=hi)
        row = compute(indicator, period=period or None, role=role, store=store)
        row = row[row["area_type"] == "borough"].iloc[0]
        out.update({f"{key}_{c}": row[c] for c in ("count", "denominator", "value", "lower_ci", "upper_ci")})
        out["period_label"] = row["period_label"]
    a, b = out["working_age_value"], out["older_value"]
    out["ratio"] = a / b if b and not (np.isnan(a) or np.isnan(b)) else np.nan
    if not np.isnan(out["ratio"]):
        se = np.sqrt(sum(((np.log(out[f"{k}_upper_ci"]) - np.log(out[f"{k}_lower_ci"])) / 3.92) ** 2
                         for k in ("working_age", "older")))
        out["ratio_lower_ci"], out["ratio_upper_ci"] = (float(np.exp(np.log(out["ratio"]) - 1.96 * se)),
                                                        float(np.exp(np.log(out["ratio"]) + 1.96 * se)))
    return out


def age_contrast_sentence(c: dict) -> str:
    """'Food parcel requests were 3.2 times as high per head among working-age residents ... ' in words."""
    wa, old = c["working_age_value"], c["older_value"]
    if np.isnan(wa) or np.isnan(old):
        return f"{c['category']} requests: too few to compare working-age and older residents for viewers."
    if old == 0:
        return f"{c['category']} requests came only from working-age residents ({wa:.1f} per 1,000 aged 16-64)."
    low, high = c.get("ratio_lower_ci", np.nan), c.get("ratio_upper_ci", np.nan)
    figures = f"(16-64: {wa:.1f} per 1,000; 65+: {old:.1f} per 1,000, {c['period_label']})"
    if low > 1:
        return (f"{c['category']} requests were {c['ratio']:.1f} times as high per head among working-age residents "
                f"as among those aged 65+ {figures}.")
    if high < 1:
        return (f"{c['category']} requests were {1 / c['ratio']:.1f} times as high per head among residents aged 65+ "
                f"as among working-age residents {figures}.")
    return f"{c['category']} requests per head were similar for working-age and older residents {figures}."


def hub_ward_age(store: Store, *, category: str, period: str | None, role: str) -> pd.DataFrame:
    """Ward x age band rates per 1,000 in that band for one request type (with ward and band totals)."""
    frame = compute(_hub_type_indicator(category), period=period or None, breakdown="age_band", role=role,
                    store=store)
    return frame[frame["area_code"] != UNKNOWN].reset_index(drop=True)


def hub_weekly(store: Store, *, role: str, start: str | None = None) -> pd.DataFrame:
    """Weekly hub requests by type for the borough, protected week by week with the weekly total."""
    weekly = queries.weekly_counts(store, queries.EventFilter("community_hub"), by=["category"], start=start)
    if weekly.empty:
        return weekly
    parts = []
    for week, g in weekly.groupby("week"):
        full = pd.DataFrame({"category": list(HUB_TYPES)}).merge(g[["category", "count"]], on="category",
                                                                 how="left").fillna({"count": 0})
        shown = protect_table(full.astype({"count": "int64"}), rows="category", role=role, rules=rules())
        parts.append(shown[~shown["is_total"]].assign(week=week)[["week", "category", "count", "suppressed"]])
    return pd.concat(parts, ignore_index=True)


def hub_referrals_and_repeats(store: Store, *, period: str | None, role: str) -> pd.DataFrame:
    """Requests by referral source, with the share that were repeat requests (protected as one table)."""
    months = queries.months_available(store, "community_hub")
    if not months:
        return pd.DataFrame()
    from metrics.periods import parse_period

    chosen = parse_period(period or None, latest=months[-1])
    counts = queries.event_counts(store, queries.EventFilter("community_hub"), by=["channel", "is_repeat"],
                                  start=str(chosen.start.date()), end=str(chosen.end.date()), monthly=False)
    counts["channel"] = counts["channel"].fillna("Not recorded")
    counts["repeat"] = np.where(counts["is_repeat"].fillna(False).astype(bool), "Repeat", "First request")
    table = counts.groupby(["channel", "repeat"], as_index=False)["count"].sum()
    full = pd.MultiIndex.from_product([sorted(table["channel"].unique()), ["First request", "Repeat"]],
                                      names=["channel", "repeat"]).to_frame(index=False)
    full = full.merge(table, how="left").fillna({"count": 0}).astype({"count": "int64"})
    shown = protect_table(full, rows="channel", cols="repeat", role=role, rules=rules(), total_label="All")
    wide = shown.pivot(index="channel", columns="repeat", values="count").reset_index()
    wide.columns.name = None
    wide = wide.rename(columns={"channel": "Referral source", "All": "All requests"})
    wide["period_label"] = chosen.label
    return wide


def data_sources(store: Store) -> pd.DataFrame:
    from warehouse.status import source_freshness

    fresh = source_freshness(store)
    rejects = store.fetch('SELECT i.source, COUNT(*) AS rejects_held FROM "rejects" r JOIN "ingests" i '
                          "ON r.ingest_id = i.ingest_id GROUP BY i.source")
    return fresh.merge(rejects, on="source", how="left").fillna({"rejects_held": 0})


def definitions() -> pd.DataFrame:
    s = get_settings()
    return pd.DataFrame([{"id": i.id, "title": i.title, "theme": i.theme, "definition": i.definition,
                          "unit": i.unit, "method": {"rate": "Rate with Byar's 95% CI (exact Poisson below 10)",
                                                     "proportion": "Proportion with Wilson score 95% CI",
                                                     "score": "Mean of LSOA scores (no interval)"}[i.method],
                          "polarity": i.polarity.replace("_", " "), "denominator": i.age_range,
                          "disclosure": f"counts 1-{s.threshold} suppressed, others rounded to {s.rounding} "
                                        "for viewers",
                          "source": i.attribution} for i in catalogue.INDICATORS])
