"""Missing demand and backlog: the cumulative gap between observed and expected counts since a start month.

For each month t from the start month s (the pandemic's first month), with O_m the observed count and E_m
the expected count (the mean of the same calendar month's counts over the k baseline months,
metrics.pipeline), the cumulative gap is

    G_t = sum_{m=s..t} (O_m - E_m)          (negative: demand that did not arrive; back to 0: made up)

Variance, under the model the expectation already uses (counts Poisson, months independent):

    Var(G_t) = sum_{m=s..t} Var(O_m) + Var(sum_{m=s..t} E_m)
             = sum_{m=s..t} O_m      + sum_c n_c(t)^2 * E_c / k_c

where O_m estimates its own Poisson variance, and E_c (calendar month c) is the mean of k_c Poisson
baseline counts, so Var(E_c) = lambda_c / k_c, estimated by E_c / k_c. A calendar month used n_c(t) times
in the window (March 2020 and March 2021 both lean on March 2019) enters with n_c(t)^2: the same baseline
estimate is reused, so its error does not average out. The interval is G_t +/- z sqrt(Var(G_t)) (normal
approximation; the sums are of hundreds of events on any area a partnership reports on). It ignores
extra-Poisson variation and any trend there would have been without the pandemic: it measures the gap
from "the same months as before", not from a forecast.

A count withheld at source ("*", 1..7 each) enters at its middle, 4, and widens the interval by its range
(+/- 3 each), as everywhere else: on the observed side for each withheld count in the window, and on the
expected side for the baseline's withheld counts behind each month's expectation (their mean per month). A month the role may not see (suppressed,
or with no expectation) makes the gap unknown from that month on: it is never estimated around a gap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from metrics._contract import as_float_array, broadcast, check_confidence, z_value

WITHHELD_RANGE = (1, 7)
METHOD = ("cumulative observed - expected since the start month; 95% interval G +/- 1.96 sqrt(sum observed + "
          "sum_c n_c^2 expected_c / k_c) (Poisson counts, expectation from k baseline months)")
OUTPUT = ["cumulative_gap", "cumulative_gap_lower", "cumulative_gap_upper", "cumulative_expected"]


def cumulative_gaps(frame: pd.DataFrame, *, by: Sequence[str], time: str, start: pd.Timestamp,
                    confidence: float = 0.95) -> pd.DataFrame:
    """The cumulative gap of every row of a long frame of monthly rows, per group `by`, from `start` on.

    Columns used: `time` (month start), count (NaN where unknown), expected_count, calendar (the key of the
    baseline estimate the month's expectation uses, e.g. its calendar month), baseline_points (k of that
    estimate), withheld (counts withheld at source, optional), expected_withheld (the mean number of withheld
    counts in the baseline months behind the expectation, optional; `expected_count` leaves them out). Returns OUTPUT columns on the frame's index
    (NaN before `start`, and from the first unknown month of a group on).
    """
    z = z_value(check_confidence(confidence))
    out = pd.DataFrame(np.nan, index=frame.index, columns=OUTPUT)
    inside = frame[pd.to_datetime(frame[time]) >= pd.Timestamp(start)]
    if inside.empty:
        return out
    f = inside.sort_values([*by, time])
    keys = [f[k] for k in by]
    count = f["count"].to_numpy(dtype=float)
    expected = f["expected_count"].to_numpy(dtype=float)
    k = f["baseline_points"].to_numpy(dtype=float)
    withheld = f["withheld"].to_numpy(dtype=float) if "withheld" in f else np.zeros(len(f))
    withheld = np.nan_to_num(withheld)
    base_withheld = np.nan_to_num(f["expected_withheld"].to_numpy(dtype=float)) if "expected_withheld" in f \
        else np.zeros(len(f))
    lo, hi = WITHHELD_RANGE
    unknown = ~np.isfinite(count) | ~np.isfinite(expected) | ~(k > 0)
    broken = pd.Series(unknown, index=f.index).groupby(keys, sort=False).cummax().to_numpy(dtype=bool)
    mid = np.nan_to_num(count) + withheld * (lo + hi) / 2
    expected = expected + base_withheld * (lo + hi) / 2
    step = mid - np.nan_to_num(expected)
    gap = pd.Series(step, index=f.index).groupby(keys, sort=False).cumsum().to_numpy()
    observed_var = pd.Series(mid, index=f.index).groupby(keys, sort=False).cumsum().to_numpy()
    # n_c(t)^2 - n_c(t-1)^2 = 2 n_c(t-1) + 1: each reuse of a baseline estimate adds (2n + 1) Var(E_c).
    reused = f.groupby([*keys, f["calendar"]], sort=False).cumcount().to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        e_var = np.where(k > 0, np.nan_to_num(expected) / k, np.nan)
    expected_var = pd.Series((2 * reused + 1) * e_var, index=f.index).groupby(keys, sort=False).cumsum().to_numpy()
    spread = pd.Series((withheld + base_withheld) * (hi - lo) / 2, index=f.index).groupby(
        keys, sort=False).cumsum().to_numpy()
    half = z * np.sqrt(observed_var + expected_var)
    cum_expected = pd.Series(np.nan_to_num(expected), index=f.index).groupby(keys, sort=False).cumsum().to_numpy()
    result = pd.DataFrame({"cumulative_gap": gap, "cumulative_gap_lower": gap - spread - half,
                           "cumulative_gap_upper": gap + spread + half, "cumulative_expected": cum_expected},
                          index=f.index)
    result[broken] = np.nan
    out.loc[result.index, OUTPUT] = result[OUTPUT].to_numpy()
    return out


def cumulative_gap(observed: Any, expected: Any, *, calendar: Any, baseline_points: Any, withheld: Any = 0,
                   confidence: float = 0.95) -> pd.DataFrame:
    """One series' cumulative gap, month by month from its first month (see the module doc).

    >>> out = cumulative_gap([50, 70], [60, 60], calendar=[3, 4], baseline_points=[1, 1])
    >>> out.cumulative_gap.tolist(), round(float(out.cumulative_gap_lower[1]), 2)
    ([-10.0, 0.0], -30.36)
    """
    o, e, k = broadcast(as_float_array(observed, name="observed"), as_float_array(expected, name="expected"),
                        as_float_array(baseline_points, name="baseline_points"),
                        names=("observed", "expected", "baseline_points"))
    w = np.broadcast_to(as_float_array(withheld, name="withheld"), o.shape)
    cal = np.broadcast_to(np.asarray(calendar, dtype=object), o.shape)
    frame = pd.DataFrame({"g": 0, "t": pd.date_range("2000-01-01", periods=len(o), freq="MS"), "count": o,
                          "expected_count": e, "calendar": cal, "baseline_points": k, "withheld": w})
    return cumulative_gaps(frame, by=["g"], time="t", start=pd.Timestamp("2000-01-01"), confidence=confidence)


def summary(rows: pd.DataFrame) -> dict[str, Any] | None:
    """What a sentence needs from one area's monthly rows (period_start, cumulative_gap, lower, upper):
    the deepest shortfall (month, gap, interval), the latest month's gap and interval, and the first month
    after a significant deepest shortfall when the gap was back to zero or above ("made up")."""
    known = rows.dropna(subset=["cumulative_gap"]).sort_values("period_start")
    if known.empty:
        return None
    deepest = known.loc[known["cumulative_gap"].idxmin()]
    latest = known.iloc[-1]
    after = known[known["period_start"] > deepest["period_start"]]
    made = after[after["cumulative_gap"] >= 0]
    return {"first": known["period_start"].iloc[0], "deepest": deepest, "latest": latest,
            "shortfall": bool(deepest["cumulative_gap_upper"] < 0),
            "made_up": made["period_start"].iloc[0] if bool(deepest["cumulative_gap_upper"] < 0) and len(made)
            else None,
            "latest_excess": bool(latest["cumulative_gap_lower"] > 0),
            "latest_shortfall": bool(latest["cumulative_gap_upper"] < 0)}


def noun(title: str) -> str:
    """'Food bank vouchers' -> 'food bank vouchers'; 'START referrals' stays (an acronym leads)."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


def _amount(value: float) -> str:
    return f"{abs(value):,.0f} {'fewer' if value < 0 else 'more'}"


def _than(value: float) -> str:
    return "the same as expected" if round(value) == 0 else f"{_amount(value)} than expected"


def interval_words(lower: float, upper: float) -> str:
    """'70 to 248 fewer', '32 fewer to 530 more', '487 to 991 more'."""
    if upper < 0:
        return f"{abs(upper):,.0f} to {abs(lower):,.0f} fewer"
    if lower > 0:
        return f"{lower:,.0f} to {upper:,.0f} more"
    return f"{_amount(lower)} to {_amount(upper)}"


def sentence(rows: pd.DataFrame, *, title: str, area: str) -> str:
    """The backlog in a sentence, from one area's monthly rows (metrics.backlog.summary's columns).

    Says "fewer/more than expected" with the 95% interval; "made up" only once the cumulative gap is back
    to zero after a significant shortfall; "still short" or "more than made up" only when the latest
    interval excludes zero.
    """
    s = summary(rows)
    what = noun(title)
    if s is None:
        return (f"{title} in {area}: the demand missed since the pandemic cannot be calculated here (a month is "
                "suppressed or has no pre-pandemic expectation).")
    first, latest, deepest = f"{s['first']:%B %Y}", s["latest"], s["deepest"]
    now = (f"by {latest['period_start']:%B %Y} the total since {first} was {_than(latest['cumulative_gap'])} "
           f"(95% interval {interval_words(latest['cumulative_gap_lower'], latest['cumulative_gap_upper'])})")
    verdict = "more than made up" if s["latest_excess"] else "still significantly short" if s["latest_shortfall"] \
        else "not significantly different from expected"
    later = rows.loc[rows["period_start"] > latest["period_start"], "period_start"]
    # a running total cannot pass a month the reader may not see: say where it stops and why
    stops = "" if later.empty else (f" The running total stops in {latest['period_start']:%B %Y}: "
                                    f"{later.min():%B %Y} is suppressed (small numbers) here, so what happened "
                                    "after cannot be said.")
    if not s["shortfall"]:
        return (f"{title} in {area} did not fall significantly short of the pre-pandemic expectation since {first}; "
                f"{now}: {verdict}.{stops}")
    head = (f"By {deepest['period_start']:%B %Y}, {abs(deepest['cumulative_gap']):,.0f} fewer {what} than expected "
            f"had arrived in {area} since {first} (95% interval "
            f"{interval_words(deepest['cumulative_gap_lower'], deepest['cumulative_gap_upper'])}).")
    if deepest["period_start"] == latest["period_start"]:
        return f"{head}{stops}" if stops else f"{head[:-1]}, and the shortfall is still growing."
    made = f" The shortfall was made up by {s['made_up']:%B %Y}:" if s["made_up"] is not None else \
        " It has not been made up:"
    return f"{head}{made} {now}, {verdict}.{stops}"
