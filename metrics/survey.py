"""The voluntary sector survey in figures: how many organisations answered, and what the pandemic did to
them (services closed, income lost, volunteers, moving online), round by round.

Organisations are few, so the same rule as every count holds: for the viewer a round with fewer than
threshold + 1 organisations is not summarised, the number of organisations is rounded, and shares are
given to the nearest 5% (a share of a handful would give the handful away).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from metrics.disclosure import DisclosureRules, round_half_up


def survey_rounds(responses: pd.DataFrame, *, role: str, rules: DisclosureRules) -> pd.DataFrame:
    """One row per survey round (the year of the survey date): organisations, % closing some or all services,
    income lost, volunteers now against before (%), % moved online."""
    if responses.empty:
        return pd.DataFrame(columns=["round", "organisations", "closed_pct", "income_lost_gbp", "volunteers_change_pct",
                                     "online_pct", "shown"])
    frame = responses.assign(round=pd.to_datetime(responses["survey_date"]).dt.year)
    rows = []
    for year, g in frame.groupby("round"):
        n = len(g)
        before, now = g["volunteers_before"].sum(), g["volunteers_now"].sum()
        row = {"round": int(year), "organisations": n,
               "closed_pct": 100 * g["services_closed"].isin(["Some", "All"]).mean(),
               "income_lost_gbp": float(g["income_lost_gbp"].sum()),
               "volunteers_change_pct": 100 * (now / before - 1) if before else np.nan,
               "online_pct": 100 * g["moved_online"].fillna(False).astype(bool).mean(), "shown": True}
        if role == "viewer":
            if n <= rules.threshold:
                row = {"round": int(year), "organisations": np.nan, "closed_pct": np.nan, "income_lost_gbp": np.nan,
                       "volunteers_change_pct": np.nan, "online_pct": np.nan, "shown": False}
            else:
                row["organisations"] = round_half_up(n, rules.rounding)
                for key in ("closed_pct", "online_pct", "volunteers_change_pct"):
                    row[key] = float(round_half_up(int(round(row[key])), 5)) if pd.notna(row[key]) else np.nan
                row["income_lost_gbp"] = float(round(row["income_lost_gbp"], -3))
        rows.append(row)
    return pd.DataFrame(rows)


def survey_sentence(rounds: pd.DataFrame, *, partner: str) -> str | None:
    """The latest round in words, against the one before when there is one."""
    shown = rounds[rounds["shown"]]
    if shown.empty:
        return None
    last = shown.iloc[-1]
    text = (f"{partner} survey {int(last['round'])}: {int(last['organisations'])} organisations answered; "
            f"{last['closed_pct']:.0f}% had closed some or all of their services, {last['online_pct']:.0f}% had moved "
            f"services online, and they had {abs(last['volunteers_change_pct']):.0f}% "
            f"{'more' if last['volunteers_change_pct'] >= 0 else 'fewer'} volunteers than before the pandemic")
    if len(shown) > 1:
        text += f" (closed in {int(shown.iloc[-2]['round'])}: {shown.iloc[-2]['closed_pct']:.0f}%)"
    return text + "."
