"""Small-number disclosure control for the count tables every view and download shows.

Primary suppression and rounding follow the "suppress 1-7, round the rest to the nearest 5" convention of
NHS Digital's HES analysis guidance and ONS small-number policy: for the "viewer" role counts
1..threshold are hidden, 0 is shown as 0, other counts are rounded half up to the nearest `rounding`.
Margins are rounded independently, so a shown table need not add up. The "analyst" role sees true counts.

Secondary (complementary) suppression follows the cell-suppression approach for frequency tables in
Hundepool et al. (2012) *Statistical Disclosure Control*, Wiley, ch. 5. Cells and their shown margins
form a lattice of lines (members sum to the line's total). Complements are added one at a time, from the
unrounded counts, until in every line:
  - no entry is the only suppressed one (it would be the total minus the shown members);
  - when the line's total is shown, the suppressed members do not sum to 1..threshold;
  - no suppressed entry is pinned to one value by all the line equations together, for a reader who
    also knows that suppressed values are >= 1 (zeros are shown). Entries are arcs between the lines they
    sit in; an entry can move only around a cycle of suppressed entries, one at 1 only upwards.
A complement is a non-zero shown entry (a suppressed zero protects nothing): preferably one that does not
leave another line with a single suppressed entry, then the smallest. If no complement exists the whole
table is suppressed, which is always safe.

>>> frame = pd.DataFrame({"ward": ["A", "B", "C", "D"], "count": [5, 0, 20, 30]})
>>> protect_counts(frame, rows="ward", role="viewer")["count"].tolist()
[<NA>, 0, <NA>, 30, 55]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

ROLES = ("analyst", "viewer")


def round_half_up(value: int, step: int) -> int:
    """Nearest multiple of `step`, halves up (Python's round() would send 2.5 to 2)."""
    return (2 * value + step) // (2 * step) * step


@dataclass(frozen=True)
class DisclosureRules:
    """Counts 1..threshold are hidden from viewers; the rest are rounded to the nearest `rounding`."""

    threshold: int = 7
    rounding: int = 5

    def __post_init__(self) -> None:
        for name in ("threshold", "rounding"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | np.integer):
                raise ValueError(f"{name} must be an integer, got {value!r}")
        if self.threshold < 0:
            raise ValueError(f"threshold must be >= 0, got {self.threshold}")
        if self.rounding < 1:
            raise ValueError(f"rounding must be >= 1, got {self.rounding}")
        # A coarse step must not turn a count just above the threshold back into a small number.
        shown = round_half_up(self.threshold + 1, self.rounding)
        if 1 <= shown <= self.threshold:
            raise ValueError(
                f"rounding={self.rounding} would show {self.threshold + 1} as {shown}, "
                f"inside the suppressed range 1-{self.threshold}"
            )


def _rules(rules: DisclosureRules | None, threshold: int | None, rounding: int | None) -> DisclosureRules:
    given = {k: v for k, v in (("threshold", threshold), ("rounding", rounding)) if v is not None}
    if rules is not None and given:
        raise ValueError("pass either rules= or threshold=/rounding=, not both")
    return rules or DisclosureRules(**given)


def _check_frame(frame: pd.DataFrame, keys: list[str], count: str, total_label: str) -> None:
    missing = [c for c in (*keys, count) if c not in frame.columns]
    if missing:
        raise ValueError(f"missing column(s) {missing}")
    if len(set(keys)) < len(keys):
        raise ValueError("rows and cols must name different columns")
    counts = frame[count]
    if counts.isna().any():
        raise ValueError(f"count column {count!r} has missing values")
    if pd.api.types.is_bool_dtype(counts) or not pd.api.types.is_numeric_dtype(counts):
        raise ValueError(f"count column {count!r} must be numeric, got {counts.dtype}")
    if (counts % 1 != 0).any():
        raise ValueError(f"count column {count!r} must hold whole numbers")
    if (counts < 0).any():
        raise ValueError(f"count column {count!r} has negative values")
    for key in keys:
        if frame[key].isna().any():
            raise ValueError(f"column {key!r} has missing labels")
        if (frame[key] == total_label).any():
            raise ValueError(f"label {total_label!r} is reserved for margins but appears in {key!r}")
    if frame.duplicated(keys).any():
        raise ValueError(f"duplicate cells for {keys}")


def _lattice(cells: list[tuple], values: list[int], two_way: bool, total: str):
    """Append the margins as entries. Each line is (total entry, member entries); each entry is also an arc
    (tail, head) between the two lines it sits in, oriented so that raising the entry is flow along it."""
    keys, vals = list(cells), list(values)
    lines: list[tuple[int, list[int]]] = []
    signs: list[int] = []

    def add_line(key: tuple, members: list[int], sign: int) -> int:
        keys.append(key)
        vals.append(sum(vals[m] for m in members))
        lines.append((len(keys) - 1, members))
        signs.append(sign)
        return len(keys) - 1

    if two_way:
        by_row: dict = {}
        by_col: dict = {}
        for i, (row, col) in enumerate(cells):
            by_row.setdefault(row, []).append(i)
            by_col.setdefault(col, []).append(i)
        row_totals = [add_line((row, total), members, 1) for row, members in by_row.items()]
        col_totals = [add_line((total, col), members, -1) for col, members in by_col.items()]
        lines.append((add_line((total, total), row_totals, 1), col_totals))
        signs.append(-1)
    else:
        add_line((total,), list(range(len(cells))), 1)
    # Row-side lines count members as inflow, column-side as outflow, so every entry is in flow at one line
    # and out at the other. Entries in a single line (the one-way case) hang off a "ground" vertex.
    ends = [[len(lines), len(lines)] for _ in keys]
    for vertex, ((total_entry, members), sign) in enumerate(zip(lines, signs, strict=True)):
        for entry, coef in [*((m, 1) for m in members), (total_entry, -1)]:
            ends[entry][sign * coef > 0] = vertex
    return keys, np.array(vals, dtype=np.int64), lines, ends


def _pinned(values: np.ndarray, hidden: np.ndarray, ends: list[list[int]], k: int) -> bool:
    """Whether the shown entries fix hidden entry k. Since zeros are always shown, a reader knows hidden
    values are >= 1: k can only move around a cycle of hidden entries, and one at 1 can only go up."""
    adjacent: dict[int, list[int]] = {}
    for e in np.flatnonzero(hidden):
        if e != k:
            tail, head = ends[e]
            adjacent.setdefault(tail, []).append(head)
            if values[e] > 1:
                adjacent.setdefault(head, []).append(tail)

    def reaches(start: int, goal: int) -> bool:
        seen, stack = {start}, [start]
        while stack:
            vertex = stack.pop()
            if vertex == goal:
                return True
            for nxt in adjacent.get(vertex, []):
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append(nxt)
        return False

    tail, head = ends[k]
    return not (reaches(head, tail) or (values[k] > 1 and reaches(tail, head)))


def _complement(values: np.ndarray, is_margin: np.ndarray, lines, ends, hidden: np.ndarray, threshold: int):
    """The next entry to suppress, -1 if none can protect the table, None when the table is safe."""
    entry_lines: list[list] = [[] for _ in values]
    for total, members in lines:
        for e in (*members, total):
            entry_lines[e].append([*members, total])

    def opens_lines(e: int) -> int:  # lines with nothing hidden yet would then need a complement too
        return sum(not hidden[line].any() for line in entry_lines[e])

    def cheapest(candidates: Sequence[int]) -> list[int]:
        usable = [int(e) for e in candidates if not hidden[e] and values[e] > 0]
        return sorted(usable, key=lambda e: (opens_lines(e), values[e], is_margin[e], e))

    for total, members in lines:
        entries = [*members, total]
        if hidden[entries].sum() == 1:
            return next(iter(cheapest(entries)), -1)
        if not hidden[total] and 1 <= values[members][hidden[members]].sum() <= threshold:
            return next(iter(cheapest(members)), -1)
    # Every line now has 0 or >= 2 hidden entries, yet one can still be fixed when it only joins two groups
    # of hidden entries (a bridge), or when its cycles run through entries at 1.
    pinned = next((int(k) for k in np.flatnonzero(hidden) if _pinned(values, hidden, ends, k)), None)
    if pinned is None:
        return None
    candidates = cheapest(np.flatnonzero(~hidden))
    for candidate in candidates:
        trial = hidden.copy()
        trial[candidate] = True
        if not _pinned(values, trial, ends, pinned):
            return candidate
    return candidates[0] if candidates else -1


def protect_table(
    frame: pd.DataFrame,
    *,
    rows: str,
    cols: str | None = None,
    count: str = "count",
    role: str,
    threshold: int | None = None,
    rounding: int | None = None,
    rules: DisclosureRules | None = None,
    margins: bool = True,
    total_label: str = "Total",
) -> pd.DataFrame:
    """Cells and margins (label `total_label`, `is_total` True) with `count` as shown to `role` (Int64,
    NA when suppressed), `suppressed` (bool) and `suppression` ("primary", "secondary" or None).
    Other input columns are kept on the cell rows. Defaults: threshold 7, rounding 5."""
    rules = _rules(rules, threshold, rounding)
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {list(ROLES)}")
    keys = [rows] if cols is None else [rows, cols]
    _check_frame(frame, keys, count, total_label)
    cells = list(frame[keys].itertuples(index=False, name=None))
    values = frame[count].astype("int64").tolist()
    if margins:
        entries, true, lines, ends = _lattice(cells, values, cols is not None, total_label)
    else:
        entries, true, lines, ends = cells, np.array(values, dtype=np.int64), [], [[0, 0] for _ in cells]
    is_margin = np.arange(len(entries)) >= len(cells)
    primary = (true >= 1) & (true <= rules.threshold) if role == "viewer" else np.zeros(len(true), bool)
    hidden = primary.copy()
    while hidden.any():
        extra = _complement(true, is_margin, lines, ends, hidden, rules.threshold)
        if extra is None:
            break
        if extra == -1:
            hidden[:] = True
            break
        hidden[extra] = True
    shown = [
        pd.NA if h else (v if role == "analyst" else round_half_up(int(v), rules.rounding))
        for v, h in zip(true, hidden, strict=True)
    ]
    margin_rows = pd.DataFrame(entries[len(cells) :], columns=keys)
    out = pd.concat([frame.reset_index(drop=True), margin_rows], ignore_index=True)
    out[count] = pd.array(shown, dtype="Int64")
    out["suppressed"] = hidden
    out["suppression"] = pd.Series(
        np.where(primary, "primary", np.where(hidden, "secondary", None)), dtype=object
    )
    out["is_total"] = is_margin
    return out


def protect_counts(
    data: pd.Series | pd.DataFrame,
    *,
    rows: str | None = None,
    count: str = "count",
    role: str,
    threshold: int | None = None,
    rounding: int | None = None,
    rules: DisclosureRules | None = None,
    margins: bool = True,
    total_label: str = "Total",
) -> pd.DataFrame:
    """One-way list (e.g. wards) plus its total: a Series indexed by label, or a frame with `rows`."""
    if isinstance(data, pd.Series):
        rows = rows or data.index.name or "label"
        data = data.rename(count).rename_axis(rows).reset_index()
    elif rows is None:
        raise ValueError("rows= is required when passing a DataFrame")
    return protect_table(
        data,
        rows=rows,
        count=count,
        role=role,
        threshold=threshold,
        rounding=rounding,
        rules=rules,
        margins=margins,
        total_label=total_label,
    )


def suppress_dependent(
    frame: pd.DataFrame,
    *,
    count_suppressed_col: str = "suppressed",
    value_cols: Sequence[str] = ("value", "lower_ci", "upper_ci"),
) -> pd.DataFrame:
    """Blank rates/proportions (and their CIs) whose count is suppressed: value x denominator gives it back."""
    missing = [c for c in (count_suppressed_col, *value_cols) if c not in frame.columns]
    if missing:
        raise ValueError(f"missing column(s) {missing}")
    flags = frame[count_suppressed_col]
    if not pd.api.types.is_bool_dtype(flags):
        raise ValueError(f"column {count_suppressed_col!r} must be boolean, got {flags.dtype}")
    hide = flags.fillna(True).astype(bool)  # an unknown flag fails closed
    out = frame.copy()
    for col in value_cols:
        out[col] = out[col].mask(hide)
    return out
