"""Headline demand by partner: the latest month against the same month before the pandemic.

Each partner's headline is declared here (source, the events that count, polarity); the change is
observed / expected with Byar's interval (metrics.baseline), and a tile is only called up or down when
that interval excludes 1. Counts pass through disclosure control like every other view.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics.baseline import change_vs_baseline
from metrics.disclosure import check_role, rules
from metrics.suppression import protect_counts
from settings import get_settings
from warehouse.queries import EventFilter, event_counts
from warehouse.store import Store


@dataclass(frozen=True)
class Headline:
    source: str
    title: str
    events: EventFilter
    polarity: str
    partner: str


HEADLINES = (
    Headline("community_hub", "Hub requests", EventFilter("community_hub"), "high_is_bad",
             "Chorley Council community hub"),
    Headline("citizens_advice", "Advice issues", EventFilter("citizens_advice"), "high_is_bad",
             "Citizens Advice"),
    Headline("gp_appointments", "GP appointments", EventFilter("gp_appointments"), "no_judgement",
             "GP practices"),
    Headline("police_uk", "Crime and ASB", EventFilter("police_uk"), "high_is_bad",
             "Lancashire Constabulary (police.uk)"),
    Headline("mental_health", "MH referrals", EventFilter("mental_health", subcategories=("Referrals",)),
             "no_judgement", "Mental health trust"),
)


def _direction(row: pd.Series, polarity: str) -> str:
    if pd.isna(row["lower_ci"]):
        return "no baseline"
    if row["lower_ci"] > 1:
        return {"high_is_bad": "worse", "high_is_good": "better"}.get(polarity, "higher")
    if row["upper_ci"] < 1:
        return {"high_is_bad": "better", "high_is_good": "worse"}.get(polarity, "lower")
    return "similar"


def partner_headlines(store: Store, *, role: str = "viewer") -> pd.DataFrame:
    """One row per partner: latest month, its count, the same month of the baseline year, the change."""
    check_role(role)
    settings = get_settings()
    base_start, base_end = pd.Timestamp(settings.baseline_start), pd.Timestamp(settings.baseline_end)
    rows = []
    for h in HEADLINES:
        monthly = event_counts(store, h.events, by=())
        if monthly.empty:
            continue
        latest = monthly["period"].max()
        same = monthly[(monthly["period"].dt.month == latest.month) & monthly["period"].between(base_start, base_end)]
        observed = int(monthly.loc[monthly["period"] == latest, "count"].iloc[0])
        expected = float(same["count"].mean()) if len(same) and same["count"].sum() > 0 else float("nan")
        rows.append({"source": h.source, "title": h.title, "partner": h.partner, "polarity": h.polarity,
                     "latest_month": latest, "count": observed, "baseline_count": expected,
                     "months_loaded": len(monthly)})
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    change = change_vs_baseline(frame["count"], frame["baseline_count"].fillna(1.0))
    has_base = frame["baseline_count"].notna()
    for col in ("value", "lower_ci", "upper_ci", "change_pct"):
        frame[col if col != "value" else "ratio"] = change[col].where(has_base).to_numpy()
    frame["direction"] = [_direction(r, p) for (_, r), p in
                          zip(frame.rename(columns={"ratio": "value"}).iterrows(), frame["polarity"], strict=True)]
    # Disclosure: each headline is a separate total (not additive), so each is protected on its own.
    for col in ("count", "baseline_count"):
        shown = protect_counts(frame[["source"]].assign(count=frame[col].round().fillna(0).astype("int64")),
                               rows="source", role=role, rules=rules(), margins=False)
        frame[col] = shown["count"].astype("Float64").where(frame[col].notna()).to_numpy()
        frame[f"{col}_suppressed"] = shown["suppressed"].to_numpy()
    frame.loc[frame["count_suppressed"], ["ratio", "lower_ci", "upper_ci", "change_pct"]] = float("nan")
    return frame
