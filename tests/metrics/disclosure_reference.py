"""The disclosure search as first written (one Python step per candidate, `ufunc.at` scatters), kept as the
reference the vectorised metrics.disclosure must equal exactly: same hidden cells, same shown counts."""

from __future__ import annotations

import numpy as np

from metrics.disclosure import BIG, DisclosureRules, Lines, Protection, check_role, round_half_up


def _line_entries(lines: Lines, k: int) -> np.ndarray:
    return lines.entries[lines.indptr[k]:lines.indptr[k + 1]]


def propagate_reference(lo: np.ndarray, hi: np.ndarray, lines: Lines, *, max_rounds: int = 200) -> tuple[np.ndarray, np.ndarray]:
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


def protect_reference(true: np.ndarray, lines: Lines, *, role: str = "viewer", free: np.ndarray | None = None,
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
        lo, hi = propagate_reference(*rules.bounds(shown, hidden, free), lines)
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

    derived = lines.is_derived()

    def level(e: int) -> int:  # how many tables it is the total of (lines derived from two others aside)
        mine = np.asarray(lines_of[e], dtype=np.int64)
        return int(np.count_nonzero((totals[mine] == e) & ~derived[mine]))

    def opens(e: int) -> int:  # lines with nothing hidden yet would then need a complement of their own
        return sum(not veiled[_line_entries(lines, k)].any() for k in lines_of[e])

    return min(usable, key=lambda e: (level(e), opens(e), true[e], e))
