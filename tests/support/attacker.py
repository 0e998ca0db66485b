"""An independent attacker for the disclosure tests: exact integer programming (scipy's HiGHS MILP).

Given what a viewer sees of a family (each entry shown rounded, hidden, or never shown) and the additive
relations between entries, it finds for every entry the smallest and largest whole number consistent
with all of it. An entry whose smallest and largest agree is recoverable exactly. This shares no code with
metrics.disclosure: it reads only the displayed values and the relations.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


def feasible_range(shown: Sequence[float], hidden: Sequence[bool], relations: Sequence[tuple[int, Sequence[int]]], *,
                   threshold: int = 7, rounding: int = 5, never_shown: Sequence[bool] | None = None,
                   extra_equalities: Sequence[tuple[dict[int, float], float]] = (),
                   cap: float = 1e6) -> tuple[np.ndarray, np.ndarray]:
    """(lowest, highest) integer value of each entry over every solution consistent with the display.

    A shown value s > 0 is rounded half up, so the truth lies in [s - floor((r-1)/2), s + floor(r/2)] for odd r
    (and is above the threshold); a shown 0 is exactly 0; a hidden entry is 1 or more (zeros are shown); an
    entry never shown is 0 or more. `relations` are (total, members): total = sum(members).
    `extra_equalities` add anything else a page reveals, as ({entry: coefficient}, right-hand side).
    """
    n = len(shown)
    never = np.zeros(n, bool) if never_shown is None else np.asarray(never_shown, bool)
    lo, hi = np.zeros(n), np.full(n, cap)
    down, up = ((rounding - 1) // 2, rounding // 2) if rounding % 2 else (rounding // 2, rounding // 2 - 1)
    for i in range(n):
        if never[i]:
            continue
        if hidden[i]:
            lo[i] = 1
            continue
        s = shown[i]
        if s == 0:
            hi[i] = 0
        else:
            lo[i], hi[i] = max(s - down, threshold + 1), s + up
    rows, rhs = [], []
    for total, members in relations:
        row = np.zeros(n)
        row[list(members)] += 1
        row[total] -= 1
        rows.append(row)
        rhs.append(0.0)
    for coefs, value in extra_equalities:
        row = np.zeros(n)
        for k, c in coefs.items():
            row[k] += c
        rows.append(row)
        rhs.append(value)
    constraints = [LinearConstraint(np.array(rows), np.array(rhs), np.array(rhs))] if rows else []
    out_lo, out_hi = np.zeros(n), np.zeros(n)
    for i in range(n):
        for sign, store in ((1, out_lo), (-1, out_hi)):
            c = np.zeros(n)
            c[i] = sign
            res = milp(c, constraints=constraints, integrality=np.ones(n), bounds=Bounds(lo, hi))
            if res.status != 0:
                raise AssertionError(f"the display is inconsistent with itself ({res.message})")
            store[i] = round(sign * res.fun)
    return out_lo, out_hi
