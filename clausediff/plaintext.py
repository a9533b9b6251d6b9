"""Render a plan as numbered plain text, the way a published draft reads.

The output is what ``clausediff import`` reads back: the round trip of every
shipped plan recovers its clause ids and texts exactly (``tests/test_import.py``,
``python -m clausediff.categorize``).  Lines are wrapped, but never where the
continuation would read as a number, a bullet, a heading or page furniture.
"""

from __future__ import annotations

import re

from .importer import is_cjk, join_lines, line_shape, roman_to_int
from .model import Clause, Plan

WIDTH_EN = 78
WIDTH_JA = 38  # characters; Japanese characters are twice as wide as Latin ones

_NO_LINE_START = "、。，．・：；？！）」』】〕ー々ゃゅょっャュョッぁぃぅぇぉァィゥェォ"
_NO_LINE_END = "（「『【〔"
_FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def _break_points(text: str, ja: bool) -> list[int]:
    """Offsets where a line may end (the next line starts after any space there)."""
    points = []
    for i in range(1, len(text)):
        if text[i] == " " and text[i - 1] != " ":
            points.append(i)
        elif (ja and text[i] != " " and text[i - 1] != " " and (is_cjk(text[i]) or is_cjk(text[i - 1]))
              and text[i] not in _NO_LINE_START and text[i - 1] not in _NO_LINE_END):
            points.append(i)
    return points


def wrap(text: str, first: str, indent: str, width: int, ja: bool = False) -> list[str]:
    """Greedy wrap of ``text`` after the marker ``first``; every line break must survive the importer.

    A break is taken only if joining the two lines gives the text back and
    neither piece, standing at the start of a line, reads as anything but text.
    """
    lines: list[str] = []
    prefix, rest, continuation = first, text, False
    while len(prefix) + len(rest) > width:
        room = width - len(prefix)
        cuts = _break_points(rest, ja)
        chosen = None
        for cut in [c for c in reversed(cuts) if c <= room] + [c for c in cuts if c > room]:
            head, tail = rest[:cut].rstrip(" "), rest[cut:].lstrip(" ")
            if not head or not tail or join_lines(head, tail) != rest:
                continue
            if line_shape(tail) != "text" or (continuation and line_shape(head) != "text"):
                continue
            chosen = (head, tail)
            break
        if chosen is None:
            break
        lines.append(prefix + chosen[0])
        prefix, rest, continuation = indent, chosen[1], True
    lines.append(prefix + rest)
    return lines


def _point_marker(number: str, ja: bool) -> str:
    return f"{number.translate(_FULLWIDTH_DIGITS)}．" if ja else f"{number}. "


def _sub_marker(letter: str, ja: bool) -> str:
    return f"（{letter}）" if ja else f"{letter}. "


def _section_heading(section_id: str, title: str, top: str | None, ja: bool) -> str:
    parts = section_id.split(".")
    if ja:
        if len(parts) == 1 and roman_to_int(parts[0]):
            return f"第{roman_to_int(parts[0])}部　{title}"
        if len(parts) == 2 and parts[0] == top and parts[1].isdigit():
            return f"第{parts[1]}節　{title}"
    return f"{section_id}. {title}"


def _local(clause: Clause) -> tuple[str, str | None]:
    """(point number, sub-point letter) of a clause, within its section."""
    cid = clause.id
    if clause.section and cid.startswith(clause.section + "."):
        cid = cid[len(clause.section) + 1:]
    m = re.fullmatch(r"(\d+)(?:\.([a-z]))?", cid)
    if m:
        return m.group(1), m.group(2)
    return cid, None


def plan_to_text(plan: Plan, lang: str = "en") -> str:
    """The plan as a numbered document: title, section headings, points and lettered sub-points."""
    ja = lang == "ja"
    width = WIDTH_JA if ja else WIDTH_EN
    title = (plan.title_ja or plan.title) if ja else plan.title
    out: list[str] = [title, ""]
    titles = {s.id: ((s.title_ja or s.title) if ja else s.title) for s in plan.sections}
    order = [s.id for s in plan.sections]
    emitted: set[str] = set()
    top: str | None = None

    def heading(section_id: str) -> None:
        nonlocal top
        upto = order.index(section_id) if section_id in order else -1
        for sid in order[: upto + 1]:
            if sid in emitted:
                continue
            emitted.add(sid)
            if "." not in sid:
                top = sid
            if out and out[-1] != "":
                out.append("")
            out.extend(wrap(titles[sid], _section_heading(sid, "", top, ja), "", width, ja) + [""])

    for clause in plan.clauses:
        if clause.section and clause.section not in emitted:
            heading(clause.section)
        text = (clause.text_ja or clause.text) if ja else clause.text
        number, letter = _local(clause)
        if letter is None:
            marker = _point_marker(number, ja)
            if out and out[-1] != "":
                out.append("")
            out.extend(wrap(text, marker, " " * (len(marker) if not ja else 2), width, ja))
        else:
            marker = _sub_marker(letter, ja)
            out.extend(wrap(text, "   " + marker, " " * (3 + len(marker)) if not ja else "     ", width, ja))
    for sid in order:
        if sid not in emitted:
            heading(sid)
    return "\n".join(out).rstrip("\n") + "\n"


__all__ = ["plan_to_text", "wrap"]
