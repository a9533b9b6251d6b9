"""Problems found in input files, reported one line each for people."""

from __future__ import annotations

import os
import re
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


# Characters that would break "one line per problem" or act on a terminal: control
# characters (newlines, ESC), line and paragraph separators, and the bidirectional
# embedding/override/isolate controls that reorder what a reader sees.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def one_line(text: object) -> str:
    """``text`` on one printable line: control characters shown as escapes (``\\n``, ``\\x1b``)."""

    def escape(match: re.Match[str]) -> str:
        char = match.group()
        if char in _ESCAPES:
            return _ESCAPES[char]
        return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"

    return _UNPRINTABLE.sub(escape, str(text))


def _clip(text: str, limit: int = 64) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: file, line (1-based, 0 when unknown), clause id if any, and what is wrong."""

    file: str
    line: int
    message: str
    clause: str | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        # A clause id is at most 64 characters; one that is not valid may be anything.
        who = f' clause "{_clip(self.clause)}":' if self.clause is not None else ""
        return one_line(f"{where}:{who} {self.message}")


class ClausediffError(Exception):
    """Base class: errors that are the user's input, not a bug; the CLI exits 2 on them."""

    def lines(self) -> list[str]:
        return [one_line(line) for line in str(self).splitlines() or [""]]


class PlanError(ClausediffError):
    """One or more problems in plan or taxonomy files."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=lambda p: (p.file, p.line, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class UsageError(ClausediffError):
    """A bad argument: unknown plan id, unreadable file, refused output path."""
