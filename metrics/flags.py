"""Which areas need the room's attention: worse than their comparator and getting worse."""

from __future__ import annotations

import pandas as pd


def worse_and_worsening(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows significantly worse than their comparator (95%) whose recent trend is getting worse.

    Only indicators with a declared polarity can be worse: `comparison` is "worse" only for those, and the
    trend label ends in "getting worse" only for those (metrics.compare, metrics.trend).
    """
    if frame.empty:
        return frame
    hit = (frame["comparison"] == "worse") & frame["trend"].astype(str).str.endswith("getting worse")
    return frame[hit].sort_values(["indicator_title", "value"], ascending=[True, False]).reset_index(drop=True)


def higher_and_rising(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows of no-judgement indicators (demand for help) significantly higher than their comparator (95%) whose
    recent trend is increasing: where need is rising, said as "higher", never "worse"."""
    if frame.empty:
        return frame
    hit = (frame["comparison"] == "higher") & (frame["trend"].astype(str) == "increasing")
    return frame[hit].sort_values(["indicator_title", "value"], ascending=[True, False]).reset_index(drop=True)


def matrix_summary(matrix: pd.DataFrame, *, comparator: str) -> str:
    """How many ward-indicator pairs are significantly worse or better (indicators with a polarity) and higher or
    lower (no judgement), and the ward that stands out most often."""
    if matrix.empty:
        return "No partner data in the store."
    found = matrix["comparison"].value_counts()
    n = matrix["indicator_id"].nunique()
    parts = []
    if found.get("worse", 0) or found.get("better", 0):
        parts.append(f"{found.get('worse', 0)} ward-indicator pairs are significantly worse than {comparator} and "
                     f"{found.get('better', 0)} significantly better (where lower or higher is plainly better)")
    if found.get("higher", 0) or found.get("lower", 0):
        parts.append(f"{found.get('higher', 0)} are significantly higher and {found.get('lower', 0)} significantly "
                     "lower (demand and service use, where neither is plainly better)")
    text = "; ".join(parts) + " (95% intervals)." if parts else f"No ward differs significantly from {comparator}."
    kinds = [k for k in ("worse", "higher") if found.get(k, 0)]
    worse = matrix[matrix["comparison"].isin(kinds)]["area_name"].value_counts()
    if len(worse):
        text += f" {worse.index[0]} is {' or '.join(kinds)} on {worse.iloc[0]} of {n}."
    return text + " Grey cells are not compared (suppressed, no interval or no data)."
