"""Tests for metrics.suppression.

Expected values are worked by hand from the rules in the module docstring: 1-7 suppressed, 0 shown,
the rest rounded half up to the nearest 5 (NHS Digital HES analysis guidance), and complementary
suppression until no hidden cell can be recovered from the shown margins (Hundepool et al. 2012, ch. 5).
The property tests play the attacker: they rebuild every line of the table and, on small tables, solve
linear programmes for the range each hidden cell could take.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from metrics.suppression import DisclosureRules, protect_counts, protect_table, suppress_dependent

TOTAL = "Total"


def ward_band(counts: list[list[int]]) -> pd.DataFrame:
    """A ward x age band long frame from a matrix of counts."""
    return pd.DataFrame(
        [(f"W{i}", f"B{j}", n) for i, row in enumerate(counts) for j, n in enumerate(row)],
        columns=["ward", "band", "count"],
    )


def shown(result: pd.DataFrame, *keys: str) -> dict:
    """Shown count by (ward[, band]) label, None when suppressed."""
    labels = result[list(keys)].itertuples(index=False, name=None)
    return {k: (None if pd.isna(v) else int(v)) for k, v in zip(labels, result["count"], strict=True)}


# ---------------------------------------------------------------- primary suppression and rounding
@pytest.mark.parametrize(
    "count, rules, expected",
    [
        (0, DisclosureRules(), 0),
        (1, DisclosureRules(), None),
        (7, DisclosureRules(), None),
        (8, DisclosureRules(), 10),
        (12, DisclosureRules(), 10),
        (13, DisclosureRules(), 15),
        (8, DisclosureRules(threshold=9), None),
        (11, DisclosureRules(threshold=9), 10),
        (11, DisclosureRules(threshold=10, rounding=1), 11),
        (13, DisclosureRules(rounding=1), 13),
        (15, DisclosureRules(rounding=10), 20),  # half up, not to even
        (14, DisclosureRules(rounding=10), 10),
        (3, DisclosureRules(threshold=0), 5),  # rounding only
    ],
)
def test_primary_suppression_and_rounding(count, rules, expected):
    result = protect_counts(pd.Series([count], index=["W0"]), role="viewer", rules=rules, margins=False)
    assert shown(result, "label") == {("W0",): expected}
    assert result["count"].dtype == "Int64"


def test_one_way_list_with_total():
    """A suppressed ward is covered by the smallest non-zero ward; zero wards protect nothing."""
    result = protect_counts(pd.Series([5, 0, 20, 30], index=list("ABCD"), name="n"), role="viewer")
    assert result["label"].tolist() == ["A", "B", "C", "D", TOTAL]
    assert result["count"].tolist() == [pd.NA, 0, pd.NA, 30, 55]
    assert result["suppression"].tolist() == ["primary", None, "secondary", None, None]
    assert result["is_total"].tolist() == [False, False, False, False, True]


@pytest.mark.parametrize(
    "counts, expected",
    [
        ([2, 3, 40, 50], [None, None, None, 50, 95]),  # two hidden wards sum to 5: a third hides too
        ([1, 2, 0], [None, None, 0, None]),  # the total is small itself
        ([9, 40], [10, 40, 50]),
        ([0, 0], [0, 0, 0]),
    ],
)
def test_one_way_cases(counts, expected):
    frame = pd.DataFrame({"ward": [f"W{i}" for i in range(len(counts))], "count": counts})
    result = protect_counts(frame, rows="ward", role="viewer")
    assert [None if pd.isna(v) else v for v in result["count"]] == expected


def test_two_way_table_worked_example():
    """The complement that closes a rectangle (C-old) is preferred to the smaller one that opens a new line."""
    result = protect_table(ward_band([[3, 20], [15, 30], [12, 40]]), rows="ward", cols="band", role="viewer")
    assert shown(result, "ward", "band") == {
        ("W0", "B0"): None, ("W0", "B1"): None, ("W0", TOTAL): 25,
        ("W1", "B0"): 15, ("W1", "B1"): 30, ("W1", TOTAL): 45,
        ("W2", "B0"): None, ("W2", "B1"): None, ("W2", TOTAL): 50,
        (TOTAL, "B0"): 30, (TOTAL, "B1"): 90, (TOTAL, TOTAL): 120,
    }  # fmt: skip
    assert result.loc[result["suppressed"], "suppression"].tolist() == ["primary"] + ["secondary"] * 3


def test_small_ward_total_is_a_cell_of_the_lattice():
    """W0's total (5) is primary too; its row then holds two hidden entries, but the total column and
    column B0 each hold one, so W2-B0 and W2's total close the rectangle (W2's total opens no new line)."""
    result = protect_table(ward_band([[5, 0], [30, 40], [25, 10]]), rows="ward", cols="band", role="viewer")
    got = shown(result, "ward", "band")
    hidden = sorted(k for k, v in got.items() if v is None)
    assert hidden == [("W0", "B0"), ("W0", TOTAL), ("W2", "B0"), ("W2", TOTAL)]
    kinds = result.loc[result["suppressed"], "suppression"].tolist()
    assert kinds == ["primary", "secondary", "primary", "secondary"]  # cells first, then margins
    assert got[("W0", "B1")] == 0 and got[(TOTAL, TOTAL)] == 110


def test_analyst_sees_everything_unchanged():
    frame = ward_band([[3, 20], [1, 0]]).assign(extra=list("abcd"))
    result = protect_table(frame, rows="ward", cols="band", role="analyst")
    assert result["count"].tolist() == [3, 20, 1, 0, 23, 1, 4, 20, 24]
    assert not result["suppressed"].any() and result["suppression"].isna().all()
    assert result["extra"].tolist()[:4] == list("abcd") and result["extra"].iloc[4:].isna().all()


def test_no_margins_means_primary_only():
    result = protect_table(
        ward_band([[3, 20], [15, 30]]), rows="ward", cols="band", role="viewer", margins=False
    )
    assert result["suppression"].tolist() == ["primary", None, None, None] and not result["is_total"].any()


def test_rules_object_and_keywords_agree():
    frame = ward_band([[3, 9], [12, 40]])
    by_rules = protect_table(frame, rows="ward", cols="band", role="viewer", rules=DisclosureRules(3, 1))
    by_keywords = protect_table(frame, rows="ward", cols="band", role="viewer", threshold=3, rounding=1)
    pd.testing.assert_frame_equal(by_rules, by_keywords)


# ---------------------------------------------------------------- bad input
GOOD = pd.DataFrame({"ward": ["A", "B"], "count": [3, 10]})


@pytest.mark.parametrize(
    "frame, kwargs, message",
    [
        (GOOD.assign(count=[-1, 10]), {}, "count column 'count' has negative values"),
        (GOOD, {"role": "public"}, "unknown role 'public'; expected one of ['analyst', 'viewer']"),
        (GOOD.assign(count=[None, 10]), {}, "count column 'count' has missing values"),
        (GOOD.assign(count=[1.5, 10]), {}, "count column 'count' must hold whole numbers"),
        (GOOD.assign(count=["3", "10"]), {}, "count column 'count' must be numeric, got str"),
        (GOOD, {"rows": "area"}, "missing column(s) ['area']"),
        (GOOD, {"cols": "ward"}, "rows and cols must name different columns"),
        (GOOD.assign(ward=["A", "A"]), {}, "duplicate cells for ['ward']"),
        (GOOD.assign(ward=["A", TOTAL]), {}, "label 'Total' is reserved for margins but appears in 'ward'"),
        (GOOD.assign(ward=["A", None]), {}, "column 'ward' has missing labels"),
        (GOOD, {"threshold": -1}, "threshold must be >= 0, got -1"),
        (GOOD, {"rounding": 0}, "rounding must be >= 1, got 0"),
        (GOOD, {"rounding": 2.5}, "rounding must be an integer, got 2.5"),
        (GOOD, {"threshold": True}, "threshold must be an integer, got True"),
        (GOOD, {"rounding": 6}, "rounding=6 would show 8 as 6, inside the suppressed range 1-7"),
        (
            GOOD,
            {"rules": DisclosureRules(), "threshold": 5},
            "pass either rules= or threshold=/rounding=, not both",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message(frame, kwargs, message):
    kwargs = {"rows": "ward", "role": "viewer", **kwargs}
    with pytest.raises(ValueError) as excinfo:
        protect_table(frame, **kwargs)
    assert str(excinfo.value) == message


def test_protect_counts_needs_rows_for_a_frame():
    with pytest.raises(ValueError, match="rows= is required when passing a DataFrame"):
        protect_counts(GOOD, role="viewer")


# ---------------------------------------------------------------- rates resting on suppressed counts
def test_suppress_dependent_blanks_value_and_cis():
    frame = pd.DataFrame(
        {"suppressed": [True, False], "value": [1.2, 3.4], "lower_ci": [0.1, 2.0], "upper_ci": [4.0, 5.0]}
    )
    result = suppress_dependent(frame)
    assert result[["value", "lower_ci", "upper_ci"]].iloc[0].isna().all()
    assert result.iloc[1].tolist() == [False, 3.4, 2.0, 5.0]
    assert frame["value"].notna().all()  # the input is not modified


def test_suppress_dependent_fails_closed_on_an_unknown_flag():
    frame = pd.DataFrame({"suppressed": pd.array([None, False], dtype="boolean"), "value": [1.0, 2.0]})
    assert suppress_dependent(frame, value_cols=["value"])["value"].isna().tolist() == [True, False]


def test_suppress_dependent_on_protected_counts():
    counts = protect_counts(pd.Series([4, 50, 60], index=list("ABC")), role="viewer", margins=False)
    rates = counts.assign(value=[0.4, 5.0, 6.0])
    assert suppress_dependent(rates, value_cols=("value",))["value"].isna().tolist() == [True, False, False]


@pytest.mark.parametrize(
    "frame, message",
    [
        (pd.DataFrame({"suppressed": [True], "value": [1.0]}), "missing column(s) ['lower_ci', 'upper_ci']"),
        (pd.DataFrame({"suppressed": [1], "value": [1.0], "lower_ci": [0.0], "upper_ci": [2.0]}),
         "column 'suppressed' must be boolean, got int64"),
    ],
)  # fmt: skip
def test_suppress_dependent_bad_input(frame, message):
    with pytest.raises(ValueError) as excinfo:
        suppress_dependent(frame)
    assert str(excinfo.value) == message


# ---------------------------------------------------------------- the attacker's view
@st.composite
def tables(draw, max_side: int = 8) -> list[list[int]]:
    """Ward x band matrices with many zeros and small counts next to larger ones."""
    n_rows, n_cols = draw(st.integers(1, max_side)), draw(st.integers(1, max_side))
    count = st.one_of(st.just(0), st.integers(1, 7), st.integers(8, 200))
    return [[draw(count) for _ in range(n_cols)] for _ in range(n_rows)]


def lines_of(counts: list[list[int]]) -> list[tuple[tuple, list[tuple]]]:
    """Every (total, members) equation a reader of the table with all margins can write down."""
    rows, cols = [f"W{i}" for i in range(len(counts))], [f"B{j}" for j in range(len(counts[0]))]
    lines = [((r, TOTAL), [(r, c) for c in cols]) for r in rows]
    lines += [((TOTAL, c), [(r, c) for r in rows]) for c in cols]
    lines += [((TOTAL, TOTAL), [(r, TOTAL) for r in rows]), ((TOTAL, TOTAL), [(TOTAL, c) for c in cols])]
    return lines


def true_values(counts: list[list[int]]) -> dict:
    arr = np.array(counts)
    true = {(f"W{i}", f"B{j}"): int(arr[i, j]) for i, j in itertools.product(*map(range, arr.shape))}
    true |= {(f"W{i}", TOTAL): int(v) for i, v in enumerate(arr.sum(axis=1))}
    true |= {(TOTAL, f"B{j}"): int(v) for j, v in enumerate(arr.sum(axis=0))}
    return true | {(TOTAL, TOTAL): int(arr.sum())}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts=tables())
def test_viewer_never_sees_or_can_difference_a_small_number(counts):
    result = protect_table(ward_band(counts), rows="ward", cols="band", role="viewer")
    got, true = shown(result, "ward", "band"), true_values(counts)
    assert got.keys() == true.keys()
    # (a) no value 1-7 is shown, in cells or margins
    assert not any(v is not None and 1 <= v <= 7 for v in got.values())
    assert all(got[k] is None for k, v in true.items() if 1 <= v <= 7)
    # (b) in every line with a shown total, hidden members are 0 or >= 2 and their sum is 0 or > 7
    for total, members in lines_of(counts):
        hidden = [m for m in members if got[m] is None]
        if got[total] is not None:
            assert len(hidden) != 1, (total, hidden)
            assert not 1 <= sum(true[m] for m in hidden) <= 7, (total, hidden)


def attacker_ranges(counts: list[list[int]], got: dict, rounding: int, threshold: int = 7) -> dict:
    """Min and max of every hidden entry consistent with the shown values and the line equations.

    The reader knows more than "cells >= 0": zeros are always shown, so a hidden entry is >= 1 (unless the
    whole table is hidden); an unhidden value v rounded to `rounding` is a true value within the rounding
    step that is not 1..threshold. A bigger feasible set (cells >= 0) can only widen these ranges.
    """
    keys = list(got)
    pos = {k: i for i, k in enumerate(keys)}
    hidden_floor = 0 if all(v is None for v in got.values()) else 1
    bounds = []
    for k in keys:
        v = got[k]
        if v is None:
            bounds.append((hidden_floor, None))
        elif v == 0 or rounding == 1:
            bounds.append((v, v))
        else:
            bounds.append((max(v - rounding // 2, threshold + 1), v + (rounding - 1) // 2))
    lines = lines_of(counts)
    a_eq = np.zeros((len(lines), len(keys)))
    for i, (total, members) in enumerate(lines):
        a_eq[i, [pos[m] for m in members]], a_eq[i, pos[total]] = 1, -1
    ranges = {}
    for k in (k for k in keys if got[k] is None):
        c = np.zeros(len(keys))
        c[pos[k]] = 1
        low, high = (linprog(s * c, A_eq=a_eq, b_eq=np.zeros(len(lines)), bounds=bounds) for s in (1, -1))
        # the true table is feasible, so only an unbounded maximum (status 3) is allowed besides success
        assert low.status == 0 and high.status in (0, 3), (low.message, high.message)
        ranges[k] = (low.fun, np.inf if high.status == 3 else -high.fun)
    return ranges


def assert_nothing_pinned(counts: list[list[int]], rounding: int) -> None:
    result = protect_table(ward_band(counts), rows="ward", cols="band", role="viewer", rounding=rounding)
    got, true = shown(result, "ward", "band"), true_values(counts)
    for k, (low, high) in attacker_ranges(counts, got, rounding).items():
        assert low - 1e-6 <= true[k] <= high + 1e-6
        assert high - low > 0.5, f"{k} is pinned to {true[k]}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counts=tables(max_side=4), rounding=st.sampled_from([1, 5]))
def test_attacker_cannot_pin_any_hidden_cell(counts, rounding):
    assert_nothing_pinned(counts, rounding)


@pytest.mark.parametrize(
    "counts",
    [
        # every line has 0 or >= 2 hidden cells, yet W2-B1 (5) only bridges two groups of hidden cells
        [[162, 0, 0, 0, 3], [0, 6, 102, 4, 171], [133, 5, 28, 0, 149]],
        # safe against a reader allowing 0, but a reader who knows hidden cells are >= 1 pins the hidden 1s
        [[0, 114, 84], [1, 165, 0], [0, 6, 1], [0, 173, 141]],
        [[6, 0, 1, 0], [48, 1, 0, 144], [0, 197, 0, 70], [5, 0, 0, 0]],
    ],
)
def test_attacker_cannot_pin_tables_that_line_rules_alone_leave_open(counts):
    assert_nothing_pinned(counts, rounding=1)
