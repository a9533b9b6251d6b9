"""Turn a numbered plain-text document into a plan: the library side of ``clausediff import``.

Two steps, each usable alone:

:func:`parse_text`
    reads the numbering of a pasted document into clauses and sections,
    joining wrapped lines, ignoring page furniture (page numbers, repeated
    headers and footers, lone URLs, "Advertisement") and reporting every
    other line it could not place as an :class:`ImportWarning` with its line
    number.  Recognised shapes:

    * points: ``1.``  ``1)``  ``(1)``  ``Point 1:``  ``１．``  ``1．``  ``第1項``
      ``第１条``  ``（１）``  ``①``;
    * sub-points under a point: ``a.``  ``a)``  ``(a)``  ``（ａ）``  ``ア．``  ``（イ）``
      and bullets (``-`` ``•`` ``*`` ``・``), which are lettered in order; an
      explicit ``10.a`` works too;
    * sections: ``I.``  ``II. Title``  ``Section III: Title``  ``第2部 Title``, and
      sub-sections ``II.1. Title`` / ``Section II.1`` / ``第1節`` when numbered
      points follow.  In a document with sections, clause ids carry the section,
      as the memoranda do: ``I.1``, ``II.2.1``, ``II.2.1.a``.

    A point's lead-in ("... on the following terms:") is a clause of its own;
    text before the first point is the preamble (title and summary).

:func:`build_plan`
    files every clause under categories (:mod:`clausediff.categorize`),
    optionally suggests links to a base plan with the alignment engine, and
    marks every guess for review in the clause's ``note``.

:func:`new_revision` makes the starting point of a hand-edited revision.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from .categorize import Categorisation, categoriser, is_japanese
from .model import Clause, Plan, Section, Source, Taxonomy

FALLBACK_CATEGORY = "implementation"
REVIEW = "review:"

# --------------------------------------------------------------------------- results


@dataclass(frozen=True, order=True)
class ImportWarning:
    """Something a person should look at: a line left out, a guess, a renumbering."""

    line: int
    message: str
    clause: str | None = None

    def __str__(self) -> str:
        who = f' clause "{self.clause}":' if self.clause is not None else ""
        return f"line {self.line}:{who} {self.message}"


class ImportedClause:
    """One clause as read: id, text (its lines joined), first line number, section, lead-in."""

    def __init__(self, id: str, text: str, line: int, section: str | None = None, parent: str | None = None):
        self.id = id
        self.line = line
        self.section = section
        self.parent = parent  # the lead-in clause of a sub-point
        self._lines = [text] if text else []
        self._text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:  # joined once, not on every line: a long clause stays linear
            parts = self._lines[:1]
            for before, after in zip(self._lines, self._lines[1:]):
                parts += [_separator(before, after), after]
            self._text = "".join(parts)
        return self._text

    @property
    def tail(self) -> str:
        """The last line read, which decides how the next one joins."""
        return self._lines[-1] if self._lines else ""

    def append(self, line: str) -> None:
        if line:
            self._lines.append(line)
            self._text = None

    def __repr__(self) -> str:
        return f"ImportedClause({self.id!r}, {self.text!r}, line={self.line}, section={self.section!r}, parent={self.parent!r})"


@dataclass
class ImportedSection:
    id: str
    title: str
    line: int


@dataclass
class ImportedDoc:
    """What :func:`parse_text` found, in document order."""

    lang: str
    preamble: list[str] = field(default_factory=list)  # paragraphs before the first point
    sections: list[ImportedSection] = field(default_factory=list)
    clauses: list[ImportedClause] = field(default_factory=list)
    warnings: list[ImportWarning] = field(default_factory=list)
    ignored: list[int] = field(default_factory=list)  # line numbers of page furniture

    def clause(self, clause_id: str) -> ImportedClause:
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)


# --------------------------------------------------------------------------- text helpers

_CJK = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_TERMINAL = ".!?;。！？；"
_CLOSERS = "\"'”’」』）)]】"


def is_cjk(ch: str) -> bool:
    return bool(ch) and bool(_CJK.match(ch))


def _separator(before: str, after: str) -> str:
    if not before or not after or is_cjk(before[-1]) or is_cjk(after[0]):
        return ""
    if before[-1] == "-" and len(before) > 1 and before[-2].isalpha() and after[0].islower():
        return ""  # "reconstruc-" + "tion": keep the hyphen, it may be real ("cease-fire")
    return " "


def join_lines(before: str, after: str) -> str:
    """Join a wrapped line to the text before it: no space around Japanese, none after a hyphenated word."""
    before, after = before.rstrip(), after.strip()
    return before + _separator(before, after) + after


def ends_sentence(text: str) -> bool:
    text = text.rstrip().rstrip(_CLOSERS)
    return bool(text) and text[-1] in _TERMINAL


def _clean(line: str) -> str:
    """Tabs and runs of spaces become one space; other whitespace (U+3000) is kept."""
    return re.sub(r"[ \t]+", " ", line).strip()


def _fold(line: str) -> str:
    return unicodedata.normalize("NFKC", line)


def _rest(raw: str, folded_end: int) -> str:
    """The part of ``raw`` after the characters whose NFKC form is ``folded[:folded_end]``."""
    seen = 0
    for i, ch in enumerate(raw):
        if seen >= folded_end:
            return raw[i:].strip()
        seen += len(unicodedata.normalize("NFKC", ch))
    return ""


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_to_int(s: str) -> int | None:
    s = s.upper()
    if not s or any(ch not in _ROMAN for ch in s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total if int_to_roman(total) == s else None


def int_to_roman(n: int) -> str:
    out = []
    for v, sym in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out.append(sym)
            n -= v
    return "".join(out)


# --------------------------------------------------------------------------- line shapes

_KATAKANA = "アイウエオカキクケコサシスセソタチツテト"
_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}
_CIRCLED.update({chr(0x3251 + i): i + 21 for i in range(15)})
_CIRCLED.update({chr(0x32B1 + i): i + 36 for i in range(15)})

_SECTION_WORD = re.compile(
    r"^(?:section|part|chapter)\s+([ivxlc]+|\d{1,2})((?:\.\d{1,3})*)\b\s*[.:)\-–—]?\s*", re.I)
_SECTION_ROMAN = re.compile(r"^([IVXL]+)\.(?:\s+|$)")
_SECTION_QUALIFIED = re.compile(r"^([IVXL]+)((?:\.\d{1,3})+)\.?(?:\s+|$)")
_SECTION_JA = re.compile(r"^第\s*([0-9]{1,2}|[IVXL]+)\s*[部章編]\s*[:.、]?\s*")
_SUBSECTION_JA = re.compile(r"^第\s*([0-9]{1,2})\s*節\s*[:.、]?\s*")
_POINT_SUB = re.compile(r"^(\d{1,3})\.([a-z])[.)]?(?:\s+|$)")
_POINT = re.compile(r"^(\d{1,4})(?:[.)、](?!\d))\s*")
_POINT_PAREN = re.compile(r"^[(\[](\d{1,3})[)\]]\s*")
_POINT_WORD = re.compile(r"^(?:point|clause|item|paragraph)\s+(\d{1,3})\s*(?:[:.)\-–—]\s*|$)", re.I)
_POINT_JA = re.compile(r"^第\s*(\d{1,3})\s*[項条点]\s*[:.、]?\s*")
_SUB_PAREN = re.compile(r"^\(([a-zA-Z])\)\s*")
_SUB = re.compile(r"^([a-z])[.)]\s+")
_SUB_UPPER = re.compile(r"^([A-Z])\)\s+")
_SUB_KATA = re.compile(rf"^\(?([{_KATAKANA}])(?:[).、]\s*|\s+)")
_BULLET = re.compile(r"^(?:[-*–—]\s+|[•·・●○▪■◦‣⁃]\s*)")

_FURNITURE = [
    re.compile(r"^(?:page|p\.|pg\.?)\s*\d+(?:\s*(?:of|/)\s*\d+)?$", re.I),
    re.compile(r"^[-–—]\s*\d+\s*[-–—]$"),
    re.compile(r"^\d+\s*(?:/|of)\s*\d+$", re.I),
    re.compile(r"^\d{1,4}$"),
    re.compile(r"^\d+\s*(?:ページ|頁)$"),
    re.compile(r"^<?(?:https?://|www\.)\S+>?$", re.I),
    re.compile(r"^[\W_]+$"),  # rules and ornaments: ----, * * *, ―――
]
_BOILERPLATE = {
    "advertisement", "advertisements", "advertisement - scroll to continue", "scroll to continue",
    "story continues below advertisement", "continue reading", "continue reading below", "read more",
    "skip advertisement", "sponsored", "sponsored content", "share", "share this article", "広告", "スポンサーリンク",
}


@dataclass
class _Token:
    line: int
    kind: str  # text, point, sub, bullet, heading, qualified
    text: str  # the line without its marker
    number: int | None = None
    letter: str | None = None
    section: str | None = None  # heading: section id; qualified: the full id
    explicit: bool = False  # heading written with "Section ..."/"第...部", or sub-point "10.a"
    subsection: bool = False  # 第n節: a sub-section of the current section
    raw: str = ""


def _is_furniture(folded: str) -> bool:
    if any(p.match(folded) for p in _FURNITURE):
        return True
    bare = re.sub(r"[\s.:!|–—\-]+$", "", folded).strip().casefold()
    return bare in _BOILERPLATE


def _shape(raw: str, lineno: int) -> _Token:
    line = _clean(raw)
    folded = _fold(line)
    if line[:1] in _CIRCLED:
        return _Token(lineno, "point", line[1:].lstrip(" 　.．、)）"), number=_CIRCLED[line[0]], raw=line)
    m = _SECTION_WORD.match(folded)
    if m:
        num = m.group(1)
        roman = int_to_roman(int(num)) if num.isdigit() else num.upper()
        if roman_to_int(roman):
            return _Token(lineno, "heading", _rest(line, m.end()), section=roman + m.group(2), explicit=True, raw=line)
    m = _SECTION_JA.match(folded)
    if m:
        num = m.group(1)
        roman = int_to_roman(int(num)) if num.isdigit() else num
        if roman_to_int(roman):
            return _Token(lineno, "heading", _rest(line, m.end()), section=roman, explicit=True, raw=line)
    m = _SUBSECTION_JA.match(folded)
    if m:
        return _Token(lineno, "heading", _rest(line, m.end()), number=int(m.group(1)), subsection=True,
                      explicit=True, raw=line)
    m = _SECTION_QUALIFIED.match(folded)
    if m and roman_to_int(m.group(1)):
        return _Token(lineno, "qualified", _rest(line, m.end()), section=m.group(1) + m.group(2), raw=line)
    m = _SECTION_ROMAN.match(folded)
    if m and roman_to_int(m.group(1)):
        return _Token(lineno, "heading", _rest(line, m.end()), section=m.group(1), raw=line)
    m = _POINT_SUB.match(folded)
    if m:
        return _Token(lineno, "sub", _rest(line, m.end()), number=int(m.group(1)), letter=m.group(2),
                      explicit=True, raw=line)
    for pattern in (_POINT_WORD, _POINT_JA, _POINT_PAREN, _POINT):
        m = pattern.match(folded)
        if m:
            return _Token(lineno, "point", _rest(line, m.end()), number=int(m.group(1)), raw=line)
    for pattern in (_SUB_PAREN, _SUB, _SUB_UPPER):
        m = pattern.match(folded)
        if m:
            return _Token(lineno, "sub", _rest(line, m.end()), letter=m.group(1).lower(), raw=line)
    m = _SUB_KATA.match(folded)
    if m:
        return _Token(lineno, "sub", _rest(line, m.end()), letter=chr(ord("a") + _KATAKANA.index(m.group(1))), raw=line)
    m = _BULLET.match(folded)
    if m:
        return _Token(lineno, "bullet", _rest(line, m.end()), raw=line)
    return _Token(lineno, "text", line, raw=line)


@lru_cache(maxsize=4096)
def _shape_kind(raw: str) -> str:
    return _shape(raw, 0).kind


def line_shape(line: str) -> str:
    """How the importer reads one line on its own: text, point, sub, bullet, heading, qualified or furniture.

    (The plain-text renderer uses it to wrap lines so that no continuation line looks like a marker.)
    """
    folded = _fold(_clean(line))
    if not folded:
        return "blank"
    if _is_furniture(folded):
        return "furniture"
    return _shape(line, 0).kind


def _repeated_furniture(lines: list[str]) -> set[int]:
    """Indices of running headers and footers: the same short line, twice or more, each time on its own.

    "On its own" means it does not continue a paragraph: the line before is blank,
    furniture, a page break or the start of the file.  Digits are ignored in the
    comparison, so "Draft - page 3" and "Draft - page 4" repeat.
    """
    def key(line: str) -> str:
        return re.sub(r"\d+", "#", _fold(_clean(line)).casefold())

    standalone: dict[str, list[int]] = {}
    blocked: set[str] = set()
    previous_blank = True
    for i, raw in enumerate(lines):
        folded = _fold(_clean(raw))
        if not folded or _is_furniture(folded) or "\f" in raw:
            previous_blank = True
            if not folded or _is_furniture(folded):
                continue
        shape = _shape_kind(raw)
        k = key(raw)
        if shape == "text" and len(folded) <= 100:
            if previous_blank:
                standalone.setdefault(k, []).append(i)
            else:
                blocked.add(k)
        previous_blank = False
    return {i for k, idx in standalone.items() if len(idx) >= 2 and k not in blocked for i in idx}


# --------------------------------------------------------------------------- the parser


def parse_text(text: str, lang: str | None = None) -> ImportedDoc:
    """Read a numbered document (see the module docstring for the shapes understood)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    doc = ImportedDoc(lang=lang or ("ja" if is_japanese(text) else "en"))
    repeated = _repeated_furniture(lines)
    tokens: list[_Token | None] = []  # None: a gap (blank line, furniture)
    for i, raw in enumerate(lines):
        folded = _fold(_clean(raw.replace("\f", "")))
        if not folded:
            tokens.append(None)
        elif i in repeated or _is_furniture(folded):
            doc.ignored.append(i + 1)
            tokens.append(None)
        else:
            tokens.append(_shape(raw.replace("\f", ""), i + 1))
    _Assembler(doc, tokens).run()
    doc.warnings.sort()
    return doc


class _Assembler:
    def __init__(self, doc: ImportedDoc, tokens: list[_Token | None]):
        self.doc = doc
        self.tokens = tokens
        self.section: str | None = None  # current section id
        self.top: str | None = None  # current top-level section (roman)
        self.last_number: dict[str | None, int] = {}
        self.point: ImportedClause | None = None  # current point (lead-in), may have no text yet
        self.point_id: str | None = None
        self.point_line = 0
        self.point_section: str | None = None
        self.letters: list[str] = []  # letters used under the current point
        self.target: object = "preamble"  # what a continuation line joins: "preamble", a section, a clause, None
        self.gap = True
        self.last_text = ""
        self.ids: set[str] = set()
        self.preamble: list[ImportedClause] = []  # paragraphs, as line buffers

    # -- helpers

    def warn(self, line: int, message: str, clause: str | None = None) -> None:
        self.doc.warnings.append(ImportWarning(line, message, clause))

    def _next_structural(self, k: int) -> _Token | None:
        for tok in self.tokens[k + 1:]:
            if tok is not None and tok.kind != "text":
                return tok
        return None

    def _close_point(self) -> None:
        if self.point_id is not None and self.point is None and self.letters:
            self.warn(self.point_line, "the point has no text of its own; only its sub-points were imported",
                      self.point_id)
        elif self.point_id is not None and self.point is None:
            self.warn(self.point_line, "numbered point without text; left out", self.point_id)

    def _add_clause(self, clause_id: str, text: str, line: int, parent: str | None = None) -> ImportedClause:
        clause = ImportedClause(clause_id, text, line, self.point_section, parent)
        self.doc.clauses.append(clause)
        self.ids.add(clause_id)
        return clause

    def _declare(self, section_id: str, title: str, line: int) -> ImportedSection | None:
        if any(s.id == section_id for s in self.doc.sections):
            self.warn(line, f'section "{section_id}" appears twice; the second heading is left out: "{title}"')
            return None
        section = ImportedSection(section_id, title, line)
        self.doc.sections.append(section)
        return section

    def _as_text(self, k: int, tok: _Token, why: str) -> None:
        """A marker that cannot start a clause here: its line is text, joined to the clause before it if any."""
        target = self.target
        if isinstance(target, ImportedClause):
            self.warn(tok.line, f'{why}; joined to clause "{target.id}" as text')
            self._on_text(k, _Token(tok.line, "text", tok.raw, raw=tok.raw), force=True)
        else:
            self.warn(tok.line, f'{why}; left out: "{_short(tok.raw)}"')
            self.target = None

    # -- main loop

    def run(self) -> None:
        for k, tok in enumerate(self.tokens):
            if tok is None:
                self.gap = True
                continue
            handler = getattr(self, f"_on_{tok.kind}")
            handler(k, tok)
            self.gap = False
        self._close_point()
        self.doc.preamble = [p.text for p in self.preamble]
        for section in self.doc.sections:
            if not section.title:
                section.title = f"Section {section.id}" if self.doc.lang != "ja" else f"第{section.id}部"

    def _on_heading(self, k: int, tok: _Token) -> None:
        if tok.subsection:
            parent = self.top
            section_id = f"{parent}.{tok.number}" if parent else int_to_roman(tok.number or 1)
        else:
            section_id = tok.section or ""
        root = section_id.split(".")[0]
        n = roman_to_int(root) or 0
        expected = (roman_to_int(self.top) or 0) + 1 if self.top else 1
        if "." not in section_id and not tok.explicit and n != expected:
            # "V. Putin said ..." is not section V unless section IV came before it.
            return self._on_text(k, _Token(tok.line, "text", tok.raw, raw=tok.raw))
        if "." not in section_id and tok.explicit and self.top and n <= (roman_to_int(self.top) or 0):
            return self._as_text(k, tok, f'section "{section_id}" is out of order after "{self.top}"')
        self._close_point()
        self.point = None
        self.point_id = None
        self.letters = []
        section = self._declare(section_id, tok.text, tok.line)
        if section is None:
            self.target = None
            return
        self.section = section_id
        if "." not in section_id:
            self.top = section_id
        self.target = section
        self.last_text = ""

    def _on_qualified(self, k: int, tok: _Token) -> None:
        following = self._next_structural(k)
        if following is not None and following.kind == "point":
            # "II.1. Option 1: ..." followed by "1. ...": a sub-section heading.
            return self._on_heading(k, _Token(tok.line, "heading", tok.text, section=tok.section, raw=tok.raw))
        # Otherwise the document numbers its clauses with their section: "I.1. Crimea ...".
        clause_id = tok.section or ""
        if clause_id in self.ids:
            return self._as_text(k, tok, f'clause "{clause_id}" appears twice')
        self._close_point()
        declared = {s.id for s in self.doc.sections}
        parts = clause_id.split(".")
        home = next((".".join(parts[:j]) for j in range(len(parts) - 1, 0, -1) if ".".join(parts[:j]) in declared), None)
        self._start_point(clause_id, tok, home)

    def _start_point(self, clause_id: str, tok: _Token, section: str | None) -> None:
        self.point_id = clause_id
        self.point_section = section
        self.point_line = tok.line
        self.letters = []
        self.point = self._add_clause(clause_id, tok.text, tok.line) if tok.text else None
        self.target = self.point if self.point is not None else "point"
        self.last_text = tok.text

    def _on_point(self, k: int, tok: _Token) -> None:
        n = tok.number or 0
        last = self.last_number.get(self.section)
        if n >= 1000 and n != (last or 0) + 1:
            # "2025. It enters into force": a year, unless the document really has reached point 1000.
            return self._on_text(k, _Token(tok.line, "text", tok.raw, raw=tok.raw))
        mid_sentence = not self.gap and self.last_text and not ends_sentence(self.last_text) \
            and self.target not in ("preamble",) and last is not None and n != last + 1
        if mid_sentence:
            # "... signed on 1 December\n2. ..." is a wrapped line, not point 2.
            return self._on_text(k, _Token(tok.line, "text", tok.raw, raw=tok.raw))
        if last is not None and n <= last:
            return self._as_text(k, tok, f'"{n}" is out of sequence after point {last}')
        clause_id = f"{self.section}.{n}" if self.section else str(n)
        if clause_id in self.ids:  # "I.1." written out earlier, now "1." again
            return self._as_text(k, tok, f'clause "{clause_id}" appears twice')
        self._close_point()
        self.last_number[self.section] = n
        self._start_point(clause_id, tok, self.section)

    def _on_sub(self, k: int, tok: _Token) -> None:
        if tok.explicit and tok.number is not None:  # "10.a ..."
            base = f"{self.section}.{tok.number}" if self.section else str(tok.number)
            if base != self.point_id:
                last = self.last_number.get(self.section)
                if last is not None and tok.number <= last:
                    return self._as_text(k, tok, f'"{tok.number}.{tok.letter}" is out of sequence after point {last}')
                self._close_point()
                self.last_number[self.section] = tok.number
                self.point_id, self.point, self.point_line, self.letters = base, None, tok.line, []
                self.point_section = self.section
        if self.point_id is None:
            return self._on_text(k, _Token(tok.line, "text", tok.raw, raw=tok.raw))
        letter = tok.letter or "a"
        if self.letters and letter <= self.letters[-1]:
            return self._as_text(k, tok, f'sub-point "{letter}" is out of sequence after "{self.letters[-1]}"')
        self._add_sub(letter, tok)

    def _on_bullet(self, k: int, tok: _Token) -> None:
        if self.point_id is None:
            return self._on_text(k, _Token(tok.line, "text", tok.raw, raw=tok.raw))
        letter = chr(ord(self.letters[-1]) + 1) if self.letters else "a"
        if letter > "z":
            return self._as_text(k, tok, "more than 26 sub-points")
        self._add_sub(letter, tok)

    def _add_sub(self, letter: str, tok: _Token) -> None:
        clause_id = f"{self.point_id}.{letter}"
        if clause_id in self.ids:
            return self._as_text(0, tok, f'clause "{clause_id}" appears twice')
        self.letters.append(letter)
        if not tok.text:
            # The text follows on the next line.
            clause = self._add_clause(clause_id, "", tok.line, self.point.id if self.point else None)
        else:
            clause = self._add_clause(clause_id, tok.text, tok.line, self.point.id if self.point else None)
        self.target = clause
        self.last_text = tok.text

    def _on_text(self, k: int, tok: _Token, force: bool = False) -> None:
        line = tok.text
        target = self.target
        if target == "preamble":
            if self.gap or not self.preamble:
                self.preamble.append(ImportedClause("", line, tok.line))
            else:
                self.preamble[-1].append(line)
            self.last_text = line
            return
        if isinstance(target, ImportedSection):
            if not target.title:
                target.title = line
                return
            if not self.gap:
                target.title = join_lines(target.title, line)
                return
            self.warn(tok.line, f'text after the heading of section "{target.id}" is not part of any numbered point; '
                      f'left out: "{_short(line)}"')
            self.target = None
            return
        if target == "point":  # "1." alone on its line: the text follows
            self.point = self._add_clause(self.point_id or "", line, self.point_line)
            self.target = self.point
            self.last_text = line
            return
        if isinstance(target, ImportedClause):
            tail = target.tail
            continues = force or not self.gap or not tail or not ends_sentence(tail) or line[:1].islower()
            if continues:
                if re.search(r"[^\W\d_]-$", tail) and line[:1].islower():
                    word = tail.rsplit(" ", 1)[-1] + line.split(" ", 1)[0]
                    self.warn(tok.line, f'a word broken at a line end was joined as "{word}"; '
                              "check whether the hyphen belongs", target.id)
                target.append(line)
                self.last_text = line
                return
        self.warn(tok.line, f'not part of any numbered point; left out: "{_short(line)}"')
        self.target = None


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --------------------------------------------------------------------------- categories and plans


def categorise_doc(doc: ImportedDoc, taxonomy: Taxonomy) -> dict[str, Categorisation]:
    """Categories for every clause; a sub-point leans towards its lead-in's topic."""
    cat = categoriser(taxonomy)
    own = {c.id: cat.scores(c.text, doc.lang)[0] for c in doc.clauses}
    return {
        c.id: cat.categorise(c.text, doc.lang, own.get(c.parent) if c.parent else None)
        for c in doc.clauses
    }


def _slug_ok(value: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value))


def _ja_view(plan: Plan) -> Plan:
    """The plan with its Japanese texts as ``text``, for aligning a Japanese import against it."""
    clauses = [c.model_copy(update={"text": c.text_ja or c.text}) for c in plan.clauses]
    return plan.model_copy(update={"clauses": clauses})


def build_plan(
    doc: ImportedDoc,
    *,
    plan_id: str,
    title: str,
    date: dt.date,
    parties: list[str],
    sources: list[Source],
    taxonomy: Taxonomy,
    kind: str | None = None,
    completeness: str = "full",
    base: Plan | None = None,
    summary: str | None = None,
) -> tuple[Plan, list[ImportWarning]]:
    """The plan for an imported document, every guess marked ``review:`` in its clause's note.

    Returns the plan and the warnings of the import (the parser's plus one per
    clause that no keyword placed).
    """
    from .align import clause_text, diff_plans
    from .textdiff import normalize

    warnings = list(doc.warnings)
    empty = [c for c in doc.clauses if not c.text.strip()]
    for c in empty:
        warnings.append(ImportWarning(c.line, "sub-point without text; left out", c.id))
    items = [c for c in doc.clauses if c.text.strip()]
    if not items:
        from .errors import UsageError

        raise UsageError('no numbered points found (expected lines such as "1. ...", "(a) ..." or "第1項 ...")')
    guesses = categorise_doc(doc, taxonomy)
    ja = doc.lang == "ja"

    def make(c: ImportedClause, categories: list[str]) -> Clause:
        return Clause(id=c.id, section=c.section, text=c.text, text_ja=c.text if ja else None,
                      categories=categories)

    draft = [make(c, guesses[c.id].categories or [FALLBACK_CATEGORY]) for c in items]
    sections = [Section(id=s.id, title=s.title, title_ja=s.title if ja else None) for s in doc.sections]
    fields = dict(
        id=plan_id, title=title, title_ja=title if ja and is_japanese(title) else None,
        parties=parties, date=date, kind=kind or ("revision" if base else "proposal"),
        completeness=completeness, supersedes=base.id if base else None, language=doc.lang,
        summary=summary or None, summary_ja=summary if (ja and summary) else None,
        sources=sources, sections=sections,
    )
    plan = Plan(**fields, clauses=draft)

    # Suggested links: the alignment engine, reading the base plan's text in the document's language.
    partner: dict[str, tuple[list[str], str, float | None]] = {}
    if base is not None:
        result = diff_plans(_ja_view(base) if ja else base, plan, use_links=False, lang=doc.lang)
        for pair in result.pairs:
            if pair.old and pair.new:
                for nid in pair.new:
                    partner[nid] = (list(pair.old), pair.status, pair.similarity)

    clauses = []
    for c, d in zip(items, draft):
        guess = guesses[c.id]
        notes = []
        categories = guess.categories
        link = partner.get(c.id)
        same_as = None
        if link and base is not None and len(link[0]) == 1:
            other = base.clause(link[0][0])
            if normalize(clause_text(other, doc.lang)[0]) == normalize(c.text):
                same_as = other
        if same_as is not None:
            categories = list(same_as.categories)
            notes.append(f'same text as {base.id} "{same_as.id}"; categories copied from it')
        elif categories:
            keywords = ", ".join(guess.hits.get(guess.primary, [])[:4]) or "its lead-in"
            notes.append(f"auto-categorised (confidence {guess.confidence:.2f}; {keywords})")
        else:
            fallback = FALLBACK_CATEGORY
            if link and base is not None:
                fallback = base.clause(link[0][0]).primary
            categories = [fallback]
            notes.append(f"no category keyword found; filed under {fallback}")
            warnings.append(ImportWarning(c.line, f"could not categorise; filed under {fallback} for review", c.id))
        links = {}
        if link and base is not None:
            olds, status, sim = link
            links = {base.id: olds}
            ids = ", ".join(f'"{o}"' for o in olds)
            score = f", similarity {sim:.2f}" if sim is not None else ""
            notes.append(f"suggested link to {base.id} {ids} ({status}{score})")
        note = f"{REVIEW} " + "; ".join(notes)
        clauses.append(d.model_copy(update={"categories": categories, "links": links, "note": note}))
    plan = Plan(**fields, clauses=clauses)
    return plan, sorted(set(warnings))


def new_revision(base: Plan, plan_id: str, *, title: str | None = None, date: dt.date | None = None) -> Plan:
    """A copy of ``base`` to edit by hand: ``supersedes`` it, every clause linked to its original."""
    clauses = []
    for c in base.clauses:
        links = {base.id: [c.id]}
        links.update({k: list(v) for k, v in c.links.items() if k != base.id and k != plan_id})
        clauses.append(c.model_copy(update={"links": links}))
    return Plan(
        id=plan_id,
        title=title or f"{base.title} (revision)",
        parties=list(base.parties),
        date=date or base.date,
        kind="revision",
        completeness=base.completeness,
        supersedes=base.id,
        language=base.language,
        summary=f"Revision of {base.id}, started as an exact copy of it: edit the clauses, "
        f"then compare with `clausediff diff {base.id} {plan_id}`.",
        sources=[s.model_copy() for s in base.sources],
        sections=[s.model_copy() for s in base.sections],
        clauses=clauses,
    )


def preamble_title(doc: ImportedDoc) -> str | None:
    """The first paragraph before the first point, when it is short enough to be a title."""
    if doc.preamble and len(doc.preamble[0]) <= 200:
        return doc.preamble[0]
    return None


def preamble_summary(doc: ImportedDoc, title: str | None) -> str | None:
    paragraphs = [p for p in doc.preamble if p != title]
    return " ".join(paragraphs) if paragraphs else None


__all__ = [
    "ImportWarning", "ImportedClause", "ImportedDoc", "ImportedSection", "parse_text", "categorise_doc",
    "build_plan", "new_revision", "join_lines", "line_shape", "preamble_title", "preamble_summary",
]
