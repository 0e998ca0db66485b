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
    # How the rows read were accounted for, where a loader says (police.uk: "outside", "unplaced", "repeated").
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def frame(self) -> pd.DataFrame:
        return next(iter(self.tables.values()))


CHECK_WORDS = [  # pandera's check name (prefix) -> what a person reads
    ("coerce_dtype('datetime", "the value cannot be read as a date"),
    ("coerce_dtype('bool", "the value cannot be read as yes or no"),
    ("coerce_dtype('boolean", "the value cannot be read as yes or no"),
    ("coerce_dtype", "the value cannot be read as a number"),
    ("dtype(", "the value is not of the expected kind"),
    ("greater_than_or_equal_to", "the value is below {arg}"),
    ("less_than_or_equal_to", "the value is above {arg}"),
    ("str_matches", "the value is not in the expected form"),
    ("isin", "the value is not one of the accepted values"),
    ("str_length", "the value is blank"),
    ("field_uniqueness", "the value appears on more than one row"),
    ("unique", "the same values appear on more than one row"),
    ("not_nullable", "the value is missing"),
    ("period_is_month_of_date", "the month does not match the date"),
]


def check_words(check: str) -> str:
    """A pandera check ("greater_than_or_equal_to(0)") in words ("the value is below 0"); no internal names."""
    text = str(check)
    for prefix, words in CHECK_WORDS:
        if text.startswith(prefix):
            arg = text[text.find("(") + 1:text.rfind(")")] if "(" in text else ""
            return words.format(arg=arg)
    return "the value fails a check of this source's format"


def validate(frame: pd.DataFrame, table: str, path: str | Path, rows: pd.Series | None = None,
             names: dict[str, str] | None = None) -> pd.DataFrame:
    """Check a tidy frame against its schema; a failure names the rows and the partner's column (`names`
    maps a tidy column to the file's own heading) and says what is wrong in words."""
    try:
        return SCHEMAS[table].validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        problems = []
        cases = exc.failure_cases
        for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
            index = [i for i in group["index"].dropna().astype(int)]
            row_numbers = tuple(int(rows.iloc[i]) for i in index if rows is not None and i < len(rows))
            sample = ", ".join(map(str, group["failure_case"].head(3)))
            tidy = None if pd.isna(column) else str(column)
            shown = (names or {}).get(tidy, tidy.replace("_", " ") if tidy else None) if tidy else None
            problems.append(Problem(row_numbers, shown, f"{check_words(check)} (e.g. {sample})",
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
