"""Problems found in input files, reported one line each for people."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def display_path(path: Path | str | None) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    if path is None:
        return "<input>"
    path = Path(path)
    try:
        return os.path.relpath(path) if path.is_absolute() and Path.cwd() in path.parents else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: file, line (1-based, 0 when unknown), clause id if any, and what is wrong."""

    file: str
    line: int
    message: str
    clause: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = f' clause "{self.clause}":' if self.clause is not None else ""
        return f"{where}:{who} {self.message}"


class ClausediffError(Exception):
    """Base class: errors that are the user's input, not a bug; the CLI exits 2 on them."""

    def lines(self) -> list[str]:
        return [str(self)]


class PlanError(ClausediffError):
    """One or more problems in plan or taxonomy files."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class UsageError(ClausediffError):
    """A bad argument: unknown plan id, unreadable file, refused output path."""
