"""metrics.disclosure: small numbers never shown to viewers, and nothing recoverable by arithmetic.

The attacker (tests/support/attacker.py) is exact integer programming (scipy's HiGHS) over what is shown
and the additive relations: it shares no code with the algorithm under test.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics.cube import Cube, Dimension
from metrics.disclosure import BIG, DisclosureRules, Lines, propagate, protect, round_half_up
from tests.support.attacker import feasible_range

RULES = DisclosureRules()


def relations(lines: Lines) -> list[tuple[int, list[int]]]:
    out = []
    for k in range(lines.count):
        entries = lines.entries[lines.indptr[k]:lines.indptr[k + 1]]
        out.append((int(entries[0]), [int(e) for e in entries[1:]]))
    return out


def assert_safe(true: np.ndarray, lines: Lines, free: np.ndarray | None = None) -> None:
    free = np.zeros(len(true), bool) if free is None else free
    out = protect(true, lines, free=free)
    shown_small = (~out.hidden) & (~free) & (true >= 1) & (true <= RULES.threshold)
    assert not shown_small.any(), f"a count of 1-7 is shown: entries {np.flatnonzero(shown_small)}"
    targets = np.flatnonzero(true > 0)
    lo, hi = feasible_range(np.nan_to_num(out.shown), out.hidden, relations(lines), never_shown=free, targets=targets)
    assert (lo[targets] <= true[targets]).all() and (true[targets] <= hi[targets]).all(), \
        "the attacker model rejects the truth: the test is wrong"
    pinned = np.flatnonzero((lo == hi) & (true > 0))
    assert not len(pinned), f"exact counts recoverable at {pinned.tolist()}: {true[pinned].tolist()}"


@pytest.mark.parametrize(("value", "step", "expected"), [(8, 5, 10), (12, 5, 10), (13, 5, 15), (25, 10, 30),
                                                         (0, 5, 0), (2, 5, 0)])
def test_round_half_up(value, step, expected):
    assert round_half_up(value, step) == expected
    assert round_half_up(np.array([value]), step).tolist() == [expected]


def test_rules_refuse_a_rounding_that_shows_a_small_number():
    with pytest.raises(ValueError, match="would show 8 as 6"):
        DisclosureRules(threshold=7, rounding=6)
    with pytest.raises(ValueError, match="threshold must be >= 0"):
        DisclosureRules(threshold=-1)


def test_primary_suppression_rounding_and_zeros():
    lines = Lines.build([(3, [0, 1, 2])])
    out = protect(np.array([5, 0, 20, 25]), lines)
    assert out.hidden.tolist() == [True, False, True, False]  # 20 hidden too: 5 would be 25 - 0 - 20
    assert out.reason.tolist() == ["primary", None, "secondary", None]
    assert np.isnan(out.shown[0]) and out.shown[1] == 0 and out.shown[3] == 25


def test_the_analyst_sees_every_count_as_it_is():
    out = protect(np.array([5, 0, 20, 25]), Lines.build([(3, [0, 1, 2])]), role="analyst")
    assert out.shown.tolist() == [5, 0, 20, 25] and not out.hidden.any()


def test_a_line_at_the_edge_of_its_rounding_would_give_every_count_away_so_it_is_protected():
    # 12+12+12+12 = 48: shown 10, 10, 10, 10 and 50; a reader who knows 10 means 8-12 and 50 means 48-52
    # would find every ward at exactly 12.
    true, lines = np.array([12, 12, 12, 12, 48]), Lines.build([(4, [0, 1, 2, 3])])
    naive = np.array([10, 10, 10, 10, 50], float)
    lo, hi = feasible_range(naive, np.zeros(5, bool), relations(lines))
    assert (lo == hi).all()  # the threat is real
    assert_safe(true, lines)


def test_a_free_entry_protects_its_line():
    # all ages = bands + unknown age (never shown): one hidden band is not alone
    out = protect(np.array([30, 4, 20, 6]), Lines.build([(0, [1, 2, 3])]), free=np.array([False, False, False, True]))
    assert out.hidden.tolist() == [False, True, False, False]


def test_propagation_is_sound_and_finds_the_edge():
    lines = Lines.build([(4, [0, 1, 2, 3])])
    lo, hi = propagate(np.array([8, 8, 8, 8, 48]), np.array([12, 12, 12, 12, 52]), lines)
    assert lo.tolist() == hi.tolist() == [12, 12, 12, 12, 48]
    lo, hi = propagate(np.array([1, 0, 0]), np.array([BIG, BIG, 10]), Lines.build([(2, [0, 1])]))
    assert hi[0] == 10 and lo[2] == 1


def cube_from(counts: list[int], n_wards: int, n_bands: int, n_months: int) -> Cube:
    wards = [f"w{i}" for i in range(n_wards)]
    bands = [f"b{i}" for i in range(n_bands)] + ["unk"]
    months = [f"m{i}" for i in range(n_months)]
    area = Dimension.of("area", {**{w: [w] for w in wards}, "D": wards}, splits={"D": wards})
    band = Dimension.of("band", {**{b: [b] for b in bands}, "All": bands}, splits={"All": bands}, hidden=["unk"])
    period_members = {m: [m] for m in months}
    splits = {}
    if n_months >= 2:
        period_members["Q"], splits["Q"] = months[:2], months[:2]
    if n_months >= 3:
        period_members["Y"], splits["Y"] = months, months
    period = Dimension.of("period", period_members, splits=splits)
    base = pd.MultiIndex.from_product([wards, bands, months], names=["area", "band", "period"]).to_frame(index=False)
    base["count"] = counts[: len(base)]
    return Cube.build(base, area, band, period)


COUNTS = st.sampled_from([0, 0, 0, 1, 2, 3, 5, 7, 8, 9, 10, 12, 13, 17, 22, 27, 40, 98])


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_wards=st.integers(2, 4), n_bands=st.integers(1, 2), n_months=st.integers(1, 3),
       counts=st.lists(COUNTS, min_size=36, max_size=36))
def test_property_no_small_count_shown_and_nothing_recoverable(n_wards, n_bands, n_months, counts):
    cube = cube_from(counts, n_wards, n_bands, n_months)
    assert_safe(cube.cells["count"].to_numpy(), cube.lines, cube.free)


def test_cube_counts_are_the_sums_of_their_base_cells_and_every_line_adds_up():
    cube = cube_from(list(range(36)), 3, 2, 3)
    cells = cube.cells.set_index(["area", "band", "period"])["count"]
    assert cells[("D", "All", "Y")] == sum(range(27))
    assert cells[("w1", "b0", "Q")] == cells[("w1", "b0", "m0")] + cells[("w1", "b0", "m1")]
    true = cube.cells["count"].to_numpy()
    for total, members in relations(cube.lines):
        assert true[total] == true[members].sum()
    assert cube.free.sum() == 4 * 5  # the unknown-age cells of every area (3 wards, D) x period (3 months, Q, Y)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n_wards=st.integers(2, 6), n_bands=st.integers(1, 3), n_months=st.integers(1, 3),
       counts=st.lists(COUNTS, min_size=72, max_size=72))
def test_the_vectorised_search_hides_exactly_what_the_first_written_one_hides(n_wards, n_bands, n_months, counts):
    """metrics.disclosure (vectorised) against tests/metrics/disclosure_reference.py (the algorithm as first
    written, one Python step per candidate): the same hidden cells, reasons and shown counts."""
    from tests.metrics.disclosure_reference import propagate_reference, protect_reference

    cube = cube_from(counts * 2, n_wards, n_bands, n_months)
    true = cube.cells["count"].to_numpy()
    new, old = protect(true, cube.lines, free=cube.free), protect_reference(true, cube.lines, free=cube.free)
    assert new.hidden.tolist() == old.hidden.tolist()
    assert new.reason.tolist() == old.reason.tolist()
    assert np.array_equal(new.shown, old.shown, equal_nan=True)
    bounds = RULES.bounds(new.shown, new.hidden, cube.free)
    for a, b in zip(propagate(*bounds, cube.lines), propagate_reference(*bounds, cube.lines), strict=True):
        assert a.tolist() == b.tolist()


def test_the_vectorised_search_equals_the_first_written_one_on_a_real_family():
    """The same on a whole family of the sample store's community hub (about 30,000 cells, many rounds)."""
    from tests.metrics.disclosure_reference import protect_reference

    rng = np.random.default_rng(7)
    wards = [f"w{i}" for i in range(14)] + ["nk"]
    bands = [f"b{i}" for i in range(7)] + ["unk"]
    months = [f"2020-{m:02d}" for m in range(1, 13)]
    area = Dimension.of("area", {**{w: [w] for w in wards}, "D": wards}, splits={"D": wards})
    band = Dimension.of("band", {**{b: [b] for b in bands}, "All": bands, "old": bands[4:7]},
                        splits={"All": bands, "old": bands[4:7]}, hidden=["unk"])
    quarters = {f"Q{q}": months[3 * q:3 * q + 3] for q in range(4)}
    period = Dimension.of("period", {**{m: [m] for m in months}, **quarters, "Y": months},
                          splits={**quarters, "Y": list(quarters)})
    base = pd.MultiIndex.from_product([wards, bands, months], names=["area", "band", "period"]).to_frame(index=False)
    base["count"] = rng.poisson(rng.choice([0.3, 2, 6, 15], size=len(base)))
    cube = Cube.build(base, area, band, period)
    true = cube.cells["count"].to_numpy()
    new, old = protect(true, cube.lines, free=cube.free), protect_reference(true, cube.lines, free=cube.free)
    assert new.hidden.sum() > ((true >= 1) & (true <= 7) & ~cube.free).sum()  # complements were searched for
    assert new.hidden.tolist() == old.hidden.tolist()
    assert np.array_equal(new.shown, old.shown, equal_nan=True)


def test_a_year_and_its_quarter_give_a_reader_the_remaining_months_so_that_line_is_searched_too():
    """Found by the property above (an exact integer attacker): with a year split into its months and a quarter
    into its first months, year - quarter = the other months, a sum no single line held. Bounds propagated
    line by line pinned ten counts (1, 22, 41, 63 ...). The cube now adds the nested lines
    (metrics.cube.nested_splits) and the same counts are safe."""
    from metrics.cube import nested_splits

    counts = [7, 7, 0, 0, 8, 0, 0, 0, 0, 7, 12, 0, 0, 9, 0, 0, 13, 1] + [0] * 18
    cube = cube_from(counts, 2, 2, 3)
    period = cube.dims[2]
    assert nested_splits(period) == {"Y": [("Q", "m2")]}
    assert_safe(cube.cells["count"].to_numpy(), cube.lines, cube.free)


def test_blocks_no_line_joins_are_searched_alone_and_a_memo_gives_back_the_same_protection():
    from metrics.disclosure import blocks

    rng = np.random.default_rng(11)
    wards = ["w0", "w1", "w2"]
    months = ["m0", "m1", "m2", "m3"]  # m0..m2 make a quarter; m3 stands alone
    area = Dimension.of("area", {**{w: [w] for w in wards}, "D": wards}, splits={"D": wards})
    band = Dimension.single("band", "All", "*")
    period = Dimension.of("period", {**{m: [m] for m in months}, "Q": months[:3]}, splits={"Q": months[:3]})
    base = pd.MultiIndex.from_product([wards, ["*"], months], names=["area", "band", "period"]).to_frame(index=False)
    base["count"] = rng.choice([0, 2, 5, 9, 14, 30], size=len(base))
    cube = Cube.build(base, area, band, period)
    true = cube.cells["count"].to_numpy()
    parts = list(blocks(cube.lines))
    periods = [set(cube.cells["period"].to_numpy()[entries]) for entries, _ in parts]
    assert sorted(map(sorted, periods)) == [["Q", "m0", "m1", "m2"], ["m3"]]
    whole = protect(true, cube.lines, free=cube.free)
    for entries, lines in parts:  # each block protected as a family of its own hides the same entries
        alone = protect(true[entries], lines, free=cube.free[entries])
        assert alone.hidden.tolist() == whole.hidden[entries].tolist()
    assert_safe(true, cube.lines, cube.free)

    class Memo(dict):
        gets = 0

        def get(self, key):
            Memo.gets += 1
            return super().get(key)

        def put(self, key, hidden):
            self[key] = hidden

    memo = Memo()
    first = protect(true, cube.lines, free=cube.free, memo=memo)
    assert len(memo) == 2 and first.hidden.tolist() == whole.hidden.tolist()
    changed = true.copy()
    changed[cube.index(area="w0", band="All", period="m3")] += 20  # only the stand-alone month's block changes
    changed[cube.index(area="D", band="All", period="m3")] += 20
    again = protect(changed, cube.lines, free=cube.free, memo=memo)
    assert len(memo) == 3  # one block searched again, the quarter's read back
    assert again.hidden.tolist() == protect(changed, cube.lines, free=cube.free).hidden.tolist()
