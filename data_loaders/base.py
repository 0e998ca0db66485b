"""The shape every loader returns, and the pandera check at the door."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pandera.errors

from data_loaders.errors import LoadError, Problem
from data_loaders.schemas import EVENT_COLUMNS, SCHEMAS


@dataclass
class LoadResult:
    """Tidy rows for one or more tables, what was quarantined, and what was deliberately dropped."""

    tables: dict[str, pd.DataFrame]
    rows_read: int
    rejects: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["row_number", "reason", "raw"]))
    rows_dropped: int = 0  # e.g. police rows outside the partnership, exact duplicate rows
    notes: list[str] = field(default_factory=list)

    @property
    def frame(self) -> pd.DataFrame:
        return next(iter(self.tables.values()))


def validate(frame: pd.DataFrame, table: str, path: str | Path, rows: pd.Series | None = None) -> pd.DataFrame:
    """Check a tidy frame against its schema; a failure names the rows and columns."""
    try:
        return SCHEMAS[table].validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        problems = []
        cases = exc.failure_cases
        for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
            index = [i for i in group["index"].dropna().astype(int)]
            row_numbers = tuple(int(rows.iloc[i]) for i in index if rows is not None and i < len(rows))
            sample = ", ".join(map(str, group["failure_case"].head(3)))
            problems.append(Problem(row_numbers, None if pd.isna(column) else str(column),
                                    f"fails the check {check} (e.g. {sample})",
                                    "correct the value in the partner extract"))
        raise LoadError(str(path), problems) from None


def empty_events() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="string") for c in EVENT_COLUMNS})


def event_frame(n: int, **columns) -> pd.DataFrame:
    """Build an events frame with every column present (missing ones all-NA) in schema order."""
    out = {}
    for col in EVENT_COLUMNS:
        value = columns.get(col)
        if value is None:
            dtype = {"is_repeat": "boolean", "count": "Int64"}.get(col, "string")
            value = pd.Series(pd.NA, index=range(n), dtype=dtype)
        elif not isinstance(value, pd.Series):
            value = pd.Series([value] * n if not hasattr(value, "__len__") or isinstance(value, str) else value)
        out[col] = value.reset_index(drop=True)
    return pd.DataFrame(out)
