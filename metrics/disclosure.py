"""Disclosure control for everything a viewer receives: one algorithm for a whole family of counts.

A *family* is every count a viewer may see of one set of events: each area (wards, "ward not known",
districts, the partnership, primary care networks, groups of wards) x each age band and age group x each
period (months, quarters, financial and calendar years). Its *lines* say which counts add up to which
(a district is the sum of its wards; a quarter of its months; all ages of the bands and the unknown age).
Entries that are never shown (the count of unknown age, say) are *free*: a reader knows only that they
are >= 0.

For the viewer role (the convention of NHS Digital's HES analysis guidance and ONS small-number policy):
- counts 1..threshold are hidden (primary suppression); 0 is shown as 0; other counts are rounded half
  up to the nearest `rounding`, each independently;
- complementary (secondary) suppression, as in Hundepool et al. (2012) *Statistical Disclosure Control*
  ch. 5, until in every line no hidden entry is alone (it would be the total minus the rest) and, where
  the total is shown and nothing in the line is free, the hidden members do not add up to 1..threshold;
- then the reader is simulated: from what is shown (a rounded 10 means 8..12, a hidden count >= 1, a
  free one >= 0) and the lines, bounds are propagated to a fixed point; wherever that pins a non-zero
  count to one value (a hidden one, or a shown one whose whole line sits at the edge of its rounding),
  another complement is hidden, and the reader simulated again.
Everything else a viewer sees (rates, intervals, comparisons, trends, baselines, method labels) is then
computed from these shown counts, so arithmetic on it gives back nothing more.

>>> lines = Lines.build([(3, [0, 1, 2])])          # entry 3 is the total of entries 0..2
>>> out = protect(np.array([5, 0, 20, 25]), lines)
>>> out.shown.tolist(), out.hidden.tolist()
([nan, 0.0, nan, 25.0], [True, False, True, False])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

ROLES = ("analyst", "viewer")
BIG = np.int64(2**40)  # "no upper limit" for a reader's bounds, small enough to add thousands of them


def check_role(role: str) -> str:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {list(ROLES)}")
    return role


def round_half_up(value, step: int):
    """Nearest multiple of `step`, halves up (Python's round() would send 2.5 to 2); ints or int arrays."""
    return (2 * np.asarray(value, dtype=np.int64) + step) // (2 * step) * step if np.ndim(value) else \
        (2 * int(value) + step) // (2 * step) * step


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
            raise ValueError(f"rounding={self.rounding} would show {self.threshold + 1} as {shown}, "
                             f"inside the suppressed range 1-{self.threshold}")

    def bounds(self, shown: np.ndarray, hidden: np.ndarray, free: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """What a reader knows of each entry from its own display: [lo, hi] as int64."""
        half_down = (self.rounding - 1) // 2 if self.rounding % 2 else self.rounding // 2
        half_up = self.rounding // 2 if self.rounding % 2 else self.rounding // 2 - 1
        s = np.nan_to_num(shown, nan=0).astype(np.int64)
        lo = np.where(s > 0, np.maximum(s - half_down, self.threshold + 1), 0).astype(np.int64)
        hi = np.where(s > 0, s + half_up, 0).astype(np.int64)
        lo = np.where(hidden, 1, lo)
        hi = np.where(hidden | free, BIG, hi)
        lo = np.where(free, 0, lo)
        return lo, hi


@dataclass(frozen=True)
class Lines:
    """Additive lines: line k says entries[indptr[k]] (its total) = sum of entries[indptr[k]+1 : indptr[k+1]]."""

    indptr: np.ndarray
    entries: np.ndarray
    size: int  # number of entries in the family

    @classmethod
    def build(cls, lines: Iterable[tuple[int, Sequence[int]]], size: int | None = None) -> Lines:
        indptr, entries = [0], []
        for total, members in lines:
            members = list(members)
            if not members:
                continue
            entries.extend([int(total), *map(int, members)])
            indptr.append(len(entries))
        entries_arr = np.asarray(entries, dtype=np.int64)
        n = int(size if size is not None else (entries_arr.max() + 1 if len(entries_arr) else 0))
        return cls(np.asarray(indptr, dtype=np.int64), entries_arr, n)

    @property
    def count(self) -> int:
        return len(self.indptr) - 1

    @property
    def line_of(self) -> np.ndarray:
        """For each position in `entries`, the line it belongs to."""
        return np.repeat(np.arange(self.count), np.diff(self.indptr))

    @property
    def is_total(self) -> np.ndarray:
        flags = np.zeros(len(self.entries), dtype=bool)
        flags[self.indptr[:-1]] = True
        return flags

    def lines_of(self) -> list[np.ndarray]:
        """For each entry, the lines it sits in."""
        order = np.argsort(self.entries, kind="stable")
        lines = self.line_of[order]
        cuts = np.searchsorted(self.entries[order], np.arange(self.size + 1))
        return [lines[cuts[i]:cuts[i + 1]] for i in range(self.size)]


def propagate(lo: np.ndarray, hi: np.ndarray, lines: Lines, *, max_rounds: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Tighten [lo, hi] of every entry until every line is consistent (bounds propagation).

    Each line reads total - sum(members) = 0. For an entry with coefficient a, a*x lies between minus the
    largest and minus the smallest sum the other entries can make. This is what a reader who adds and
    subtracts the rows of a table can work out; it is sound (never narrower than the truth allows).
    """
    lo, hi = lo.astype(np.int64).copy(), hi.astype(np.int64).copy()
    if not lines.count:
        return lo, hi
    ent, line = lines.entries, lines.line_of
    coef = np.where(lines.is_total, -1, 1)
    for _ in range(max_rounds):
        cmin = np.where(coef > 0, lo[ent], -hi[ent])
        cmax = np.where(coef > 0, hi[ent], -lo[ent])
        smin = np.zeros(lines.count, dtype=np.int64)
        smax = np.zeros(lines.count, dtype=np.int64)
        np.add.at(smin, line, cmin)
        np.add.at(smax, line, cmax)
        # a x in [-(smax - cmax), -(smin - cmin)]
        low_ax, high_ax = -(smax[line] - cmax), -(smin[line] - cmin)
        new_lo = np.where(coef > 0, low_ax, -high_ax)
        new_hi = np.where(coef > 0, high_ax, -low_ax)
        nlo, nhi = lo.copy(), hi.copy()
        np.maximum.at(nlo, ent, np.minimum(new_lo, BIG))
        np.minimum.at(nhi, ent, np.minimum(new_hi, BIG))
        nlo = np.maximum(nlo, 0)
        if np.array_equal(nlo, lo) and np.array_equal(nhi, hi):
            break
        lo, hi = nlo, np.maximum(nhi, nlo)
    return lo, hi


@dataclass(frozen=True)
class Protection:
    shown: np.ndarray  # float: the count as shown (rounded for viewers), NaN where hidden
    hidden: np.ndarray  # bool
    reason: np.ndarray  # "primary", "secondary" or None


def _line_entries(lines: Lines, k: int) -> np.ndarray:
    return lines.entries[lines.indptr[k]:lines.indptr[k + 1]]


def protect(true: np.ndarray, lines: Lines, *, role: str = "viewer", free: np.ndarray | None = None,
            rules: DisclosureRules | None = None) -> Protection:
    """Shown counts for `role` over a family of entries and its additive lines (see the module docstring).

    `true` holds every entry's exact count (free entries included: they are never shown, but the
    secondary rules need their values). The analyst sees every count as it is.
    """
    rules = rules or DisclosureRules()
    check_role(role)
    true = np.asarray(true, dtype=np.int64)
    n = len(true)
    if lines.size and lines.size != n:
        raise ValueError(f"lines describe {lines.size} entries but {n} counts were given")
    if np.any(true < 0):
        raise ValueError("counts must not be negative")
    free = np.zeros(n, dtype=bool) if free is None else np.asarray(free, dtype=bool)
    if role == "analyst":
        shown = np.where(free, np.nan, true.astype(float))
        return Protection(shown, np.zeros(n, dtype=bool), np.full(n, None, dtype=object))
    primary = (true >= 1) & (true <= rules.threshold) & ~free
    hidden = primary.copy()
    lines_of = lines.lines_of() if lines.count else [np.array([], dtype=np.int64)] * n
    total_pos = lines.indptr[:-1]
    for _ in range(n + 1):
        extra = _complements(true, hidden, free, lines, lines_of, total_pos, rules)
        if not extra:
            break
        hidden[list(extra)] = True
    shown = np.where(hidden | free, np.nan, round_half_up(true, rules.rounding).astype(float))
    reason = np.where(primary, "primary", np.where(hidden, "secondary", None)).astype(object)
    return Protection(shown, hidden, reason)


def _complements(true, hidden, free, lines: Lines, lines_of, total_pos, rules) -> set[int]:
    """Entries to hide next (empty when the family is safe)."""
    veiled = hidden | free
    problems: list[tuple[str, int]] = []  # ("line", k) or ("entry", e)
    if lines.count:
        starts = lines.indptr[:-1]
        hidden_in_line = np.add.reduceat(hidden[lines.entries].astype(np.int64), starts)
        free_in_line = np.add.reduceat(free[lines.entries].astype(np.int64), starts)
        # A hidden entry alone in its line is the total minus the rest (a free entry in the line hides it).
        problems += [("line", int(k)) for k in np.flatnonzero((hidden_in_line == 1) & (free_in_line == 0))]
        member_hidden_true = np.add.reduceat(np.where(hidden[lines.entries] & ~lines.is_total,
                                                      true[lines.entries], 0), starts)
        total_shown = ~veiled[lines.entries[total_pos]]
        small = ((free_in_line == 0) & total_shown & (hidden_in_line > 1) & (member_hidden_true >= 1)
                 & (member_hidden_true <= rules.threshold))
        problems += [("line", int(k)) for k in np.flatnonzero(small)]
    if not problems:  # the reader's arithmetic: does anything shown or hidden come out exact?
        shown = np.where(veiled, np.nan, round_half_up(true, rules.rounding).astype(float))
        lo, hi = propagate(*rules.bounds(shown, hidden, free), lines)
        problems += [("entry", int(e)) for e in np.flatnonzero((lo == hi) & (true > 0))]
    chosen: set[int] = set()
    for kind, where in problems:
        candidates = _line_entries(lines, where) if kind == "line" else np.unique(np.concatenate(
            [_line_entries(lines, k) for k in lines_of[where]] + [np.array([where], dtype=np.int64)]))
        if any(c in chosen for c in candidates):
            continue
        pick = _cheapest(candidates, true, veiled, free, lines, lines_of, total_pos)
        if pick is None:  # nothing left to hide here: hide the whole of these lines (always safe)
            chosen.update(int(c) for c in candidates if not veiled[c] and true[c] > 0)
        else:
            chosen.add(pick)
    return chosen


def _cheapest(candidates, true, veiled, free, lines: Lines, lines_of, total_pos) -> int | None:
    usable = [int(c) for c in candidates if not veiled[c] and not free[c] and true[c] > 0]
    if not usable:
        return None
    totals = lines.entries[total_pos]

    def level(e: int) -> int:  # how many lines it is the total of: a district or a year costs readers most
        return int(np.count_nonzero(totals[lines_of[e]] == e))

    def opens(e: int) -> int:  # lines with nothing hidden yet would then need a complement of their own
        return sum(not veiled[_line_entries(lines, k)].any() for k in lines_of[e])

    return min(usable, key=lambda e: (level(e), opens(e), true[e], e))
