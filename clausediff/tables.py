"""Tables through tabulate, always measuring Japanese characters as two columns wide.

tabulate decides at import time whether to use wcwidth; we depend on wcwidth and
say so explicitly, so the bytes of a table are the same on every machine.
"""

from __future__ import annotations


def table(rows: list[list[str]], headers: list[str], fmt: str = "simple") -> str:
    import tabulate as tabulate_module
    import wcwidth  # noqa: F401  (a dependency: East Asian widths)

    tabulate_module.WIDE_CHARS_MODE = True
    return tabulate_module.tabulate(rows, headers=headers, tablefmt=fmt, disable_numparse=True)
