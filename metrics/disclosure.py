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

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

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
    # per line: True where the line is a sum formed from two others (metrics.cube.nested_splits); such a line
    # adds to what a reader can work out, but not to how many tables an entry is the total of (its cost)
    derived: np.ndarray | None = None

    def is_derived(self) -> np.ndarray:
        return np.zeros(self.count, dtype=bool) if self.derived is None else np.asarray(self.derived, dtype=bool)

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
        lines, cuts = self.entry_lines()
        return [lines[cuts[i]:cuts[i + 1]] for i in range(self.size)]

    def entry_lines(self) -> tuple[np.ndarray, np.ndarray]:
        """The same as one flat array and its cuts: entry e sits in lines[cuts[e]:cuts[e + 1]]."""
        return self._entry_lines

    @cached_property
    def _entry_lines(self) -> tuple[np.ndarray, np.ndarray]:
        order = self._scatter[0]
        return self.line_of[order], np.searchsorted(self.entries[order], np.arange(self.size + 1))

    @cached_property
    def _scatter(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return _scatter(self.entries)


def _scatter(entries: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order, distinct entries, first position of each in `entries[order]`): a grouped scatter by entry."""
    order = np.argsort(entries, kind="stable")
    distinct, first = np.unique(entries[order], return_index=True)
    return order, distinct, first


def _grouped(pos: np.ndarray, e: np.ndarray, by_entry: np.ndarray, size: int
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`_scatter(e)` for e = entries[pos] (pos ascending), from the order of all positions by entry: a
    small subset is sorted, a large one filtered from that order (no sort)."""
    if len(pos) * 8 < size:
        return _scatter(e)
    inside = np.zeros(size, dtype=bool)
    inside[pos] = True
    local = np.cumsum(inside) - 1  # position -> index into pos
    order = local[by_entry[inside[by_entry]]]
    sorted_e = e[order]
    first = np.flatnonzero(np.r_[True, sorted_e[1:] != sorted_e[:-1]])
    return order, sorted_e[first], first


def _ranges(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """The concatenation of arange(s, e) for each pair (empty ranges allowed)."""
    lengths = ends - starts
    total = int(lengths.sum())
    if not total:
        return np.array([], dtype=np.int64)
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return np.arange(total, dtype=np.int64) + offsets


def propagate(lo: np.ndarray, hi: np.ndarray, lines: Lines, *, max_rounds: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Tighten [lo, hi] of every entry until every line is consistent (bounds propagation).

    Each line reads total - sum(members) = 0. For an entry with coefficient a, a*x lies between minus the
    largest and minus the smallest sum the other entries can make. This is what a reader who adds and
    subtracts the rows of a table can work out; it is sound (never narrower than the truth allows).

    Rounds are simultaneous (every line's bounds from the previous round's), and each round evaluates only
    the lines with an entry whose bounds moved in the round before: a line whose entries did not move would
    propose what it proposed last time, already applied. Exact integer arithmetic throughout.
    """
    lo, hi = lo.astype(np.int64).copy(), hi.astype(np.int64).copy()
    if not lines.count:
        return lo, hi
    ent, indptr, starts = lines.entries, lines.indptr, lines.indptr[:-1]
    member_all = ~lines.is_total
    entry_lines, entry_cuts = lines.entry_lines()
    by_entry = lines._scatter[0]  # every position in `entries`, ordered by entry
    # A line whose entries are all known exactly (shown zeros) proposes nothing new: start with the others.
    active = np.flatnonzero(np.add.reduceat((lo[ent] < hi[ent]).astype(np.int64), starts) > 0)
    for _ in range(max_rounds):
        if not len(active):
            break
        begin, end = indptr[active], indptr[active + 1]
        lengths = end - begin
        pos = _ranges(begin, end)  # ascending
        e, member = ent[pos], member_all[pos]
        lo_e, hi_e = lo[e], hi[e]
        cmin = np.where(member, lo_e, -hi_e)
        cmax = np.where(member, hi_e, -lo_e)
        local = np.cumsum(lengths) - lengths
        smin = np.add.reduceat(cmin, local)
        smax = np.add.reduceat(cmax, local)
        which = np.repeat(np.arange(len(active)), lengths)
        # a x in [-(smax - cmax), -(smin - cmin)]
        low_ax, high_ax = cmax - smax[which], cmin - smin[which]
        new_lo = np.minimum(np.where(member, low_ax, -high_ax), BIG)
        new_hi = np.minimum(np.where(member, high_ax, -low_ax), BIG)
        order, distinct, first = _grouped(pos, e, by_entry, len(ent))
        old_lo, old_hi = lo[distinct], hi[distinct]
        nlo = np.maximum(np.maximum(old_lo, np.maximum.reduceat(new_lo[order], first)), 0)
        nhi = np.maximum(np.minimum(old_hi, np.minimum.reduceat(new_hi[order], first)), nlo)
        moved = (nlo != old_lo) | (nhi != old_hi)
        if not moved.any():
            break
        lo[distinct], hi[distinct] = nlo, nhi
        changed = distinct[moved]
        touched = np.zeros(lines.count, dtype=bool)
        touched[entry_lines[_ranges(entry_cuts[changed], entry_cuts[changed + 1])]] = True
        active = np.flatnonzero(touched)
    return lo, hi


@dataclass(frozen=True)
class Protection:
    shown: np.ndarray  # float: the count as shown (rounded for viewers), NaN where hidden
    hidden: np.ndarray  # bool
    reason: np.ndarray  # "primary", "secondary" or None


class Memo(Protocol):
    """Where the hidden entries of blocks already searched are kept, by `block_key` (warehouse.values keeps
    them in the store, so an ingest searches only the blocks its file changed)."""

    def get(self, key: str) -> np.ndarray | None: ...

    def put(self, key: str, hidden: np.ndarray) -> None: ...


SEARCH_VERSION = "2"  # part of every block key: change it when the search below changes what it hides


def blocks(lines: Lines) -> Iterator[tuple[np.ndarray, Lines]]:
    """The family's independent blocks: (its entries, ascending; its lines on them, renumbered), one per set of
    entries that lines join (in a family: the periods that quarters and years join), and one for the entries
    in no line. No line crosses two blocks, so what a reader can work out of one block comes from its own
    lines alone, and each block is protected on its own. A block's lines keep the family's order."""
    n = lines.size
    if not lines.count:
        yield np.arange(n, dtype=np.int64), lines
        return
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    starts = lines.indptr[:-1]
    totals = np.repeat(lines.entries[starts], np.diff(lines.indptr))
    graph = coo_matrix((np.ones(len(totals), dtype=np.int8), (totals, lines.entries)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    in_line = np.zeros(n, dtype=bool)
    in_line[lines.entries] = True
    label = np.where(in_line, label, -1)
    line_label = label[lines.entries[starts]]
    wanted = np.unique(label)
    if len(wanted) == 1:  # one block: the family as it is
        yield np.arange(n, dtype=np.int64), lines
        return
    local = np.zeros(n, dtype=np.int64)
    for block in wanted:
        entries = np.flatnonzero(label == block)
        local[entries] = np.arange(len(entries))
        if block < 0:
            yield entries, Lines(np.zeros(1, dtype=np.int64), np.array([], dtype=np.int64), len(entries))
            continue
        which = np.flatnonzero(line_label == block)
        begin, end = lines.indptr[which], lines.indptr[which + 1]
        indptr = np.r_[0, np.cumsum(end - begin)].astype(np.int64)
        yield entries, Lines(indptr, local[lines.entries[_ranges(begin, end)]], len(entries),
                             lines.is_derived()[which])


def block_key(true: np.ndarray, free: np.ndarray, lines: Lines, rules: DisclosureRules) -> str:
    """Everything the search reads of a block (its counts, free entries, lines and the rules), hashed: equal
    keys, equal hidden entries."""
    h = hashlib.sha256(f"{SEARCH_VERSION}|{rules.threshold}|{rules.rounding}|{len(true)}".encode())
    for part in (true.astype(np.int64), free.astype(np.bool_), lines.indptr, lines.entries, lines.is_derived()):
        h.update(np.ascontiguousarray(part).tobytes())
        h.update(b"|")
    return h.hexdigest()


def _search(true: np.ndarray, free: np.ndarray, lines: Lines, rules: DisclosureRules) -> np.ndarray:
    """The hidden entries of one block (positions, ascending): primary suppression, then complements until safe."""
    hidden = (true >= 1) & (true <= rules.threshold) & ~free
    family = _Family(true, free, lines, rules)
    for _ in range(len(true) + 1):
        extra = family.complements(hidden)
        if not len(extra):
            break
        hidden[extra] = True
    return np.flatnonzero(hidden)


def protect(true: np.ndarray, lines: Lines, *, role: str = "viewer", free: np.ndarray | None = None,
            rules: DisclosureRules | None = None, memo: Memo | None = None) -> Protection:
    """Shown counts for `role` over a family of entries and its additive lines (see the module docstring).

    `true` holds every entry's exact count (free entries included: they are never shown, but the
    secondary rules need their values). The analyst sees every count as it is. The search runs block by
    block (`blocks`); a `memo` gives back a block searched before with the same counts.
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
    hidden = np.zeros(n, dtype=bool)
    for entries, part in blocks(lines):
        key = block_key(true[entries], free[entries], part, rules)
        found = memo.get(key) if memo is not None else None
        if found is None:
            found = _search(true[entries], free[entries], part, rules)
            if memo is not None:
                memo.put(key, found)
        hidden[entries[found]] = True
    shown = np.where(hidden | free, np.nan, round_half_up(true, rules.rounding).astype(float))
    reason = np.where(primary, "primary", np.where(hidden, "secondary", None)).astype(object)
    return Protection(shown, hidden, reason)


class _Family:
    """What the complementary search needs of a family, computed once: the lines as flat arrays, each
    entry's lines, and how many lines each entry is the total of."""

    def __init__(self, true: np.ndarray, free: np.ndarray, lines: Lines, rules: DisclosureRules) -> None:
        self.true, self.free, self.lines, self.rules = true, free, lines, rules
        self.starts = lines.indptr[:-1]
        self.is_total = lines.is_total
        self.line_of = lines.line_of
        self.entry_lines, self.entry_cuts = lines.entry_lines() if lines.count else (
            np.array([], dtype=np.int64), np.zeros(len(true) + 1, dtype=np.int64))
        totals = lines.entries[self.starts[~lines.is_derived()]] if lines.count else np.array([], dtype=np.int64)
        # how many tables an entry is the total of (derived lines aside): a district or a year costs readers most
        self.level = np.bincount(totals, minlength=len(true)).astype(np.int64)

    def line(self, k: int) -> np.ndarray:
        return self.lines.entries[self.lines.indptr[k]:self.lines.indptr[k + 1]]

    def complements(self, hidden: np.ndarray) -> np.ndarray:
        """Entries to hide next (empty when the family is safe)."""
        true, free, lines, rules = self.true, self.free, self.lines, self.rules
        veiled = hidden | free
        problems: list[tuple[str, int]] = []  # ("line", k) or ("entry", e)
        if lines.count:
            ent, starts = lines.entries, self.starts
            hidden_e = hidden[ent]
            hidden_in_line = np.add.reduceat(hidden_e.astype(np.int64), starts)
            free_in_line = np.add.reduceat(free[ent].astype(np.int64), starts)
            # A hidden entry alone in its line is the total minus the rest (a free entry in the line hides it).
            problems += [("line", int(k)) for k in np.flatnonzero((hidden_in_line == 1) & (free_in_line == 0))]
            member_hidden_true = np.add.reduceat(np.where(hidden_e & ~self.is_total, true[ent], 0), starts)
            total_shown = ~veiled[ent[starts]]
            small = ((free_in_line == 0) & total_shown & (hidden_in_line > 1) & (member_hidden_true >= 1)
                     & (member_hidden_true <= rules.threshold))
            problems += [("line", int(k)) for k in np.flatnonzero(small)]
        if not problems:  # the reader's arithmetic: does anything shown or hidden come out exact?
            shown = np.where(veiled, np.nan, round_half_up(true, rules.rounding).astype(float))
            lo, hi = propagate(*rules.bounds(shown, hidden, free), lines)
            problems += [("entry", int(e)) for e in np.flatnonzero((lo == hi) & (true > 0))]
        if not problems:
            return np.array([], dtype=np.int64)
        usable = ~veiled & (true > 0)
        # lines with nothing hidden yet would need a complement of their own if one of theirs were hidden
        clean = np.add.reduceat(veiled[lines.entries].astype(np.int64), self.starts) == 0
        opens = np.bincount(lines.entries, weights=clean[self.line_of], minlength=len(true)).astype(np.int64)
        chosen = np.zeros(len(true), dtype=bool)
        for kind, where in problems:
            if kind == "line":
                candidates = self.line(where)
            else:
                mine = self.entry_lines[self.entry_cuts[where]:self.entry_cuts[where + 1]]
                candidates = np.concatenate([self.line(k) for k in mine] + [np.array([where], dtype=np.int64)])
            if chosen[candidates].any():
                continue
            pick = candidates[usable[candidates]]
            if len(pick):  # the cheapest: fewest lines it totals, fewest lines it opens, smallest, first
                chosen[pick[np.lexsort((pick, true[pick], opens[pick], self.level[pick]))[0]]] = True
            # (with nothing usable left to hide there is nothing to add: the candidates are all veiled)
        return np.flatnonzero(chosen)
