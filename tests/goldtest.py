"""Gold-file comparison (after coverage.py's tests/goldtest.py).

To accept new output after an intended change, run:

    CLAUSEDIFF_UPDATE_GOLD=1 pytest tests/test_report_gold.py

then review `git diff tests/gold/` before committing.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "gold"


def compare_gold(name: str, actual: str) -> None:
    path = GOLD / name
    if os.environ.get("CLAUSEDIFF_UPDATE_GOLD"):
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no gold file {path.name}: run CLAUSEDIFF_UPDATE_GOLD=1 pytest {__file__}"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "gold/" + name, "actual", n=2))
        raise AssertionError(f"output differs from gold/{name}:\n{diff[:4000]}")
