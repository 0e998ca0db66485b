"""Health context from Fingertips: each district's published indicators against the county and England, with
Fingertips' own significance, polarity and recent trend.

Nothing Fingertips publishes is recomputed. For each indicator the district's headline series is chosen (all
persons where published, all ages where published, no breakdown category) at its latest period with a value;
the county's and England's values are those of the same indicator, sex, age and period.

- **Polarity**: as the file publishes it ("Low is good", "High is good", "No judgement"). The API export has no
  polarity column: there it is read from Fingertips' own comparisons (an indicator Fingertips calls better or
  worse than England is judged; which way from whether its "better" areas sit above or below England), else
  "not published" and treated as no judgement.
- **Compared with England / the county**: Fingertips' published comparison where the file has it (the API's
  "Compared to England value or percentiles", and "Compared to <parent>" where the parent is the county).
  The FingertipsNext extract publishes no comparison: there Fingertips' own rule is applied to its published
  95% interval (the area's interval against the benchmark's value, metrics.compare), and `england_basis` says
  so. A score or a count without an interval is not compared.
- **Recent trend**: as published on the series (Fingertips' recent trend of the latest points).
- **England range**: where the file holds at least `PEERS` English areas of the district's own type, the range
  and middle half of their values (Fingertips' spine); else England's values by deprivation decile of areas of
  that type where published (the range across deciles); else none.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from metrics.compare import compare

ENGLAND = "E92000001"
PEERS = 10
POLARITY = {"Low is good": "high_is_bad", "High is good": "high_is_good", "No judgement": "no_judgement"}
PUBLISHED_COMPARISON = {"better": "better", "worse": "worse", "similar": "similar", "higher": "higher",
                        "lower": "lower", "not compared": "not compared", "same": "similar"}
NOT_COMPARED_TYPES = {"Count", "Score"}
DECILES = {"District": "District & UA deprivation deciles in England",
           "Unitary authority": "District & UA deprivation deciles in England",
           "County": "County & UA deprivation deciles in England"}


def _published(word) -> str | None:
    """Fingertips' comparison words ('Better', 'Worse 95%', 'Similar' …) as a comparison category, or None."""
    if word is None or pd.isna(word) or not str(word).strip():
        return None
    text = str(word).strip().lower()
    for start, category in PUBLISHED_COMPARISON.items():
        if text.startswith(start):
            return category
    return None


def polarity_of(rows: pd.DataFrame) -> tuple[str, str]:
    """(polarity for metrics.compare, how it is known) for one indicator's rows."""
    published = rows["polarity"].dropna() if "polarity" in rows else pd.Series(dtype=object)
    if len(published):
        label = published.mode().iloc[0]
        return POLARITY.get(label, "no_judgement"), str(label)
    judged = rows[rows["compared_to_england"].map(_published).isin(["better", "worse"])]
    if judged.empty:
        return "no_judgement", "not published"
    england = rows[(rows["area_code"] == ENGLAND) & rows["category"].isna()].set_index(
        ["sex", "age", "time_period"])["value"]
    keys = pd.MultiIndex.from_frame(judged[["sex", "age", "time_period"]])
    above = judged["value"].to_numpy() > england.reindex(keys).to_numpy()
    better = (judged["compared_to_england"].map(_published) == "better").to_numpy()
    ok = ~np.isnan(england.reindex(keys).to_numpy(dtype=float))
    if not ok.any():
        return "no_judgement", "not published"
    high_good = float(np.mean(above[ok] == better[ok])) >= 0.5
    return ("high_is_good", "High is good (from Fingertips' comparisons)") if high_good else \
        ("high_is_bad", "Low is good (from Fingertips' comparisons)")


def _headline(rows: pd.DataFrame) -> pd.DataFrame:
    """The district's headline series: persons (else the one sex published), all ages (else the age most
    published), no breakdown category, with a value."""
    rows = rows[rows["category"].isna() & rows["value"].notna()]
    if rows.empty:
        return rows
    sexes = set(rows["sex"])
    sex = "Persons" if "Persons" in sexes else rows["sex"].mode().iloc[0]
    rows = rows[rows["sex"] == sex]
    ages = set(rows["age"])
    age = "All ages" if "All ages" in ages else rows["age"].value_counts().index[0]
    return rows[rows["age"] == age]


def _range(indicator: pd.DataFrame, me: pd.Series) -> dict:
    """Spread of England's areas like this one for the same series and period (see the module docstring)."""
    same = indicator[(indicator["sex"] == me["sex"]) & (indicator["age"] == me["age"])
                     & (indicator["time_period"] == me["time_period"]) & indicator["value"].notna()]
    peers = same[same["category"].isna() & (same["area_type"] == me["area_type"])
                 & same["area_code"].astype(str).str.startswith("E") & (same["area_code"] != ENGLAND)]
    peers = peers.drop_duplicates("area_code")
    if len(peers) >= PEERS:
        v = peers["value"]
        return {"range_min": v.min(), "range_q25": v.quantile(0.25), "range_q75": v.quantile(0.75),
                "range_max": v.max(), "range_label": f"{len(peers)} areas in England like it"}
    prefix = DECILES.get(str(me["area_type"]))
    if prefix:
        deciles = same[(same["area_code"] == ENGLAND) & same["category"].fillna("").str.startswith(prefix)]
        if len(deciles):
            kinds = deciles["category"].str.split(":").str[0]
            deciles = deciles[kinds == sorted(set(kinds))[-1]]  # the latest geography of the decile grouping
            v = deciles["value"]
            return {"range_min": v.min(), "range_q25": np.nan, "range_q75": np.nan, "range_max": v.max(),
                    "range_label": "England by deprivation decile of districts" if "District" in prefix else
                    "England by deprivation decile of counties"}
    return {"range_min": np.nan, "range_q25": np.nan, "range_q75": np.nan, "range_max": np.nan, "range_label": ""}


def _benchmark(indicator: pd.DataFrame, me: pd.Series, code: str) -> pd.Series | None:
    rows = indicator[(indicator["area_code"] == code) & (indicator["sex"] == me["sex"]) & (indicator["age"] == me["age"])
                     & (indicator["time_period"] == me["time_period"]) & indicator["category"].isna()]
    return rows.iloc[0] if len(rows) else None


def _trend(indicator: pd.DataFrame, me: pd.Series) -> str:
    """The recent trend Fingertips publishes for the series (on its latest row that has one)."""
    series = indicator[(indicator["area_code"] == me["area_code"]) & (indicator["sex"] == me["sex"])
                       & (indicator["age"] == me["age"]) & indicator["category"].isna()
                       & indicator["recent_trend"].notna()]
    if series.empty:
        return "not published"
    return str(series.sort_values("period_order")["recent_trend"].iloc[-1])


def _comparison(me: pd.Series, benchmark: pd.Series | None, published, polarity: str, value_type) -> tuple[str, str]:
    """(category, basis) of the district against a benchmark: Fingertips' published word, else its interval rule."""
    word = _published(published)
    if word is not None:
        return word, "published by Fingertips"
    if benchmark is None or pd.isna(benchmark["value"]):
        return "not compared", "no benchmark value"
    if value_type in NOT_COMPARED_TYPES or pd.isna(me["lower_ci"]) or pd.isna(me["upper_ci"]):
        return "not compared", "no interval published"
    category = compare([me["lower_ci"]], [me["upper_ci"]], [benchmark["value"]], polarity=polarity).iloc[0]
    return str(category), "Fingertips' rule on the published 95% interval"


def health_context(comparators: pd.DataFrame, *, districts: Sequence[str], county: str | None) -> pd.DataFrame:
    """One row per district x indicator with a published value: the district's latest value, interval and count,
    the county's and England's values, the comparisons, recent trend, polarity and England's range."""
    out = []
    if comparators.empty:
        return pd.DataFrame()
    for indicator_id, indicator in comparators.groupby("indicator_id", sort=True):
        polarity, polarity_label = polarity_of(indicator)
        value_type = indicator["value_type"].dropna().mode().iloc[0] if indicator["value_type"].notna().any() \
            else None
        for district in districts:
            series = _headline(indicator[indicator["area_code"] == district])
            if series.empty:
                continue
            me = series.sort_values("period_order").iloc[-1]
            england, shire = _benchmark(indicator, me, ENGLAND), _benchmark(indicator, me, county) if county else None
            vs_england, basis = _comparison(me, england, me.get("compared_to_england"), polarity, value_type)
            parent_word = me.get("compared_to_parent") if me.get("parent_code") == county else None
            vs_county, county_basis = _comparison(me, shire, parent_word, polarity, value_type)
            out.append({
                "indicator_id": int(indicator_id), "indicator_name": me["indicator_name"], "value_type": value_type,
                "polarity": polarity, "polarity_label": polarity_label, "sex": me["sex"], "age": me["age"],
                "time_period": me["time_period"], "period_order": me["period_order"],
                "area_code": district, "area_name": me["area_name"], "area_type": me["area_type"],
                "value": me["value"], "lower_ci": me["lower_ci"], "upper_ci": me["upper_ci"], "count": me["count"],
                "county_value": shire["value"] if shire is not None else np.nan,
                "england_value": england["value"] if england is not None else np.nan,
                "england_lower_ci": england["lower_ci"] if england is not None else np.nan,
                "england_upper_ci": england["upper_ci"] if england is not None else np.nan,
                "compared_to_england": vs_england, "england_basis": basis,
                "compared_to_county": vs_county, "county_basis": county_basis,
                "recent_trend": _trend(indicator, me), **_range(indicator, me),
            })
    return pd.DataFrame(out)


def protect(frame: pd.DataFrame, *, role: str, threshold: int, rounding: int) -> pd.DataFrame:
    """For the viewer role: a value resting on a published count of 1..threshold (or a fraction that rounds to
    one) is withheld (value, interval and count), and other counts are rounded to `rounding`; analysts see
    everything as published. Fingertips data are public, but the dashboard's rule holds for everything a viewer
    receives."""
    out = frame.copy()
    count = out["count"].astype(float) if "count" in out else pd.Series(np.nan, index=out.index)
    # A published count can be fractional (survey-weighted): any that would round to 1..threshold is small.
    small = (count > 0) & (count < threshold + 0.5) & (role != "analyst")
    out["suppressed"] = small.to_numpy()
    if role != "analyst" and len(out):
        for column in ("value", "lower_ci", "upper_ci", "count"):
            out[column] = out[column].astype(float).where(~small, np.nan)
        out["count"] = (np.floor(out["count"] / rounding + 0.5) * rounding).where(out["count"].notna())
        out.loc[small, ["compared_to_england", "compared_to_county"]] = "not compared"
    return out
