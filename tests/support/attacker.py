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
from scipy.sparse import csr_matrix


def feasible_range(shown: Sequence[float], hidden: Sequence[bool], relations: Sequence[tuple[int, Sequence[int]]], *,
                   threshold: int = 7, rounding: int = 5, never_shown: Sequence[bool] | None = None,
                   extra_equalities: Sequence[tuple[dict[int, float], float]] = (),
                   cap: float = 1e6, targets: Sequence[int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(lowest, highest) integer value of each entry over every solution consistent with the display.

    A shown value s > 0 is rounded half up, so the truth lies in [s - floor((r-1)/2), s + floor(r/2)] for odd r
    (and is above the threshold); a shown 0 is exactly 0; a hidden entry is 1 or more (zeros are shown); an
    entry never shown is 0 or more. `relations` are (total, members): total = sum(members).
    `extra_equalities` add anything else a page reveals, as ({entry: coefficient}, right-hand side).
    `targets` limits the search to some entries (the others get NaN bounds).
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
    data, row_index, col_index, rhs = [], [], [], []
    for k, (total, members) in enumerate(relations):
        for m in members:
            data.append(1.0), row_index.append(k), col_index.append(m)
        data.append(-1.0), row_index.append(k), col_index.append(total)
        rhs.append(0.0)
    for coefs, value in extra_equalities:
        k = len(rhs)
        for entry, c in coefs.items():
            data.append(c), row_index.append(k), col_index.append(entry)
        rhs.append(value)
    constraints = []
    if rhs:
        matrix = csr_matrix((data, (row_index, col_index)), shape=(len(rhs), n))
        constraints = [LinearConstraint(matrix, np.array(rhs), np.array(rhs))]
    out_lo, out_hi = np.full(n, np.nan), np.full(n, np.nan)
    bounds = Bounds(lo, hi)
    integrality = np.ones(n)
    for i in (range(n) if targets is None else targets):
        for sign, store in ((1, out_lo), (-1, out_hi)):
            c = np.zeros(n)
            c[i] = sign
            res = milp(c, constraints=constraints, integrality=integrality, bounds=bounds)
            if res.status != 0:
                raise AssertionError(f"the display is inconsistent with itself ({res.message})")
            store[i] = round(sign * res.fun)
    return out_lo, out_hi
