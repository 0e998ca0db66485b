"""`compute`: one call the pages use for any catalogue indicator.

Counting happens in the engine (warehouse.queries, Ibis); this module works on the small aggregated
frames: rates or proportions with intervals for each ward and the borough, the comparison with the
borough at 95% and 99.8%, the recent trend over the latest five periods of the same length, and
disclosure control for the role, applied to the whole table (wards, "ward not known" and the borough
total) so that no suppressed cell can be recovered from the totals shown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics import catalogue
from metrics.catalogue import AGE_BANDS, Indicator
from metrics.compare import compare
from metrics.disclosure import check_role, rules
from metrics.periods import Period, parse_period
from metrics.proportions import proportion_ci
from metrics.rates import rate_ci
from metrics.suppression import protect_table, round_half_up
from metrics.trend import recent_trend
from settings import get_settings
from warehouse import queries
from warehouse.store import Store, opened

TREND_POINTS = 5
UNKNOWN = "not-known"
WITHHELD_RANGE = (1, 7)  # a source's "*" hides a small count; its threshold is not published, so assume 1..7  # the row for events whose ward was not recorded
BOROUGH_TYPE = "borough"
ALL = "All"


class NoData(ValueError):
    """The store holds no data for what was asked (a source not yet ingested)."""


def _windows(period: Period) -> list[Period]:
    return [period.shifted(-k) for k in range(TREND_POINTS - 1, -1, -1)]


def _bands(indicator: Indicator) -> list[tuple[str, int, int | None]]:
    bands = AGE_BANDS[indicator.source]
    if indicator.numerator and indicator.numerator.age_bands:
        bands = [b for b in bands if b[0] in indicator.numerator.age_bands]
    return bands


def _window_counts(frame: pd.DataFrame, windows: list[Period], keys: list[str]) -> pd.DataFrame:
    """Monthly counts -> counts per window (0 = oldest ... 4 = the chosen period)."""
    frame = frame.copy()
    frame["window"] = -1
    for i, w in enumerate(windows):
        frame.loc[frame["period"].between(w.start, w.end), "window"] = i
    frame = frame[frame["window"] >= 0]
    return frame.groupby(["window", *keys], dropna=False, as_index=False)[["count", "withheld"]].sum()


def _grid(ward_codes: list[str], breakdown_values: list[str] | None) -> pd.DataFrame:
    wards = [*ward_codes, UNKNOWN]
    grid = pd.DataFrame({"area_code": wards})
    if breakdown_values is not None:
        grid = grid.merge(pd.DataFrame({"band": breakdown_values}), how="cross")
    return pd.concat([grid.assign(window=w) for w in range(TREND_POINTS)], ignore_index=True)


def _counts(store: Store, indicator: Indicator, windows: list[Period], breakdown: str | None,
            numerator: bool = True) -> pd.DataFrame:
    f = indicator.numerator if numerator else indicator.denominator_events
    by = ["ward_code"] + ([breakdown] if breakdown else [])
    monthly = queries.event_counts(store, f, by=by, start=str(windows[0].start.date()), end=str(windows[-1].end.date()))
    monthly["ward_code"] = monthly["ward_code"].fillna(UNKNOWN)
    out = _window_counts(monthly, windows, by).rename(columns={"ward_code": "area_code"})
    return out.rename(columns={breakdown: "band"}) if breakdown else out


def _denominators(store: Store, indicator: Indicator, grid: pd.DataFrame, windows: list[Period],
                  breakdown: str | None) -> pd.Series:
    keys = ["area_code", "band"] if breakdown else ["area_code"]
    if indicator.denominator == "population":
        if breakdown:
            pop = queries.population(store, by_age=_bands(indicator))
        else:
            pop = queries.population(store, age_min=indicator.age_min, age_max=indicator.age_max)
        return grid.merge(pop, on=keys, how="left")["population"].astype(float)
    if indicator.denominator == "registered_patients":
        return grid.merge(queries.registered_patients(store), on="area_code", how="left")["population"].astype(float)
    den = _counts(store, indicator, windows, breakdown, numerator=False).rename(columns={"count": "den_count"})
    return grid.merge(den, on=["window", *keys], how="left")["den_count"].fillna(0).astype(float)


def _statistics(indicator: Indicator, count: pd.Series, denominator: pd.Series, confidence: float,
                withheld: pd.Series | None = None) -> pd.DataFrame:
    """Rates or proportions with intervals; counts withheld at source (each 1..7) widen the interval.

    The value uses the midpoint of what the withheld cells could hold, the lower limit assumes each
    held 1 and the upper limit assumes each held 7, so the interval covers every possibility.
    """
    usable = denominator.fillna(0) > 0
    d = denominator.where(usable).to_numpy()
    method = proportion_ci if indicator.method == "proportion" else rate_ci

    def run(c: pd.Series) -> pd.DataFrame:
        c = c.where(usable).to_numpy()
        if indicator.method == "proportion":
            c = np.minimum(c, d)
        return method(c, d, per=indicator.multiplier, confidence=confidence)

    out = run(count)
    if withheld is None or not (withheld > 0).any():
        return out
    lo_min, hi_max = WITHHELD_RANGE
    has = (withheld > 0).to_numpy()
    mid = run(count + withheld * (lo_min + hi_max) / 2)
    low = run(count + withheld * lo_min)
    high = run(count + withheld * hi_max)
    out.loc[has, "value"] = mid.loc[has, "value"]
    out.loc[has, "lower_ci"] = low.loc[has, "lower_ci"]
    out.loc[has, "upper_ci"] = high.loc[has, "upper_ci"]
    out.loc[has, "method"] = out.loc[has, "method"] + f" (includes counts withheld by the source: {lo_min}-{hi_max} each)"
    return out


def _protect(current: pd.DataFrame, role: str, breakdown: str | None) -> pd.DataFrame:
    """Disclosure control over wards (+ not known) x bands with ward, band and borough totals."""
    cells = current[["area_code", "band", "true_count"]] if breakdown else current[["area_code", "true_count"]]
    cells = cells.rename(columns={"true_count": "count"})
    shown = protect_table(cells, rows="area_code", cols="band" if breakdown else None, role=role, rules=rules(),
                          total_label=ALL)
    return shown.rename(columns={"count": "shown_count"})


def compute(indicator_id: str | Indicator, *, area_type: str = "ward", period: str | None = None, breakdown: str | None = None,
            role: str = "viewer", comparator: str = "borough", store: Store | None = None,
            confidence: float = 0.95) -> pd.DataFrame:
    """One row per ward (and breakdown value), the ward-not-known row and the borough row(s).

    Columns: indicator_id, area_code, area_name, area_type, band (with a breakdown), period, period_label,
    count, denominator, value, lower_ci, upper_ci, lower_ci_99_8, upper_ci_99_8, confidence, method,
    comparison, comparison_99_8, trend, suppressed, suppression.
    """
    if store is None:
        with opened(read_only=True) as own:
            return compute(indicator_id, area_type=area_type, period=period, breakdown=breakdown, role=role,
                           comparator=comparator, store=own, confidence=confidence)
    indicator = indicator_id if isinstance(indicator_id, Indicator) else catalogue.get(indicator_id)
    check_role(role)
    if area_type != "ward":
        raise ValueError(f"area_type {area_type!r} is not available yet: partner data resolves to wards")
    if comparator != "borough":
        raise ValueError(f"comparator {comparator!r} is not available: compare with 'borough'")
    if breakdown is not None and breakdown not in indicator.breakdowns:
        raise ValueError(f"{indicator_id} has no breakdown {breakdown!r}; it offers {list(indicator.breakdowns)}")
    settings = get_settings()
    if indicator.method == "score":
        return _score(store, indicator, settings)
    months = queries.months_available(store, indicator.source)
    if not months:
        raise NoData(f"There is no {indicator.source.replace('_', ' ')} data in the store yet, so "
                     f"'{indicator.title}' cannot be shown. Load it with `python -m warehouse ingest "
                     f"{indicator.source} FILE`.")
    chosen = parse_period(period, latest=months[-1])
    windows = _windows(chosen)
    wards = [w.code for w in settings.wards]
    band_values = None
    if breakdown:
        band_values = [b for b, _, _ in _bands(indicator)] + (["Unknown"] if indicator.source == "community_hub"
                                                             else ["Not recorded"])
    grid = _grid(wards, band_values)
    keys = ["area_code", "band"] if breakdown else ["area_code"]
    counts = _counts(store, indicator, windows, breakdown)
    if breakdown:
        counts = counts[counts["band"].isin(band_values)]
    grid = grid.merge(counts, on=["window", *keys], how="left").fillna({"count": 0, "withheld": 0})
    grid["denominator"] = _denominators(store, indicator, grid, windows, breakdown).to_numpy()
    if indicator.denominator != "events":  # no population for "ward not known"; its events still count
        grid.loc[grid["area_code"] == UNKNOWN, "denominator"] = np.nan

    # Borough rows: every event (ward known or not) over the sum of the wards' denominators.
    btype = ["window", "band"] if breakdown else ["window"]
    borough = grid.groupby(btype, as_index=False).agg(count=("count", "sum"), withheld=("withheld", "sum"),
                                                     denominator=("denominator", "sum"))
    borough["area_code"] = ",".join(settings.districts)
    stats = _statistics(indicator, grid["count"], grid["denominator"], confidence, grid["withheld"])
    bstats = _statistics(indicator, borough["count"], borough["denominator"], confidence, borough["withheld"])
    for frame, st in ((grid, stats), (borough, bstats)):
        for col in ("value", "lower_ci", "upper_ci", "method"):
            frame[col] = st[col].to_numpy()

    # Recent trend per row, over the five windows (true values: a label, not a number).
    trend_keys = keys
    trends = {}
    for key, g in grid.sort_values("window").groupby(trend_keys, dropna=False):
        trends[key] = recent_trend(g["value"], g["lower_ci"], g["upper_ci"], polarity=indicator.polarity)["label"]
    btrends = {}
    for key, g in borough.sort_values("window").groupby(["band"] if breakdown else ["area_code"]):
        btrends[key] = recent_trend(g["value"], g["lower_ci"], g["upper_ci"], polarity=indicator.polarity)["label"]

    current = grid[grid["window"] == TREND_POINTS - 1].drop(columns="window").reset_index(drop=True)
    bcur = borough[borough["window"] == TREND_POINTS - 1].drop(columns="window").reset_index(drop=True)
    wide = _statistics(indicator, current["count"], current["denominator"], 0.998, current["withheld"])
    current["lower_ci_99_8"], current["upper_ci_99_8"] = wide["lower_ci"].to_numpy(), wide["upper_ci"].to_numpy()
    bwide = _statistics(indicator, bcur["count"], bcur["denominator"], 0.998, bcur["withheld"])
    bcur["lower_ci_99_8"], bcur["upper_ci_99_8"] = bwide["lower_ci"].to_numpy(), bwide["upper_ci"].to_numpy()
    ref = current.merge(bcur[["band", "value"]], on="band", suffixes=("", "_b"))["value_b"] if breakdown else \
        pd.Series(float(bcur["value"].iloc[0]), index=current.index)
    current["comparison"] = compare(current["lower_ci"], current["upper_ci"], ref.to_numpy(),
                                    polarity=indicator.polarity).to_numpy()
    current["comparison_99_8"] = compare(current["lower_ci_99_8"], current["upper_ci_99_8"], ref.to_numpy(),
                                         polarity=indicator.polarity).to_numpy()
    current["trend"] = [trends[tuple(r) if breakdown else (r[0],)] for r in current[keys].itertuples(index=False)]
    bcur["comparison"] = bcur["comparison_99_8"] = "not compared"
    bcur["trend"] = [btrends[(b,)] for b in (bcur["band"] if breakdown else bcur["area_code"])]
    unknown = current["area_code"] == UNKNOWN
    current.loc[unknown, ["comparison", "comparison_99_8", "trend"]] = "not compared"
    current.loc[unknown, ["value", "lower_ci", "upper_ci", "lower_ci_99_8", "upper_ci_99_8"]] = np.nan
    return _assemble(indicator, chosen, current, bcur, breakdown, role, settings, confidence)


def _assemble(indicator: Indicator, chosen: Period, current: pd.DataFrame, bcur: pd.DataFrame,
              breakdown: str | None, role: str, settings, confidence: float) -> pd.DataFrame:
    current["true_count"] = current["count"].astype("int64")
    shown = _protect(current, role, breakdown)
    keys = ["area_code", "band"] if breakdown else ["area_code"]
    cells = shown[~shown["is_total"]]
    current = current.merge(cells[[*keys, "shown_count", "suppressed", "suppression"]], on=keys, how="left")
    borough_code = ",".join(settings.districts)
    if breakdown:
        # Totals: ward x All (ward totals), All x band (borough by band), All x All (borough).
        totals = shown[shown["is_total"]]
        bands = totals[totals["area_code"] == ALL].rename(columns={"area_code": "x"})
        bcur = bcur.merge(bands[["band", "shown_count", "suppressed", "suppression"]], on="band", how="left")
        grand = bands[bands["band"] == ALL]
        ward_totals = totals[(totals["area_code"] != ALL) & (totals["band"] == ALL)]
        extra = ward_totals[["area_code", "shown_count", "suppressed", "suppression"]].assign(band=ALL)
        extra = extra.merge(current.groupby("area_code", as_index=False)["true_count"].sum(), on="area_code")
        extra = extra.assign(count=extra["true_count"])
        bgrand = grand[["band", "shown_count", "suppressed", "suppression"]].assign(
            area_code=borough_code, count=bcur["count"].sum())
        current = pd.concat([current, extra], ignore_index=True)
        bcur = pd.concat([bcur, bgrand], ignore_index=True)
    else:
        total = shown[shown["is_total"]].iloc[0]
        bcur["shown_count"], bcur["suppressed"], bcur["suppression"] = (
            total["shown_count"], bool(total["suppressed"]), total["suppression"])
    names = {w.code: w.name for w in settings.wards} | {UNKNOWN: "Ward not known"}
    current["area_name"] = current["area_code"].map(names)
    current["area_type"] = np.where(current["area_code"] == UNKNOWN, "not known", "ward")
    bcur["area_name"] = settings.partnership
    bcur["area_type"] = BOROUGH_TYPE
    out = pd.concat([current, bcur], ignore_index=True)
    out["count"] = out["shown_count"].astype("Int64")
    if indicator.denominator == "events" and role == "viewer":
        den = out["denominator"].fillna(0).round().astype("int64")
        small = (den >= 1) & (den <= rules().threshold)
        out["suppressed"] = out["suppressed"].fillna(False).astype(bool) | small
        out["denominator"] = [np.nan if s else float(round_half_up(int(d), rules().rounding))
                              for d, s in zip(den, small, strict=True)]
    out["suppressed"] = out["suppressed"].fillna(False).astype(bool)
    hidden = out["suppressed"]
    for col in ("value", "lower_ci", "upper_ci", "lower_ci_99_8", "upper_ci_99_8"):
        if col in out.columns:
            out[col] = out[col].mask(hidden)
    out.loc[hidden, "method"] = "suppressed: small number"
    out.loc[hidden, ["comparison", "comparison_99_8"]] = "not compared"
    out["indicator_id"] = indicator.id
    out["period"] = chosen.code
    out["period_label"] = chosen.label
    out["confidence"] = confidence
    columns = ["indicator_id", "area_code", "area_name", "area_type", *(["band"] if breakdown else []), "period",
               "period_label", "count", "denominator", "value", "lower_ci", "upper_ci", "lower_ci_99_8",
               "upper_ci_99_8", "confidence", "method", "comparison", "comparison_99_8", "trend", "suppressed",
               "suppression"]
    out = out.reindex(columns=columns)
    if breakdown:
        out = out.rename(columns={"band": breakdown})
    return out.reset_index(drop=True)


def _score(store: Store, indicator: Indicator, settings) -> pd.DataFrame:
    wards = queries.ward_deprivation(store)
    lsoas = queries.lsoa_deprivation(store)
    names = {w.code: w.name for w in settings.wards}
    out = pd.DataFrame({"area_code": [w.code for w in settings.wards]}).merge(wards, on="area_code", how="left")
    out["area_name"] = out["area_code"].map(names)
    out["area_type"] = "ward"
    borough = pd.DataFrame([{"area_code": ",".join(settings.districts), "area_name": settings.partnership,
                             "area_type": BOROUGH_TYPE, "imd_score": lsoas["imd_score"].mean()}])
    out = pd.concat([out, borough], ignore_index=True)
    return pd.DataFrame({
        "indicator_id": indicator.id, "area_code": out["area_code"], "area_name": out["area_name"],
        "area_type": out["area_type"], "period": "IoD 2025", "period_label": "IoD 2025",
        "count": pd.array([pd.NA] * len(out), dtype="Int64"), "denominator": out.get("lsoas"),
        "value": out["imd_score"], "lower_ci": np.nan, "upper_ci": np.nan, "lower_ci_99_8": np.nan,
        "upper_ci_99_8": np.nan, "confidence": np.nan, "method": "mean of LSOA scores (no interval)",
        "comparison": "not compared", "comparison_99_8": "not compared", "trend": "cannot be calculated",
        "suppressed": False, "suppression": None})
