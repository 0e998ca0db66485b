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


def matrix_summary(matrix: pd.DataFrame, *, comparator: str) -> str:
    """How many ward-indicator pairs are significantly worse or better, and the ward worse most often."""
    if matrix.empty:
        return "No partner data in the store."
    worse = matrix[matrix["comparison"] == "worse"]
    top = worse["area_name"].value_counts()
    lead = f" {top.index[0]} is worse on {top.iloc[0]} of {matrix['indicator_id'].nunique()}." if len(top) else ""
    return (f"{len(worse)} ward-indicator pairs are significantly worse than {comparator} and "
            f"{(matrix['comparison'] == 'better').sum()} significantly better (95% intervals).{lead} Grey cells "
            "are not compared (no judgement, suppressed or no data).")
