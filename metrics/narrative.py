"""Plain-English one-sentence summaries of indicator results, for chart captions and alt text.

Each sentence says only what the statistics support: "significantly higher/lower" only where the
comparison category says the interval excludes the borough value, "similar to" otherwise; a trend only
when its label says increasing or decreasing; a suppressed value is never quoted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

SIGNIFICANT = ("worse", "better", "higher", "lower")
RUN_MIN = 3  # "rising for N months" from three consecutive rises up: fewer is ordinary month-to-month noise


def decimals(value: float) -> int:
    """The house precision, everywhere a number is shown (tables, tiles, hovers, sentences, CSVs): one decimal
    place, as Fingertips shows rates and percentages; two below 1, so a small rate never reads 0.0."""
    return 2 if 0 < abs(value) < 1 else 1


def format_number(value: float, places: int | None = None) -> str:
    """A value at the house precision with thousands separators: 1234.56 -> '1,234.6', 0.437 -> '0.44'."""
    return f"{value:,.{decimals(value) if places is None else places}f}"


def format_interval(low: float, high: float, *, like: float | None = None) -> str:
    """An interval's ends at one precision, the estimate's (`like`) where given: '-0.5 to 2.9' around 1.2, never
    '-0.50 to 2.9'; without an estimate, the finer of the two ends'."""
    places = decimals(like) if like is not None and np.isfinite(like) else max(decimals(low), decimals(high))
    return f"{format_number(low, places)} to {format_number(high, places)}"


def format_value(value: float, unit: str) -> str:
    """A value with its unit: '14.2 per 1,000 residents aged 16-64', '12.5% of all'."""
    if unit.startswith("%"):
        return f"{format_number(value)}{unit}"
    return f"{format_number(value)} {unit}".rstrip()


def short_unit(unit: str) -> str:
    """The rate's base without the population: 'per 1,000 residents aged 16-64' -> 'per 1,000'."""
    if unit.startswith("%"):
        return "percentage points"
    match = re.match(r"per [\d,]+", unit)
    return match.group(0) if match else unit


def _plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _shown(frame: pd.DataFrame) -> pd.Series:
    """Rows with a value that may be quoted (not suppressed, not missing)."""
    suppressed = frame["suppressed"].fillna(False).astype(bool) if "suppressed" in frame else False
    return ~suppressed & frame["value"].notna()


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def summarise_comparison(frame: pd.DataFrame, *, title: str, unit: str, borough_name: str) -> str:
    """How many wards were significantly higher or lower than the borough, and the extreme ward."""
    if frame.empty or "reference" not in frame:
        return f"{title}: no data for this period."
    if "band" in frame:  # a breakdown: the totals are the rows for all ages
        frame = frame[frame["band"] == "All"]
    wards = frame[~frame["reference"] & (frame["area_type"] != "not-known")]
    if "parent_code" in frame:  # the comparators (the wards' districts) are not counted among the areas
        wards = wards[~wards["area_code"].isin(frame["parent_code"].dropna())]
    borough = frame[frame["reference"]]
    noun = "wards" if (wards["area_type"] == "ward").all() else "areas"
    if wards.empty:
        return f"{title}: no data for this period."
    period = f" in {wards['period_label'].iloc[0]}" if "period_label" in wards else ""
    shown_borough = borough[_shown(borough)]
    ref = float(shown_borough["value"].iloc[0]) if not shown_borough.empty else np.nan
    ref_text = f" ({format_value(ref, unit)})" if not np.isnan(ref) else ""
    shown = wards[_shown(wards)]
    n, n_hidden = len(wards), len(wards) - len(shown)
    hidden_names = wards.loc[~_shown(wards), "area_name"].astype(str).tolist()
    named = _join(hidden_names[:5] + ([f"{len(hidden_names) - 5} more"] if len(hidden_names) > 5 else [])) \
        if hidden_names else ""
    tail = f"; {n_hidden} {_plural(n_hidden, 'was', 'were')} suppressed (small numbers): {named}" if n_hidden else ""
    trend = str(shown_borough["trend"].iloc[0]) if "trend" in shown_borough and not shown_borough.empty else ""
    if trend.startswith(("increasing", "decreasing")):  # only a significant trend is described
        whole = str(shown_borough["area_name"].iloc[0]) if "area_name" in shown_borough else borough_name
        tail += f"; {whole} overall is {trend}"  # the reference's own trend (the partnership across districts)
    if shown.empty:
        overall = f"; {borough_name} overall: {format_value(ref, unit)}" if not np.isnan(ref) else ""
        return f"{title}{period}: every {noun[:-1]}'s figure is suppressed (small numbers){overall}."
    significant = shown[shown["comparison"].isin(SIGNIFICANT)]
    if np.isnan(ref) or significant.empty:
        if shown["comparison"].eq("not compared").all():
            low, high = shown.loc[shown["value"].idxmin()], shown.loc[shown["value"].idxmax()]
            return (f"{title}{period}: values ranged from {format_number(low['value'])} in {low['area_name']} "
                    f"to {format_value(high['value'], unit)} in {high['area_name']}; they were not compared "
                    f"with {borough_name}{tail}.")
        similar = int(shown["comparison"].eq("similar").sum())
        of = f"all {n}" if similar == n else f"{similar} of {n}"
        return f"{title}{period}: {of} {noun} were similar to {borough_name}{ref_text}{tail}."
    # each ward is compared with its own parent (its district): higher or lower than that parent's value when the
    # frame holds the parents' rows, and no single reference value quoted when they differ
    against = pd.Series(ref, index=significant.index)
    if "parent_code" in frame:
        parents = frame.drop_duplicates("area_code").set_index("area_code")["value"]
        own = significant["parent_code"].map(parents)
        if own.notna().all() and own.nunique() > 1:
            against, ref_text = own.astype(float), ""
    higher = significant[significant["value"] > against].sort_values("value", ascending=False)
    lower = significant[significant["value"] < against].sort_values("value")
    clauses = []
    for group, word, extreme in ((higher, "higher", "highest"), (lower, "lower", "lowest")):
        if group.empty:
            continue
        k, top = len(group), group.iloc[0]
        if not clauses:
            clauses.append(f"{k} of {n} {noun} {_plural(k, 'was', 'were')} significantly {word} than "
                           f"{borough_name}{ref_text}, {extreme} {top['area_name']} at {format_number(top['value'])}")
        else:
            clauses.append(f"{k} {_plural(k, 'was', 'were')} significantly {word}")
    return f"{title}{period}: {'; '.join(clauses)}{tail}."


def _period_name(period: pd.Timestamp, weekly: bool) -> str:
    return f"the week beginning {period.day} {period:%B %Y}" if weekly else f"{period:%B %Y}"


def summarise_trend(series: pd.DataFrame, *, title: str, unit: str, borough_name: str) -> str:
    """The latest borough value, how it sits against the pre-pandemic expectation, recent special causes."""
    if series.empty or "reference" not in series:
        return f"{title}: no data to show for {borough_name}."
    rows = series[series["reference"]].sort_values("period_start")
    shown = rows[_shown(rows)]
    if shown.empty:
        return f"{title}: no data to show for {borough_name}."
    periods = pd.to_datetime(rows["period_start"])
    weekly = len(periods) > 1 and periods.diff().median() < pd.Timedelta(days=20)
    latest = shown.iloc[-1]
    when = pd.Timestamp(latest["period_start"])
    text = f"{title} in {borough_name}, {_period_name(when, weekly)}: {format_value(latest['value'], unit)}"
    expected = latest.get("expected", np.nan)
    if pd.notna(expected) and expected > 0:
        pct = round((latest["value"] / expected - 1) * 100)
        month = f"{when:%B}"
        text += (f", the same as the pre-pandemic level for {month}" if pct == 0 else
                 f", {abs(pct)}% {'above' if pct > 0 else 'below'} the pre-pandemic level for {month}")
        low, high = latest.get("expected_lower", np.nan), latest.get("expected_upper", np.nan)
        if pd.notna(low) and pd.notna(high):
            place = ("above" if latest["value"] > high else "below" if latest["value"] < low else "within")
            text += f" ({place} the expected range)"
    if "special_cause" in rows and rows["special_cause"].notna().any():
        recent = rows.tail(6)
        flags = recent["special_cause"].eq(True)
        span = f"the latest {len(recent)} {'weeks' if weekly else 'months'}"
        if not flags.any():
            text += f"; none of {span} showed special-cause variation"
        else:
            counts = recent.loc[flags, "spc_direction"].value_counts()
            found = [d for d in ("high", "low") if d in counts]
            detail = f"unusually {found[0]}" if len(found) == 1 else \
                _join([f"{counts[d]} unusually {d}" for d in found])
            text += f"; {int(flags.sum())} of {span} showed special-cause variation ({detail})"
    return text + "."


def summarise_ward_profile(rows: pd.DataFrame, *, ward_name: str, borough_name: str) -> str:
    """On how many indicators a ward was significantly worse, better, higher or lower than the borough."""
    if rows.empty:
        return f"No indicators to compare for {ward_name}."
    n = len(rows)
    counts = rows["comparison"].value_counts()
    found = [(c, int(counts[c])) for c in SIGNIFICANT if counts.get(c, 0)]
    if not found:
        similar = int(counts.get("similar", 0))
        if similar == n:
            return f"{ward_name} was similar to {borough_name} on all {n} indicators."
        return (f"{ward_name} was similar to {borough_name} on {similar} of {n} indicators; "
                f"the other {n - similar} were not compared (suppressed or no interval).")
    (first, k), rest = found[0], found[1:]
    parts = [f"significantly {first} than {borough_name} on {k} of {n} indicators"]
    parts += [f"{c} on {k}" for c, k in rest]
    return f"{ward_name} was {_join(parts)}."


def age_contrast_sentence(c: Mapping[str, Any]) -> str:
    """metrics.contrast.age_contrast in words: which group asks more per head, only when the ratio's
    interval excludes 1; a group that cannot be pooled (a band suppressed) is said to be so."""
    what, label = c["title"], c.get("period_label", "")
    if not c.get("pooled", False):
        return f"{what}: too few to compare working-age and older residents for viewers ({label})."
    wa, old = c["working_age_rate"], c["older_rate"]
    figures = f"(16-64: {format_number(wa)} per 1,000; 65+: {format_number(old)} per 1,000, {label})"
    if old == 0 and wa == 0:
        return f"{what}: none from working-age residents or those aged 65+ ({label})."
    if old == 0 or wa == 0:
        some = "working-age residents" if old == 0 else "residents aged 65+"
        return f"{what} came only from {some} {figures}."
    low, high = c.get("ratio_lower_ci", np.nan), c.get("ratio_upper_ci", np.nan)
    if low > 1:
        return (f"{what} were {c['ratio']:.1f} times as high per head among working-age residents as among those "
                f"aged 65+ {figures}.")
    if high < 1:
        return (f"{what} were {1 / c['ratio']:.1f} times as high per head among residents aged 65+ as among "
                f"working-age residents {figures}.")
    return f"{what} per head were similar for working-age and older residents {figures}."


def summarise_inequality(sii_row: Mapping[str, Any] | pd.Series, *, title: str, unit: str) -> str:
    """The slope index of inequality in words; 'no clear gradient' when its interval includes zero."""
    value, low, high = (float(sii_row.get(k, np.nan)) for k in ("value", "lower_ci", "upper_ci"))
    if np.isnan([value, low, high]).any():
        return f"{title}: the slope index of inequality could not be calculated."
    level = f"{round(100 * float(sii_row.get('confidence', 0.95)))}% CI"
    base = short_unit(unit)
    ci = f"{level} {format_interval(low, high, like=value)}"
    if low <= 0 <= high:
        return (f"{title}: no clear gradient with deprivation (slope index of inequality "
                f"{format_number(value)} {base}, {ci}).")
    word = "higher" if value > 0 else "lower"
    return (f"{title}: rates were {format_number(abs(value))} {base} {word} in the most deprived areas than in "
            f"the least deprived (slope index of inequality, {ci}).")


def summarise_headlines(frame: pd.DataFrame) -> str:
    """Which partners' latest month was significantly higher or lower than the same month pre-pandemic."""
    if frame.empty:
        return "No partner data has been loaded yet."
    hidden = frame["count"].isna()
    shown = frame[~hidden]
    changed = shown[shown["direction"].isin(SIGNIFICANT) & shown["change_pct"].notna()]

    def tiles(rows: pd.DataFrame) -> str:
        return _join([f"{r.title} ({r.change_pct:+.0f}%, {pd.Timestamp(r.latest_month):%b %Y})"
                      for r in rows.itertuples()])

    clauses = []
    for rows, word in ((changed[changed["change_pct"] > 0], "higher"), (changed[changed["change_pct"] < 0], "lower")):
        if not rows.empty:
            clauses.append(f"significantly {word} for {tiles(rows)}")
    similar = int(shown["direction"].eq("similar").sum())
    if similar:
        everyone = similar == len(frame)
        services = f"all {similar} services" if everyone else f"{similar} {_plural(similar, 'service', 'services')}"
        clauses.append(f"similar for {services}")
    text = "Against the same month before the pandemic, demand was " + _join(clauses) if clauses else \
        "No service could be compared with the same month before the pandemic"
    no_base = int(shown["direction"].eq("no baseline").sum())
    notes = [f"{no_base} {_plural(no_base, 'has', 'have')} no pre-pandemic baseline"] if no_base else []
    if hidden.any():
        notes.append(f"{int(hidden.sum())} {_plural(int(hidden.sum()), 'is', 'are')} suppressed (small numbers)")
    return text + ("; " + "; ".join(notes) if notes else "") + "."


def consecutive_run(values: Sequence[float]) -> int:
    """Consecutive rises (positive) or falls (negative) ending at the last value; a missing value breaks a run.

    >>> consecutive_run([3.0, 4.0, 5.0, 6.5]), consecutive_run([5.0, 4.0, 3.0]), consecutive_run([1.0, None, 2.0])
    (3, -2, 0)
    """
    steps = 0
    sign = 0
    vals = [float(v) if v is not None else np.nan for v in values]
    for before, after in zip(reversed(vals[:-1]), reversed(vals[1:]), strict=True):
        if np.isnan(before) or np.isnan(after) or after == before:
            break
        step = 1 if after > before else -1
        if sign and step != sign:
            break
        sign, steps = step, steps + 1
    return sign * steps


def describe_ward(ward: Mapping[str, Any] | pd.Series, *, title: str, unit: str, borough_name: str,
                  borough_value: float | None = None, run: int = 0, run_end: str = "", run_unit: str = "month",
                  min_run: int = RUN_MIN) -> str:
    """One ward's value in words, against the borough and over time, saying only what the numbers support.

    "significantly higher/lower" only when the comparison category is a significant one (the ward's 95%
    interval excludes the borough value); "similar to" for "similar"; nothing for "not compared". The
    recent trend is named only when its label says increasing or decreasing. "Rising for N months" comes
    from `run` (consecutive rises in the shown series, see `consecutive_run`) and only from `min_run` up.
    A suppressed or missing value is never quoted.
    """
    name, period = ward["area_name"], ward.get("period_label", "")
    when = f" {'over' if '-' in period else 'in'} {period}" if period else ""  # over Oct-Dec 2021: not monthly
    value = ward.get("value", np.nan)
    if bool(ward.get("suppressed", False)) or pd.isna(value):
        return f"{title} in {name}{when}: suppressed (small numbers)."
    ref = None if borough_value is None or pd.isna(borough_value) else float(borough_value)
    ref_text = f"{borough_name}'s {format_number(ref)}" if ref is not None else borough_name
    comparison = str(ward.get("comparison", "not compared"))
    text = f"{title} in {name}: {format_value(float(value), unit)}{when}"
    if comparison in SIGNIFICANT:
        word = comparison if ref is None else ("higher" if value > ref else "lower")
        text += f", significantly {word} than {ref_text}"
    elif comparison == "similar":
        text += f", similar to {ref_text}"
    elif ref is not None:
        text += f" ({borough_name}: {format_number(ref)}; not compared)"
    if abs(run) >= min_run:
        text += (f", {'rising' if run > 0 else 'falling'} for {abs(run)} {run_unit}s in a row"
                 + (f" to {run_end}" if run_end else ""))
    trend = str(ward.get("trend", ""))
    if trend.startswith(("increasing", "decreasing")):
        text += f"; recent trend: {trend}"
    return text + "."
