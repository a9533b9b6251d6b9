"""Measure Japanese segmentation: how many edits of the hand-segmented sentences in
tests/test_i18n.py get a change mark that splits a word.

    python -m tests.measure_segmentation
"""

from __future__ import annotations

import difflib

import clausediff.textdiff as td

from .test_i18n import SEGMENTED, _boundaries, _edits


def splits(diff) -> tuple[int, int]:
    bad = total = 0
    for seg in SEGMENTED:
        old, cuts = seg.replace("|", ""), _boundaries(seg)
        for new in _edits(seg):
            total += 1
            bad += any(not (i1 in cuts and i2 in cuts) for i1, i2 in diff(old, new))
    return bad, total


def clausediff_marks(old: str, new: str):
    pos = 0
    for tag, text in td.diff_ops(old, new):
        if tag == "delete":
            yield pos, pos + len(text)
        if tag != "insert":
            pos += len(text)


def char_marks(old: str, new: str):
    for tag, i1, i2, _, _ in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("delete", "replace"):
            yield i1, i2


if __name__ == "__main__":
    print("BudouX phrases + number/Latin tokens: %d of %d edits split a word" % splits(lambda a, b: list(clausediff_marks(a, b))))
    parser = td._phrase_parser
    td._phrase_parser = lambda: None  # script-run rules only
    print("script runs only:                     %d of %d" % splits(lambda a, b: list(clausediff_marks(a, b))))
    td._phrase_parser = parser
    print("difflib on characters:                %d of %d" % splits(lambda a, b: list(char_marks(a, b))))
