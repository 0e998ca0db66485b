"""A family's cube: every count of one set of events over its dimensions' groups (categories, areas, age
groups, periods).

Each dimension has base values (request types; wards and "ward not known"; age bands and "unknown age";
months) and groups of them (all requests; a district; "aged 65+"; a quarter). A cell is one group of each
dimension; its count is the sum of the base counts inside. A group that is the disjoint union of other
groups gives the cube's additive *lines* (metrics.disclosure.Lines), along every dimension and for every
combination of the other dimensions' groups. A group never shown (unknown age, the request types no
indicator counts on their own) makes its cells *free*.

>>> area = Dimension.of("area", {"A": ["a"], "B": ["b"], "D": ["a", "b"]}, splits={"D": ["A", "B"]})
>>> band = Dimension.of("band", {"All": ["x"]})
>>> period = Dimension.of("period", {"2021-01": ["2021-01"]})
>>> base = pd.DataFrame({"area": ["a", "b"], "band": ["x", "x"], "period": ["2021-01"] * 2, "count": [3, 4]})
>>> cube = Cube.build(base, area, band, period)
>>> cube.cells["count"].tolist(), cube.lines.count
([3, 4, 7], 1)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from metrics.disclosure import Lines


@dataclass(frozen=True)
class Dimension:
    name: str
    groups: tuple[str, ...]  # group labels, in display order
    members: Mapping[str, tuple[str, ...]]  # group -> base values
    splits: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # group -> the groups it is the sum of
    hidden: frozenset[str] = frozenset()  # groups never shown (their cells are free)

    @classmethod
    def of(cls, name: str, members: Mapping[str, Sequence[str]], *, splits: Mapping[str, Sequence[str]] | None = None,
           hidden: Sequence[str] = ()) -> Dimension:
        splits = {k: tuple(v) for k, v in (splits or {}).items()}
        members = {k: tuple(v) for k, v in members.items()}
        for group, parts in splits.items():
            union = [m for p in parts for m in members[p]]
            if sorted(union) != sorted(members[group]) or len(set(union)) != len(union):
                raise ValueError(f"{name} group {group!r} is not the disjoint union of {parts}")
        return cls(name, tuple(members), members, splits, frozenset(hidden))

    @classmethod
    def single(cls, name: str, label: str, base: str) -> Dimension:
        """A dimension with one group of one base value (a family that is not broken down this way)."""
        return cls.of(name, {label: (base,)})

    def membership(self) -> pd.DataFrame:
        rows = [(g, m) for g in self.groups for m in self.members[g]]
        return pd.DataFrame(rows, columns=[self.name, f"{self.name}_base"])


@dataclass(frozen=True)
class Cube:
    cells: pd.DataFrame  # one column per dimension, count, withheld (one row per cell, flat C order)
    lines: Lines
    free: np.ndarray  # cells never shown
    dims: tuple[Dimension, ...]

    @classmethod
    def build(cls, base: pd.DataFrame, *dims: Dimension) -> Cube:
        """`base` has one column per dimension (base values), count, and optionally withheld."""
        shape = tuple(len(d.groups) for d in dims)
        frame = base.rename(columns={d.name: f"{d.name}_base" for d in dims})
        if "withheld" not in frame:
            frame = frame.assign(withheld=0)
        frame = frame[[f"{d.name}_base" for d in dims] + ["count", "withheld"]]
        keys = [f"{d.name}_base" for d in dims]
        for i, d in enumerate(dims):  # aggregate one dimension at a time: the frame never explodes
            frame = frame.merge(d.membership(), on=f"{d.name}_base", how="inner").drop(columns=f"{d.name}_base")
            keys[i] = d.name
            frame = frame.groupby(keys, observed=True, as_index=False)[["count", "withheld"]].sum()
        grid = pd.MultiIndex.from_product([list(d.groups) for d in dims], names=[d.name for d in dims])
        cells = frame.set_index([d.name for d in dims]).reindex(grid, fill_value=0).reset_index()
        cells["count"] = cells["count"].astype("int64")
        cells["withheld"] = cells["withheld"].astype("int64")
        free = np.zeros(shape, dtype=bool)
        for axis, d in enumerate(dims):
            if d.hidden:
                codes = np.array([g in d.hidden for g in d.groups])
                free |= np.broadcast_to(_along(codes, axis, shape), shape)
        return cls(cells, _lines(dims, shape), free.ravel(), tuple(dims))

    def index(self, **labels: str) -> int:
        """The flat position of one cell."""
        pos = [d.groups.index(labels[d.name]) for d in self.dims]
        return int(np.ravel_multi_index(pos, [len(d.groups) for d in self.dims]))


def nested_splits(d: Dimension) -> dict[str, list[tuple[str, ...]]]:
    """The sums a reader can form by nesting: where group B is the union of some (two or more) of group A's
    parts, A = B + A's other parts (a year is a quarter plus its other nine months; all ages are "aged 65+"
    plus the younger bands). Both of A's lines hold whatever the counts, so a reader can subtract one from the
    other; giving them as a line of their own lets the search see that arithmetic too."""
    out: dict[str, list[tuple[str, ...]]] = {}
    for group, parts in d.splits.items():
        owner = {m: p for p in parts for m in d.members[p]}
        for other in d.groups:
            if other == group or other in parts:
                continue
            inside = {owner.get(m) for m in d.members[other]}
            if None in inside or len(inside) < 2 or len(inside) == len(parts):
                continue
            if sorted(m for p in inside for m in d.members[p]) != sorted(d.members[other]):
                continue  # not a union of whole parts
            out.setdefault(group, []).append((other, *(p for p in parts if p not in inside)))
    return out


def _along(values: np.ndarray, axis: int, shape: tuple[int, ...]) -> np.ndarray:
    view = [1] * len(shape)
    view[axis] = shape[axis]
    return values.reshape(view)


def _lines(dims: Sequence[Dimension], shape: tuple[int, ...]) -> Lines:
    size = int(np.prod(shape))
    flat = np.arange(size).reshape(shape)
    blocks: list[tuple[np.ndarray, bool]] = []  # each block: lines x (1 + k) entries, and whether derived
    for axis, d in enumerate(dims):
        index = {g: i for i, g in enumerate(d.groups)}
        moved = np.moveaxis(flat, axis, -1).reshape(-1, shape[axis])  # every combination of the other dims
        for group, parts in d.splits.items():
            blocks.append((moved[:, [index[group], *(index[p] for p in parts)]], False))
        for group, parts in nested_splits(d).items():
            for inside in parts:
                blocks.append((moved[:, [index[group], *(index[p] for p in inside)]], True))
    if not blocks:
        return Lines(np.array([0], dtype=np.int64), np.array([], dtype=np.int64), size)
    indptr, entries, derived, offset = [np.array([0])], [], [], 0
    for block, nested in blocks:
        n, width = block.shape
        entries.append(block.ravel())
        indptr.append(offset + width * np.arange(1, n + 1))
        derived.append(np.full(n, nested))
        offset += n * width
    return Lines(np.concatenate(indptr).astype(np.int64), np.concatenate(entries).astype(np.int64), size,
                 np.concatenate(derived))
