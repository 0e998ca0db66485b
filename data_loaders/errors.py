"""What a loader says when it cannot read a file: the file, the row(s), the column and the fix."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, in words a person can act on."""

    rows: tuple[int, ...]  # spreadsheet row numbers (1 = the first line of the file); empty = whole file
    column: str | None
    message: str
    fix: str

    def describe(self) -> str:
        where = []
        if self.rows:
            shown = ", ".join(str(r) for r in self.rows[:5])
            more = f" and {len(self.rows) - 5} more" if len(self.rows) > 5 else ""
            where.append(f"row{'s' if len(self.rows) > 1 else ''} {shown}{more}")
        if self.column:
            where.append(f"column '{self.column}'")
        prefix = ", ".join(where)
        return f"{prefix + ': ' if prefix else ''}{self.message}. Fix: {self.fix}"


@dataclass
class LoadError(Exception):
    """A file was refused; nothing from it was loaded."""

    file: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        name = Path(self.file).name
        lines = [f"{name}: {p.describe()}" for p in self.problems] or [f"{name}: could not be loaded"]
        return "\n".join(lines)


def file_problem(path: str | Path, message: str, fix: str, *, rows=(), column=None) -> LoadError:
    return LoadError(str(path), [Problem(tuple(rows), column, message, fix)])
