"""The one error type the CLI maps to exit codes.

Planners are not programmers: every problem with their files must reach them as a sentence that
names the file, the spreadsheet row (header = row 1) and the column, never as a traceback. All
problems found in one pass are collected and reported together, so that a spreadsheet can be
fixed in one sitting rather than one error per run.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from planner.i18n import _, pgettext


class ExitCode(IntEnum):
    """Exit statuses fixed by the contract (section 9)."""

    OK = 0
    BAD_INPUT = 2
    INFEASIBLE = 3
    TIMEOUT = 4


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as a spreadsheet user would look for it.

    ``row`` is the row number a spreadsheet shows (the header is row 1, the first data row is
    row 2); ``None`` when the problem concerns a whole file or a scenario key.
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        """``officials.csv row 8, official_id: ...`` (English) /
        ``officials.csv, dòng 8, cột official_id: ...`` (Vietnamese); a scenario key is named
        as a key, not a column."""
        fields = {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }
        if self.row is not None and self.column:
            return _("{file} row {row}, {column}: {message}").format(**fields)
        if self.row is not None:
            return _("{file} row {row}: {message}").format(**fields)
        if self.column and self.file.endswith(".toml"):
            return pgettext("scenario key", "{file} {column}: {message}").format(**fields)
        if self.column:
            return pgettext("file column", "{file} {column}: {message}").format(**fields)
        return _("{file}: {message}").format(**fields)


class PlannerError(Exception):
    """An expected failure with a message for the planner and the exit status that goes with it."""

    exit_code: ExitCode = ExitCode.BAD_INPUT

    def __init__(self, message: str, exit_code: ExitCode | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code


class BadInput(PlannerError):
    """The data or the scenario cannot be used; carries every problem found, not just the first."""

    exit_code = ExitCode.BAD_INPUT

    def __init__(self, problems: list[Problem] | Problem) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__("\n".join(str(p) for p in problems))


class Collector:
    """Gathers problems while reading so that one run reports all of them."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, row: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(file, row, column, message))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise BadInput(list(self.problems))
